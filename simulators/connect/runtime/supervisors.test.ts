import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./flow-testing.js";
import { ChatError, EVENT, type ChatItem } from "./chat.js";
import { RequestRefused } from "./refusals.js";
import type { TimerSetting } from "./chat-timers.js";
import { addProfile, addUser, queueingFlow, requeueOnReturnFlow } from "./testing-agents.js";

const MIN = 60_000;

/** A chat with agent Ana connected, a supervisor Sam, and every item with who it reached (as the gateway delivers them). */
async function chatSetup(options: { connect?: boolean; timers?: TimerSetting[] } = {}) {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Chat", queues: [{ queueId: queue.id, channel: "CHAT" }, { queueId: queue.id, channel: "VOICE" }], concurrency: { CHAT: 2, VOICE: 1 } });
  const ana = addUser(rt, { name: "ana", firstName: "Ana", profile }).id;
  const sam = addUser(rt, { name: "sam", firstName: "Sam", profile }).id;
  // The disconnect flow keeps the chat going when the agent leaves.
  queueingFlow(rt, "inbound", queue.id, { CustomerRemaining: requeueOnReturnFlow(rt, queue.id, { name: "after the agent", tell: "The agent has left the chat" }).id });
  const delivered: { item: ChatItem; to: string[] }[] = [];
  rt.events.on((e) => {
    if (e.type === "chat.item") delivered.push({ item: e.item, to: e.to ?? rt.chats.joined(e.contactId).map((p) => p.id) });
  });
  const { contact, customer } = rt.startChat({ flow: "inbound", displayName: "Carla" });
  await h.settle();
  if (options.timers) rt.chatTimers.configure(contact.id, options.timers);
  let agentId = "";
  if (options.connect !== false) {
    rt.agents.setStatus(ana, rt.agents.available);
    await h.settle();
    rt.lifecycle.accept(ana, contact.id);
    await h.settle();
    agentId = rt.agents.slotOf(ana, contact.id)!.participantId!;
  }
  const inbox = (participantId: string) => delivered.filter((d) => d.to.includes(participantId)).map((d) => d.item);
  const about = (items: ChatItem[], participantId: string) => items.filter((i) => i.ParticipantId === participantId).map((i) => i.Type === "MESSAGE" ? `message: ${i.Content}` : i.ContentType.split(".").pop());
  return { h, rt, ana, sam, contact, customer, agentId, delivered, inbox, about };
}

function refused(kind: RequestRefused["kind"], message: RegExp) {
  return (err: unknown) => err instanceof RequestRefused && err.kind === kind && message.test(err.message);
}

function chatRefused(kind: ChatError["kind"], message?: RegExp) {
  return (err: unknown) => err instanceof ChatError && err.kind === kind && (!message || message.test(err.message));
}

