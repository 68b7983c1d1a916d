import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, bySeverity, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { StartContactOptions } from "../../runtime/context.js";
import type { OutboundCallRecord } from "./outbound.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: id }, Transitions: { NextAction: "bye" } });
const STATUSES = ["CallAnswered", "VoicemailBeep", "VoicemailNoBeep", "NotDetected"];
const progress: ActionInput = {
  Identifier: "progress",
  Type: "CheckOutboundCallStatus",
  Transitions: {
    NextAction: "error",
    Conditions: STATUSES.map((s) => ({ NextAction: s, Condition: { Operator: "Equals", Operands: [s] } })),
    Errors: [{ NextAction: "error", ErrorType: "NoMatchingError" }],
  },
};
const dial = (params: Record<string, unknown> = {}, next = "dialled"): ActionInput => ({ Identifier: "dial", Type: "CompleteOutboundCall", Parameters: params, Transitions: { NextAction: next } });

async function run(actions: ActionInput[], options: Partial<StartContactOptions>, status?: string) {
  const h = harness();
  if (status) h.runtime.responders.setOutboundCallStatus(status);
  h.publish(flowDoc([...actions, ...[...STATUSES, "dialled", "error"].map(say), bye], { type: "contactFlow" }), "outbound");
  const { contact, session } = await h.start("outbound", { channel: "VOICE", ...options });
  const end = session.trace.find((s) => s.kind === "flow-end");
  return { contact, said: said(session), session, end: end && end.kind === "flow-end" ? end : undefined };
}

test("call progress on an outbound campaign call: CallAnswered by default, or what the scenario says", async () => {
  assert.deepEqual((await run([progress], { initiationMethod: "API" })).said, ["CallAnswered"]);
  assert.deepEqual((await run([progress], { initiationMethod: "API" }, "VoicemailBeep")).said, ["VoicemailBeep"]);
  assert.deepEqual((await run([progress], { initiationMethod: "OUTBOUND" }, "NotDetected")).said, ["NotDetected"]);
});

