import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateContactFlowCommand,
  CreateTestCaseCommand,
  DeleteTestCaseCommand,
  DescribeContactCommand,
  GetTestCaseExecutionSummaryCommand,
  ListTestCaseExecutionRecordsCommand,
  ListTestCaseExecutionsCommand,
  StartTestCaseExecutionCommand,
  StopTestCaseExecutionCommand,
  type ExecutionRecord,
} from "@aws-sdk/client-connect";
import { assertTime, expectError, flowContent, startSdkSim, virtualClock, type SdkSim } from "../testing.js";
import { testCasesOf } from "../../testing/service.js";
import { helloContent, withHelloFlow } from "../test-case-testing.js";

async function summary(a: SdkSim, TestCaseId: string, TestCaseExecutionId: string) {
  await a.sim.runtime.whenIdle();
  return a.client.send(new GetTestCaseExecutionSummaryCommand({ InstanceId: a.InstanceId, TestCaseId, TestCaseExecutionId }));
}

/** Every record, following NextToken by hand (the SDK has no paginator for this call). */
async function allRecords(a: SdkSim, TestCaseId: string, TestCaseExecutionId: string, Status?: "PASSED" | "FAILED"): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  let NextToken: string | undefined;
  do {
    const page = await a.client.send(new ListTestCaseExecutionRecordsCommand({ InstanceId: a.InstanceId, TestCaseId, TestCaseExecutionId, MaxResults: 2, NextToken, Status }));
    out.push(...(page.ExecutionRecords ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** A voice flow that greets and puts the caller in BasicQueue: a run without EndTest waits there. */
async function queueingTestCase(a: SdkSim, Name: string): Promise<string> {
  const queue = a.sim.runtime.findQueue("BasicQueue")!;
  const Content = flowContent([
    { Identifier: "hi", Type: "MessageParticipant", Parameters: { Text: "Please hold" }, Transitions: { NextAction: "q", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    { Identifier: "q", Type: "UpdateContactTargetQueue", Parameters: { QueueId: queue.arn }, Transitions: { NextAction: "xfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    { Identifier: "xfer", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant" },
  ]);
  const flow = await a.client.send(new CreateContactFlowCommand({ InstanceId: a.InstanceId, Name: `${Name} flow`, Type: "CONTACT_FLOW", Content }));
  const created = await a.client.send(new CreateTestCaseCommand({ InstanceId: a.InstanceId, Name, Content: helloContent("Please hold", false), EntryPoint: { Type: "VOICE_CALL", VoiceCallEntryPointParameters: { FlowId: flow.ContactFlowId, SourcePhoneNumber: "+15550100" } } }));
  return created.TestCaseId!;
}

test("a run: INITIATED, then PASSED; its summary and records (paged by hand) tell what happened", async () => {
  const a = await startSdkSim();
  try {
    const input = await withHelloFlow(a);
    const { TestCaseId } = await a.client.send(new CreateTestCaseCommand(input()));
    const started = await a.client.send(new StartTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId }));
    assert.deepEqual([started.Status, started.TestCaseId], ["INITIATED", TestCaseId]);
    const s = await summary(a, TestCaseId!, started.TestCaseExecutionId!);
    assert.deepEqual([s.Status, s.ObservationSummary], ["PASSED", { TotalObservations: 1, ObservationsPassed: 1, ObservationsFailed: 0 }]);
    assertTime(s.StartTime, "StartTime");
    assertTime(s.EndTime, "EndTime");
    const records = await allRecords(a, TestCaseId!, started.TestCaseExecutionId!);
    assert.deepEqual(records.map((r) => `${r.ObservationId} ${r.Status}`), ["INITIATION PASSED", "EXECUTION_START PASSED", "hello PASSED", "COMPLETION PASSED"]);
    assertTime(records[0].Timestamp, "ExecutionRecord.Timestamp");
    const contactId = JSON.parse(records[1].Record!).ContactId;
    const contact = await a.client.send(new DescribeContactCommand({ InstanceId: a.InstanceId, ContactId: contactId }));
    assert.equal(contact.Contact?.Channel, "CHAT", "the simulated contact is a real contact of the instance");
    assert.deepEqual(JSON.parse(records[3].Record!).ExecutionSummary, { TotalObservations: 1, PassedObservations: 1, FailedObservations: 0 });
    assert.equal((await allRecords(a, TestCaseId!, started.TestCaseExecutionId!, "FAILED")).length, 0);
    const ids = { InstanceId: a.InstanceId, TestCaseId, TestCaseExecutionId: "unknown" };
    await expectError(a.client.send(new GetTestCaseExecutionSummaryCommand(ids)), "ResourceNotFoundException", 404, /Test case execution not found/);
    await expectError(a.client.send(new ListTestCaseExecutionRecordsCommand(ids)), "ResourceNotFoundException", 404);
    await expectError(a.client.send(new ListTestCaseExecutionRecordsCommand({ ...ids, TestCaseExecutionId: started.TestCaseExecutionId, MaxResults: 101 })), "InvalidParameterException", 400, /between 1 and 100/);
  } finally {
    await a.close();
  }
});

test("a failing run names the observation and what the flow said instead", async () => {
  const a = await startSdkSim();
  try {
    const input = await withHelloFlow(a);
    const { TestCaseId } = await a.client.send(new CreateTestCaseCommand(input({ Content: helloContent("Goodbye") })));
    const { TestCaseExecutionId } = await a.client.send(new StartTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId }));
    assert.equal((await summary(a, TestCaseId!, TestCaseExecutionId!)).Status, "FAILED");
    const [failed] = await allRecords(a, TestCaseId!, TestCaseExecutionId!, "FAILED").then((r) => r.filter((x) => x.ObservationId === "hello"));
    const record = JSON.parse(failed.Record!);
    assert.match(record.FailureReason, /expected a message similar to "Goodbye"; instead: "Hello"/);
  } finally {
    await a.close();
  }
});

test("a run waiting in a queue goes on as the clock moves: it passes at the 5-minute limit; a stop leaves the contact alone", async () => {
  const a = await startSdkSim();
  try {
    const TestCaseId = await queueingTestCase(a, "waits");
    const first = await a.client.send(new StartTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId }));
    assert.equal((await summary(a, TestCaseId, first.TestCaseExecutionId!)).Status, "IN_PROGRESS", "the clock has not moved");
    await virtualClock(a.sim).advance(5 * 60_000);
    const done = await summary(a, TestCaseId, first.TestCaseExecutionId!);
    assert.equal(done.Status, "PASSED");
    const completion = JSON.parse((await allRecords(a, TestCaseId, first.TestCaseExecutionId!)).at(-1)!.Record!);
    assert.equal(completion.CompletionReason.Type, "TIMEOUT");

    const second = await a.client.send(new StartTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId }));
    await a.sim.runtime.whenIdle();
    await a.client.send(new StopTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId, TestCaseExecutionId: second.TestCaseExecutionId }));
    assert.equal((await summary(a, TestCaseId, second.TestCaseExecutionId!)).Status, "STOPPED");
    const stopped = await allRecords(a, TestCaseId, second.TestCaseExecutionId!);
    const contactId = JSON.parse(stopped[1].Record!).ContactId;
    const contact = await a.client.send(new DescribeContactCommand({ InstanceId: a.InstanceId, ContactId: contactId }));
    assert.equal(contact.Contact?.DisconnectTimestamp, undefined, "still waiting in the queue");
    assert.match(JSON.parse(stopped.at(-1)!.Record!).CompletionReason.Message, /stopped by user request/);
    await expectError(a.client.send(new StopTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId, TestCaseExecutionId: "nope" })), "ResourceNotFoundException", 404);
  } finally {
    await a.close();
  }
});

