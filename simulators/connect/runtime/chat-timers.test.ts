import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, loadOk, pathOf, said, type ActionInput } from "./flow-testing.js";
import { ChatError, EVENT, type ChatItem } from "./chat.js";
import { MAX_TIMER_MINUTES, MIN_TIMER_MINUTES, type TimerSetting } from "./chat-timers.js";
import { addProfile, addUser, queueingFlow, requeueOnReturnFlow } from "./testing-agents.js";
import type { Runtime } from "./runtime.js";

const MIN = 60_000;
const TIMER_EVENTS: string[] = [EVENT.idle, EVENT.returned, EVENT.autoDisconnection];

function waitAction(seconds: number, events: ("CustomerReturned" | "BotParticipantDisconnected")[] = []): ActionInput {
  return {
    Identifier: "wait",
    Type: "Wait",
    Parameters: { TimeLimitSeconds: String(seconds), ...(events.length ? { Events: events } : {}) },
    Transitions: {
      NextAction: "end",
      Conditions: [
        { NextAction: "expired", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } },
        ...events.map((e) => ({ NextAction: e === "CustomerReturned" ? "returned" : "bot-left", Condition: { Operator: "Equals", Operands: [e] } })),
      ],
      Errors: [
        { ErrorType: "NoMatchingError", NextAction: "end" },
        ...(events.includes("BotParticipantDisconnected") ? [{ ErrorType: "ParticipantNotFound", NextAction: "end" }] : []),
      ],
    },
  };
}

const say = (id: string, text: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: "end", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } });

/** A chat whose flow sits in one Wait (a day by default), with every chat item recorded. */
function setup(wait = waitAction(86_400)) {
  const h = harness(5);
  const rt = h.runtime;
  const doc = flowDoc([wait, say("expired", "Time expired"), say("returned", "Customer returned"), say("bot-left", "The bot left"), { Identifier: "end", Type: "DisconnectParticipant" }], { type: "contactFlow" });
  const flow = rt.publish(loadOk(doc, "timers.json", { flowType: "CONTACT_FLOW" }), { name: "timers" });
  const { contact, customer } = rt.startChat({ flow, displayName: "Cust" });
  const sent: { item: ChatItem; to?: string[] }[] = [];
  rt.events.on((e) => {
    if (e.type === "chat.item") sent.push({ item: e.item, to: e.to });
  });
  const timerEvents = () => sent.filter((s) => TIMER_EVENTS.includes(s.item.ContentType)).map((s) => ({ type: s.item.ContentType.split(".").pop(), about: s.item.ParticipantId, role: s.item.ParticipantRole, to: s.to, at: Date.parse(s.item.AbsoluteTime) }));
  const configure = (...settings: TimerSetting[]) => rt.chatTimers.configure(contact.id, settings);
  return { h, rt, contact, customer, sent, timerEvents, configure, session: rt.requireSession(contact.id) };
}

function refusal(kind: ChatError["kind"], message?: RegExp) {
  return (err: unknown) => err instanceof ChatError && err.kind === kind && (!message || message.test(err.message));
}

test("bounds: 2 and 480 minutes are accepted, anything else (or a fraction) is refused", () => {
  const { configure, rt, contact } = setup();
  assert.equal(MIN_TIMER_MINUTES, 2);
  assert.equal(MAX_TIMER_MINUTES, 480);
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "AGENT", type: "IDLE", minutes: 480 });
  for (const minutes of [1, 481, 0, -5, 2.5]) {
    assert.throws(() => configure({ role: "CUSTOMER", type: "IDLE", minutes }), refusal("invalid", /from 2 to 480/), `${minutes}`);
  }
  assert.deepEqual(rt.chatTimers.configuration(contact.id), { CUSTOMER: { IDLE: 2 }, AGENT: { IDLE: 480 } }, "refused requests change nothing");
});

test("the 2-minute idle timer fires at 2 minutes exactly, the 480-minute one at 480, on virtual time", async () => {
  const { h, rt, contact, customer, configure, timerEvents } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "AGENT", type: "IDLE", minutes: 480 });
  const t0 = h.clock.now();
  const agent = rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  const wall = Date.now();
  await h.advance(2 * MIN - 1);
  assert.deepEqual(timerEvents(), []);
  await h.advance(1);
  await h.advance(478 * MIN - 1);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about, e.at - t0]), [["idle", customer.id, 2 * MIN]]);
  await h.advance(1);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about, e.at - t0]), [["idle", customer.id, 2 * MIN], ["idle", agent.id, 480 * MIN]]);
  assert.ok(Date.now() - wall < 2000, "eight virtual hours cost no wall time");
  assert.equal(customer.idle && agent.idle, true);
});

