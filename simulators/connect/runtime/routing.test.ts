import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./flow-testing.js";
import type { Channel } from "../flow/model.js";
import { addProfile, addUser, queueingFlow } from "./testing-agents.js";
import { DEFAULT_OFFER_TIMEOUT_MS } from "./routing.js";
import type { Runtime } from "./runtime.js";

/** Contacts each agent holds, as `state:contactId` lists by username. */
function slots(rt: Runtime): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of rt.agents.all()) out[rt.agents.user(a.userId)!.name] = [...a.slots.values()].map((s) => `${s.state}:${s.contactId}`);
  return out;
}

async function setup(concurrency: Partial<Record<Channel, number>>, options: { anyChannel?: Channel[]; agents?: string[] } = {}) {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Agents", queues: (Object.keys(concurrency) as Channel[]).map((channel) => ({ queueId: queue.id, channel })), concurrency, anyChannel: options.anyChannel });
  const users = (options.agents ?? ["ana"]).map((name) => addUser(rt, { name, profile }));
  queueingFlow(rt, "to-support", queue.id);
  const start = async (channel: Channel) => {
    const c = rt.startContact({ channel, flow: "to-support" });
    await h.settle();
    return c;
  };
  return { h, rt, queue, profile, users, start };
}

test("an Available agent is offered a queued contact; an Offline one is not", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 1 });
  const chat = await start("CHAT");
  assert.equal(chat.state, "QUEUED", "nobody is Available: the contact waits");
  assert.deepEqual(slots(rt), { ana: [] });
  rt.agents.setStatus(users[0].id, rt.agents.available);
  await h.settle();
  assert.deepEqual(slots(rt), { ana: [`offered:${chat.id}`] });
  assert.equal(chat.state, "CONNECTING", "ringing at the agent");
});

test("media concurrency: two chats at once, the third waits until a slot is free", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 2 });
  rt.agents.setStatus(users[0].id, rt.agents.available);
  const [a, b, c] = [await start("CHAT"), await start("CHAT"), await start("CHAT")];
  assert.deepEqual(slots(rt).ana, [`offered:${a.id}`, `offered:${b.id}`]);
  assert.equal(c.state, "QUEUED");
  rt.lifecycle.accept(users[0].id, a.id);
  await h.settle();
  assert.equal(a.state, "CONNECTED");
  await rt.disconnect(a, "test: the customer left");
  assert.equal(c.state, "QUEUED", "after-contact work still holds the slot");
  rt.lifecycle.completeAcw(users[0].id, a.id);
  await h.settle();
  assert.deepEqual(slots(rt).ana, [`offered:${b.id}`, `offered:${c.id}`]);
});

test("cross-channel (seed 002): an agent on a call is offered a task only when voice allows other channels", async () => {
  for (const anyChannel of [[], ["VOICE"]] as Channel[][]) {
    const { h, rt, users, start } = await setup({ VOICE: 1, TASK: 1 }, { anyChannel });
    rt.agents.setStatus(users[0].id, rt.agents.available);
    const call = await start("VOICE");
    rt.lifecycle.accept(users[0].id, call.id);
    await h.settle();
    assert.equal(call.state, "CONNECTED");
    const task = await start("TASK");
    if (anyChannel.length === 0) {
      assert.equal(task.state, "QUEUED", "ROUTE_CURRENT_CHANNEL_ONLY: the task waits while the agent is on the call");
      assert.match(rt.agents.whyNot(rt.agents.state(users[0].id)!, "TASK")!, /VOICE does not allow other channels/);
    } else {
      assert.equal(task.state, "CONNECTING", "ROUTE_ANY_CHANNEL: the task is offered during the call");
    }
  }
});