test("concurrency: runs beyond the running limit wait INITIATED; beyond the in-flight limit, ServiceQuotaExceededException; ClientToken is idempotent", async () => {
  const a = await startSdkSim();
  try {
    testCasesOf(a.sim.runtime, { running: 1, inFlight: 2 });
    const TestCaseId = await queueingTestCase(a, "busy");
    const start = (ClientToken?: string, id = TestCaseId) => a.client.send(new StartTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId: id, ClientToken }));
    const one = await start("token-1");
    const two = await start("token-2");
    assert.equal((await start("token-1")).TestCaseExecutionId, one.TestCaseExecutionId, "the same token, the same execution");
    await expectError(start("token-3"), "ServiceQuotaExceededException", 402, /2 test case executions are running or waiting/);
    assert.deepEqual([(await summary(a, TestCaseId, one.TestCaseExecutionId!)).Status, (await summary(a, TestCaseId, two.TestCaseExecutionId!)).Status], ["IN_PROGRESS", "INITIATED"]);
    await a.client.send(new StopTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId, TestCaseExecutionId: one.TestCaseExecutionId }));
    assert.equal((await summary(a, TestCaseId, two.TestCaseExecutionId!)).Status, "IN_PROGRESS", "the freed slot goes to the waiting run");

    const other = await queueingTestCase(a, "other");
    await expectError(start("token-2", other), "IdempotencyException", 409, /was used to start test case/);
    await a.client.send(new DeleteTestCaseCommand({ InstanceId: a.InstanceId, TestCaseId }));
    assert.equal((await summary(a, TestCaseId, two.TestCaseExecutionId!)).Status, "STOPPED", "deleting the test case stops its runs; their history stays");
    await expectError(start(undefined, "gone"), "ResourceNotFoundException", 404);
  } finally {
    await a.close();
  }
});