test("monitoring is silent: the supervisor receives the chat, nobody else learns it is there, and it cannot write", async () => {
  const { rt, sam, contact, customer, agentId, inbox, about } = await chatSetup();
  const supervisor = rt.supervisors.monitor(sam, contact.id);
  assert.equal(supervisor.role, "SUPERVISOR");
  assert.equal(supervisor.displayName, "Sam");
  assert.equal(rt.chatConnections.authorizeParticipant(supervisor.participantToken), supervisor, "its token opens connections like any participant's");
  assert.deepEqual(rt.supervisors.monitoringOf(sam).map((m) => [m.contactId, m.participantId, m.mode]), [[contact.id, supervisor.id, "silent"]]);

  rt.chats.send(contact.id, customer.id, "text/plain", "My invoice is wrong");
  const answer = rt.chats.send(contact.id, agentId, "text/plain", "Let me check");
  assert.deepEqual(about(inbox(supervisor.id), customer.id), ["message: My invoice is wrong"], "the supervisor sees the customer");
  assert.deepEqual(about(inbox(supervisor.id), agentId), ["message: Let me check"], "and the agent");
  assert.deepEqual(about(inbox(customer.id), supervisor.id), [], "the customer hears nothing of the supervisor");
  assert.deepEqual(about(inbox(agentId), supervisor.id), [], "nor does the agent");
  assert.ok(!rt.chats.get(contact.id)!.items.some((i) => i.ParticipantId === supervisor.id), "nor the transcript");

  assert.throws(() => rt.chats.send(contact.id, supervisor.id, "text/plain", "Hello"), chatRefused("access-denied", /monitors chat .* silently/));
  assert.throws(() => rt.chatAttachments.start(supervisor, { name: "a.png", contentType: "image/png", size: 10 }), chatRefused("access-denied"));
  rt.chats.sendEvent(contact.id, supervisor.id, EVENT.typing, undefined);
  assert.deepEqual(about(inbox(customer.id), supervisor.id), [], "its typing reaches no one else");
  assert.deepEqual(about(inbox(supervisor.id), supervisor.id), ["typing"]);

  // Receipts between customer and agent still work (two active participants), and the supervisor's go nowhere.
  rt.chats.sendEvent(contact.id, customer.id, EVENT.read, JSON.stringify({ messageId: answer.Id }));
  assert.equal(inbox(agentId).filter((i) => i.Type === "MESSAGEMETADATA").length, 1, "the agent gets the customer's read receipt");
  rt.chats.sendEvent(contact.id, supervisor.id, EVENT.delivered, JSON.stringify({ messageId: answer.Id }));
  assert.equal(inbox(agentId).filter((i) => i.Type === "MESSAGEMETADATA").length, 1);
  assert.deepEqual(answer.MessageMetadata?.Receipts?.map((r) => r.RecipientParticipantId), [customer.id]);

  // Leaving silently: only the supervisor hears it.
  rt.supervisors.stop(sam, contact.id);
  assert.equal(supervisor.state, "left");
  assert.deepEqual(about(inbox(supervisor.id), supervisor.id), ["typing", "left"]);
  assert.deepEqual(about(inbox(customer.id), supervisor.id), []);
  assert.deepEqual(rt.supervisors.monitoringOf(sam), []);
  assert.equal(contact.state, "CONNECTED", "the chat goes on");
  assert.throws(() => rt.chatConnections.authorizeParticipant(supervisor.participantToken), chatRefused("access-denied"));
});

test("barging in: everyone sees the supervisor join, the customer gets its messages, receipts are refused", async () => {
  const { rt, sam, contact, customer, agentId, inbox, about } = await chatSetup();
  const supervisor = rt.supervisors.monitor(sam, contact.id);
  const question = rt.chats.send(contact.id, customer.id, "text/plain", "Can I speak to a manager?");
  assert.equal(rt.supervisors.barge(sam, contact.id), supervisor);
  assert.equal(rt.supervisors.monitoringOf(sam)[0].mode, "barge");
  rt.chats.send(contact.id, supervisor.id, "text/plain", "Hi Carla, I'm Sam, the team lead");
  for (const who of [customer.id, agentId, supervisor.id]) assert.deepEqual(about(inbox(who), supervisor.id), ["joined", "message: Hi Carla, I'm Sam, the team lead"], who);
  assert.deepEqual(
    rt.chats.get(contact.id)!.items.filter((i) => i.ParticipantId === supervisor.id).map((i) => [i.Type, i.ParticipantRole]),
    [["EVENT", "SUPERVISOR"], ["MESSAGE", "SUPERVISOR"]],
    "the join and the message are in the transcript",
  );
  assert.throws(() => rt.chats.sendEvent(contact.id, agentId, EVENT.read, JSON.stringify({ messageId: question.Id })), chatRefused("conflict", /supervisor is barged in/));
  assert.throws(() => rt.supervisors.barge(sam, contact.id), refused("conflict", /already barged in/));

  rt.supervisors.stop(sam, contact.id);
  assert.deepEqual(about(inbox(customer.id), supervisor.id).at(-1), "left", "a barged-in supervisor leaves for all to see");
  rt.chats.sendEvent(contact.id, agentId, EVENT.read, JSON.stringify({ messageId: question.Id }));
  assert.equal(inbox(customer.id).filter((i) => i.Type === "MESSAGEMETADATA").length, 1, "receipts work again once the supervisor has left");
});

