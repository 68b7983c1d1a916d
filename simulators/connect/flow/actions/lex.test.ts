import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf, said, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { FlowType } from "../flow-types.js";
import type { Channel } from "../model.js";
import type { TraceStep } from "../trace.js";
import type { StartContactOptions } from "../../runtime/context.js";
import { playbackMs } from "./util.js";
import { DEFAULT_CHAT_TIMEOUT_SECONDS, DEFAULT_VOICE_START_TIMEOUT_MS } from "./lex.js";

const ALIAS = "arn:aws:lex:us-east-1:123456789012:bot-alias/BOT1/ALIAS1";
const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const endpoint = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: `at ${id}: [$.Lex.IntentName]` }, Transitions: { NextAction: "bye" } });
const equals = (operand: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } });

const lexAction = (params: Record<string, unknown> = {}): ActionInput => ({
  Identifier: "bot",
  Type: "ConnectParticipantWithLexBot",
  Parameters: { Text: "How can I help?", LexV2Bot: { AliasArn: ALIAS }, ...params },
  Transitions: {
    NextAction: "other",
    Conditions: [equals("Sales", "sales"), equals("Support", "support")],
    Errors: [
      { ErrorType: "InputTimeLimitExceeded", NextAction: "timeout" },
      { ErrorType: "NoMatchingCondition", NextAction: "other" },
      { ErrorType: "NoMatchingError", NextAction: "error" },
    ],
  },
});
const lexFlow = (params: Record<string, unknown> = {}) => flowDoc([lexAction(params), ...["sales", "support", "other", "timeout", "error"].map(endpoint), bye], { type: "contactFlow" });

async function startOn(params: Record<string, unknown>, channel: Channel, options: Partial<StartContactOptions> = {}, rules: (h: ReturnType<typeof harness>) => void = () => {}) {
  const h = harness();
  rules(h);
  h.publish(lexFlow(params), "flow");
  const started = await h.start("flow", { channel, ...options });
  return { h, ...started };
}

const stepOf = (trace: TraceStep[], id: string) => {
  const step = trace.find((s) => s.kind === "action" && s.actionId === id);
  assert.ok(step && step.kind === "action", `no step ${id}`);
  return step;
};

const salesRules = (h: ReturnType<typeof harness>) => {
  h.runtime.responders.onLex("buy something", { intent: "Sales", slots: { product: "phone" }, confidence: 0.92, sentiment: { label: "POSITIVE", scores: { Positive: 0.9, Negative: 0.01 } }, sessionAttributes: { fromBot: "yes" } });
  h.runtime.responders.onLex("help", { intent: "Support" });
  h.runtime.responders.onLex("refund", { intent: "Refund", fulfilled: false });
};

test("chat: the customer's message picks the intent; $.Lex holds what the bot found", async () => {
  const { h, contact, session } = await startOn({ LexSessionAttributes: { who: "$.Attributes.name", "x-amz-lex:audio:start-timeout-ms:*:*": "9000" } }, "CHAT", { attributes: { name: "Ana" } }, salesRules);
  assert.deepEqual(said(session), ["How can I help?"]);
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "message", text: "buy something", participantRole: "CUSTOMER" }), true);
  await h.settle();
  assert.equal(pathOf(session.trace)[0], "bot → Condition: Equals Sales");
  assert.equal(said(session).at(-1), "at sales: [Sales]");
  assert.deepEqual(contact.lex, {
    IntentName: "Sales",
    Slots: { product: "phone" },
    SessionAttributes: { who: "Ana", "x-amz-lex:audio:start-timeout-ms:*:*": "9000", fromBot: "yes" },
    DialogState: "Fulfilled",
    IntentConfidence: { Score: "0.92" },
    SentimentResponse: { Label: "POSITIVE", Scores: { Positive: "0.9", Negative: "0.01" } },
  });
  const request = h.runtime.responders.lexCalls[0];
  assert.deepEqual(request, { bot: ALIAS, input: "buy something", inputMode: "text", sessionAttributes: { who: "Ana", "x-amz-lex:audio:start-timeout-ms:*:*": "9000" }, channel: "CHAT", contactId: contact.id });
  assert.match(stepOf(session.trace, "bot").detail ?? "", /Lex answer from lex "buy something"/);
});

