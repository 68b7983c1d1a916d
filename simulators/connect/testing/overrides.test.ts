import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc } from "../runtime/flow-testing.js";
import {
  arnOf,
  check,
  completed,
  content,
  dtmf,
  endTest,
  failures,
  ivrHarness,
  LOOKUP_ARN,
  message,
  mockError,
  mockResult,
  observation,
  override,
  runOn,
  started,
  substitute,
  testStarts,
  voiceEntry,
} from "./fixtures.js";

/** "Welcome to Example Corp." plays before the Lambda: four words at 2.5 words a second. */
const WELCOME_MS = 1600;
const MAIN = { HoursOfOperationId: arnOf("operating-hours", "MAIN") };
const LOOKUP = { LambdaFunctionARN: LOOKUP_ARN };
const forceOpen = override("force-open", "CheckHoursOfOperation", MAIN, substitute(arnOf("operating-hours", "ALWAYS_OPEN")));

test("Lambda mocked to fail: the block takes its error branch, and its retries do not turn the failure into success", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, {
    EntryPoint: voiceEntry(flowId),
    Content: content([
      observation("setup", testStarts(), [forceOpen, override("lookup-fails", "InvokeLambdaFunction", LOOKUP, mockError("NoMatchingError", 1))], ["sorry"]),
      observation("sorry", message("could not find your account", "Inclusion"), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  assert.equal(h.runtime.responders.lambdaCalls.length, 4, "the first attempt and three retries");
  assert.equal(run.endedAt! - run.startedAt!, WELCOME_MS + 1000, "the welcome prompt plays, then DelaySeconds, on the clock, once");
});

test("Lambda mocked to exceed its time limit: the error branch comes at the block's limit", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, {
    EntryPoint: voiceEntry(flowId),
    Content: content([
      observation("setup", testStarts(), [forceOpen, override("slow", "InvokeLambdaFunction", LOOKUP, mockError("TimeLimitExceeded"))], ["sorry"]),
      observation("sorry", message("Sorry, we could not find your account."), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  assert.equal(run.endedAt! - run.startedAt!, WELCOME_MS + 3000, "the welcome prompt plays, then InvocationTimeLimitSeconds is 3");
});

test("two mocks of one Lambda apply oldest first, one call each; a third call gets the scenario's answer", async () => {
  const { h } = ivrHarness();
  const call = (id: string, next: string) => ({ Identifier: id, Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: LOOKUP_ARN, ResponseValidation: { ResponseType: "STRING_MAP" } }, Transitions: { NextAction: next, Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } });
  const tell = (id: string, next: string) => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: `status $.External.status` }, Transitions: { NextAction: next, Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } });
  const flow = h.publish(flowDoc([call("c1", "t1"), tell("t1", "c2"), call("c2", "t2"), tell("t2", "c3"), call("c3", "t3"), tell("t3", "bye"), { Identifier: "bye", Type: "DisconnectParticipant" }], { type: "contactFlow" }), "thrice");
  h.runtime.responders.onLambda("customer-lookup", { kind: "ok", result: { status: "Unknown" } });
  const run = await runOn(h, {
    EntryPoint: voiceEntry(flow.id),
    Content: content([
      observation("setup", testStarts(), [
        override("first", "InvokeLambdaFunction", LOOKUP, mockResult({ LoadedData: '{"status":"Active"}' }), "second"),
        override("second", "InvokeLambdaFunction", { LambdaFunctionARN: "customer-lookup" }, mockResult({ LoadedData: '{"status":"Suspended"}' })),
      ], ["one"]),
      observation("one", message("status Active"), [], ["two"]),
      observation("two", message("status Suspended"), [], ["three"]),
      observation("three", message("status Unknown"), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
});

test("closed hours: a substitute that is never open sends the caller to the closed message", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, {
    EntryPoint: voiceEntry(flowId),
    Content: content([
      observation("setup", testStarts(), [override("force-closed", "CheckHoursOfOperation", MAIN, substitute(arnOf("operating-hours", "CLOSED")))], ["closed"]),
      observation("closed", message("We are closed. Please call again during business hours."), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
});

test("hours mocked InHours, and mocked to fail: the True branch, then the error branch", async () => {
  for (const [strategy, expected] of [[mockResult({ Value: "InHours" }), "Welcome to Example Corp"], [mockError("NoMatchingError"), "We are closed"]] as const) {
    const { h, flowId } = ivrHarness();
    const run = await runOn(h, {
      EntryPoint: voiceEntry(flowId),
      Content: content([observation("setup", testStarts(), [override("hours", "CheckHoursOfOperation", MAIN, strategy)], ["said"]), observation("said", message(expected, "Inclusion"), [endTest()])]),
    });
    assert.equal(run.status, "PASSED", `${expected}: ${JSON.stringify(failures(run))}`);
  }
});

test("a substitute the instance does not have fails the override, naming it", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, { EntryPoint: voiceEntry(flowId), Content: content([observation("setup", testStarts(), [override("bad", "CheckHoursOfOperation", MAIN, substitute(arnOf("operating-hours", "NOPE")))])]) });
  assert.equal(run.status, "FAILED");
  assert.match(failures(run).setup, /OverrideSystemBehavior bad failed: the substitute hours of operation .*NOPE does not exist/);
  assert.deepEqual(run.completion?.failureReasons, ["ACTION"]);
});

test("queue overrides set up where the transfer is observed: at capacity takes the error branch; a substitute queue receives the caller", async () => {
  const SUPPORT = { QueueId: arnOf("queue", "SUPPORT") };
  const menuTo = (next: string[]) => [observation("setup", testStarts(), [forceOpen], ["menu"]), observation("menu", message("press 1 for support", "Inclusion"), [dtmf("one", "1")], next)];
  const full = ivrHarness();
  const atCapacity = await runOn(full.h, {
    EntryPoint: voiceEntry(full.flowId),
    Content: content([...menuTo(["to-support"]), observation("to-support", started("TransferContactToQueue", SUPPORT), [override("full", "TransferContactToQueue", SUPPORT, mockError("QueueAtCapacity"))])]),
  });
  assert.equal(atCapacity.status, "PASSED", JSON.stringify(failures(atCapacity)));
  assert.match(atCapacity.contact!.disconnectReason ?? "", /flow|disconnect/i, "the flow's error branch hung up");
  assert.equal(atCapacity.contact!.queue, undefined, "never queued");

  const moved = ivrHarness();
  const substituted = await runOn(moved.h, {
    EntryPoint: voiceEntry(moved.flowId),
    Content: content([...menuTo(["to-support"]), observation("to-support", started("TransferContactToQueue", SUPPORT), [check("authored", "$.Queue.Name", "Equals", "Support", "to-billing"), override("to-billing", "TransferContactToQueue", SUPPORT, substitute("BILLING"))])]),
  });
  // No EndTest: the caller waits in the substitute queue until the limit, and the run passes then, as seen live.
  assert.equal(substituted.status, "PASSED", JSON.stringify(failures(substituted)));
  assert.equal(substituted.completion?.type, "TIMEOUT");
  const queuedIn = moved.h.runtime.allSessions().flatMap((s) => s.trace).find((t) => t.kind === "action" && t.actionId === "transfer");
  assert.match(queuedIn?.kind === "action" ? `${queuedIn.branch} ${queuedIn.detail}` : "", /in queue Billing/);
});

test("$.External reads empty until the Lambda's completion has been observed, then the Lambda's result", async () => {
  const run = async (observeCompletion: boolean) => {
    const { h, flowId } = ivrHarness();
    const readTier = check("tier", "$.External.tier", "Equals", "gold", "end");
    return runOn(h, {
      EntryPoint: voiceEntry(flowId),
      Content: content([
        observation("setup", testStarts(), [forceOpen, override("gold", "InvokeLambdaFunction", LOOKUP, mockResult({ LoadedData: '{"tier":"gold"}' }))], ["looked-up"]),
        observation("looked-up", observeCompletion ? completed("InvokeLambdaFunction", LOOKUP) : started("TransferContactToQueue", { QueueId: "SUPPORT" }), [readTier, endTest()]),
        ...(observeCompletion ? [] : [observation("menu", message("press 1", "Inclusion"), [dtmf("one", "1")])]),
      ]),
    });
  };
  const afterCompletion = await run(true);
  assert.equal(afterCompletion.status, "PASSED", JSON.stringify(failures(afterCompletion)));
  const withoutIt = await run(false);
  assert.equal(withoutIt.status, "FAILED");
  assert.match(failures(withoutIt)["looked-up"], /\$\.External\.tier is empty/);
});

test("FlowActionCompleted does not match a Lambda that took its error branch", async () => {
  const { h, flowId } = ivrHarness();
  const run = await runOn(h, {
    EntryPoint: voiceEntry(flowId),
    Content: content([
      observation("setup", testStarts(), [forceOpen, override("fails", "InvokeLambdaFunction", LOOKUP, mockError("NoMatchingError"))], ["done"]),
      observation("done", completed("InvokeLambdaFunction", LOOKUP), [endTest()]),
    ]),
  });
  assert.equal(run.status, "FAILED");
  assert.match(failures(run).done, /expected InvokeLambdaFunction to complete .*; no FlowActionCompleted event came/);
});

test("a queue-to-queue transfer in a customer queue flow is sent to a substitute queue", async () => {
  const { h } = ivrHarness();
  h.runtime.addQueue({ id: "OVERFLOW", name: "Overflow" });
  const next = (NextAction: string) => ({ NextAction, Errors: [{ ErrorType: "NoMatchingError", NextAction: "done" }] });
  h.publish(
    flowDoc(
      [
        { Identifier: "where", Type: "Compare", Parameters: { ComparisonValue: "$.Queue.Name" }, Transitions: { NextAction: "tell", Conditions: [{ NextAction: "move", Condition: { Operator: "Equals", Operands: ["Support"] } }], Errors: [{ ErrorType: "NoMatchingCondition", NextAction: "tell" }] } },
        { Identifier: "move", Type: "DequeueContactAndTransferToQueue", Parameters: { QueueId: arnOf("queue", "BILLING") }, Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "done" }, { ErrorType: "NoMatchingError", NextAction: "done" }] } },
        { Identifier: "tell", Type: "MessageParticipant", Parameters: { Text: "You are waiting in $.Queue.Name" }, Transitions: next("done") },
        { Identifier: "done", Type: "EndFlowExecution" },
      ],
      { type: "customerQueue" },
    ),
    "queue flow",
  );
  const inbound = h.publish(
    flowDoc(
      [
        { Identifier: "hook", Type: "UpdateContactEventHooks", Parameters: { EventHooks: { CustomerQueue: "queue flow" } }, Transitions: next("set") },
        { Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "SUPPORT" }, Transitions: next("go") },
        { Identifier: "go", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
        { Identifier: "bye", Type: "DisconnectParticipant" },
        { Identifier: "done", Type: "DisconnectParticipant" },
      ],
      { type: "contactFlow" },
    ),
    "moves",
  );
  const BILLING = { QueueId: arnOf("queue", "BILLING") };
  const run = await runOn(h, {
    EntryPoint: voiceEntry(inbound.id),
    Content: content([
      // Dequeue cannot be observed (FlowActionStarted documents four action types), so its override is set up at the start.
      observation("setup", testStarts(), [override("overflow", "DequeueAndTransferToQueue", BILLING, substitute("OVERFLOW"))], ["told"]),
      observation("told", message("You are waiting in Overflow"), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
});

test("a Lex turn by voice: the caller's utterance reaches the bot, whose mocked answer picks the branch", async () => {
  const { h } = ivrHarness();
  const bot = { LexV2Bot: { AliasArn: "arn:aws:lex:us-east-1:111122223333:bot-alias/BOT1/ALIAS1" } };
  const say = (Identifier: string, Text: string) => ({ Identifier, Type: "MessageParticipant", Parameters: { Text }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } });
  const flow = h.publish(
    flowDoc(
      [
        {
          Identifier: "ask",
          Type: "ConnectParticipantWithLexBot",
          Parameters: { Text: "How can I help?", ...bot },
          Transitions: { NextAction: "other", Conditions: [{ NextAction: "billing", Condition: { Operator: "Equals", Operands: ["Billing"] } }], Errors: ["NoMatchingCondition", "InputTimeLimitExceeded", "NoMatchingError"].map((ErrorType) => ({ ErrorType, NextAction: "other" })) },
        },
        say("billing", "Let me get you to billing."),
        say("other", "Sorry, I did not understand."),
        { Identifier: "bye", Type: "DisconnectParticipant" },
      ],
      { type: "contactFlow" },
    ),
    "voice bot",
  );
  const run = await runOn(h, {
    EntryPoint: voiceEntry(flow.id),
    Content: content([
      observation("setup", testStarts(), [override("intent", "ConnectParticipantWithLexBot", bot, mockResult({ LoadedData: '{"IntentName":"Billing"}' }))], ["asked"]),
      observation("asked", message("How can I help?"), [{ Identifier: "speak", Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Customer", Instruction: { Type: "Utterance", Properties: { Value: "a question about my bill", LanguageCode: "en-US" } } }, Transitions: {} }], ["billing"]),
      observation("billing", message("Let me get you to billing."), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  assert.deepEqual(h.runtime.responders.lexCalls.map((c) => [c.input, c.inputMode]), [["a question about my bill", "speech"]]);
});
