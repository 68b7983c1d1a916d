import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness, pathOf, problemsOf, type Harness } from "../../runtime/flow-testing.js";
import type { TraceStep } from "../trace.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string) => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: id }, Transitions: { NextAction: "bye" } });
const ALL_ERRORS = [
  { NextAction: "timeout", ErrorType: "ConnectionTimeLimitExceeded" },
  { NextAction: "call-failed", ErrorType: "CallFailed" },
  { NextAction: "error", ErrorType: "NoMatchingError" },
];
const transfer = (params: Record<string, unknown>, errors = ALL_ERRORS) => ({
  Identifier: "transfer",
  Type: "TransferParticipantToThirdParty",
  Parameters: { ThirdPartyPhoneNumber: "$.Attributes.number", ThirdPartyConnectionTimeLimitSeconds: "30", ContinueFlowExecution: "True", ...params },
  Transitions: { NextAction: "after", Errors: errors },
});
const rest = [say("after"), say("timeout"), say("call-failed"), say("error"), bye];
const voice = { channel: "VOICE" as const, systemEndpoint: { Address: "+18005550199", Type: "TELEPHONE_NUMBER" } };

function stepOf(trace: TraceStep[], actionId: string) {
  const step = trace.find((s) => s.kind === "action" && s.actionId === actionId);
  return step && step.kind === "action" ? step : undefined;
}

function spyTransfers(h: Harness) {
  const calls: { phoneNumber: string; timeoutSeconds: number; continueFlow: boolean; callerId?: string }[] = [];
  const original = h.runtime.transferToPhoneNumber.bind(h.runtime);
  h.runtime.transferToPhoneNumber = (contact, request, signal) => {
    calls.push(request);
    return original(contact, request, signal);
  };
  return calls;
}

