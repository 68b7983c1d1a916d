import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, loadOk, said, type ActionInput } from "./flow-testing.js";
import type { FlowDocument } from "../flow/model.js";
import { RequestRefused } from "./refusals.js";
import { installInstanceDefaults } from "./instance-defaults.js";
import { addProfile, addUser, queueingFlow } from "./testing-agents.js";
import type { Runtime } from "./runtime.js";

const MUSIC = "Thanks for holding. Your agent will be right back.";
const REMINDER = "Your caller is on hold.";

function publish(rt: Runtime, name: string, doc: FlowDocument) {
  return rt.publish(loadOk(doc, `${name}.json`, { name }), { name });
}

/** A hold flow: one Loop prompts block (a message, then a pause of `pauseSeconds`). */
function holdFlow(rt: Runtime, name: string, type: "customerHold" | "agentHold", text: string, pauseSeconds: number, extra: Partial<ActionInput> = {}) {
  const loop: ActionInput = { Identifier: "loop", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: text }, { SSML: `<speak><break time="${pauseSeconds}s"/></speak>` }] }, ...extra };
  return publish(rt, name, flowDoc([loop], { type }));
}

/** A call connected to agent Ana; `hooks` are set by the inbound flow before it queues the call. */
async function callSetup(hooks: (rt: Runtime) => Record<string, string> = () => ({}), options: { defaults?: boolean; channel?: "VOICE" | "CHAT" } = {}) {
  const h = harness();
  const rt = h.runtime;
  if (options.defaults) installInstanceDefaults(rt);
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Desk", queues: [{ queueId: queue.id, channel: "VOICE" }, { queueId: queue.id, channel: "CHAT" }], concurrency: { VOICE: 1, CHAT: 1 } });
  const ana = addUser(rt, { name: "ana", firstName: "Ana", profile });
  queueingFlow(rt, "inbound", queue.id, hooks(rt));
  const contact = rt.startContact({ channel: options.channel ?? "VOICE", flow: "inbound" });
  await h.settle();
  rt.agents.setStatus(ana.id, rt.agents.available);
  await h.settle();
  rt.lifecycle.accept(ana.id, contact.id);
  await h.settle();
  // A call's agent whisper plays before the call connects.
  if (contact.channel === "VOICE") await h.advance(5_000);
  assert.equal(contact.state, "CONNECTED");
  const session = rt.requireSession(contact.id);
  const heard = () => (rt.agents.slotOf(ana.id, contact.id)?.heard ?? []).map((p) => p.text ?? p.ssml ?? "");
  const count = (list: string[], text: string) => list.filter((t) => t === text).length;
  return { h, rt, ana: ana.id, contact, session, heard, count, queue };
}

function refused(kind: RequestRefused["kind"], message: RegExp) {
  return (err: unknown) => err instanceof RequestRefused && err.kind === kind && message.test(err.message);
}

test("hold: the caller hears the CustomerHold flow, the agent the AgentHold flow, both looping on the clock; resume stops both", async () => {
  const { h, rt, ana, contact, session, heard, count } = await callSetup((rt) => ({
    CustomerHold: holdFlow(rt, "music", "customerHold", MUSIC, 20).id,
    AgentHold: holdFlow(rt, "reminder", "agentHold", REMINDER, 30).id,
  }));
  const before = said(session).length;
  rt.hold.hold(ana, contact.id);
  await h.settle();
  assert.deepEqual(said(session).slice(before), [MUSIC], "the caller hears the hold music at once");
  assert.deepEqual(heard(), [REMINDER], "the agent hears its own hold flow");
  assert.ok(!said(session).includes(REMINDER), "the agent's hold prompts never reach the caller");
  assert.deepEqual(rt.hold.state(contact.id) && { customer: rt.hold.state(contact.id)!.customer, agent: rt.hold.state(contact.id)!.agent }, { customer: true, agent: true });

  // "Thanks for holding. Your agent will be right back." is 9 words (3.6 s), then the pause: 1 s (the least a prompt takes) + 20 s.
  await h.advance(24_599);
  assert.equal(count(said(session), MUSIC), 1);
  await h.advance(1);
  assert.equal(count(said(session), MUSIC), 2, "Loop prompts starts over after the message and the pause");
  await h.advance(59_400);
  assert.equal(count(said(session), MUSIC), 4);
  assert.equal(count(heard(), REMINDER), 3, "the reminder (2 s) and its pause (31 s) loop for the agent");
  assert.equal(rt.hold.agentInitiatedHoldSeconds(contact.id), 84);

  rt.hold.resume(ana, contact.id);
  await h.settle();
  assert.equal(rt.hold.state(contact.id), undefined);
  const heardAtResume = { caller: said(session).length, agent: heard().length };
  await h.advance(10 * 60_000);
  assert.equal(said(session).length, heardAtResume.caller, "nothing plays to the caller after resume");
  assert.equal(heard().length, heardAtResume.agent, "nothing plays to the agent after resume");
  assert.equal(contact.state, "CONNECTED", "the call goes on");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "connected");
  assert.equal(rt.hold.agentInitiatedHoldSeconds(contact.id), 84, "the hold time stops counting at resume");
  const notes = session.trace.filter((s) => s.kind === "note").map((s) => (s.kind === "note" ? s.detail : ""));
  assert.ok(notes.includes("on hold: the customer and the agent (the agent put the call on hold)"), notes.join("\n"));
  assert.ok(notes.includes("off hold (the agent resumed the call)"));
  const flows = session.trace.filter((s) => s.kind === "flow-start").map((s) => (s.kind === "flow-start" ? `${s.flowName}/${s.reason}` : ""));
  assert.ok(flows.includes("music/event-hook:CustomerHold") && flows.includes("reminder/event-hook:AgentHold"), flows.join(", "));

  // A second hold plays the flows from the start again and adds to the hold time.
  rt.hold.hold(ana, contact.id);
  await h.settle();
  assert.equal(said(session).at(-1), MUSIC);
  await h.advance(6_000);
  assert.equal(rt.hold.agentInitiatedHoldSeconds(contact.id), 90);
});

