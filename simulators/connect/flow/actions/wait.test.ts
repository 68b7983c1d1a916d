import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { FlowHost } from "../host.js";
import type { Channel } from "../model.js";
import type { TraceStep } from "../trace.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const endpoint = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: `at ${id}` }, Transitions: { NextAction: "bye" } });
const equals = (operand: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } });
const ENDPOINTS = ["completed", "returned", "botgone", "notfound", "error"];

const BRANCH: Record<string, string> = { WaitCompleted: "completed", CustomerReturned: "returned", BotParticipantDisconnected: "botgone" };
/** A Condition for WaitCompleted and for each listed event, as the console writes them. */
const conditionsFor = (params: Record<string, unknown>) => ["WaitCompleted", ...(Array.isArray(params.Events) ? params.Events : [])].map((e) => equals(String(e), BRANCH[String(e)] ?? "error"));
const waitAction = (params: Record<string, unknown>, conditions = conditionsFor(params)): ActionInput => ({
  Identifier: "wait",
  Type: "Wait",
  Parameters: params,
  Transitions: {
    NextAction: "error",
    Conditions: conditions,
    Errors: [
      { ErrorType: "ParticipantNotFound", NextAction: "notfound" },
      { ErrorType: "NoMatchingError", NextAction: "error" },
    ],
  },
});
const waitFlow = (params: Record<string, unknown>, conditions?: ReturnType<typeof equals>[]) => flowDoc([waitAction(params, conditions), ...ENDPOINTS.map(endpoint), bye], { type: "contactFlow" });

async function startWait(params: Record<string, unknown>, channel: Channel = "CHAT", attributes: Record<string, string> = {}, setup: (host: FlowHost) => void = () => {}) {
  const h = harness();
  setup(h.runtime);
  h.publish(waitFlow(params), "flow");
  const started = await h.start("flow", { channel, attributes });
  return { h, ...started };
}

const stepOf = (trace: TraceStep[], id: string) => {
  const step = trace.find((s) => s.kind === "action" && s.actionId === id);
  assert.ok(step && step.kind === "action", `no step ${id}`);
  return step;
};

const BOTH = { TimeLimitSeconds: "900", Events: ["CustomerReturned", "BotParticipantDisconnected"] };
const withBot = (host: FlowHost) => {
  host.hasParticipant = (_contact, role) => role === "CUSTOM_BOT";
};

test("chat: the time limit passes → WaitCompleted, not a moment before", async () => {
  const { h, session } = await startWait({ TimeLimitSeconds: "30" });
  await h.advance(29_999);
  assert.deepEqual(pathOf(session.trace), []);
  await h.advance(1);
  assert.equal(pathOf(session.trace)[0], "wait → Condition: Equals WaitCompleted");
});

test("chat: the customer returning ends the wait with CustomerReturned", async () => {
  const { h, contact, session } = await startWait({ TimeLimitSeconds: "900", Events: ["CustomerReturned"] });
  await h.advance(600_000);
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "customer-returned" }), true);
  await h.settle();
  assert.equal(pathOf(session.trace)[0], "wait → Condition: Equals CustomerReturned");
  assert.equal(stepOf(session.trace, "wait").waitedMs, 600_000);
});

test("chat: the bot participant leaving ends the wait with BotParticipantDisconnected", async () => {
  const { h, contact, session } = await startWait(BOTH, "CHAT", {}, withBot);
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "bot-disconnected" }), true);
  await h.settle();
  assert.equal(pathOf(session.trace)[0], "wait → Condition: Equals BotParticipantDisconnected");
});

test("chat: waiting for a bot that is not there → ParticipantNotFound (also when the host cannot tell)", async () => {
  const absent = await startWait(BOTH, "CHAT", {}, (host) => {
    host.hasParticipant = () => false;
  });
  assert.equal(pathOf(absent.session.trace)[0], "wait → Error: ParticipantNotFound");
  const noParticipants = await startWait(BOTH);
  assert.equal(pathOf(noParticipants.session.trace)[0], "wait → Error: ParticipantNotFound", "a chat with only the customer");
  const cannotTell = await startWait(BOTH, "CHAT", {}, (host) => {
    host.hasParticipant = undefined;
  });
  assert.equal(pathOf(cannotTell.session.trace)[0], "wait → Error: ParticipantNotFound");
});