test("timers wait for an agent: with the customer alone nothing runs", async () => {
  const { h, rt, contact, configure, timerEvents } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 2 });
  await h.advance(60 * MIN);
  assert.deepEqual(timerEvents(), []);
  assert.deepEqual(rt.chatTimers.running(contact.id), []);
  assert.equal(rt.chatTimers.inForce(contact.id), undefined);
});

test("idle first, then auto-disconnect: the disconnect timer starts only once the customer is idle; the agent leaves and does not see it", async () => {
  const { h, rt, contact, customer, configure, timerEvents, sent } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 3 });
  const t0 = h.clock.now();
  const agent = rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  assert.deepEqual(rt.chatTimers.running(contact.id).map((r) => [r.role, r.type, r.dueAt - t0]), [["CUSTOMER", "IDLE", 2 * MIN]]);
  await h.advance(2 * MIN);
  const idle = timerEvents();
  assert.equal(idle.length, 1);
  assert.equal(idle[0].type, "idle");
  assert.equal(idle[0].about, customer.id);
  assert.equal(idle[0].role, "CUSTOMER");
  assert.equal(idle[0].to, undefined, "the idle event goes to every participant's sockets");
  assert.deepEqual(rt.chatTimers.running(contact.id).map((r) => [r.role, r.type, r.dueAt - t0]), [["CUSTOMER", "DISCONNECT_NONCUSTOMER", 5 * MIN]]);
  await h.advance(3 * MIN - 1);
  assert.equal(agent.state, "joined", "3 minutes after idle, not 3 after the join");
  sent.length = 0;
  await h.advance(1);
  assert.deepEqual(
    sent.map((s) => [s.item.ContentType, s.item.ParticipantId, s.to]),
    [
      [EVENT.autoDisconnection, agent.id, [customer.id]],
      [EVENT.left, agent.id, undefined],
    ],
  );
  assert.equal(agent.state, "left");
  assert.equal(customer.state, "joined");
  assert.deepEqual(rt.chatTimers.running(contact.id), [], "no agent, no timers");
  await h.advance(60 * MIN);
  assert.equal(timerEvents().filter((e) => e.type === "autodisconnection").length, 1);
});

test("only an auto-disconnect timer set: it starts at once, with no idle event", async () => {
  const { h, rt, contact, configure, timerEvents } = setup();
  configure({ role: "AGENT", type: "DISCONNECT_NONCUSTOMER", minutes: 4 });
  const agent = rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  await h.advance(4 * MIN - 1);
  assert.equal(agent.state, "joined");
  await h.advance(1);
  assert.equal(agent.state, "left");
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about]), [["autodisconnection", agent.id]]);
});

test("a message resets its sender's timers only; an idle sender returns (returned before the message)", async () => {
  const { h, rt, contact, customer, configure, timerEvents, sent } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "AGENT", type: "IDLE", minutes: 3 });
  const agent = rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  await h.advance(1.5 * MIN);
  rt.chats.send(contact.id, customer.id, "text/plain", "still here");
  await h.advance(1.5 * MIN - 1);
  assert.deepEqual(timerEvents(), [], "the customer's clock restarted at 1.5 min; the agent's runs to 3");
  await h.advance(1);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about]), [["idle", agent.id]], "the customer's message did not reset the agent");
  await h.advance(0.5 * MIN);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about]), [["idle", agent.id], ["idle", customer.id]]);
  sent.length = 0;
  rt.chats.send(contact.id, agent.id, "text/plain", "are you there?");
  assert.deepEqual(sent.map((s) => [s.item.ContentType, s.item.ParticipantId]), [[EVENT.returned, agent.id], ["text/plain", agent.id]]);
  assert.equal(agent.idle, false);
  assert.equal(customer.idle, true, "still idle: only their own message ends it");
  await h.advance(3 * MIN);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about]), [["returned", agent.id], ["idle", agent.id]], "the returned agent's idle timer ran again");
});

test("an attachment counts as a message: it resets the timers and ends idleness", async () => {
  const { h, rt, contact, customer, configure, timerEvents } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 2 });
  const agent = rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  await h.advance(2 * MIN);
  assert.equal(customer.idle, true);
  const a = rt.chatAttachments.start(customer, { name: "a.txt", contentType: "text/plain", size: 2 });
  rt.chatAttachments.upload(a.id, a.uploadToken, "text/plain", Buffer.from("hi"));
  rt.chatAttachments.complete(customer, a.id);
  assert.equal(customer.idle, false);
  await h.advance(2 * MIN - 1);
  assert.equal(agent.state, "joined", "the auto-disconnect timer stopped; idle runs again from the attachment");
  assert.deepEqual(timerEvents().map((e) => e.type), ["idle", "returned"]);
});

