/**
 * What a run of a test-case file needs beside the Test Case APIs: the resources the
 * flows name, made on the fly as offline (`testing/provision.ts`), and what the simulated
 * customer heard and said, which the execution records do not carry.
 *
 * | Method | Path | Body | Answer |
 * |---|---|---|---|
 * | POST | /_flowsim/test-cases/{TestCaseId}/provision | `{closedHours?: [name or id]}` | `{created: ["queue \"Support\"", ...]}` |
 * | GET | /_flowsim/test-cases/{TestCaseId}/executions/{ExecutionId}/transcript | | `{contactId?, transcript: [{at, from: flow/customer, text, outcome?}]}` |
 */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { isoTime } from "../../../kernel/clock.js";
import { Refusal } from "../../runtime/refusals.js";
import { testCasesOf } from "../../testing/service.js";
import { provision } from "../../testing/provision.js";
import { controlError } from "./errors.js";

/** Refusals of the test-case store as control-plane errors. */
function found<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Refusal) throw err.kind === "not-found" ? controlError.notFound(err.message) : controlError.conflict(err.message);
    throw err;
  }
}

export function testCaseControlRoutes(api: ApiContext): Route[] {
  const service = () => testCasesOf(api.runtime);
  return [
    {
      method: "POST",
      pattern: "/_flowsim/test-cases/{TestCaseId}/provision",
      operation: "ProvisionTestCase",
      handler: (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const closed = v.array("closedHours", { max: 100 }) ?? [];
        if (closed.some((c) => typeof c !== "string")) v.violation("closedHours must be a list of hours names or ids");
        v.check();
        const tc = found(() => service().store.get(req.labels.TestCaseId));
        if (!tc.published) throw controlError.conflict(`test case ${tc.id} has no published version: its resources are read from the published one`);
        return { body: { created: provision(api.runtime, tc.published.runnable, closed as string[]) } };
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/test-cases/{TestCaseId}/executions/{ExecutionId}/transcript",
      operation: "GetTestCaseTranscript",
      handler: (req) => {
        const { run } = found(() => service().executions.get(req.labels.TestCaseId, req.labels.ExecutionId));
        return { body: { contactId: run.contact?.id, transcript: run.transcript.map((line) => ({ ...line, at: isoTime(line.at) })) } };
      },
    },
  ];
}