test("only listed events end a Wait: other events are not taken", async () => {
  const { h, contact, session } = await startWait({ TimeLimitSeconds: "60" });
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "customer-returned" }), false);
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "message", text: "hello?", participantRole: "CUSTOMER" }), false);
  await h.settle();
  assert.deepEqual(pathOf(session.trace), []);
  await h.advance(60_000);
  assert.equal(pathOf(session.trace)[0], "wait → Condition: Equals WaitCompleted");
});

test("the time limit may be a JSONPath (as in the corpus) or the documented TimeoutSeconds", async () => {
  const dynamic = await startWait({ TimeLimitSeconds: "$.Attributes.waitSeconds", Events: ["CustomerReturned"] }, "CHAT", { waitSeconds: "45" });
  await dynamic.h.advance(44_999);
  assert.deepEqual(pathOf(dynamic.session.trace), []);
  await dynamic.h.advance(1);
  assert.equal(pathOf(dynamic.session.trace)[0], "wait → Condition: Equals WaitCompleted");

  const documented = await startWait({ TimeoutSeconds: "10" });
  await documented.h.advance(10_000);
  assert.equal(pathOf(documented.session.trace)[0], "wait → Condition: Equals WaitCompleted");

  for (const bad of [{}, { waitSeconds: "0" }, { waitSeconds: "604801" }, { waitSeconds: "1.5" }] as Record<string, string>[]) {
    const broken = await startWait({ TimeLimitSeconds: "$.Attributes.waitSeconds" }, "CHAT", bad);
    assert.equal(pathOf(broken.session.trace)[0], "wait → Error: NoMatchingError", JSON.stringify(bad));
  }
});

test("task: a pure timer — events never fire and no bot is looked for", async () => {
  const { h, contact, session } = await startWait(BOTH, "TASK");
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "customer-returned" }), false);
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "bot-disconnected" }), false);
  await h.advance(899_999);
  assert.deepEqual(pathOf(session.trace), []);
  await h.advance(1);
  assert.equal(pathOf(session.trace)[0], "wait → Condition: Equals WaitCompleted");
});

test("voice: a plain Wait takes NoMatchingError", async () => {
  const { session } = await startWait({ TimeLimitSeconds: "30" }, "VOICE");
  assert.equal(pathOf(session.trace)[0], "wait → Error: NoMatchingError");
  assert.match(stepOf(session.trace, "wait").detail ?? "", /not supported on voice/);
});

test("the contact ending interrupts the wait", async () => {
  const { h, contact, session } = await startWait({ TimeLimitSeconds: "900" });
  await h.runtime.disconnect(contact, "customer left");
  await h.settle();
  assert.deepEqual(pathOf(session.trace), ["wait → Interrupted"]);
  assert.deepEqual(h.clock.pending().filter((t) => t.label.includes("wait")), [], "no timer left behind");
});

// ---- validation -------------------------------------------------------------------

function problemsOf(params: Record<string, unknown>, conditions?: ReturnType<typeof equals>[], errors?: { ErrorType: string; NextAction: string }[]) {
  const action = waitAction(params, conditions);
  if (errors) action.Transitions = { ...action.Transitions, Errors: errors };
  const doc = flowDoc([action, ...ENDPOINTS.map(endpoint), bye], { type: "contactFlow" });
  return loadFlowDocument(doc, "v.json").problems.filter((p) => p.action === "wait");
}
const errorsOf = (...args: Parameters<typeof problemsOf>) => problemsOf(...args).filter((p) => p.severity === "error").map((p) => p.message);
const warningsOf = (...args: Parameters<typeof problemsOf>) => problemsOf(...args).filter((p) => p.severity === "warning").map((p) => p.message);

