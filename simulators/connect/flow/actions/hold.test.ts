import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness, pathOf, problemsOf, detailOf, type ActionInput, type Harness } from "../../runtime/flow-testing.js";
import type { Contact } from "../contact.js";
import type { StartContactOptions } from "../../runtime/context.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const failed = { Identifier: "failed", Type: "MessageParticipant", Parameters: { Text: "failed" }, Transitions: { NextAction: "bye" } };
const holdAction = (state: unknown, id = "hold", next = "bye") => ({ Identifier: id, Type: "UpdatePreviousContactParticipantState", Parameters: { PreviousContactParticipantState: state }, Transitions: { NextAction: next, Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } });
const resume = { Identifier: "resume", Type: "ResumeContact", Transitions: { NextAction: "bye", Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } };

/** Starts a contact, letting `prepare` change it before its flow takes its first step. */
async function startWith(h: Harness, options: StartContactOptions, prepare: (c: Contact) => void) {
  const contact = h.runtime.startContact(options);
  prepare(contact);
  await h.settle();
  return { contact, session: h.runtime.requireSession(contact.id) };
}

test("Hold customer or agent records who is on hold; holding the agent needs an agent", async () => {
  const h = harness();
  h.publish(flowDoc([holdAction("AgentOnHold", "hold", "customer"), holdAction("CustomerOnHold", "customer", "off"), holdAction("OffHold", "off"), failed, bye], { type: "agentTransfer" }), "transfer", "AGENT_TRANSFER");
  const withAgent = await startWith(h, { channel: "VOICE", flow: "transfer" }, (c) => (c.agentId = "agent-1"));
  assert.deepEqual(pathOf(withAgent.session.trace).slice(0, 3), ["hold → Success", "customer → Success", "off → Success"]);
  assert.equal(withAgent.contact.behaviours.participantState, "OffHold");
  const changes = withAgent.session.trace.flatMap((s) => (s.kind === "action" ? (s.changes ?? []) : []));
  assert.deepEqual(changes.map((c) => `${c.from}→${c.to}`), ["undefined→AgentOnHold", "AgentOnHold→CustomerOnHold", "CustomerOnHold→OffHold"]);

  const previous = h.runtime.startContact({ channel: "VOICE", flow: "transfer" });
  previous.agentId = "agent-2";
  await h.settle();
  const viaPrevious = await h.start("transfer", { channel: "VOICE", previousContactId: previous.id });
  assert.equal(pathOf(viaPrevious.session.trace)[0], "hold → Success", "the agent of the contact it was transferred from");

  const noAgent = await h.start("transfer", { channel: "VOICE" });
  assert.equal(pathOf(noAgent.session.trace)[0], "hold → Error: NoMatchingError");
  assert.match(detailOf(noAgent.session.trace, "hold") ?? "", /no agent on this contact/);
  assert.equal(noAgent.contact.behaviours.participantState, undefined);

  const chat = await startWith(h, { channel: "CHAT", flow: "transfer" }, (c) => (c.agentId = "agent-1"));
  assert.match(detailOf(chat.session.trace, "hold") ?? "", /not supported on the CHAT channel/);
});

test("load: the hold state is one of three static values; inbound and transfer flows", () => {
  const errors = (a: ActionInput, type = "contactFlow") => problemsOf([a, failed, bye], type).filter((p) => p.startsWith("error"));
  assert.deepEqual(errors(holdAction("CustomerOnHold")), []);
  assert.match(errors(holdAction("BothOnHold")).join("\n"), /"BothOnHold" is not one of AgentOnHold, CustomerOnHold, OffHold/);
  assert.match(errors(holdAction("$.Attributes.state")).join("\n"), /must be defined statically/);
  assert.match(errors({ ...holdAction("OffHold"), Parameters: {} }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.PreviousContactParticipantState/);
  assert.match(errors(holdAction("OffHold"), "customerQueue").join("\n"), /Unsupported block type: UpdatePreviousContactParticipantState/);
  assert.deepEqual(errors(holdAction("OffHold"), "queueTransfer"), []);
  assert.match(problemsOf([holdAction("OffHold"), failed, bye], "outboundWhisper").join("\n"), /warning Actions\[0\].Type: UpdatePreviousContactParticipantState in an Outbound whisper flow/);
});

test("Resume contact resumes a paused contact; one that is not paused takes the Error branch", async () => {
  const h = harness();
  h.publish(flowDoc([resume, failed, bye], { type: "contactFlow" }), "resume");
  const paused = await startWith(h, { channel: "TASK", flow: "resume" }, (c) => (c.behaviours.paused = true));
  assert.equal(pathOf(paused.session.trace)[0], "resume → Success");
  assert.equal(paused.contact.behaviours.paused, false);
  const running = await h.start("resume", { channel: "TASK" });
  assert.equal(pathOf(running.session.trace)[0], "resume → Error: NoMatchingError");
  assert.match(detailOf(running.session.trace, "resume") ?? "", /not paused/);

  assert.match(problemsOf([{ ...resume, Parameters: { ContactId: "x" } }, failed, bye]).join("\n"), /Invalid Action property name. Path: Actions\[0\].Parameters.ContactId \(this action takes no parameters\)/);
  assert.deepEqual(problemsOf([resume, failed, bye], "agentWhisper").filter((p) => p.startsWith("error")), []);
});
