import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./flow-testing.js";
import { addProfile, addUser, queueingFlow } from "./testing-agents.js";
import { ENDED_CONTACTS_KEPT } from "./ended-contacts.js";
import { CLIENT_TOKENS_KEPT } from "./client-tokens.js";

function chats() {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Chat", queues: [{ queueId: queue.id, channel: "CHAT" }], concurrency: { CHAT: 1 } });
  const agent = addUser(rt, { name: "ana", profile });
  const flow = queueingFlow(rt, "to-support", queue.id);
  const start = () => rt.startChat({ flow, displayName: "Customer", waitForCustomer: true });
  return { h, rt, agent, start };
}

test("chats whose customer never connects add no listener, whether they end or not", async () => {
  const { h, rt, start } = chats();
  const listeners = rt.events.listenerCount;
  const waiting = Array.from({ length: 500 }, () => start().contact);
  await h.settle();
  assert.equal(rt.events.listenerCount, listeners);
  assert.ok(waiting.every((c) => c.state === "INITIATED"), "their flows wait for the customer");
  for (const c of waiting.slice(0, 250)) await rt.disconnect(c, "test: stopped");
  await h.advance(5 * 60_000);
  assert.equal(rt.events.listenerCount, listeners);
  assert.ok(waiting.slice(250).every((c) => c.state === "QUEUED"), "the rest ran their flows at the connect deadline");
  assert.ok(h.clock.pending().every((t) => !t.label.includes("waiting for the customer")), "no deadline is left behind");
});

test("a chat's ClientTokens go when it ends; others are bounded in count", async () => {
  const { h, rt, start } = chats();
  const { contact, customer } = start();
  const send = (token: string) => rt.clientTokens.idempotent(`${customer.id} SendMessage`, token, token, () => rt.chats.send(contact.id, customer.id, "text/plain", token), () => contact.id);
  for (let i = 0; i < 100; i++) send(`m${i}`);
  assert.equal(send("m7").Content, "m7", "a retry gets the first answer");
  assert.equal(rt.clientTokens.size, 100);
  await rt.disconnect(contact, "test: over");
  assert.equal(rt.clientTokens.size, 0);
  for (let i = 0; i < CLIENT_TOKENS_KEPT + 100; i++) rt.clientTokens.idempotent("StartChatContact", `t${i}`, "same", () => i);
  assert.equal(rt.clientTokens.size, CLIENT_TOKENS_KEPT);
  assert.equal(rt.clientTokens.idempotent("StartChatContact", `t${CLIENT_TOKENS_KEPT + 99}`, "same", () => -1), CLIENT_TOKENS_KEPT + 99);
  await h.settle();
});

test("ended contacts beyond the most recent ones are released everywhere; one still in after-contact work waits", async () => {
  const { h, rt, agent, start } = chats();
  rt.agents.setStatus(agent.id, rt.agents.available);
  const first = start().contact;
  rt.chatConnections.connect(rt.chats.joined(first.id, "CUSTOMER")[0], { websocket: false, credentials: true, acknowledge: true });
  await h.settle();
  rt.lifecycle.accept(agent.id, first.id);
  await h.settle();
  await rt.disconnect(first, "test: the customer left");
  assert.equal(rt.agents.slotOf(agent.id, first.id)?.state, "acw");

  const later = Array.from({ length: ENDED_CONTACTS_KEPT + 50 }, () => start().contact);
  for (const c of later) await rt.disconnect(c, "test: over");
  assert.equal(rt.allSessions().length, ENDED_CONTACTS_KEPT);
  for (const c of later.slice(0, 51)) assert.deepEqual([rt.findContact(c.id), rt.chats.get(c.id), rt.routing.peek(c.id)], [undefined, undefined, undefined]);
  assert.equal(rt.findContact(first.id), first, "the oldest, but still held by the agent");
  assert.equal(rt.findContact(later[51].id), later[51]);

  rt.lifecycle.completeAcw(agent.id, first.id);
  for (let i = 0; i < ENDED_CONTACTS_KEPT; i++) await rt.disconnect(start().contact, "test: over");
  assert.equal(rt.findContact(first.id), undefined, "released once the agent let go and newer ones came");
  assert.equal(rt.allSessions().length, ENDED_CONTACTS_KEPT);
});

test("more contacts in after-contact work than are kept: they stay, the others go, and no end looks at all of them", async () => {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Chat", queues: [{ queueId: queue.id, channel: "CHAT" }], concurrency: { CHAT: 10 } });
  const flow = queueingFlow(rt, "to-support", queue.id);
  const agents = Array.from({ length: 30 }, (_, i) => addUser(rt, { name: `agent-${i}`, profile, available: true }));
  const start = () => rt.startChat({ flow, displayName: "Customer" }).contact;
  const served = Array.from({ length: 300 }, start);
  await h.settle();
  for (const a of agents) for (const slot of [...rt.agents.state(a.id)!.slots.values()]) rt.lifecycle.accept(a.id, slot.contactId);
  await h.settle();
  let looks = 0;
  const holdersOf = rt.agents.holdersOf.bind(rt.agents);
  rt.agents.holdersOf = (contactId) => (looks++, holdersOf(contactId));
  for (const c of served) await rt.disconnect(c, "test: the customer left");
  const unserved = Array.from({ length: 100 }, start);
  for (const c of unserved) await rt.disconnect(c, "test: over");
  assert.ok(looks <= 3 * (served.length + unserved.length), `each end looks at a few contacts, not at every held one (${looks} looks for ${served.length + unserved.length} ends)`);
  assert.ok(served.every((c) => rt.findContact(c.id) === c), "all 300 are still in after-contact work");
  assert.ok(unserved.every((c) => rt.findContact(c.id) === undefined), "with more held than are kept, the others go at once");

  for (const a of agents) for (const slot of [...rt.agents.state(a.id)!.slots.values()]) rt.lifecycle.completeAcw(a.id, slot.contactId);
  for (let i = 0; i < served.length + ENDED_CONTACTS_KEPT; i++) await rt.disconnect(start(), "test: over");
  assert.ok(served.every((c) => rt.findContact(c.id) === undefined), "released once their agents let go and newer ones came");
  assert.equal(rt.allSessions().length, ENDED_CONTACTS_KEPT);
});