test("ListTestCaseExecutions filters by test case, name, status and start time, and pages", async () => {
  const a = await startSdkSim();
  try {
    const input = await withHelloFlow(a);
    const pass = (await a.client.send(new CreateTestCaseCommand(input({ Name: "passes", Tags: { team: "chat" } })))).TestCaseId!;
    const fail = (await a.client.send(new CreateTestCaseCommand(input({ Name: "fails", Content: helloContent("Goodbye") })))).TestCaseId!;
    const clock = virtualClock(a.sim);
    const startedAt: number[] = [];
    for (const id of [pass, fail, pass]) {
      startedAt.push(clock.now());
      await a.client.send(new StartTestCaseExecutionCommand({ InstanceId: a.InstanceId, TestCaseId: id }));
      await a.sim.runtime.whenIdle();
      await clock.advance(60_000);
    }
    const list = async (over: Record<string, unknown>) => (await a.client.send(new ListTestCaseExecutionsCommand({ InstanceId: a.InstanceId, ...over }))).TestCaseExecutions ?? [];
    assert.deepEqual((await list({ TestCaseId: pass })).map((e) => [e.TestCaseExecutionStatus, e.Tags]), [["PASSED", { team: "chat" }], ["PASSED", { team: "chat" }]]);
    assert.deepEqual((await list({ TestCaseName: "fails" })).map((e) => e.TestCaseId), [fail]);
    assert.deepEqual((await list({ Status: "FAILED" })).map((e) => e.TestCaseId), [fail]);
    assert.deepEqual((await list({ StartTime: startedAt[1] })).length, 2, "started at or after the second run");
    assert.deepEqual((await list({ EndTime: startedAt[0] })).length, 1);
    const page = await a.client.send(new ListTestCaseExecutionsCommand({ InstanceId: a.InstanceId, MaxResults: 2 }));
    const rest = await a.client.send(new ListTestCaseExecutionsCommand({ InstanceId: a.InstanceId, MaxResults: 2, NextToken: page.NextToken }));
    assert.deepEqual([page.TestCaseExecutions?.length, rest.TestCaseExecutions?.length, rest.NextToken], [2, 1, undefined]);
    assertTime(page.TestCaseExecutions?.[0].StartTime, "TestCaseExecution.StartTime");
    await expectError(a.client.send(new ListTestCaseExecutionsCommand({ InstanceId: a.InstanceId, Status: "DONE" as never })), "InvalidParameterException", 400, /enum value set/);
  } finally {
    await a.close();
  }
});