test("call progress on an inbound call, a callback or a chat takes the Error branch", async () => {
  for (const options of [{ initiationMethod: "INBOUND" }, { initiationMethod: "CALLBACK" }, { channel: "CHAT", initiationMethod: "API" }] as const) {
    const out = await run([progress], options);
    assert.deepEqual(out.said, ["error"], JSON.stringify(options));
  }
  const inbound = await run([progress], { initiationMethod: "INBOUND" });
  const step = inbound.session.trace.find((s) => s.kind === "action" && s.actionId === "progress");
  assert.ok(step && step.kind === "action");
  assert.match(step.detail ?? "", /only known for outbound campaign calls; this contact's initiation method is INBOUND/);
});

test("Call phone number dials the customer of an outbound contact once, with the caller ID it resolves", async () => {
  const out = await run([dial({ CallerId: { Number: "$.Attributes.callerId" } })], {
    initiationMethod: "OUTBOUND",
    customerEndpoint: { Address: "+15550100", Type: "TELEPHONE_NUMBER" },
    attributes: { callerId: "+15550199" },
  });
  assert.deepEqual(out.said, ["dialled"]);
  const record = out.contact.behaviours.outboundCall as OutboundCallRecord;
  assert.equal(record.callerId, "+15550199");
  assert.equal(record.actionId, "dial");
  const step = out.session.trace.find((s) => s.kind === "action" && s.actionId === "dial");
  assert.ok(step && step.kind === "action");
  assert.match(step.detail ?? "", /dialled \+15550100 showing caller ID \+15550199/);

  const again = await run([{ ...dial({}, "dial2") }, { ...dial(), Identifier: "dial2" }], { initiationMethod: "CALLBACK" });
  assert.equal(again.end?.reason, "unhandled-error");
  assert.match(again.end?.detail ?? "", /CompleteOutboundCall raised NoMatchingError \(the outbound call was already placed by dial at/);
});

test("Call phone number with a voice connector checks the dynamic time limit", async () => {
  const connector = { VoiceConnectorType: "ChimeConnector", VoiceConnectorArn: "arn:aws:chime:us-east-1:123456789012:vc/abc", ToUser: "$.Attributes.to" };
  const ok = await run([dial({ VoiceConnector: connector, ConnectionTimeLimitSeconds: "$.Attributes.limit" })], { initiationMethod: "API", attributes: { to: "sip-user", limit: "45" } });
  assert.deepEqual(ok.said, ["dialled"]);
  const record = ok.contact.behaviours.outboundCall as OutboundCallRecord;
  assert.equal(record.voiceConnector?.ToUser, "sip-user");
  assert.equal(record.connectionTimeLimitSeconds, 45);
  const bad = await run([dial({ VoiceConnector: connector, ConnectionTimeLimitSeconds: "$.Attributes.limit" })], { initiationMethod: "API", attributes: { limit: "900" } });
  assert.match(bad.end?.detail ?? "", /ConnectionTimeLimitSeconds \$.Attributes.limit is not a whole number of seconds from 1 to 600/);
});

test("Call phone number on an inbound call or a chat has nothing to dial: the flow stops and says why", async () => {
  const inbound = await run([dial()], { initiationMethod: "INBOUND" });
  assert.deepEqual(inbound.said, []);
  assert.equal(inbound.end?.reason, "unhandled-error");
  assert.match(inbound.end?.detail ?? "", /there is no outbound call to place: this contact's initiation method is INBOUND/);
  const chat = await run([dial()], { channel: "CHAT", initiationMethod: "API" });
  assert.match(chat.end?.detail ?? "", /not supported on the CHAT channel/);
});

function problems(action: ActionInput) {
  const flow = loadFlowDocument(flowDoc([action, ...[...STATUSES, "dialled", "error"].map(say), bye]), "o.json", { flowType: "OUTBOUND_WHISPER" });
  return bySeverity(flow.problems.filter((p) => p.path.startsWith("Actions[0]")));
}

test("validation of both actions", () => {
  assert.equal(problems(progress).errors, "");
  const wrong = structuredClone(progress);
  wrong.Transitions!.Conditions![0].Condition.Operands = ["Answered"];
  assert.match(problems(wrong).errors, /CheckOutboundCallStatus results are CallAnswered, VoicemailBeep, VoicemailNoBeep, NotDetected; "Answered" can never match/);
  const noError = structuredClone(progress);
  delete noError.Transitions!.Errors;
  assert.match(problems(noError).errors, /missing required error. Error: NoMatchingError/);

  assert.equal(problems(dial({ CallerId: { Number: "+15550100" } })).errors, "");
  assert.match(problems(dial({ CallerId: { Number: "+1 $.Attributes.n" } })).errors, /CallerId.Number \(must be static or a single JSONPath/);
  assert.match(problems(dial({ CallerId: { Number: "+1", Name: "Shop" } })).errors, /Invalid Action property name. Path: Actions\[0\].Parameters.CallerId.Name/);
  assert.match(problems(dial({ VoiceConnector: { VoiceConnectorType: "SipTrunk", VoiceConnectorArn: "arn" } })).errors, /VoiceConnectorType \("SipTrunk" is not one of ChimeConnector\)/);
  assert.match(problems(dial({ VoiceConnector: { VoiceConnectorType: "ChimeConnector" } })).errors, /missing required property. Path: Actions\[0\].Parameters.VoiceConnector.VoiceConnectorArn/);
  assert.match(problems(dial({ VoiceConnector: { VoiceConnectorType: "ChimeConnector", VoiceConnectorArn: "a" }, ConnectionTimeLimitSeconds: "700" })).errors, /700 is above the maximum 600/);
  assert.match(problems(dial({ ConnectionTimeLimitSeconds: "30" })).warnings, /only used with a VoiceConnector/);
  const withErrors = dial();
  withErrors.Transitions!.Errors = [{ NextAction: "error", ErrorType: "NoMatchingError" }];
  assert.match(problems(withErrors).errors, /Invalid Action error. Error: NoMatchingError.*CompleteOutboundCall can raise no errors/);
});