test("no timer event is stored in the transcript", async () => {
  const { h, rt, contact, customer, configure, timerEvents } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 2 });
  rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  await h.advance(2 * MIN);
  rt.chats.send(contact.id, customer.id, "text/plain", "back");
  await h.advance(4 * MIN);
  assert.deepEqual(timerEvents().map((e) => e.type), ["idle", "returned", "idle", "autodisconnection"]);
  const stored = rt.chats.get(contact.id)!.items.map((i) => i.ContentType);
  assert.ok(!stored.some((t) => TIMER_EVENTS.includes(t)), stored.join(", "));
  assert.ok(stored.includes(EVENT.left), "the agent leaving is in the transcript");
});

test("the configuration at the join applies while the agent stays; an update waits for the next agent", async () => {
  const { h, rt, contact, customer, configure, timerEvents } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 });
  const t1 = h.clock.now();
  const first = rt.chats.join(contact.id, { role: "AGENT", displayName: "First" });
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 10 }, { role: "AGENT", type: "DISCONNECT_NONCUSTOMER", minutes: 5 });
  assert.deepEqual(rt.chatTimers.inForce(contact.id), { CUSTOMER: { IDLE: 2 }, AGENT: {} });
  assert.deepEqual(rt.chatTimers.configuration(contact.id), { CUSTOMER: { IDLE: 10 }, AGENT: { DISCONNECT_NONCUSTOMER: 5 } });
  await h.advance(6 * MIN);
  assert.equal(first.state, "joined", "the stored agent timer does not apply to the agent already there");
  assert.deepEqual(timerEvents().map((e) => [e.type, e.at - t1]), [["idle", 2 * MIN]]);
  rt.chats.send(contact.id, customer.id, "text/plain", "hello?");
  rt.chats.leave(contact.id, first.id, "transferred");
  assert.deepEqual(rt.chatTimers.running(contact.id), [], "timers stop when the agent leaves");
  await h.advance(30 * MIN);
  assert.deepEqual(timerEvents().map((e) => e.type), ["idle", "returned"], "nothing runs between agents");
  const t2 = h.clock.now();
  const second = rt.chats.join(contact.id, { role: "AGENT", displayName: "Second" });
  assert.deepEqual(rt.chatTimers.inForce(contact.id), { CUSTOMER: { IDLE: 10 }, AGENT: { DISCONNECT_NONCUSTOMER: 5 } });
  await h.advance(5 * MIN);
  assert.equal(second.state, "left", "the new agent gets the updated configuration");
  await h.advance(10 * MIN);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about, e.at - t2]), [
    ["idle", customer.id, 2 * MIN - (t2 - t1)],
    ["returned", customer.id, 6 * MIN - (t2 - t1)],
    ["autodisconnection", second.id, 5 * MIN],
  ], "and after the new agent was disconnected the customer's timers stopped too");
});

test("each agent or custom participant joining starts a new interaction; someone still idle is not announced twice", async () => {
  const { h, rt, contact, customer, configure, timerEvents } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 });
  const t0 = h.clock.now();
  const agent = rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  await h.advance(1 * MIN);
  rt.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  await h.advance(2 * MIN - 1);
  assert.deepEqual(timerEvents(), [], "the bot's join restarted the customer's timer at 1 min");
  await h.advance(1);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.at - t0]), [["idle", 3 * MIN]]);
  configure({ role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 2 });
  rt.chats.join(contact.id, { role: "SUPERVISOR", displayName: "Sup" });
  assert.deepEqual(rt.chatTimers.inForce(contact.id), { CUSTOMER: { IDLE: 2 }, AGENT: {} }, "a supervisor joining is no new interaction");
  const next = rt.chats.join(contact.id, { role: "AGENT", displayName: "Next" });
  await h.advance(2 * MIN);
  assert.equal(customer.idle, true);
  assert.deepEqual(timerEvents().map((e) => e.type), ["idle"], "still idle from before: no second idle event");
  assert.equal(next.state, "joined");
  await h.advance(2 * MIN);
  assert.deepEqual([agent.state, next.state], ["left", "left"], "but the idle expiry started the auto-disconnect timer");
});