test("validation: the time limit", () => {
  assert.deepEqual(errorsOf(BOTH), []);
  assert.deepEqual(errorsOf({ TimeLimitSeconds: "$.External.waitSeconds", Events: ["CustomerReturned", "BotParticipantDisconnected"] }), []);
  assert.ok(errorsOf({ Events: ["CustomerReturned"] }).some((m) => /missing required property. Path: Actions\[0\].Parameters.TimeLimitSeconds/.test(m)));
  assert.ok(errorsOf({ ...BOTH, TimeoutSeconds: "5" }).some((m) => /Only one of these properties may be defined. Properties: \[TimeLimitSeconds, TimeoutSeconds\]/.test(m)));
  assert.ok(warningsOf({ TimeoutSeconds: "5", Events: BOTH.Events }).some((m) => /exports use TimeLimitSeconds/.test(m)));
  assert.ok(errorsOf({ ...BOTH, TimeLimitSeconds: "604801" }).some((m) => /above the maximum 604800/.test(m)));
  assert.ok(errorsOf({ ...BOTH, TimeLimitSeconds: "0" }).some((m) => /below the minimum 1/.test(m)));
  assert.ok(errorsOf({ ...BOTH, TimeLimitSeconds: "wait $.Attributes.x" }).some((m) => /single JSONPath/.test(m)));
});

test("validation: events and the conditions they require", () => {
  assert.ok(errorsOf({ TimeLimitSeconds: "5", Events: ["CustomerLeft"] }).some((m) => /"CustomerLeft" is not one of CustomerReturned, BotParticipantDisconnected/.test(m)));
  assert.ok(errorsOf({ TimeLimitSeconds: "5", Events: ["CustomerReturned", "CustomerReturned"] }, [equals("WaitCompleted", "completed"), equals("CustomerReturned", "returned")]).some((m) => /listed twice/.test(m)));
  assert.ok(errorsOf({ TimeLimitSeconds: "5", Events: "$.Attributes.events" }).some((m) => /must be defined statically/.test(m)));
  assert.ok(errorsOf(BOTH, [equals("CustomerReturned", "returned"), equals("BotParticipantDisconnected", "botgone")]).some((m) => /needs a Condition for Equals WaitCompleted/.test(m)));
  assert.ok(errorsOf(BOTH, [equals("WaitCompleted", "completed"), equals("CustomerReturned", "returned")]).some((m) => /needs a Condition for Equals BotParticipantDisconnected/.test(m)));
  assert.ok(errorsOf({ TimeLimitSeconds: "5" }, [equals("WaitCompleted", "completed"), equals("CustomerReturned", "returned")]).some((m) => /CustomerReturned can never happen: Events does not list it/.test(m)));
  assert.ok(errorsOf({ TimeLimitSeconds: "5" }, [equals("WaitCompleted", "completed"), equals("Timeout", "returned")]).some((m) => /"Timeout" can never match/.test(m)));
  assert.ok(errorsOf({ TimeLimitSeconds: "5" }, [equals("WaitCompleted", "completed"), { NextAction: "returned", Condition: { Operator: "TextContains", Operands: ["Wait"] } }]).some((m) => /supports only Equals/.test(m)));
});

test("validation: errors", () => {
  const timerOnly = [equals("WaitCompleted", "completed")];
  assert.ok(warningsOf({ TimeLimitSeconds: "5" }, timerOnly).some((m) => /ParticipantNotFound is only raised/.test(m)));
  assert.ok(warningsOf(BOTH, undefined, [{ ErrorType: "NoMatchingError", NextAction: "error" }]).some((m) => /No ParticipantNotFound branch/.test(m)));
  assert.ok(warningsOf({ TimeLimitSeconds: "5" }, timerOnly, []).some((m) => /No NoMatchingError branch/.test(m)));
  assert.ok(errorsOf({ TimeLimitSeconds: "5" }, timerOnly, [{ ErrorType: "QueueAtCapacity", NextAction: "error" }]).some((m) => /Invalid Action error. Error: QueueAtCapacity/.test(m)));
});