test("hold: with no hold flow set, the instance's default customer and agent hold flows play", async () => {
  const { h, rt, ana, contact, session, heard } = await callSetup(() => ({}), { defaults: true });
  const before = said(session).length;
  rt.hold.hold(ana, contact.id);
  await h.settle();
  assert.deepEqual(said(session).slice(before), ["You are on hold. Please stay on the line."]);
  assert.deepEqual(heard(), ["The customer is on hold."]);
  const flows = session.trace.filter((s) => s.kind === "flow-start").map((s) => (s.kind === "flow-start" ? s.flowName : ""));
  assert.ok(flows.includes("Default customer hold") && flows.includes("Default agent hold"), flows.join(", "));
});

test("hold: a hook naming an unpublished flow plays nothing and says so; a disabled hook plays nothing", async () => {
  const { h, rt, ana, contact, session, heard } = await callSetup(() => ({}), { defaults: true });
  contact.eventHooks.CustomerHold = "arn:aws:connect:us-east-1:111122223333:instance/x/contact-flow/gone";
  contact.disabledHooks.AgentHold = true;
  const before = said(session).length;
  rt.hold.hold(ana, contact.id);
  await h.settle();
  assert.equal(said(session).length, before);
  assert.deepEqual(heard(), []);
  assert.ok(session.trace.some((s) => s.kind === "note" && /the CustomerHold flow ".*gone" is not published/.test(s.detail)));
  assert.ok(rt.hold.state(contact.id)?.customer, "the caller is on hold all the same");
});

test("hold: Loop prompts with an interrupt runs its branch, then End flow / Resume starts the prompts again", async () => {
  const { h, rt, ana, contact, session, count } = await callSetup((rt) => {
    const doc = flowDoc(
      [
        { Identifier: "loop", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: MUSIC }, { SSML: '<speak><break time="60s"/></speak>' }], InterruptFrequencySeconds: "45" }, Transitions: { Conditions: [{ NextAction: "note", Condition: { Operator: "Equals", Operands: ["MessagesInterrupted"] } }], Errors: [{ ErrorType: "NoMatchingError", NextAction: "resume" }] } },
        { Identifier: "note", Type: "UpdateContactAttributes", Parameters: { Attributes: { heldLong: "true" }, TargetContact: "Current" }, Transitions: { NextAction: "resume", Errors: [{ ErrorType: "NoMatchingError", NextAction: "resume" }] } },
        { Identifier: "resume", Type: "EndFlowExecution" },
      ],
      { type: "customerHold" },
    );
    return { CustomerHold: publish(rt, "interrupting", doc).id };
  });
  rt.hold.hold(ana, contact.id);
  await h.settle();
  assert.equal(count(said(session), MUSIC), 1);
  await h.advance(45_000);
  assert.equal(count(said(session), MUSIC), 2, "interrupted at 45 s, resumed, and the prompts started over");
  assert.equal(contact.attributes.heldLong, "true", "the interrupt branch ran");
  await h.advance(45_000);
  assert.equal(count(said(session), MUSIC), 3);
});