test("Unset removes one timer; pairs a request does not name stay as they were", () => {
  const { configure, rt, contact } = setup();
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 3 }, { role: "AGENT", type: "IDLE", minutes: 4 });
  configure({ role: "CUSTOMER", type: "IDLE", minutes: "unset" }, { role: "AGENT", type: "DISCONNECT_NONCUSTOMER", minutes: 6 });
  assert.deepEqual(rt.chatTimers.configuration(contact.id), { CUSTOMER: {}, AGENT: { IDLE: 4, DISCONNECT_NONCUSTOMER: 6 } });
});

test("refusals: duplicates, unknown contacts, contacts that are not chats, ended chats", async () => {
  const { configure, rt, contact, h } = setup();
  assert.throws(() => configure({ role: "AGENT", type: "IDLE", minutes: 3 }, { role: "AGENT", type: "IDLE", minutes: "unset" }), refusal("invalid", /AGENT with TimerType IDLE more than once/));
  assert.deepEqual(rt.chatTimers.configuration(contact.id), { CUSTOMER: {}, AGENT: {} });
  assert.throws(() => rt.chatTimers.configure("no-such-contact", []), refusal("not-found", /Contact not found/));
  const taskContact = rt.startContact({ channel: "TASK", flow: "timers" });
  assert.throws(() => rt.chatTimers.configure(taskContact.id, []), refusal("not-found", /is a task contact/));
  await rt.disconnect(contact, "test");
  await h.settle();
  assert.throws(() => configure({ role: "AGENT", type: "IDLE", minutes: 3 }), refusal("invalid", /has ended/));
});

test("auto-disconnect takes every participant but the customer; the supervisor and the bot leave with the agent", async () => {
  const { h, rt, contact, customer, configure, timerEvents } = setup();
  configure({ role: "AGENT", type: "IDLE", minutes: 2 }, { role: "AGENT", type: "DISCONNECT_NONCUSTOMER", minutes: 2 });
  const agent = rt.chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  const supervisor = rt.chats.join(contact.id, { role: "SUPERVISOR", displayName: "Sup" });
  const bot = rt.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  // The bot joining began a new interaction: the agent's timers restart from there.
  await h.advance(2 * MIN);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about]), [["idle", agent.id]]);
  rt.chats.send(contact.id, customer.id, "text/plain", "the customer talking changes nothing for the agent");
  await h.advance(2 * MIN);
  assert.deepEqual(
    timerEvents().slice(1).map((e) => [e.type, e.about, e.to]),
    [agent, supervisor, bot].map((p) => ["autodisconnection", p.id, [customer.id]]),
  );
  assert.deepEqual([agent.state, supervisor.state, bot.state, customer.state], ["left", "left", "left", "joined"]);
});

test("custom bot: the customer's auto-disconnect timer disconnects it and a Wait for the bot takes BotParticipantDisconnected", async () => {
  const { h, rt, contact, configure, session, timerEvents } = setup(waitAction(86_400, ["BotParticipantDisconnected"]));
  configure({ role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 3 });
  const bot = rt.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  await h.settle();
  assert.deepEqual(session.inputs.waiting().map((w) => w.accept), [["bot-disconnected"]], "the flow waits for the bot");
  await h.advance(3 * MIN);
  assert.equal(bot.state, "left");
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about]), [["autodisconnection", bot.id]]);
  assert.deepEqual(pathOf(session.trace), ["wait → Condition: Equals BotParticipantDisconnected", "bot-left → Success", "end → End: disconnected"]);
  assert.deepEqual(said(session), ["The bot left"]);
});

test("custom bot: with the Wait for the customer, the bot is disconnected and the flow keeps waiting", async () => {
  const { h, rt, contact, configure, session, timerEvents } = setup(waitAction(3600, ["CustomerReturned"]));
  configure({ role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 3 });
  const bot = rt.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  await h.settle();
  await h.advance(3 * MIN);
  assert.equal(bot.state, "left");
  assert.deepEqual(timerEvents().map((e) => e.type), ["autodisconnection"]);
  assert.deepEqual(pathOf(session.trace), [], "the Wait is still on");
  assert.deepEqual(session.inputs.waiting().map((w) => w.accept), [["customer-returned"]]);
  await h.advance(57 * MIN);
  assert.deepEqual(pathOf(session.trace).slice(0, 1), ["wait → Condition: Equals WaitCompleted"], "it ends on its own time");
});

