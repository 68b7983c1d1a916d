import { test } from "node:test";
import assert from "node:assert/strict";
import {
  arnOf,
  check,
  content,
  dtmf,
  endTest,
  failures,
  ivrHarness,
  LOOKUP_ARN,
  message,
  mockResult,
  observation,
  override,
  runOn,
  started,
  substitute,
  testStarts,
  voiceEntry,
} from "./fixtures.js";
import { RUN_TIME_LIMIT_MS } from "./limits.js";
import { flowDoc } from "../runtime/flow-testing.js";

type Json = Record<string, unknown>;

/**
 * The reference's §8.1 example, as the brief words it: hours forced open at test start,
 * the welcome prompt, DTMF 1 at the menu, the queue checked at the transfer, end.
 */
function example(change: { welcome?: string; digit?: string; queue?: string; queueName?: string } = {}): Json {
  return content([
    observation(
      "setup",
      testStarts(),
      [
        override("force-open", "CheckHoursOfOperation", { HoursOfOperationId: arnOf("operating-hours", "MAIN") }, substitute(arnOf("operating-hours", "ALWAYS_OPEN")), "mock-lookup"),
        override("mock-lookup", "InvokeLambdaFunction", { LambdaFunctionARN: LOOKUP_ARN }, mockResult({ DelaySeconds: 0, LoadedData: '{"tier":"gold"}' })),
      ],
      ["welcome"],
    ),
    observation("welcome", message(change.welcome ?? "Welcome to Example Corp"), [], ["menu"]),
    observation("menu", message("press 1 for support", "Inclusion"), [dtmf("press-1", change.digit ?? "1")], ["to-support"]),
    observation("to-support", started("TransferContactToQueue", { QueueId: arnOf("queue", change.queue ?? "SUPPORT") }), [
      check("q-name", "$.Queue.Name", "Equals", change.queueName ?? "Support", "tier"),
      check("tier", "$.Attributes.tier", "Equals", "gold", "stop"),
      endTest("stop"),
    ]),
  ]);
}

test("the example passes against a matching flow: hours forced open, welcome, DTMF 1, the queue checked, EndTest", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, { EntryPoint: voiceEntry(flowId), InitializationData: '{"Attributes":{"lang":"en"},"SegmentAttributes":{}}', Content: example() });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  assert.deepEqual(run.summary().observations, { total: 4, passed: 4, failed: 0 });
  const contact = run.contact!;
  assert.ok(contact.ended, "EndTest disconnects the contact before it waits in the queue");
  assert.equal(contact.attributes.lang, "en", "InitializationData reached the contact");
  const records = run.records();
  assert.deepEqual(records.map((r) => r.ObservationId), ["INITIATION", "EXECUTION_START", "setup", "welcome", "menu", "to-support", "COMPLETION"]);
  assert.equal(records[1].Record.ContactId, contact.id);
  const toSupport = records[5].Record as { Actions: { Identifier: string; ActualParameters?: { Namespace: string } }[] };
  assert.deepEqual(toSupport.Actions.map((a) => [a.Identifier, a.ActualParameters?.Namespace]), [["q-name", "Support"], ["tier", "gold"], ["stop", undefined]]);
  const setup = records[2].Record as { Actions: { Used: unknown }[] };
  assert.deepEqual(setup.Actions.map((a) => typeof a.Used), ["string", "string"], "both overrides were used");
  assert.deepEqual(records[6].Record.CompletionReason, { Type: "SUCCESS", Message: "The test ended with EndTest in observation to-support", Details: {}, FailureReasons: [] });
});

test("a wrong welcome text fails, naming the welcome observation and what the flow said instead", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, { EntryPoint: voiceEntry(flowId), Content: example({ welcome: "Welcome to Other Corp" }) });
  assert.equal(run.status, "FAILED");
  const failed = failures(run);
  assert.deepEqual(Object.keys(failed), ["welcome"]);
  assert.match(failed.welcome, /expected a message similar to "Welcome to Other Corp"; instead: "Welcome to Example Corp\."/);
  assert.deepEqual(run.summary().observations, { total: 4, passed: 1, failed: 1 }, "menu and to-support never became active");
  assert.deepEqual(run.completion?.failureReasons, ["OBSERVE_EVENT"]);
});

test("a wrong digit sends the caller to billing: the transfer observation fails, showing the transfer that happened", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, { EntryPoint: voiceEntry(flowId), Content: example({ digit: "2" }) });
  assert.equal(run.status, "FAILED");
  const failed = failures(run);
  assert.deepEqual(Object.keys(failed), ["to-support"]);
  assert.match(failed["to-support"], /instead: TransferContactToQueue "Billing"/);
  assert.equal(run.completion?.type, "TIMEOUT", "the caller waits in the billing queue until the 5-minute limit");
  assert.equal(run.endedAt! - run.startedAt!, RUN_TIME_LIMIT_MS);
});