test("priorities: routing-profile queue priority, then contact priority, then routing age with its adjustment", async () => {
  const h = harness();
  const rt = h.runtime;
  const high = rt.addQueue({ name: "High" });
  const low = rt.addQueue({ name: "Low" });
  const profile = addProfile(rt, { name: "P", queues: [{ queueId: low.id, channel: "CHAT", priority: 2 }, { queueId: high.id, channel: "CHAT", priority: 1 }], concurrency: { CHAT: 1 } });
  const ana = addUser(rt, { name: "ana", profile });
  queueingFlow(rt, "to-high", high.id);
  queueingFlow(rt, "to-low", low.id);
  const inLow = rt.startContact({ channel: "CHAT", flow: "to-low" });
  await h.advance(1000);
  const oldHigh = rt.startContact({ channel: "CHAT", flow: "to-high" });
  await h.advance(1000);
  const urgentHigh = rt.startContact({ channel: "CHAT", flow: "to-high" });
  await h.advance(1000);
  const adjustedHigh = rt.startContact({ channel: "CHAT", flow: "to-high" });
  await h.settle();
  urgentHigh.queuePriority = 2;
  oldHigh.queuePriority = 3;
  adjustedHigh.queuePriority = 2;
  adjustedHigh.queueTimeAdjustmentSeconds = 60;
  const order: string[] = [];
  rt.agents.setStatus(ana.id, rt.agents.available);
  for (let i = 0; i < 4; i++) {
    await h.settle();
    const offered = [...rt.agents.state(ana.id)!.slots.values()].find((s) => s.state === "offered")!;
    order.push(offered.contactId);
    rt.lifecycle.accept(ana.id, offered.contactId);
    await h.settle();
    await rt.disconnect(rt.findContact(offered.contactId)!, "done");
    rt.lifecycle.completeAcw(ana.id, offered.contactId);
  }
  assert.deepEqual(order, [adjustedHigh.id, urgentHigh.id, oldHigh.id, inLow.id], "queue priority 1 first; within it QueuePriority 2 before 3, and the 60 s adjustment makes the newest contact the oldest");
});

test("a routing-profile delay keeps a contact from that profile's agents until it has waited long enough", async () => {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Overflow" });
  const profile = addProfile(rt, { name: "Backup", queues: [{ queueId: queue.id, channel: "CHAT", delay: 30 }], concurrency: { CHAT: 1 } });
  const ana = addUser(rt, { name: "ana", profile, available: true });
  queueingFlow(rt, "to-overflow", queue.id);
  const chat = rt.startContact({ channel: "CHAT", flow: "to-overflow" });
  await h.settle();
  await h.advance(29_000);
  assert.equal(chat.state, "QUEUED");
  await h.advance(1_000);
  assert.equal(rt.agents.slotOf(ana.id, chat.id)?.state, "offered", "offered once 30 s in queue");
});

test("the agent waiting longest is offered first, and contacts alternate between agents", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 2 }, { agents: ["ana", "ben"] });
  rt.agents.setStatus(users[1].id, rt.agents.available);
  await h.advance(1000);
  rt.agents.setStatus(users[0].id, rt.agents.available);
  const [a, b, c] = [await start("CHAT"), await start("CHAT"), await start("CHAT")];
  assert.deepEqual(slots(rt), { ana: [`offered:${b.id}`], ben: [`offered:${a.id}`, `offered:${c.id}`] });
});

test("an unanswered offer is missed after the offer timeout: Missed agent, contact offered to the next agent", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 1 }, { agents: ["ana", "ben"] });
  rt.agents.setStatus(users[0].id, rt.agents.available);
  await h.advance(1000);
  rt.agents.setStatus(users[1].id, rt.agents.available);
  const chat = await start("CHAT");
  assert.equal(rt.agents.slotOf(users[0].id, chat.id)?.state, "offered");
  await h.advance(DEFAULT_OFFER_TIMEOUT_MS - 1);
  assert.equal(rt.agents.slotOf(users[0].id, chat.id)?.state, "offered", "still ringing just before the timeout");
  await h.advance(1);
  assert.equal(rt.agents.state(users[0].id)!.error?.name, "Missed");
  assert.equal(rt.agents.slotOf(users[1].id, chat.id)?.state, "offered");
  assert.equal(rt.liveMetrics(rt.findQueue("Support")!).agents.Missed, 1);
  rt.agents.setStatus(users[0].id, rt.agents.available);
  assert.equal(rt.agents.state(users[0].id)!.error, undefined, "setting a status clears Missed");
});

test("the offer timeout is configurable per channel", async () => {
  const { h, rt, users, start } = await setup({ TASK: 1 });
  rt.routing.offerTimeoutMs.TASK = 5_000;
  rt.agents.setStatus(users[0].id, rt.agents.available);
  const task = await start("TASK");
  await h.advance(5_000);
  assert.equal(rt.agents.slotOf(users[0].id, task.id), undefined);
  assert.equal(task.state, "QUEUED");
});

test("a rejected contact goes back to the queue and to another agent, not back to the one that rejected it", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 1 }, { agents: ["ana", "ben"] });
  rt.agents.setStatus(users[0].id, rt.agents.available);
  const chat = await start("CHAT");
  rt.lifecycle.reject(users[0].id, chat.id);
  await h.settle();
  assert.equal(chat.state, "QUEUED");
  assert.equal(rt.agents.state(users[0].id)!.error, undefined, "rejecting is not missing");
  assert.deepEqual(slots(rt), { ana: [], ben: [] });
  rt.agents.setStatus(users[1].id, rt.agents.available);
  await h.settle();
  assert.deepEqual(slots(rt), { ana: [], ben: [`offered:${chat.id}`] });
  assert.throws(() => rt.lifecycle.reject(users[0].id, chat.id), /holds no contact/);
});

