/**
 * Test case executions: StartTestCaseExecution, StopTestCaseExecution,
 * GetTestCaseExecutionSummary, ListTestCaseExecutions, ListTestCaseExecutionRecords.
 * Runs happen on the instance's runtime and clock (testing/executions.ts): on the
 * virtual clock a run goes as far as it can without time passing, and moving the clock
 * (POST /_flowsim/clock/advance) lets prompts play, timers fire and the 5-minute limit come.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { testCasesOf } from "../../testing/service.js";
import type { Execution } from "../../testing/executions.js";
import { instanceOf, listPage, queryEnum } from "./admin-common.js";
import { epochSeconds, queryInt } from "./common.js";
import { admitTestCase } from "./test-cases.js";

const RUN_STATUSES = ["INITIATED", "IN_PROGRESS", "PASSED", "FAILED", "STOPPED"] as const;

function clientToken(req: Request): string | undefined {
  const s = new Shape(req.body, connectErrors.invalidParameter);
  const token = s.string("ClientToken", { max: 500 });
  s.check();
  return token;
}

function queryLength(req: Request, name: string, min: number, max: number): string | undefined {
  const value = req.query.get(name);
  if (value !== null && (value.length < min || value.length > max)) throw connectErrors.invalidParameter(`1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must have length between ${min} and ${max}`);
  return value ?? undefined;
}

export function testCaseExecutionsRoutes(api: ApiContext): Route[] {
  const executions = () => testCasesOf(api.runtime).executions;
  const execution = (req: Request): Execution => {
    instanceOf(api, req);
    return admitTestCase(() => executions().get(req.labels.TestCaseId, req.labels.TestCaseExecutionId));
  };
  return [
    {
      method: "PUT",
      pattern: "/test-cases/{InstanceId}/{TestCaseId}/start-execution",
      operation: "StartTestCaseExecution",
      handler: (req) => {
        const token = clientToken(req);
        instanceOf(api, req);
        const e = admitTestCase(() => executions().start(req.labels.TestCaseId, token));
        return { body: { TestCaseExecutionId: e.id, TestCaseId: e.testCaseId, Status: e.run.status } };
      },
    },
    {
      method: "POST",
      pattern: "/test-cases/{InstanceId}/{TestCaseId}/{TestCaseExecutionId}/stop-execution",
      operation: "StopTestCaseExecution",
      handler: (req) => {
        clientToken(req);
        const e = execution(req);
        admitTestCase(() => executions().stop(e.testCaseId, e.id));
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/test-cases/{InstanceId}/{TestCaseId}/{TestCaseExecutionId}/summary",
      operation: "GetTestCaseExecutionSummary",
      handler: (req) => {
        const s = execution(req).run.summary();
        const o = s.observations;
        return { body: { StartTime: epochSeconds(s.startTime), EndTime: epochSeconds(s.endTime), Status: s.status, ObservationSummary: { TotalObservations: o.total, ObservationsPassed: o.passed, ObservationsFailed: o.failed } } };
      },
    },
    {
      method: "GET",
      pattern: "/test-case-executions/{InstanceId}",
      operation: "ListTestCaseExecutions",
      handler: (req) => {
        const testCaseId = queryLength(req, "testCaseId", 1, 500);
        const testCaseName = queryLength(req, "testCaseName", 1, 500);
        const startedAfter = queryInt(req.query.get("startTime"), "startTime", 0, Number.MAX_SAFE_INTEGER);
        const startedBefore = queryInt(req.query.get("endTime"), "endTime", 0, Number.MAX_SAFE_INTEGER);
        const status = queryEnum(req, "status", RUN_STATUSES) ?? undefined;
        instanceOf(api, req);
        const store = testCasesOf(api.runtime).store;
        const tagsOf = (id: string) => store.all().find((tc) => tc.id === id)?.tags;
        const found = executions()
          .list({ testCaseId, testCaseName, startedAfter, startedBefore, status })
          .map((e) => {
            const s = e.run.summary();
            return { StartTime: epochSeconds(s.startTime), EndTime: epochSeconds(s.endTime), TestCaseExecutionId: e.id, TestCaseId: e.testCaseId, TestCaseExecutionStatus: s.status, Tags: tagsOf(e.testCaseId) };
          });
        const listed = listPage(req, found, { max: 100 });
        return { body: { TestCaseExecutions: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "GET",
      pattern: "/test-cases/{InstanceId}/{TestCaseId}/{TestCaseExecutionId}/records",
      operation: "ListTestCaseExecutionRecords",
      handler: (req) => {
        const status = queryEnum(req, "status", RUN_STATUSES);
        const records = execution(req)
          .run.records()
          .filter((r) => status === null || r.Status === status)
          .map((r) => ({ ObservationId: r.ObservationId, Status: r.Status, Timestamp: epochSeconds(r.Timestamp), Record: JSON.stringify(r.Record) }));
        const listed = listPage(req, records, { max: 100 });
        return { body: { ExecutionRecords: listed.items, NextToken: listed.nextToken } };
      },
    },
  ];
}