test("every branch: other intents → NoMatchingCondition, unfulfilled → NoMatchingError, default responder → FallbackIntent", async () => {
  const cases: [string, string][] = [
    ["help", "bot → Condition: Equals Support"],
    ["refund", "bot → Error: NoMatchingError"],
    ["something else", "bot → Error: NoMatchingCondition"],
  ];
  for (const [text, branch] of cases) {
    const { h, contact, session } = await startOn({}, "CHAT", {}, salesRules);
    h.runtime.deliverInput(contact.id, { kind: "message", text, participantRole: "CUSTOMER" });
    await h.settle();
    assert.equal(pathOf(session.trace)[0], branch, text);
    if (text === "refund") assert.equal(contact.lex.DialogState, "Failed");
    if (text === "something else") {
      assert.equal(contact.lex.IntentName, "FallbackIntent");
      assert.match(stepOf(session.trace, "bot").detail ?? "", /Lex answer from default/);
    }
  }
});

test("chat: no answer within LexTimeoutSeconds.Text (or the 300 s default) → InputTimeLimitExceeded", async () => {
  const configured = await startOn({ LexTimeoutSeconds: { Text: "$.Attributes.wait" } }, "CHAT", { attributes: { wait: "120" } });
  await configured.h.advance(119_999);
  assert.deepEqual(pathOf(configured.session.trace), []);
  await configured.h.advance(1);
  assert.equal(pathOf(configured.session.trace)[0], "bot → Error: InputTimeLimitExceeded");

  const fallback = await startOn({}, "CHAT");
  await fallback.h.advance(DEFAULT_CHAT_TIMEOUT_SECONDS * 1000 - 1);
  assert.deepEqual(pathOf(fallback.session.trace), []);
  await fallback.h.advance(1);
  assert.equal(pathOf(fallback.session.trace)[0], "bot → Error: InputTimeLimitExceeded");
});

test("chat: an agent's message does not answer the bot; the customer's still can, within the same deadline", async () => {
  const { h, contact, session } = await startOn({ LexTimeoutSeconds: { Text: "60" } }, "CHAT", {}, salesRules);
  await h.advance(30_000);
  h.runtime.deliverInput(contact.id, { kind: "message", text: "help", participantRole: "AGENT" });
  await h.settle();
  assert.deepEqual(pathOf(session.trace), []);
  await h.advance(29_999);
  h.runtime.deliverInput(contact.id, { kind: "message", text: "help", participantRole: "CUSTOMER" });
  await h.settle();
  assert.equal(pathOf(session.trace)[0], "bot → Condition: Equals Support");
  assert.equal(h.runtime.responders.lexCalls.length, 1);
});

test("voice: speech or keys answer the bot; silence past prompt + start timeout → InputTimeLimitExceeded", async () => {
  const speech = await startOn({}, "VOICE", {}, salesRules);
  speech.h.runtime.deliverInput(speech.contact.id, { kind: "utterance", text: "help" });
  await speech.h.settle();
  assert.equal(pathOf(speech.session.trace)[0], "bot → Condition: Equals Support");
  assert.equal(speech.h.runtime.responders.lexCalls[0].inputMode, "speech");

  const keys = await startOn({}, "VOICE", {}, (h) => h.runtime.responders.onLex("2", { intent: "Support" }));
  keys.h.runtime.pressKeys(keys.contact.id, "2");
  await keys.h.settle();
  assert.equal(pathOf(keys.session.trace)[0], "bot → Condition: Equals Support");
  assert.equal(keys.h.runtime.responders.lexCalls[0].inputMode, "dtmf");

  const silent = await startOn({}, "VOICE");
  const limit = playbackMs({ text: "How can I help?", actionId: "bot" }) + DEFAULT_VOICE_START_TIMEOUT_MS;
  await silent.h.advance(limit - 1);
  assert.deepEqual(pathOf(silent.session.trace), []);
  await silent.h.advance(1);
  assert.equal(pathOf(silent.session.trace)[0], "bot → Error: InputTimeLimitExceeded");
});

