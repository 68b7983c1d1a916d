import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, pathOf, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { FlowType } from "../flow-types.js";
import type { Channel } from "../model.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: id }, Transitions: { NextAction: "bye" } });
const startStream: ActionInput = { Identifier: "stream", Type: "StartVoiceIdStream", Transitions: { NextAction: "check", Errors: [{ NextAction: "error", ErrorType: "NoMatchingError" }] } };

function check(option: string, operands: string[]): ActionInput {
  return {
    Identifier: "check",
    Type: "CheckVoiceId",
    Parameters: { CheckVoiceIdOption: option },
    Transitions: {
      NextAction: "error",
      Conditions: operands.map((o) => ({ NextAction: o, Condition: { Operator: "Equals", Operands: [o] } })),
      Errors: [{ NextAction: "error", ErrorType: "NoMatchingError" }],
    },
  };
}

const AUTH = ["Authenticated", "NotAuthenticated", "Inconclusive", "NotEnrolled", "OptedOut"];

async function run(actions: ActionInput[], options: { channel?: Channel; customerId?: string; voiceId?: [string, string] } = {}) {
  const h = harness();
  if (options.voiceId) h.runtime.responders.setVoiceId(...options.voiceId);
  const branches = new Set(actions.flatMap((a) => a.Transitions?.Conditions?.map((c) => c.NextAction) ?? []));
  h.publish(flowDoc([...actions, ...[...branches, "error"].map(say), bye], { type: "contactFlow" }), "voice-id");
  const { session } = await h.start("voice-id", { channel: options.channel ?? "VOICE", customerId: options.customerId });
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "check");
  return { said: said(session), detail: step && step.kind === "action" ? step.detail ?? "" : "", session };
}

test("voice authentication branches on the Voice ID result, NotEnrolled by default", async () => {
  const flow = [startStream, check("voiceAuthentication", AUTH)];
  const byDefault = await run(flow, { customerId: "cust-1" });
  assert.deepEqual(byDefault.said, ["NotEnrolled"]);
  assert.match(byDefault.detail, /Voice ID voiceAuthentication: NotEnrolled \(default\)/);
  assert.deepEqual((await run(flow, { customerId: "cust-1", voiceId: ["voiceAuthentication", "Authenticated"] })).said, ["Authenticated"]);
  assert.deepEqual((await run(flow, { customerId: "cust-1", voiceId: ["voiceAuthentication", "OptedOut"] })).said, ["OptedOut"]);
});

test("fraud detection needs no CustomerId; enrollment status does", async () => {
  const fraud = await run([startStream, check("fraudDetection", ["HighRisk", "LowRisk", "Inconclusive"])], { voiceId: ["fraudDetection", "HighRisk"] });
  assert.deepEqual(fraud.said, ["HighRisk"]);
  const enrollment = await run([startStream, check("enrollmentStatus", ["Enrolled", "NotEnrolled", "OptedOut"])]);
  assert.deepEqual(enrollment.said, ["error"]);
  assert.match(enrollment.detail, /enrollmentStatus acts on a known customer, and the contact has no CustomerId/);
});

test("without Set Voice ID first there is no audio to check: Error branch", async () => {
  const out = await run([check("fraudDetection", ["HighRisk", "LowRisk", "Inconclusive"])]);
  assert.deepEqual(out.said, ["error"]);
  assert.match(out.detail, /StartVoiceIdStream \(Set Voice ID\) has not run/);
});

test("a result with no Condition takes NoMatchingError (the action has no NoMatchingCondition)", async () => {
  const out = await run([startStream, check("voiceAuthentication", ["Authenticated"])], { customerId: "c", voiceId: ["voiceAuthentication", "Inconclusive"] });
  assert.deepEqual(out.said, ["error"]);
  assert.match(out.detail, /no Condition matches the Voice ID result Inconclusive/);
});

test("chat and task contacts take the Error branch of both actions; streaming starts once", async () => {
  for (const channel of ["CHAT", "TASK"] as const) {
    const out = await run([startStream, check("fraudDetection", ["HighRisk", "LowRisk", "Inconclusive"])], { channel });
    assert.deepEqual(out.said, ["error"], channel);
    assert.deepEqual(pathOf(out.session.trace).slice(0, 1), ["stream → Error: NoMatchingError"]);
  }
  const twice: ActionInput = { ...startStream, Identifier: "first", Transitions: { NextAction: "stream" } };
  const out = await run([twice, startStream, check("fraudDetection", ["HighRisk", "LowRisk", "Inconclusive"])]);
  assert.deepEqual(out.said, ["Inconclusive"]);
  const second = out.session.trace.find((s) => s.kind === "action" && s.actionId === "stream");
  assert.ok(second && second.kind === "action");
  assert.match(second.detail ?? "", /already started/);
});

function errorsOf(action: ActionInput, type: FlowType = "CONTACT_FLOW"): string {
  const flow = loadFlowDocument(flowDoc([action, ...AUTH.map(say), say("HighRisk"), say("error"), bye]), "v.json", { flowType: type });
  return flow.problems.filter((p) => p.severity === "error" && p.path.startsWith("Actions[0]")).map((p) => `${p.path}: ${p.message}`).join("\n");
}

test("validation: operands per option, static option, no hold flows", () => {
  assert.equal(errorsOf(check("voiceAuthentication", AUTH)), "");
  assert.match(errorsOf(check("fraudDetection", ["HighRisk", "Authenticated"])), /Conditions\[1\].Condition.Operands\[0\] .*fraudDetection results are HighRisk, LowRisk, Inconclusive; "Authenticated" can never match/);
  assert.match(errorsOf(check("voiceAuthentication", ["Not enrolled"])), /"Not enrolled" can never match/);
  assert.match(errorsOf(check("$.Attributes.option", ["HighRisk"])), /CheckVoiceIdOption \(must be defined statically/);
  assert.match(errorsOf(check("speakerCheck", ["HighRisk"])), /CheckVoiceIdOption \("speakerCheck" is not one of enrollmentStatus, voiceAuthentication, fraudDetection\)/);
  const withDefault = check("voiceAuthentication", AUTH);
  withDefault.Transitions!.Errors!.push({ NextAction: "error", ErrorType: "NoMatchingCondition" });
  assert.match(errorsOf(withDefault), /Invalid Action error. Error: NoMatchingCondition/);
  assert.match(errorsOf(check("voiceAuthentication", AUTH), "AGENT_HOLD"), /Unsupported block type: CheckVoiceId/);
  const stream = { ...startStream, Transitions: { NextAction: "error", Errors: [{ NextAction: "error", ErrorType: "NoMatchingError" }] } };
  assert.match(errorsOf(stream, "CUSTOMER_HOLD"), /Unsupported block type: StartVoiceIdStream/);
  assert.equal(errorsOf(stream, "CUSTOMER_QUEUE"), "");
  assert.match(errorsOf({ ...stream, Parameters: { CheckVoiceIdOption: "fraudDetection" } }), /Invalid Action property name. Path: Actions\[0\].Parameters.CheckVoiceIdOption \(this action takes no parameters\)/);
});