test("hold: only a connected call can be held; holding twice or resuming a call not on hold is refused", async () => {
  const { rt, ana, contact } = await callSetup();
  assert.throws(() => rt.hold.resume(ana, contact.id), refused("conflict", /is not on hold/));
  rt.hold.hold(ana, contact.id);
  assert.throws(() => rt.hold.hold(ana, contact.id), refused("conflict", /already on hold/));
  assert.throws(() => rt.hold.hold(ana, "no-such-contact"), refused("not-found", /holds no contact no-such-contact/));
  assert.throws(() => rt.hold.hold("nobody", contact.id), refused("not-found", /no user nobody/));

  const chat = await callSetup(() => ({}), { channel: "CHAT" });
  assert.throws(() => chat.rt.hold.hold(chat.ana, chat.contact.id), refused("invalid", /only calls can be put on hold: contact .* is a chat contact/));
  chat.rt.lifecycle.leave(chat.ana, chat.contact.id);
  await chat.h.settle();
  assert.throws(() => chat.rt.hold.hold(chat.ana, chat.contact.id), refused("invalid", /is a chat contact/), "the channel is checked before the state");
});

test("hold: the agent leaving while the caller is on hold ends the hold and its flows", async () => {
  const { h, rt, ana, contact, session, heard } = await callSetup((rt) => ({
    CustomerHold: holdFlow(rt, "music", "customerHold", MUSIC, 20).id,
    AgentHold: holdFlow(rt, "reminder", "agentHold", REMINDER, 30).id,
  }));
  rt.hold.hold(ana, contact.id);
  await h.settle();
  await h.advance(30_000);
  rt.lifecycle.leave(ana, contact.id);
  await h.settle();
  assert.equal(rt.hold.state(contact.id), undefined);
  assert.equal(contact.state, "ENDED", "a call ends when its agent leaves");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw");
  const counts = { caller: said(session).length, agent: heard().length };
  await h.advance(5 * 60_000);
  assert.deepEqual({ caller: said(session).length, agent: heard().length }, counts, "no hold flow plays on");
  assert.equal(rt.hold.agentInitiatedHoldSeconds(contact.id), 30);
  assert.throws(() => rt.hold.hold(ana, contact.id), refused("conflict", /not connected to contact .*: it is acw/));
});

test("Hold customer or agent drives the same hold on the call the transfer flow came from", async () => {
  const { h, rt, ana, contact, session, heard } = await callSetup((rt) => ({
    CustomerHold: holdFlow(rt, "music", "customerHold", MUSIC, 20).id,
    AgentHold: holdFlow(rt, "reminder", "agentHold", REMINDER, 30).id,
  }));
  const stateFlow = (state: string) =>
    publish(
      rt,
      `set-${state}`,
      flowDoc(
        [
          { Identifier: "hold", Type: "UpdatePreviousContactParticipantState", Parameters: { PreviousContactParticipantState: state }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
          { Identifier: "bye", Type: "DisconnectParticipant" },
        ],
        { type: "agentTransfer" },
      ),
    );
  const run = async (state: string) => {
    const segment = rt.startContact({ channel: "VOICE", flow: stateFlow(state), initiationMethod: "TRANSFER", previousContactId: contact.id });
    await h.settle();
    return rt.requireSession(segment.id);
  };

  const before = said(session).length;
  await run("CustomerOnHold");
  assert.deepEqual(said(session).slice(before), [MUSIC], "the caller of the earlier call hears its hold flow");
  assert.deepEqual(heard(), [], "the agent is not on hold: it talks to the transfer's destination");
  assert.deepEqual({ ...rt.hold.state(contact.id), since: undefined, contactId: undefined }, { contactId: undefined, userId: ana, customer: true, agent: false, since: undefined });

  await run("AgentOnHold");
  assert.deepEqual(heard(), [REMINDER], "now the agent hears the agent hold flow");
  const callerCount = said(session).length;
  await h.advance(60_000);
  assert.equal(said(session).length, callerCount, "and the customer's hold flow stopped");

  const segment = await run("OffHold");
  assert.equal(rt.hold.state(contact.id), undefined);
  const heardCount = heard().length;
  await h.advance(60_000);
  assert.equal(heard().length, heardCount);
  assert.equal(rt.hold.agentInitiatedHoldSeconds(contact.id), undefined, "a flow's hold is not the agent's");
  assert.ok(segment.trace.some((s) => s.kind === "action" && s.actionId === "hold" && s.branch === "Success"));
  assert.ok(session.trace.some((s) => s.kind === "note" && s.detail === `off hold (Hold customer or agent: OffHold (from contact ${segment.contact.id}))`));
});

test("Hold customer or agent with no agent on either call only records the state", async () => {
  const h = harness();
  const doc = flowDoc(
    [
      { Identifier: "hold", Type: "UpdatePreviousContactParticipantState", Parameters: { PreviousContactParticipantState: "CustomerOnHold" }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant" },
    ],
    { type: "contactFlow" },
  );
  h.publish(doc, "alone");
  const { contact, session } = await h.start("alone", { channel: "VOICE" });
  assert.equal(contact.behaviours.participantState, "CustomerOnHold");
  assert.equal(h.runtime.hold.state(contact.id), undefined);
  assert.ok(session.trace.some((s) => s.kind === "note" && /no agent is connected to this call or the one it came from/.test(s.detail)));
});
