import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness, pathOf, problemsOf, detailOf, type ActionInput, type Harness } from "../../runtime/flow-testing.js";
import type { CallbackRequest } from "../host.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text: string) => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: "bye" } });
const caller = { Address: "+12065550100", Type: "TELEPHONE_NUMBER" };

const setNumber = (next = "bye") => ({
  Identifier: "number",
  Type: "UpdateContactCallbackNumber",
  Parameters: { CallbackNumber: "$.Attributes.cb" },
  Transitions: { NextAction: next, Errors: [{ NextAction: "invalid", ErrorType: "InvalidCallbackNumber" }, { NextAction: "undialable", ErrorType: "CallbackNumberNotDialable" }] },
});

test("Set callback number stores a valid number; invalid, premium-rate and non-voice contacts take the error branches", async () => {
  const h = harness();
  h.publish(flowDoc([setNumber("ok"), say("ok", "calling back $.CallbackNumber"), say("invalid", "invalid"), say("undialable", "undialable"), bye], { type: "contactFlow" }), "inbound");
  const ok = await h.start("inbound", { channel: "VOICE", customerEndpoint: caller, attributes: { cb: "+442071838750" } });
  assert.equal(ok.contact.callbackNumber, "+442071838750");
  assert.deepEqual(ok.session.prompts.map((p) => p.text), ["calling back +442071838750"]);

  const invalid = await h.start("inbound", { channel: "VOICE", customerEndpoint: caller, attributes: { cb: "2065550100" } });
  await h.advance(5_000); // the "invalid" prompt plays
  assert.deepEqual(pathOf(invalid.session.trace).slice(0, 2), ["number → Error: InvalidCallbackNumber", "invalid → Success"]);
  assert.match(detailOf(invalid.session.trace, "number") ?? "", /"2065550100" is not an E.164 phone number/);
  assert.equal(invalid.contact.callbackNumber, undefined);

  const premium = await h.start("inbound", { channel: "VOICE", attributes: { cb: "+19005550123" } });
  assert.deepEqual(pathOf(premium.session.trace)[0], "number → Error: CallbackNumberNotDialable");

  const chat = await h.start("inbound", { channel: "CHAT", attributes: { cb: "+12065550100" } });
  assert.deepEqual(pathOf(chat.session.trace)[0], "number → Error: InvalidCallbackNumber");
  assert.match(detailOf(chat.session.trace, "number") ?? "", /voice contacts; this is a chat contact/);
});

test("load: the callback number is one JSONPath, and its only errors are the two it documents", () => {
  const rest = [say("invalid", "x"), say("undialable", "y"), bye];
  const errors = (a: ActionInput, type = "contactFlow") => problemsOf([a, ...rest], type).filter((p) => p.startsWith("error"));
  assert.deepEqual(errors(setNumber()), []);
  assert.match(errors({ ...setNumber(), Parameters: { CallbackNumber: "+12065550100" } }).join("\n"), /must be a single JSONPath .* cannot be set statically/);
  assert.match(errors({ ...setNumber(), Parameters: { CallbackNumber: "+1$.Attributes.cb" } }).join("\n"), /must be static or a single JSONPath/);
  const withCatchAll = { ...setNumber(), Transitions: { ...setNumber().Transitions, Errors: [...setNumber().Transitions.Errors, { NextAction: "bye", ErrorType: "NoMatchingError" }] } };
  assert.match(errors(withCatchAll).join("\n"), /Invalid Action error. Error: NoMatchingError/);
  assert.match(errors({ ...setNumber(), Transitions: { NextAction: "bye", Errors: [setNumber().Transitions.Errors[0]] } }).join("\n"), /Action is missing required error. Error: CallbackNumberNotDialable/);
  assert.match(errors(setNumber(), "customerHold").join("\n"), /Unsupported block type: UpdateContactCallbackNumber/);
  assert.deepEqual(errors(setNumber(), "customerQueue"), []);
});