test("idle expiry during a Wait does not take the Wait's time-expired branch: nothing else happens", async () => {
  const { h, rt, contact, customer, configure, session, timerEvents } = setup(waitAction(600, ["CustomerReturned"]));
  configure({ role: "CUSTOMER", type: "IDLE", minutes: 2 });
  const bot = rt.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  await h.settle();
  await h.advance(2 * MIN);
  assert.deepEqual(timerEvents().map((e) => [e.type, e.about]), [["idle", customer.id]]);
  assert.deepEqual(pathOf(session.trace), []);
  assert.equal(session.inputs.waiting().length, 1, "still waiting");
  assert.equal(bot.state, "joined");
  assert.equal(contact.ended, false);
  await h.advance(8 * MIN - 1);
  assert.deepEqual(pathOf(session.trace), []);
  await h.advance(1);
  assert.deepEqual(pathOf(session.trace).slice(0, 1), ["wait → Condition: Equals WaitCompleted"]);
});

test("no Wait: an auto-disconnected bot just leaves (the contact waits in queue as before)", async () => {
  const h = harness(9);
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Support" });
  queueingFlow(rt, "inbound", queue.id);
  const { contact, customer } = rt.startChat({ flow: "inbound", displayName: "Cust" });
  rt.chatTimers.configure(contact.id, [{ role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 2 }]);
  await h.settle();
  assert.equal(contact.state, "QUEUED");
  const bot = rt.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  await h.advance(2 * MIN);
  assert.equal(bot.state, "left");
  assert.equal(customer.state, "joined");
  assert.equal(contact.state, "QUEUED");
  assert.equal(rt.session(contact.id)!.inputs.waiting().length, 0);
});

/** Routed agents (the agents' lifecycle): queue → accept → connected. */
async function routedChat(hooks: (rt: Runtime, queueId: string) => Record<string, string> = () => ({})) {
  const h = harness(11);
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Chat", queues: [{ queueId: queue.id, channel: "CHAT" }], concurrency: { CHAT: 2 } });
  const [ana, ben] = ["ana", "ben"].map((name) => addUser(rt, { name, profile }).id);
  queueingFlow(rt, "inbound", queue.id, hooks(rt, queue.id));
  const { contact, customer } = rt.startChat({ flow: "inbound", displayName: "Carla" });
  await h.settle();
  const connect = async (userId: string) => {
    rt.agents.setStatus(userId, rt.agents.available);
    await h.settle();
    rt.lifecycle.accept(userId, contact.id);
    await h.settle();
    return rt.lifecycle.participantOf(userId, contact.id);
  };
  return { h, rt, contact, customer, ana, ben, connect, session: rt.requireSession(contact.id) };
}

test("routed agent auto-disconnected: after-contact work, the disconnect flow runs, and the next agent gets the updated timers", async () => {
  const { h, rt, contact, customer, ana, ben, connect, session } = await routedChat((rt, queueId) => ({ CustomerRemaining: requeueOnReturnFlow(rt, queueId, { name: "requeue" }).id }));
  rt.chatTimers.configure(contact.id, [{ role: "AGENT", type: "DISCONNECT_NONCUSTOMER", minutes: 5 }]);
  const first = await connect(ana);
  rt.chatTimers.configure(contact.id, [{ role: "AGENT", type: "DISCONNECT_NONCUSTOMER", minutes: 20 }]);
  await h.advance(5 * MIN);
  assert.equal(first.state, "left");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw", "the auto-disconnected agent is in after-contact work");
  assert.equal(contact.state, "IN_FLOW", "the disconnect flow has the customer");
  rt.chats.send(contact.id, customer.id, "text/plain", "hello?");
  await h.settle();
  assert.equal(contact.state, "QUEUED");
  assert.ok(pathOf(session.trace).includes("wait → Condition: Equals CustomerReturned"));
  const second = await connect(ben);
  await h.advance(20 * MIN - 1);
  assert.equal(second.state, "joined", "20 minutes now, as updated while ana was connected");
  await h.advance(1);
  assert.equal(second.state, "left");
  assert.equal(rt.agents.slotOf(ben, contact.id)?.state, "acw");
});

test("routed agent auto-disconnected with no disconnect flow: the chat ends", async () => {
  const { h, rt, contact, ana, connect } = await routedChat();
  rt.chatTimers.configure(contact.id, [{ role: "CUSTOMER", type: "IDLE", minutes: 2 }, { role: "CUSTOMER", type: "DISCONNECT_NONCUSTOMER", minutes: 2 }]);
  await connect(ana);
  await h.advance(4 * MIN);
  assert.equal(contact.state, "ENDED");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw");
  assert.deepEqual(rt.chatTimers.running(contact.id), []);
});