test("a wrong queue in the expectation fails the transfer observation", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, { EntryPoint: voiceEntry(flowId), Content: example({ queue: "BILLING" }) });
  assert.equal(run.status, "FAILED");
  assert.match(failures(run)["to-support"], /expected TransferContactToQueue to start for the queue .*queue\/BILLING; instead: TransferContactToQueue "Support"/);
});

test("a wrong queue name in the check fails the transfer observation at once, with the value read", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, { EntryPoint: voiceEntry(flowId), Content: example({ queueName: "Billing" }) });
  assert.equal(run.status, "FAILED");
  assert.match(failures(run)["to-support"], /Assert q-name failed: \$\.Queue\.Name is "Support"; expected Equals "Billing"/);
  assert.deepEqual(run.completion?.failureReasons, ["ASSERTION"]);
  assert.ok(run.contact!.ended, "the failed run does not leave the contact in the queue");
  assert.equal(run.endedAt! - run.startedAt!, 1600, "a failed check stops the run without waiting: only the welcome prompt (four words) has played");
});

test("without the hours override the real schedule (never open) sends the caller to the closed message", async () => {
  const { h, flowId } = ivrHarness();
  const observations = (example().Observations as Json[]).map((o) => (o.Identifier === "setup" ? { ...o, Actions: [(o.Actions as Json[])[1]] } : o));
  const run = await runOn(h, { EntryPoint: voiceEntry(flowId), Content: content(observations) });
  assert.equal(run.status, "FAILED");
  assert.match(failures(run).welcome, /instead: "We are closed\. Please call again during business hours\."/);
});

test("an override is used once: a second check of the same hours gets the real schedule", async () => {
  const { h, flowId } = ivrHarness();
  const twice = content([
    observation("setup", testStarts(), [override("open-once", "CheckHoursOfOperation", { HoursOfOperationId: "MAIN" }, substitute(arnOf("operating-hours", "ALWAYS_OPEN")))], ["welcome"]),
    observation("welcome", message("Welcome to Example Corp"), [endTest()]),
  ]);
  const first = await runOn(h, { EntryPoint: voiceEntry(flowId), Content: twice });
  assert.equal(first.status, "PASSED");
  const hoursCalls = () => h.runtime.allSessions().flatMap((s) => s.trace).filter((t) => t.kind === "action" && t.actionId === "hours").map((t) => (t.kind === "action" ? t.result : ""));
  assert.deepEqual(hoursCalls(), ["True"]);
  // The override belonged to the first run's contact: a call outside any run checks the real hours.
  await h.start("ivr", { channel: "VOICE" });
  assert.deepEqual(hoursCalls(), ["True", "False"]);
});

test("Usage Exactly 2 matches twice before its successors start; one event satisfies every active observation expecting it", async () => {
  const { h } = ivrHarness();
  const hello = (id: string, next: string) => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: "Hello there" }, Transitions: { NextAction: next, Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } });
  const flow = h.publish(flowDoc([hello("h1", "h2"), hello("h2", "last"), { ...hello("last", "bye"), Parameters: { Text: "Last words" } }, { Identifier: "bye", Type: "DisconnectParticipant" }], { type: "contactFlow" }), "twice");
  const run = await runOn(h, {
    EntryPoint: voiceEntry(flow.id),
    Content: content([
      { ...observation("twice", message("Hello there"), [], ["last"]), Usage: { Type: "Exactly", Times: 2 } },
      observation("also", message("hello there", "Inclusion")),
      observation("last", message("Last words"), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  const twice = run.records().find((r) => r.ObservationId === "twice")!.Record;
  assert.equal(twice.Matches, "2 of 2");
  const once = h.publish(flowDoc([hello("h1", "last"), { ...hello("last", "bye"), Parameters: { Text: "Last words" } }, { Identifier: "bye", Type: "DisconnectParticipant" }], { type: "contactFlow" }), "once");
  const short = await runOn(h, { EntryPoint: voiceEntry(once.id), Content: content([{ ...observation("twice", message("Hello there"), [], ["last"]), Usage: { Type: "Exactly", Times: 2 } }, observation("last", message("Last words"), [endTest()])]) });
  assert.equal(short.status, "FAILED");
  assert.match(failures(short).twice, /did not happen \(1 of 2 times\)/);
});