test("with ContinueFlowExecution the flow waits for the third party to hang up, then goes on", async () => {
  const h = harness();
  const calls = spyTransfers(h);
  h.publish(flowDoc([transfer({ CallerId: { Number: "$.SystemEndpoint.Address", Name: "Front desk" }, ThirdPartyDTMFDigits: "$.Attributes.ext" }), ...rest], { type: "contactFlow" }), "flow");
  const { contact, session } = await h.start("flow", { ...voice, attributes: { number: "+12065550123", ext: "1234#" } });
  assert.deepEqual(pathOf(session.trace), [], "the transfer block is still on the call");
  assert.equal(contact.state, "IN_FLOW");
  await h.advance(60_000 + 5_000); // the third party's call, then the next prompt
  assert.deepEqual(pathOf(session.trace).slice(0, 2), ["transfer → Success", "after → Success"]);
  const step = stepOf(session.trace, "transfer")!;
  assert.equal(step.waitedMs, 60_000);
  assert.match(step.detail ?? "", /sends 1234# once the third party answers; caller name "Front desk"; \+12065550123 hung up/);
  assert.deepEqual(calls, [{ phoneNumber: "+12065550123", timeoutSeconds: 30, continueFlow: true, callerId: "+18005550199" }]);
});

test("no answer within the time limit and a failed call take their own errors", async () => {
  const h = harness();
  h.runtime.responders.setPhoneTransfer("+12065550100", { outcome: "timeout" });
  h.runtime.responders.setPhoneTransfer("+12065550111", { outcome: "failed" });
  h.publish(flowDoc([transfer({ ThirdPartyConnectionTimeLimitSeconds: "20" }), ...rest], { type: "contactFlow" }), "flow");
  const timeout = await h.start("flow", { ...voice, attributes: { number: "+12065550100" } });
  await h.advance(20_000 + 5_000); // no answer, then the prompt about it
  assert.deepEqual(pathOf(timeout.session.trace).slice(0, 2), ["transfer → Error: ConnectionTimeLimitExceeded", "timeout → Success"]);
  assert.equal(stepOf(timeout.session.trace, "transfer")?.waitedMs, 20_000);
  const failedCall = await h.start("flow", { ...voice, attributes: { number: "+12065550111" } });
  await h.advance(5_000);
  assert.deepEqual(pathOf(failedCall.session.trace).slice(0, 2), ["transfer → Error: CallFailed", "call-failed → Success"]);
});

test("without ContinueFlowExecution a connected call ends the flow; a failure takes NoMatchingError", async () => {
  const h = harness();
  h.runtime.responders.setPhoneTransfer("+12065550111", { outcome: "failed" });
  const calls = spyTransfers(h);
  h.publish(flowDoc([transfer({ ContinueFlowExecution: "False" }, [ALL_ERRORS[2]]), ...rest], { type: "contactFlow" }), "flow");
  const connected = await h.start("flow", { ...voice, attributes: { number: "+12065550123" } });
  assert.deepEqual(pathOf(connected.session.trace), ["transfer → End: transferred"]);
  assert.deepEqual(connected.session.trace.filter((s) => s.kind === "flow-end").map((s) => (s.kind === "flow-end" ? s.reason : "")), ["transferred"]);
  assert.equal(calls[0].continueFlow, false);
  const failedCall = await h.start("flow", { ...voice, attributes: { number: "+12065550111" } });
  await h.advance(5_000);
  assert.deepEqual(pathOf(failedCall.session.trace).slice(0, 2), ["transfer → Error: NoMatchingError", "error → Success"]);
  assert.match(stepOf(failedCall.session.trace, "transfer")?.detail ?? "", /the call to \+12065550111 failed/);
});

test("bad numbers, bad digits and non-voice contacts take NoMatchingError without calling anyone", async () => {
  const h = harness();
  const calls = spyTransfers(h);
  h.publish(flowDoc([transfer({ ThirdPartyDTMFDigits: "$.Attributes.ext" }), ...rest], { type: "contactFlow" }), "flow");
  const placeholder = await h.start("flow", { ...voice, attributes: { number: "+1{{phoneNumber}}", ext: "1" } });
  assert.match(stepOf(placeholder.session.trace, "transfer")?.detail ?? "", /"\+1\{\{phoneNumber\}\}" is not an E.164 phone number/);
  const digits = await h.start("flow", { ...voice, attributes: { number: "+12065550123", ext: "12a" } });
  assert.match(stepOf(digits.session.trace, "transfer")?.detail ?? "", /DTMF digits "12a"/);
  const chat = await h.start("flow", { channel: "CHAT", attributes: { number: "+12065550123", ext: "1" } });
  assert.match(stepOf(chat.session.trace, "transfer")?.detail ?? "", /not supported on the CHAT channel/);
  assert.equal(calls.length, 0);
});

test("the former ThirdPartyConnectionTimeoutSeconds still sets the ring time, with a warning", async () => {
  const h = harness();
  h.runtime.responders.setPhoneTransfer("*", { outcome: "timeout" });
  const old = transfer({ ThirdPartyConnectionTimeLimitSeconds: undefined, ThirdPartyConnectionTimeoutSeconds: "10" });
  assert.match(problemsOf([old, ...rest]).join("\n"), /warning .*ThirdPartyConnectionTimeoutSeconds is the former name/);
  h.publish(flowDoc([old, ...rest], { type: "contactFlow" }), "flow");
  const { session } = await h.start("flow", { ...voice, attributes: { number: "+12065550123" } });
  await h.advance(10_000);
  assert.equal(stepOf(session.trace, "transfer")?.branch, "Error: ConnectionTimeLimitExceeded");
  assert.equal(stepOf(session.trace, "transfer")?.waitedMs, 10_000);
});

test("load: transfer to phone number parameters and errors", () => {
  const errors = (params: Record<string, unknown>, errs = ALL_ERRORS, type = "contactFlow") => problemsOf([transfer(params, errs), ...rest], type).filter((p) => p.startsWith("error"));
  // Shapes from the rules-engine and experience-builder exports.
  assert.deepEqual(errors({ ThirdPartyPhoneNumber: "$.External.CurrentRule_externalNumber", ThirdPartyDTMFDigits: "$.External.CurrentRule_dtmf", CallerId: { Number: "$.SystemEndpoint.Address" } }), []);
  assert.deepEqual(errors({ ThirdPartyPhoneNumber: "+1{{phoneNumber}}", ContinueFlowExecution: "False" }, [ALL_ERRORS[2]]), []);
  assert.match(problemsOf([transfer({ ThirdPartyPhoneNumber: "+1{{phoneNumber}}" }), ...rest]).join("\n"), /warning .*"\+1\{\{phoneNumber\}\}" is not an E.164 phone number/);
  const cfeFalse = errors({ ContinueFlowExecution: "False" });
  assert.match(cfeFalse.join("\n"), /Invalid Action error. Error: ConnectionTimeLimitExceeded.*only when ContinueFlowExecution is True/);
  assert.match(cfeFalse.join("\n"), /Invalid Action error. Error: CallFailed/);
  assert.match(errors({ ThirdPartyConnectionTimeoutSeconds: "10" }).join("\n"), /Only one of these properties may be defined. Properties: \[ThirdPartyConnectionTimeLimitSeconds, ThirdPartyConnectionTimeoutSeconds\]/);
  assert.match(errors({ ThirdPartyConnectionTimeLimitSeconds: "601" }).join("\n"), /601 is above the maximum 600/);
  assert.match(errors({ ContinueFlowExecution: "$.Attributes.c" }).join("\n"), /ContinueFlowExecution \(must be defined statically/);
  assert.match(errors({ ThirdPartyDTMFDigits: "12a" }).join("\n"), /50 or fewer characters from the digits/);
  assert.match(errors({ ThirdPartyDTMFDigits: "1".repeat(51) }).join("\n"), /50 or fewer characters/);
  assert.match(errors({ CallerId: { Number: "+18005550199", Country: "US" } }).join("\n"), /Invalid Action property name. Path: Actions\[0\].Parameters.CallerId.Country/);
  assert.match(errors({ ThirdPartyPhoneNumber: undefined }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.ThirdPartyPhoneNumber/);
  assert.match(errors({}, ALL_ERRORS, "customerHold").join("\n"), /Unsupported block type: TransferParticipantToThirdParty/);
  assert.deepEqual(errors({}, ALL_ERRORS, "customerQueue").filter((p) => p.startsWith("error Actions[0]")), []);
});
