import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, type ActionInput } from "../runtime/flow-testing.js";
import {
  arnOf,
  BOT_ARN,
  chatEntry,
  check,
  completed,
  content,
  endTest,
  failures,
  logData,
  message,
  mockError,
  mockResult,
  observation,
  override,
  runOn,
  say,
  send,
  started,
  testStarts,
} from "./fixtures.js";

const GENERAL = arnOf("queue", "GENERAL");
const BOT = { LexV2Bot: { AliasArn: BOT_ARN } };
const reply = (Identifier: string, Text: string, NextAction: string): ActionInput => ({ Identifier, Type: "MessageParticipant", Parameters: { Text }, Transitions: { NextAction, Errors: [{ ErrorType: "NoMatchingError", NextAction }] } });

/** Greets, asks a Lex bot, and transfers to GENERAL on TalkToAgent, or after an apology on anything else. */
function chatHarness() {
  const h = harness();
  h.runtime.addQueue({ id: "GENERAL", name: "General" });
  const flow = h.publish(
    flowDoc(
      [
        reply("greet", "Hi! How can I help you today?", "bot"),
        {
          Identifier: "bot",
          Type: "ConnectParticipantWithLexBot",
          Parameters: { Text: "Tell me in a few words.", ...BOT },
          Transitions: {
            NextAction: "sorry",
            Conditions: [{ NextAction: "set-queue", Condition: { Operator: "Equals", Operands: ["TalkToAgent"] } }],
            Errors: [
              { ErrorType: "NoMatchingCondition", NextAction: "sorry" },
              { ErrorType: "InputTimeLimitExceeded", NextAction: "too-slow" },
              { ErrorType: "NoMatchingError", NextAction: "sorry" },
            ],
          },
        },
        reply("sorry", "Sorry, I did not get that. Let me find someone for you.", "set-queue"),
        reply("too-slow", "The assistant took too long. Let me find someone for you.", "set-queue"),
        { Identifier: "set-queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: GENERAL }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
        { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
        { Identifier: "bye", Type: "DisconnectParticipant" },
      ],
      { type: "contactFlow" },
    ),
    "chat",
  );
  return { h, entry: chatEntry(flow.id) };
}

const anyTransfer = (actions: Record<string, unknown>[] = [endTest()]) => observation("any-transfer", started("TransferContactToQueue", { QueueId: GENERAL }), actions);

test("the chat example: greeting, the customer types, an independent observation catches the transfer and logs the contact", async () => {
  const { h, entry } = chatHarness();
  const run = await runOn(h, {
    EntryPoint: entry,
    Content: content([
      observation("greet", message("How can I help you today?"), [say("ask-agent", "I need to talk to a person")]),
      anyTransfer([logData("log", { contact: "$.ContactId", summary: "contact $.ContactId went to $.Queue.Name" }, "end"), endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  const transcript = h.runtime.chats.get(run.contact!.id)?.items.filter((i) => i.Type === "MESSAGE").map((i) => `${i.ParticipantRole}: ${i.Content}`);
  assert.deepEqual(transcript, ["SYSTEM: Hi! How can I help you today?", "SYSTEM: Tell me in a few words.", "CUSTOMER: I need to talk to a person", "SYSTEM: Sorry, I did not get that. Let me find someone for you."]);
  const transfer = run.records().find((r) => r.ObservationId === "any-transfer")!.Record as { Actions: { LoggedData?: Record<string, string> }[] };
  assert.deepEqual(transfer.Actions[0].LoggedData, { contact: run.contact!.id, summary: `contact ${run.contact!.id} went to General` });
});

test("a Lex mock names the intent; its completion makes $.Lex readable", async () => {
  const { h, entry } = chatHarness();
  const run = await runOn(h, {
    EntryPoint: entry,
    Content: content([
      observation("setup", testStarts(), [override("intent", "ConnectParticipantWithLexBot", BOT, mockResult({ LoadedData: '{"IntentName":"TalkToAgent","Slots":{"reason":"billing"}}' }))], ["prompt"]),
      observation("prompt", message("Tell me in a few words."), [say("words", "a human please")], ["bot-done"]),
      observation("bot-done", completed("ConnectParticipantWithLexBot", BOT), [check("intent", "$.Lex.IntentName", "Equals", "TalkToAgent", "slot"), check("slot", "$.Lex.Slots.reason", "Equals", "billing")], ["transfer"]),
      observation("transfer", started("TransferContactToQueue", { QueueId: "General" }), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  assert.ok(!h.runtime.chats.get(run.contact!.id)?.items.some((i) => i.Content?.startsWith("Sorry")), "the mocked intent went straight to the transfer");
});

test("a Lex mock that runs out of time takes the block's InputTimeLimitExceeded branch after its delay", async () => {
  const { h, entry } = chatHarness();
  const run = await runOn(h, {
    EntryPoint: entry,
    Content: content([
      observation("setup", testStarts(), [override("slow-bot", "ConnectParticipantWithLexBot", BOT, mockError("TimeLimitExceeded", 2))], ["prompt"]),
      observation("prompt", message("Tell me in a few words."), [say("words", "hello")], ["too-slow"]),
      observation("too-slow", message("The assistant took too long", "Inclusion"), [endTest()]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  assert.equal(run.endedAt! - run.startedAt!, 2000);
});

test("the customer leaving ends the run at once; the observation still waiting fails, saying the contact ended", async () => {
  const { h, entry } = chatHarness();
  const run = await runOn(h, {
    EntryPoint: entry,
    Content: content([observation("greet", message("How can I help you today?"), [send("leave", { Type: "Disconnect" })]), anyTransfer()]),
  });
  assert.equal(run.status, "FAILED");
  assert.match(failures(run)["any-transfer"], /no FlowActionStarted event came while it was active; the contact ended: the customer left the chat/);
  assert.match(run.completion?.message ?? "", /^The simulated contact ended: the customer left the chat/);
  assert.equal(run.endedAt, run.startedAt);
});

test("TestCompleted observations run their checks when the run ends", async () => {
  const { h, entry } = chatHarness();
  const run = await runOn(h, {
    EntryPoint: entry,
    InitializationData: JSON.stringify({ Attributes: { tier: "gold" }, SegmentAttributes: { "connect:Subtype": { ValueString: "connect:Chat" } } }),
    Content: content([
      anyTransfer(),
      observation("finally", { Identifier: "done", Type: "TestCompleted", Actor: "System", Properties: {} }, [check("tier", "$.Attributes.tier", "Equals", "gold", "sub"), check("sub", "$.SegmentAttributes['connect:Subtype']", "Equals", "connect:Chat", "ch"), check("ch", "$.Channel", "Equals", "CHAT")]),
      observation("greet", message("How can I help you today?"), [say("ask", "agent")]),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  assert.deepEqual(run.summary().observations, { total: 3, passed: 3, failed: 0 });
});

// A chat scenario run as a test case on staging writes when its customer writes, which may be
// before the flow asks (support/testcases/compile-chat.ts): the words wait for the bot's turn.
test("words sent before the bot asks wait for its turn; the Lex mock answers it and the transfer at capacity takes its branch", async () => {
  const { h, entry } = chatHarness();
  const run = await runOn(h, {
    EntryPoint: entry,
    Content: content([
      observation("setup", testStarts(), [
        override("full", "TransferContactToQueue", { QueueId: GENERAL }, mockError("QueueAtCapacity"), "intent"),
        override("intent", "ConnectParticipantWithLexBot", BOT, mockResult({ DelaySeconds: 0, LoadedData: '{"IntentName":"TalkToAgent"}' }), "words"),
        say("words", "I need a person"),
      ], ["transfer"]),
      observation("transfer", started("TransferContactToQueue", { QueueId: GENERAL })),
    ]),
  });
  assert.equal(run.status, "PASSED", JSON.stringify(failures(run)));
  const transcript = h.runtime.chats.get(run.contact!.id)?.items.filter((i) => i.Type === "MESSAGE").map((i) => `${i.ParticipantRole}: ${i.Content}`);
  assert.deepEqual(transcript, ["SYSTEM: Hi! How can I help you today?", "SYSTEM: Tell me in a few words.", "CUSTOMER: I need a person"], "TalkToAgent went straight to the transfer, and the full queue to goodbye");
  const setup = run.records().find((r) => r.ObservationId === "setup")!.Record as { Actions: { Identifier: string; Used?: unknown; Delivery?: string }[] };
  assert.deepEqual(setup.Actions.map((a) => a.Used ?? a.Delivery), [`transfer to General`, `turn of ${BOT_ARN} on "I need a person"`, setup.Actions[2].Delivery]);
  assert.match(setup.Actions[2].Delivery ?? "", /Lex bot turn/);
  assert.match(run.completion?.message ?? "", /^The simulated contact ended: DisconnectParticipant \(bye\)/, "QueueAtCapacity led to goodbye");
});
