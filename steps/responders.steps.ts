/** Answers for the systems outside Connect that flows call (simulator only). */
import { Given, Then, type DataTable } from "@cucumber/cucumber";
import assert from "node:assert/strict";
import { requires } from "../support/capabilities.js";
import type { FlowsimWorld } from "../support/world.js";
import { ListHoursOfOperationsCommand, ListQueuesCommand } from "@aws-sdk/client-connect";
import { infrastructure, InfrastructureError, ScenarioError } from "../support/report/errors.js";
import { notFound } from "../support/nearest.js";
import { lambdaFunctionName } from "../simulators/connect/flow/responders.js";
import { carriedByTestCase } from "../support/drivers/test-case-caller.js";

function control(world: FlowsimWorld) {
  if (!world.target.control) throw new InfrastructureError("setup", "responders exist only on the simulator (the step must declare what it needs: requires in support/capabilities.ts)");
  return world.target.control;
}

Given(...requires(["programmed answers"], "the Lambda {string} returns:"), async function (this: FlowsimWorld, fn: string, table: DataTable) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  await control(this).post("/responders/lambda", { function: fn, result: table.rowsHash() });
});

Given(...requires(["programmed answers"], "the Lambda {string} fails with {string}"), async function (this: FlowsimWorld, fn: string, message: string) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  await control(this).post("/responders/lambda", { function: fn, error: message });
});

Given(...requires(["programmed answers"], "the Lambda {string} takes {int} seconds"), async function (this: FlowsimWorld, fn: string, seconds: number) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  await control(this).post("/responders/lambda", { function: fn, result: {}, delaySeconds: seconds });
});

Given(...requires(["programmed answers"], "the Lex bot recognises {string} as the intent {string}"), async function (this: FlowsimWorld, utterance: string, intent: string) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  await control(this).post("/responders/lex", { utterance, intent });
});

Given(...requires(["programmed answers"], "the Lex bot recognises {string} as the intent {string} with the slots:"), async function (this: FlowsimWorld, utterance: string, intent: string, table: DataTable) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  await control(this).post("/responders/lex", { utterance, intent, slots: table.rowsHash() });
});

/**
 * Open or closed whatever the schedule says, for every check of `ref` (hours by name, or a
 * queue's hours by the queue's name). A name the instance lacks stops the scenario with
 * the names it has and the nearest one.
 */
async function setHours(world: FlowsimWorld, ref: string, state: string, what: "hours of operation" | "queue"): Promise<void> {
  if (state !== "open" && state !== "closed") throw new ScenarioError(`hours are open or closed, not "${state}"`);
  try {
    await control(world).post("/responders/hours", { hours: ref, open: state === "open" });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const { connect, instanceId } = world.target;
    const names =
      what === "queue"
        ? (await infrastructure("listing the queues", () => connect.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ["STANDARD"] })))).QueueSummaryList?.map((q) => q.Name ?? "")
        : (await infrastructure("listing the hours of operation", () => connect.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId })))).HoursOfOperationSummaryList?.map((h) => h.Name ?? "");
    throw new ScenarioError(notFound(what, ref, (names ?? []).filter(Boolean), "the instance has"), { cause: err });
  }
}

/** Every queue on these hours, and every check that names them. */
Given(...requires(["programmed answers"], "the hours of operation {string} are {word}"), async function (this: FlowsimWorld, hours: string, state: string) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  await setHours(this, hours, state, "hours of operation");
});

/** Only this queue: a check of the contact's queue hours, whatever hours the queue shares with others. */
Given(...requires(["programmed answers"], "the hours of the queue {string} are {word}"), async function (this: FlowsimWorld, queue: string, state: string) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  await setHours(this, queue, state, "queue");
});

interface LambdaCall {
  functionArn: string;
  event: { Details?: { Parameters?: Record<string, unknown> } };
}

/** The parameters the flow sent (the event's Details.Parameters): one call had at least these values. */
Then(...requires(["programmed answers"], "the Lambda {string} was called with:"), async function (this: FlowsimWorld, fn: string, table: DataTable) {
  const expected = table.rowsHash();
  const { lambda } = await control(this).get<{ lambda: LambdaCall[] }>("/responders/calls");
  const calls = lambda.filter((c) => c.functionArn === fn || lambdaFunctionName(c.functionArn) === fn);
  const sent = calls.map((c) => c.event.Details?.Parameters ?? {});
  const matches = (params: Record<string, unknown>) => Object.entries(expected).every(([k, v]) => String(params[k]) === v && k in params);
  assert.ok(calls.length > 0, `the Lambda "${fn}" was not called (Lambdas called: ${[...new Set(lambda.map((c) => c.functionArn))].join(", ") || "none"})`);
  assert.ok(sent.some(matches), `no call of the Lambda "${fn}" had ${JSON.stringify(expected)}; the flow sent:\n${sent.map((p) => `  ${JSON.stringify(p)}`).join("\n")}`);
});