test("voice: a start-timeout session attribute for every intent and slot sets the silence timeout", async () => {
  const { h, session } = await startOn({ LexSessionAttributes: { "x-amz-lex:audio:start-timeout-ms:*:*": "9000" } }, "VOICE");
  const limit = playbackMs({ text: "How can I help?", actionId: "bot" }) + 9000;
  await h.advance(limit - 1);
  assert.deepEqual(pathOf(session.trace), []);
  await h.advance(1);
  assert.equal(pathOf(session.trace)[0], "bot → Error: InputTimeLimitExceeded");
});

test("LexInitializationData: chat starts from the initial message; missing message or voice → NoMatchingError", async () => {
  const params = { Text: undefined, LexInitializationData: { InitialMessage: "$.Media.InitialMessage" } };
  const chat = await startOn(params, "CHAT", { initialMessage: "buy something" }, salesRules);
  assert.equal(pathOf(chat.session.trace)[0], "bot → Condition: Equals Sales");
  assert.deepEqual(said(chat.session), ["at sales: [Sales]"]);

  const none = await startOn(params, "CHAT");
  assert.equal(pathOf(none.session.trace)[0], "bot → Error: NoMatchingError");
  assert.match(stepOf(none.session.trace, "bot").detail ?? "", /no initial message/);

  const voice = await startOn(params, "VOICE", { initialMessage: "hi" });
  assert.equal(pathOf(voice.session.trace)[0], "bot → Error: NoMatchingError");
  assert.match(stepOf(voice.session.trace, "bot").detail ?? "", /only supported for Chat/);
});

test("Lex classic bots are addressed as name:alias; a dynamic alias ARN is resolved; an empty one errors", async () => {
  const classic = await startOn({ LexV2Bot: undefined, LexBot: { Name: "Orders", Region: "us-east-1", Alias: "prod" } }, "CHAT", {}, (h) => h.runtime.responders.onLex("*", { intent: "Sales" }, "Orders:prod"));
  classic.h.runtime.deliverInput(classic.contact.id, { kind: "message", text: "anything", participantRole: "CUSTOMER" });
  await classic.h.settle();
  assert.equal(classic.h.runtime.responders.lexCalls[0].bot, "Orders:prod");
  assert.equal(pathOf(classic.session.trace)[0], "bot → Condition: Equals Sales");

  const dynamic = await startOn({ LexV2Bot: { AliasArn: "$.Attributes.bot" } }, "CHAT", { attributes: { bot: ALIAS } });
  dynamic.h.runtime.deliverInput(dynamic.contact.id, { kind: "message", text: "x", participantRole: "CUSTOMER" });
  await dynamic.h.settle();
  assert.equal(dynamic.h.runtime.responders.lexCalls[0].bot, ALIAS);

  const empty = await startOn({ LexV2Bot: { AliasArn: "" } }, "CHAT");
  assert.equal(pathOf(empty.session.trace)[0], "bot → Error: NoMatchingError");
});

test("channels: SSML prompts cannot go to chat; tasks have nobody to talk to the bot", async () => {
  const ssml = await startOn({ Text: undefined, SSML: "<speak>Hi</speak>" }, "CHAT");
  assert.equal(pathOf(ssml.session.trace)[0], "bot → Error: NoMatchingError");
  const task = await startOn({}, "TASK");
  assert.equal(pathOf(task.session.trace)[0], "bot → Error: NoMatchingError");
  assert.match(stepOf(task.session.trace, "bot").detail ?? "", /TASK contact has no customer/);
});

test("voice: buffered keys are cleared before the bot turn", async () => {
  const doc = flowDoc(
    [
      { Identifier: "on", Type: "GetParticipantInput", Parameters: { EnableDTMFBuffer: "True" }, Transitions: { NextAction: "bot", Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }] } },
      lexAction(),
      ...["sales", "support", "other", "timeout", "error"].map(endpoint),
      bye,
    ],
    { type: "contactFlow" },
  );
  const h = harness();
  h.publish(doc, "flow");
  const contact = h.runtime.startContact({ channel: "VOICE", flow: "flow" });
  h.runtime.dtmfBuffer(contact).enable();
  h.runtime.pressKeys(contact.id, "55");
  await h.settle();
  assert.equal(h.runtime.dtmfBuffer(contact).digits, "");
  assert.equal(h.runtime.responders.lexCalls.length, 0, "the buffered keys were not sent to the bot");
});

