import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf, said } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const errors = [{ NextAction: "bye", ErrorType: "NoMatchingError" }];

test("Play prompt on a call takes as long as the prompt plays (text length, SSML breaks); on chat no time", async () => {
  const h = harness();
  h.publish(
    flowDoc([
      { Identifier: "long", Type: "MessageParticipant", Parameters: { Text: "one two three four five six seven eight nine ten" }, Transitions: { NextAction: "pause", Errors: errors } },
      { Identifier: "pause", Type: "MessageParticipant", Parameters: { SSML: '<speak>Please hold<break time="3s"/></speak>' }, Transitions: { NextAction: "bye", Errors: errors } },
      bye,
    ], { type: "contactFlow" }),
    "prompts",
  );
  const call = await h.start("prompts", { channel: "VOICE" });
  assert.deepEqual(said(call.session), ["one two three four five six seven eight nine ten"], "ten words play for 4 s before the next block");
  await h.advance(3_999);
  assert.equal(said(call.session).length, 1);
  await h.advance(1);
  assert.equal(said(call.session).length, 2);
  // "Please hold" is two words (at least 1 s of speech) and the break 3 s more.
  await h.advance(3_999);
  assert.notEqual(call.contact.state, "ENDED");
  await h.advance(1);
  assert.equal(call.contact.state, "ENDED");
  const chat = await h.start("prompts", { channel: "CHAT" });
  assert.deepEqual(pathOf(chat.session.trace).slice(0, 1), ["long → Success"], "chat text arrives at once");
});

test("Play prompt: text on every channel; SSML, prompts and audio only on calls", async () => {
  const h = harness();
  h.publish(
    flowDoc([
      { Identifier: "text", Type: "MessageParticipant", Parameters: { Text: "Hello $.Channel" }, Transitions: { NextAction: "ssml", Errors: errors } },
      { Identifier: "ssml", Type: "MessageParticipant", Parameters: { SSML: "<speak>Hi</speak>" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }] } },
      { Identifier: "sorry", Type: "MessageParticipant", Parameters: { Text: "voice only" }, Transitions: { NextAction: "bye" } },
      bye,
    ], { type: "contactFlow" }),
    "greet",
  );
  const voice = await h.start("greet", { channel: "VOICE" });
  await h.advance(60_000);
  assert.deepEqual(said(voice.session), ["Hello VOICE", "<speak>Hi</speak>"]);
  const chat = await h.start("greet", { channel: "CHAT" });
  assert.deepEqual(said(chat.session), ["Hello CHAT", "voice only"]);
  assert.deepEqual(pathOf(chat.session.trace).slice(0, 2), ["text → Success", "ssml → Error: NoMatchingError"]);
  const chatItems = h.runtime.chats.get(chat.contact.id);
  assert.equal(chatItems, undefined, "a contact started without StartChatContact has no transcript to post to");
});

test("Play prompt is refused in hold flows, and its message fields are mutually exclusive", () => {
  const hold = loadFlowDocument(flowDoc([{ Identifier: "p", Type: "MessageParticipant", Parameters: { Text: "x" }, Transitions: { NextAction: "e" } }, { Identifier: "e", Type: "EndFlowExecution" }], { type: "customerHold" }), "hold.json");
  assert.match(hold.problems.find((p) => p.severity === "error")!.message, /Unsupported block type: MessageParticipant is not allowed in a Customer hold flow/);
  const both = loadFlowDocument(flowDoc([{ Identifier: "p", Type: "MessageParticipant", Parameters: { Text: "x", SSML: "<speak>x</speak>" }, Transitions: { NextAction: "bye" } }, bye], { type: "contactFlow" }), "both.json");
  assert.deepEqual(both.problems.filter((p) => p.severity === "error").map((p) => [p.action, p.message]), [["p", "Only one of these properties may be defined. Properties: [Text, SSML]"]]);
  const none = loadFlowDocument(flowDoc([{ Identifier: "p", Type: "MessageParticipant", Parameters: {}, Transitions: { NextAction: "bye" } }, bye], { type: "contactFlow" }), "none.json");
  assert.match(none.problems[0].message, /At least one of \[Text, SSML, PromptId, Media\] must be set/);
});