test("a status set while handling a contact becomes the next status; offers still ringing go back to the queue", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 2 });
  const ana = users[0].id;
  rt.agents.setStatus(ana, rt.agents.available);
  const [a, b] = [await start("CHAT"), await start("CHAT")];
  rt.lifecycle.accept(ana, a.id);
  await h.settle();
  rt.agents.setStatus(ana, rt.agents.offline);
  assert.equal(rt.agents.state(ana)!.status.name, "Available");
  assert.equal(rt.agents.state(ana)!.nextStatus?.name, "Offline");
  assert.equal(b.state, "QUEUED", "the ringing offer went back");
  const c = await start("CHAT");
  assert.equal(c.state, "QUEUED", "no new offers with a next status pending");
  await rt.disconnect(a, "done");
  rt.lifecycle.completeAcw(ana, a.id);
  assert.equal(rt.agents.state(ana)!.status.name, "Offline", "applied once the last contact is cleared");
});

test("agent queues: a contact sent to one agent waits for that agent, before any profile queue", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 1 }, { agents: ["ana", "ben"] });
  const agentQueue = rt.findAgentQueue(rt.agents.user(users[1].id)!.arn)!;
  assert.equal(agentQueue.arn, `${rt.instance.arn}/queue/agent/${users[1].id}`);
  assert.equal(rt.findQueue(agentQueue.arn)?.agentId, users[1].id, "flows address it by ARN");
  queueingFlow(rt, "to-ben", agentQueue.arn);
  const general = await start("CHAT");
  const forBen = rt.startContact({ channel: "CHAT", flow: "to-ben" });
  await h.settle();
  rt.agents.setStatus(users[0].id, rt.agents.available);
  await h.settle();
  assert.deepEqual(slots(rt), { ana: [`offered:${general.id}`], ben: [] }, "ana never gets ben's contact");
  rt.agents.setStatus(users[1].id, rt.agents.available);
  await h.settle();
  assert.deepEqual(slots(rt).ben, [`offered:${forBen.id}`]);
});

test("queue metrics count agents by state", async () => {
  const { h, rt, users, start } = await setup({ CHAT: 1 }, { agents: ["ana", "ben", "cy"] });
  const lunch = rt.agents.addStatus({ name: "Lunch" });
  rt.agents.setStatus(users[0].id, rt.agents.available);
  rt.agents.setStatus(users[1].id, rt.agents.available);
  rt.agents.setStatus(users[2].id, lunch);
  const chat = await start("CHAT");
  const queue = rt.findQueue("Support")!;
  const offeredTo = rt.routing.peek(chat.id)!.offeredTo!;
  rt.lifecycle.accept(offeredTo, chat.id);
  await h.settle();
  assert.deepEqual(rt.liveMetrics(queue, "CHAT").agents, { Online: 3, Available: 1, Staffed: 2, AfterContactWork: 0, Busy: 1, Missed: 0, NonProductive: 1 });
  await rt.disconnect(chat, "done");
  assert.equal(rt.liveMetrics(queue).agents.AfterContactWork, 1);
  assert.equal(rt.liveMetrics(queue).agents.Busy, 0);
});

test("auto-accept (PhoneConfig.AutoAccept) connects calls at once; chats still wait for an accept", async () => {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Lines" });
  const profile = addProfile(rt, { name: "P", queues: [{ queueId: queue.id, channel: "VOICE" }, { queueId: queue.id, channel: "CHAT" }], concurrency: { VOICE: 1, CHAT: 1 }, anyChannel: ["VOICE", "CHAT"] });
  const ana = addUser(rt, { name: "ana", profile, autoAccept: true, available: true });
  queueingFlow(rt, "to-lines", queue.id);
  const call = rt.startContact({ channel: "VOICE", flow: "to-lines" });
  await h.settle();
  assert.equal(call.state, "CONNECTED");
  assert.equal(rt.agents.slotOf(ana.id, call.id)?.state, "connected");
  const chat = rt.startContact({ channel: "CHAT", flow: "to-lines" });
  await h.settle();
  assert.equal(rt.agents.slotOf(ana.id, chat.id)?.state, "offered");
});