// ---- validation -------------------------------------------------------------------

function problemsOf(params: Record<string, unknown>, flowType?: FlowType, errors?: { ErrorType: string; NextAction: string }[]) {
  const action = lexAction(params);
  if (errors) action.Transitions = { ...action.Transitions, Errors: errors };
  const doc = flowDoc([action, ...["sales", "support", "other", "timeout", "error"].map(endpoint), bye], flowType ? {} : { type: "contactFlow" });
  return loadFlowDocument(JSON.parse(JSON.stringify(doc)), "v.json", { flowType }).problems.filter((p) => p.action === "bot");
}
const errorsOf = (params: Record<string, unknown>, flowType?: FlowType, errors?: { ErrorType: string; NextAction: string }[]) => problemsOf(params, flowType, errors).filter((p) => p.severity === "error").map((p) => p.message);

test("validation: a bot is required, exactly one kind", () => {
  assert.deepEqual(errorsOf({}), []);
  assert.deepEqual(errorsOf({ LexSessionAttributes: { "x-amz-lex:audio:start-timeout-ms:*:*": "9000", "x-amz-lex:allow-interrupt:*.*": "False", phone: "$.CustomerEndpoint.Address" } }), []);
  assert.ok(errorsOf({ LexV2Bot: undefined }).some((m) => /missing required property. Path: Actions\[0\].Parameters.LexV2Bot/.test(m)));
  assert.ok(errorsOf({ LexBot: { Name: "a", Region: "us-east-1", Alias: "b" } }).some((m) => /Only one of these properties may be defined. Properties: \[LexV2Bot, LexBot\]/.test(m)));
  assert.ok(errorsOf({ LexV2Bot: undefined, LexBot: { Name: "a", Region: "us-east-1" } }).some((m) => /LexBot.Alias/.test(m)));
  assert.ok(errorsOf({ LexV2Bot: { BotAliasArn: ALIAS } }).some((m) => /Invalid Action property name. Path: Actions\[0\].Parameters.LexV2Bot.BotAliasArn/.test(m)));
  assert.ok(problemsOf({ LexV2Bot: { AliasArn: "" } }).some((p) => p.severity === "warning" && /AliasArn is empty/.test(p.message)));
});

test("validation: a prompt or initialization data is required; prompts are exclusive", () => {
  assert.ok(errorsOf({ Text: undefined }).includes("At least one of [Text, SSML, PromptId, Media, LexInitializationData] must be set"));
  assert.deepEqual(errorsOf({ Text: undefined, LexInitializationData: { InitialMessage: "$.Media.InitialMessage" } }), []);
  assert.ok(errorsOf({ SSML: "<speak>x</speak>" }).some((m) => /Properties: \[Text, SSML\]/.test(m)));
  assert.ok(errorsOf({ LexTimeoutSeconds: { Text: "abc" } }).some((m) => /not an integer/.test(m)));
  assert.ok(problemsOf({ LexTimeoutSeconds: { Text: "30" } }).some((p) => p.severity === "warning" && /below the minimum 60/.test(p.message)));
});

test("validation: errors, conditions and flow types", () => {
  assert.ok(errorsOf({}, undefined, [{ ErrorType: "NoMatchingError", NextAction: "error" }]).some((m) => /missing required error. Error: NoMatchingCondition/.test(m)));
  assert.ok(errorsOf({}, undefined, [{ ErrorType: "NoMatchingCondition", NextAction: "other" }, { ErrorType: "NoMatchingError", NextAction: "error" }, { ErrorType: "TimeLimitExceeded", NextAction: "timeout" }]).some((m) => /Invalid Action error. Error: TimeLimitExceeded/.test(m)));
  assert.ok(errorsOf({}, "CUSTOMER_HOLD").some((m) => /Unsupported block type: ConnectParticipantWithLexBot/.test(m)));
  assert.ok(errorsOf({}, "AGENT_WHISPER").some((m) => /Unsupported block type/.test(m)));
  assert.deepEqual(errorsOf({}, "QUEUE_TRANSFER"), []);
});
