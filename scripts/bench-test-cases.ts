/**
 * The test-case figure of `npm run bench`: how many 5-observation voice test cases run
 * per second offline, each from its file on a fresh instance as `flowsim test-cases run`
 * runs them, beside what the real service's documented limits allow.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runTestCaseFile } from "../simulators/connect/testing/files.js";
import { MAX_QUEUED_EXECUTIONS, MAX_RUNNING_EXECUTIONS, RUN_TIME_LIMIT_MS } from "../simulators/connect/testing/limits.js";

const FOREIGN = "arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000";
const LOOKUP = "arn:aws:lambda:us-east-1:111122223333:function:customer-lookup";
const SUPPORT = `${FOREIGN}/queue/support`;
const next = (NextAction: string) => ({ NextAction, Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] });
const equals = (value: string, NextAction: string) => ({ NextAction, Condition: { Operator: "Equals", Operands: [value] } });

/** Welcome, a Lambda lookup, a menu, the Support queue: what a typical IVR test case walks through. */
const FLOW = {
  Version: "2019-10-30",
  StartAction: "welcome",
  Metadata: { name: "Bench IVR", type: "contactFlow", ActionMetadata: { queue: { parameters: { QueueId: { displayName: "Support" } } } } },
  Actions: [
    { Identifier: "welcome", Type: "MessageParticipant", Parameters: { Text: "Welcome to Example Corp." }, Transitions: next("lookup") },
    { Identifier: "lookup", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: LOOKUP, InvocationTimeLimitSeconds: "3", ResponseValidation: { ResponseType: "STRING_MAP" } }, Transitions: next("menu") },
    {
      Identifier: "menu",
      Type: "GetParticipantInput",
      Parameters: { Text: "Press 1 for support. Press 2 for billing.", StoreInput: "False", InputTimeLimitSeconds: "5" },
      Transitions: { NextAction: "bye", Conditions: [equals("1", "queue")], Errors: ["InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError"].map((ErrorType) => ({ ErrorType, NextAction: "bye" })) },
    },
    { Identifier: "queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: SUPPORT }, Transitions: next("transfer") },
    { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

const event = (Identifier: string, Type: string, Properties: Record<string, unknown>) => ({ Identifier, Type, Actor: "System", Properties });
const observation = (Identifier: string, Event: unknown, Actions: unknown[], next: string[]) => ({ Identifier, Event, Actions, Transitions: { NextObservations: next } });
const check = (Identifier: string, Namespace: string, Operand: string) => ({ Identifier, Type: "Assert", Parameters: { Namespace, Operator: "Equals", Operand }, Transitions: {} });

const TEST_CASE = {
  Name: "Gold customer reaches Support",
  EntryPoint: { Type: "VOICE_CALL", VoiceCallEntryPointParameters: { FlowId: "Bench IVR", SourcePhoneNumber: "+15555550123" } },
  Content: {
    Version: "2019-10-30",
    Observations: [
      observation("welcome", event("e1", "MessageReceived", { Text: "Welcome to Example Corp.", MatchingCriteria: { Type: "Similarity" } }), [
        {
          Identifier: "mock-lookup",
          Type: "OverrideSystemBehavior",
          Parameters: { ActionType: "OverrideSystemBehavior", Behavior: { Type: "FlowAction", Properties: { ActionType: "InvokeLambdaFunction", ActionParameters: { LambdaFunctionARN: LOOKUP }, Strategy: { Type: "MockResponse", Response: { Type: "ExecutionResult", ExecutionResult: { DelaySeconds: 1, LoadedData: '{"tier":"gold"}' } } } } } },
          Transitions: {},
        },
      ], ["lookup"]),
      observation("lookup", event("e2", "FlowActionStarted", { ActionType: "InvokeLambdaFunction", ActionParameters: { LambdaFunctionARN: LOOKUP } }), [], ["looked up"]),
      observation("looked up", event("e3", "FlowActionCompleted", { ActionType: "InvokeLambdaFunction", ActionParameters: { LambdaFunctionARN: LOOKUP } }), [check("gold", "$.External.tier", "gold")], ["menu"]),
      observation("menu", event("e4", "MessageReceived", { Text: "press 1 for support", MatchingCriteria: { Type: "Inclusion" } }), [
        { Identifier: "press-1", Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Customer", Instruction: { Type: "DtmfInput", Properties: { Value: "1" } } }, Transitions: {} },
      ], ["to support"]),
      observation("to support", event("e5", "FlowActionStarted", { ActionType: "TransferContactToQueue", ActionParameters: { QueueId: SUPPORT } }), [
        { ...check("support", "$.Queue.Name", "Support"), Transitions: { NextAction: "end" } },
        { Identifier: "end", Type: "TestControl", Parameters: { ActionType: "TestControl", Command: { Type: "EndTest" } }, Transitions: {} },
      ], []),
    ],
  },
};

export async function testCaseThroughput(record: (name: string, value: string) => void, quick: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-bench-tc-"));
  try {
    const flowsDir = join(dir, "flows");
    mkdirSync(flowsDir);
    writeFileSync(join(flowsDir, "ivr.json"), JSON.stringify(FLOW));
    const file = join(dir, "test-case.json");
    writeFileSync(file, JSON.stringify(TEST_CASE));
    const first = await runTestCaseFile(file, { flowsDir });
    if (first.status !== "PASSED") throw new Error(`the bench test case did not pass: ${JSON.stringify(first.failure ?? first.problems)}`);
    const virtualMs = Number((first.records?.at(-1)?.Record.ExecutionDurationMs as number | undefined) ?? 0);
    const runs = quick ? 50 : 500;
    const start = performance.now();
    for (let i = 0; i < runs; i++) await runTestCaseFile(file, { flowsDir });
    const perSecond = runs / ((performance.now() - start) / 1000);
    record(`test cases: ${runs} runs of a 5-observation voice test case`, `${Math.round(perSecond)}/s offline, each on a fresh instance (${(virtualMs / 1000).toFixed(1)} s of virtual time each)`);
    // The service runs each test case in real time, a few at a time: this is its ceiling for the same test case.
    const serviceCeiling = MAX_RUNNING_EXECUTIONS / Math.max(virtualMs / 1000, 1);
    record("test cases: the real service, same test case", `≤ ${serviceCeiling.toFixed(1)}/s, were it as fast in real time (${MAX_RUNNING_EXECUTIONS} at a time, ${MAX_QUEUED_EXECUTIONS} queued, each up to ${RUN_TIME_LIMIT_MS / 60_000} min)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