function spyCallbacks(h: Harness): CallbackRequest[] {
  const calls: CallbackRequest[] = [];
  const original = h.runtime.createCallback.bind(h.runtime);
  h.runtime.createCallback = async (from, request) => {
    calls.push(request);
    return original(from, request);
  };
  return calls;
}

const callback = (params: Record<string, unknown>) => ({
  Identifier: "callback",
  Type: "CreateCallbackContact",
  Parameters: { InitialCallDelaySeconds: "5", MaximumConnectionAttempts: "1", RetryDelaySeconds: "600", ...params },
  Transitions: { NextAction: "done", Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] },
});

function callbackFlow(params: Record<string, unknown>, setQueue = true) {
  const actions: ActionInput[] = [
    setNumber("callback"),
    callback(params),
    say("done", "we will call you"),
    say("failed", "failed"),
    say("invalid", "invalid"),
    say("undialable", "undialable"),
    bye,
  ];
  if (setQueue) actions.unshift({ Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "Sales" }, Transitions: { NextAction: "number", Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } });
  return flowDoc(actions, { type: "contactFlow" });
}

test("Transfer to callback creates a CALLBACK contact that calls the callback number from the working queue after the delay", async () => {
  const h = harness();
  const sales = h.runtime.addQueue({ name: "Sales" });
  const calls = spyCallbacks(h);
  h.publish(callbackFlow({}), "inbound");
  const { contact, session } = await h.start("inbound", { channel: "VOICE", customerEndpoint: caller, systemEndpoint: { Address: "+18005550199", Type: "TELEPHONE_NUMBER" }, attributes: { cb: "+442071838750" } });
  assert.deepEqual(session.prompts.map((p) => p.text), ["we will call you"]);
  await h.advance(3_000); // the prompt plays before the call ends; the callback waits 5 s
  assert.equal(contact.state, "ENDED");
  assert.equal(calls.length, 1);
  assert.deepEqual({ ...calls[0], queue: calls[0].queue.name }, { queue: "Sales", customerNumber: "+442071838750", initialDelaySeconds: 5, maxAttempts: 1, retryDelaySeconds: 600, contactFlowRef: undefined, callerId: undefined });
  const cb = h.runtime.allSessions().map((s) => s.contact).find((c) => c.initiationMethod === "CALLBACK")!;
  assert.equal(cb.previousContactId, contact.id);
  assert.equal(cb.customerEndpoint?.Address, "+442071838750");
  assert.equal(cb.systemEndpoint?.Address, "+18005550199");
  assert.equal(cb.state, "SCHEDULED");
  await h.advance(5000);
  assert.equal(cb.state, "QUEUED");
  assert.equal(cb.queue?.id, sales.id);
});

test("without Set callback number the caller's number is used; QueueId, caller ID and zero attempts", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Sales" });
  const vip = h.runtime.addQueue({ name: "VIP" });
  const calls = spyCallbacks(h);
  h.publish(flowDoc([callback({ QueueId: "VIP", MaximumConnectionAttempts: "0", CallerId: "$.Attributes.callerId" }), say("done", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), "inbound");
  const { session } = await h.start("inbound", { channel: "VOICE", customerEndpoint: caller, attributes: { callerId: "+18005550111" } });
  assert.equal(calls[0].queue.id, vip.id);
  assert.equal(calls[0].customerNumber, caller.Address);
  assert.equal(calls[0].maxAttempts, 1);
  assert.equal(calls[0].callerId, "+18005550111");
  assert.match(detailOf(session.trace, "callback") ?? "", /MaximumConnectionAttempts 0: the callback is dialled once/);
  const cb = h.runtime.allSessions().map((s) => s.contact).find((c) => c.initiationMethod === "CALLBACK")!;
  assert.equal(cb.systemEndpoint?.Address, "+18005550111");

  const badCaller = await h.start("inbound", { channel: "VOICE", customerEndpoint: caller, attributes: { callerId: "reception" } });
  assert.equal(pathOf(badCaller.session.trace)[0], "callback → Error: NoMatchingError");
  assert.equal(calls.length, 1);
});

test("a callback flow is looked up, and then the initial delay is ignored", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Sales" });
  const calls = spyCallbacks(h);
  const cbFlow = h.publish(flowDoc([bye], { type: "contactFlow" }), "callback setup");
  h.publish(callbackFlow({ ContactFlowId: "$.Attributes.flow", InitialCallDelaySeconds: undefined }), "inbound");
  await h.start("inbound", { channel: "VOICE", customerEndpoint: caller, attributes: { cb: "+442071838750", flow: "callback setup" } });
  assert.equal(calls[0].contactFlowRef, cbFlow.id);
  assert.equal(calls[0].initialDelaySeconds, 0);
  const missing = await h.start("inbound", { channel: "VOICE", customerEndpoint: caller, attributes: { cb: "+442071838750", flow: "nope" } });
  assert.match(detailOf(missing.session.trace, "callback") ?? "", /no published flow matches "nope"/);
  assert.equal(calls.length, 1);
});