test("Loop prompts plays its messages on a loop, interrupts every N seconds, and resumes after End flow / Resume", async () => {
  const h = harness();
  h.publish(
    flowDoc([
      { Identifier: "setq", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "Support" }, Transitions: { NextAction: "hook", Errors: errors } },
      { Identifier: "hook", Type: "UpdateContactEventHooks", Parameters: { EventHooks: { CustomerQueue: "queue-music" } }, Transitions: { NextAction: "xfer", Errors: errors } },
      { Identifier: "xfer", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "QueueAtCapacity" }, ...errors] } },
      bye,
    ], { type: "contactFlow" }),
    "inbound",
  );
  h.publish(
    flowDoc([
      {
        Identifier: "loop",
        Type: "MessageParticipantIteratively",
        Parameters: { Messages: [{ Text: "Thanks for holding." }, { Text: "Your call is important to us." }], InterruptFrequencySeconds: "60" },
        Transitions: { Conditions: [{ NextAction: "offer", Condition: { Operator: "Equals", Operands: ["MessagesInterrupted"] } }], Errors: [{ NextAction: "end", ErrorType: "NoMatchingError" }] },
      },
      { Identifier: "offer", Type: "MessageParticipant", Parameters: { Text: "Press 1 for a callback." }, Transitions: { NextAction: "end" } },
      { Identifier: "end", Type: "EndFlowExecution" },
    ], { type: "customerQueue" }),
    "queue-music",
  );
  h.runtime.addQueue({ name: "Support" });
  const { contact, session } = await h.start("inbound", { channel: "VOICE" });
  assert.equal(contact.state, "QUEUED");
  assert.deepEqual(said(session), ["Thanks for holding."]);
  await h.advance(59_000);
  assert.ok(said(session).length > 2, "the messages loop while time passes");
  assert.ok(!said(session).includes("Press 1 for a callback."));
  await h.advance(1_000);
  assert.equal(said(session).filter((t) => t === "Press 1 for a callback.").length, 1, "interrupted at 60 s");
  await h.advance(2_000); // the offer plays for its few words before End flow / Resume
  const offered = said(session).indexOf("Press 1 for a callback.");
  assert.equal(said(session)[offered + 1], "Thanks for holding.", "End flow / Resume restarts the loop from its first message");
  await h.advance(60_000);
  assert.equal(said(session).filter((t) => t === "Press 1 for a callback.").length, 2);
  assert.equal(contact.state, "QUEUED", "the queue flow only shapes the wait");
});

test("Loop prompts on chat takes the Error branch at once", async () => {
  const h = harness();
  h.publish(
    flowDoc([
      { Identifier: "loop", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: "hold" }] }, Transitions: { Errors: [{ NextAction: "end", ErrorType: "NoMatchingError" }] } },
      { Identifier: "end", Type: "EndFlowExecution" },
    ], { type: "customerQueue" }),
    "cq",
  );
  const { session } = await h.start("cq", { channel: "CHAT" });
  assert.deepEqual(pathOf(session.trace), ["loop → Error: NoMatchingError", "end → End: ended"]);
});

test("a prompt marked SkipWhenDTMFBufferEnabled is skipped when the caller already typed keys", async () => {
  const h = harness();
  h.runtime.responders.onLambda("slow-lookup", { kind: "ok", result: {}, delayMs: 2_000 });
  h.publish(
    flowDoc([
      { Identifier: "buffer", Type: "GetParticipantInput", Parameters: { EnableDTMFBuffer: "True" }, Transitions: { NextAction: "lookup", Errors: errors } },
      { Identifier: "lookup", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:slow-lookup", InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: "preamble", Errors: errors } },
      { Identifier: "preamble", Type: "MessageParticipant", Parameters: { Text: "long menu preamble", SkipWhenDTMFBufferEnabled: "true" }, Transitions: { NextAction: "menu" } },
      {
        Identifier: "menu",
        Type: "GetParticipantInput",
        Parameters: { Text: "Press 1 or 2", StoreInput: "False", InputTimeLimitSeconds: "5" },
        Transitions: {
          NextAction: "bye",
          Conditions: [{ NextAction: "two", Condition: { Operator: "Equals", Operands: ["2"] } }],
          Errors: [{ NextAction: "bye", ErrorType: "InputTimeLimitExceeded" }, { NextAction: "bye", ErrorType: "NoMatchingCondition" }, ...errors],
        },
      },
      { Identifier: "two", Type: "MessageParticipant", Parameters: { Text: "you chose two" }, Transitions: { NextAction: "bye" } },
      bye,
    ], { type: "contactFlow" }),
    "buffered",
  );
  const quiet = await h.start("buffered", { channel: "VOICE" });
  await h.advance(2_000 + 1_200); // the Lambda, then the preamble's three words
  assert.deepEqual(said(quiet.session), ["long menu preamble", "Press 1 or 2"], "nothing typed: the prompt plays");

  const eager = await h.start("buffered", { channel: "VOICE" });
  assert.equal(h.runtime.pressKeys(eager.contact.id, "2"), true, "no block collects during the Lambda call, but the buffer keeps the key");
  assert.equal(h.runtime.dtmfBuffer(eager.contact).digits, "2");
  await h.advance(2_000);
  assert.deepEqual(said(eager.session), ["you chose two"], "the preamble and the menu prompt are skipped; the buffered key answers the menu");
  assert.ok(pathOf(eager.session.trace).includes("menu → Condition: Equals 2"));
});