test("monitoring needs a live chat with an agent in it, a user who is not that agent, and once per user", async () => {
  const waiting = await chatSetup({ connect: false });
  assert.throws(() => waiting.rt.supervisors.monitor(waiting.sam, waiting.contact.id), refused("conflict", /no agent is in chat/));

  const { rt, ana, sam, contact, h } = await chatSetup();
  assert.throws(() => rt.supervisors.monitor(ana, contact.id), refused("conflict", /ana is the agent on chat/));
  assert.throws(() => rt.supervisors.monitor("nobody", contact.id), refused("not-found", /no user nobody/));
  assert.throws(() => rt.supervisors.monitor(sam, "no-such-contact"), refused("not-found", /no contact no-such-contact/));
  assert.throws(() => rt.supervisors.barge(sam, contact.id), refused("not-found", /sam does not monitor chat/));
  assert.throws(() => rt.supervisors.stop(sam, contact.id), refused("not-found", /sam does not monitor chat/));
  rt.supervisors.monitor(sam, contact.id);
  assert.throws(() => rt.supervisors.monitor(sam, contact.id), refused("conflict", /already monitors/));

  const call = rt.startContact({ channel: "VOICE", flow: "inbound" });
  await h.settle();
  assert.throws(() => rt.supervisors.monitor(sam, call.id), refused("invalid", /a voice contact: flowsim simulates monitoring chats only/));

  await rt.disconnect(contact, "the test ends the chat");
  assert.deepEqual(rt.supervisors.monitoringOf(sam), [], "the chat's end ends the monitoring");
  assert.throws(() => rt.supervisors.monitor(sam, contact.id), refused("conflict", /has ended/));
});

test("auto-disconnection takes a silent supervisor along with the agent, unannounced; the supervisor never sees its own", async () => {
  const { h, rt, ana, sam, contact, customer, agentId, inbox, about } = await chatSetup({ timers: [{ role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 2 }] });
  const supervisor = rt.supervisors.monitor(sam, contact.id);
  await h.advance(2 * MIN);
  assert.equal(supervisor.state, "left", "the supervisor was disconnected");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw", "with the agent");
  assert.ok(!contact.ended && customer.state === "joined", "the customer stays, with the disconnect flow");
  assert.deepEqual(about(inbox(customer.id), agentId).slice(-2), ["autodisconnection", "left"], "the customer is told the agent was disconnected");
  assert.deepEqual(about(inbox(customer.id), supervisor.id), [], "and nothing about a supervisor it never knew of");
  assert.ok(!inbox(supervisor.id).some((i) => i.ContentType === EVENT.autoDisconnection), "the supervisor, leaving, sees no auto-disconnection");
  assert.deepEqual(about(inbox(supervisor.id), supervisor.id), ["left"]);
  assert.deepEqual(rt.supervisors.monitoringOf(sam), []);
});

test("auto-disconnection of a barged-in supervisor is announced to the customer", async () => {
  const { h, rt, ana, sam, contact, customer, inbox, about } = await chatSetup({ timers: [{ role: "AGENT", type: "DISCONNECT_NONCUSTOMER", minutes: 3 }] });
  const supervisor = rt.supervisors.monitor(sam, contact.id);
  rt.supervisors.barge(sam, contact.id);
  await h.advance(3 * MIN);
  assert.equal(supervisor.state, "left");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw");
  assert.deepEqual(about(inbox(customer.id), supervisor.id), ["joined", "autodisconnection", "left"]);
  assert.ok(!inbox(supervisor.id).some((i) => i.ContentType === EVENT.autoDisconnection));
});