test("no queue, no number to call, or a chat contact: the callback takes its Error branch", async () => {
  const h = harness();
  const calls = spyCallbacks(h);
  h.runtime.addQueue({ name: "Sales" });
  h.publish(flowDoc([callback({}), say("done", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), "no-queue");
  const noQueue = await h.start("no-queue", { channel: "VOICE", customerEndpoint: caller });
  assert.match(detailOf(noQueue.session.trace, "callback") ?? "", /no working queue/);
  h.publish(flowDoc([callback({ QueueId: "Sales" }), say("done", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), "queue");
  const noNumber = await h.start("queue", { channel: "VOICE" });
  assert.match(detailOf(noNumber.session.trace, "callback") ?? "", /no number to call back/);
  const chat = await h.start("queue", { channel: "CHAT", customerEndpoint: caller });
  assert.match(detailOf(chat.session.trace, "callback") ?? "", /not supported on the CHAT channel/);
  assert.equal(calls.length, 0);
});

test("load: callback delays and attempts (the corpus' \"0\" attempts load with a warning), caller ID and flow types", () => {
  const rest = [say("done", "x"), say("failed", "y"), bye];
  const load = (params: Record<string, unknown>, type = "contactFlow") => problemsOf([callback(params), ...rest], type);
  assert.deepEqual(load({}), []);
  assert.deepEqual(load({ MaximumConnectionAttempts: "0" }), ["warning Actions[0].Parameters.MaximumConnectionAttempts: Unusual value: 0 is below the minimum 1"]);
  assert.match(load({ InitialCallDelaySeconds: "259201" }).join("\n"), /error .*259201 is above the maximum 259200/);
  assert.match(load({ RetryDelaySeconds: "0" }).join("\n"), /error .*0 is below the minimum 1/);
  assert.match(load({ InitialCallDelaySeconds: "$.Attributes.delay" }).join("\n"), /must be defined statically/);
  assert.match(load({ InitialCallDelaySeconds: undefined }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.InitialCallDelaySeconds/);
  assert.match(load({ ContactFlowId: "f" }).join("\n"), /warning .*InitialCallDelaySeconds is ignored when ContactFlowId is set/);
  assert.match(load({ RetryDelaySeconds: undefined }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.RetryDelaySeconds/);
  assert.match(load({ CallerId: "reception" }).join("\n"), /CallerId \("reception" is not an E.164 phone number/);
  assert.match(load({ QueueId: "a", AgentId: "b" }).join("\n"), /Only one of these properties may be defined. Properties: \[QueueId, AgentId\]/);
  assert.match(load({}, "customerWhisper").join("\n"), /Unsupported block type: CreateCallbackContact/);
  assert.deepEqual(load({}, "customerQueue"), []);
});
