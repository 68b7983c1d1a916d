import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, loadOk, pathOf, said, seedAcwGuide as seedAcwFlow } from "./flow-testing.js";
import type { FlowDocument } from "../flow/model.js";
import { loadFlowDocument } from "../flow/load.js";
import { EVENT } from "./chat.js";
import { GUIDE_SUBTYPE, WHISPER_LIMIT_MS } from "./lifecycle.js";
import { addProfile, addUser, queueingFlow, requeueOnReturnFlow } from "./testing-agents.js";
import type { Runtime } from "./runtime.js";


function publish(rt: Runtime, name: string, doc: FlowDocument) {
  return rt.publish(loadOk(doc, `${name}.json`, { name }), { name });
}

const disconnect = { Identifier: "bye", Type: "DisconnectParticipant" };

/** A customer queue flow that keeps the customer waiting (it has to be interrupted). */
function waitingQueueFlow(rt: Runtime) {
  return publish(
    rt,
    "hold-on",
    flowDoc(
      [
        { Identifier: "msg", Type: "MessageParticipant", Parameters: { Text: "All agents are busy" }, Transitions: { NextAction: "wait", Errors: [{ ErrorType: "NoMatchingError", NextAction: "wait" }] } },
        { Identifier: "wait", Type: "Wait", Parameters: { TimeLimitSeconds: "3600" }, Transitions: { NextAction: "end", Conditions: [{ NextAction: "end", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } },
        { Identifier: "end", Type: "EndFlowExecution" },
      ],
      { type: "customerQueue" },
    ),
  );
}

function whisperFlow(rt: Runtime, name: string, type: "agentWhisper" | "customerWhisper", text: string, waitSeconds = 0) {
  const actions = [
    { Identifier: "say", Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: waitSeconds ? "pause" : "end", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } },
    ...(waitSeconds
      ? [{ Identifier: "pause", Type: "Wait", Parameters: { TimeLimitSeconds: String(waitSeconds) }, Transitions: { NextAction: "end", Conditions: [{ NextAction: "end", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } }]
      : []),
    { Identifier: "end", Type: "EndFlowExecution" },
  ];
  return publish(rt, name, flowDoc(actions, { type }));
}

async function chatSetup(hooks: (rt: Runtime, queueId: string) => Record<string, string> = () => ({}), agents = ["ana"]) {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Chat", queues: [{ queueId: queue.id, channel: "CHAT" }], concurrency: { CHAT: 2 } });
  const users = agents.map((name) => addUser(rt, { name, profile, firstName: name.toUpperCase() }));
  queueingFlow(rt, "inbound", queue.id, hooks(rt, queue.id));
  const { contact, customer } = rt.startChat({ flow: "inbound", displayName: "Carla" });
  await h.settle();
  return { h, rt, queue, users, contact, customer, session: rt.requireSession(contact.id) };
}

test("chat: the agent accepts → the queue flow is interrupted, whispers run, the agent joins the chat", async () => {
  const { h, rt, users, contact, session } = await chatSetup((rt) => ({
    CustomerQueue: waitingQueueFlow(rt).id,
    AgentWhisper: whisperFlow(rt, "to-agent", "agentWhisper", "Customer Carla, billing").id,
    CustomerWhisper: whisperFlow(rt, "to-customer", "customerWhisper", "You are now connected").id,
  }));
  const ana = users[0].id;
  assert.deepEqual(said(session), ["All agents are busy"], "the customer queue flow runs while the contact waits");
  rt.agents.setStatus(ana, rt.agents.available);
  await h.settle();
  assert.equal(contact.state, "CONNECTING");
  rt.lifecycle.accept(ana, contact.id);
  await h.settle();
  assert.equal(contact.state, "CONNECTED");
  assert.equal(contact.agentId, ana);
  assert.equal(contact.connectedToAgentTimestamp, rt.clock.now());
  assert.deepEqual(said(session), ["All agents are busy", "Customer Carla, billing", "You are now connected"], "agent whisper, then customer whisper");
  const transcript = rt.chats.get(contact.id)!.items.filter((i) => i.Type === "MESSAGE").map((i) => i.Content);
  assert.deepEqual(transcript, ["All agents are busy", "You are now connected"], "the agent whisper is not shown to the customer");
  const flowEnds = session.trace.filter((s) => s.kind === "flow-end").map((s) => `${s.flowName}: ${s.reason}`);
  assert.deepEqual(flowEnds, ["inbound: queued", "hold-on: interrupted", "to-agent: ended", "to-customer: ended"]);
  assert.deepEqual(rt.queues.waitingIn(rt.findQueue("Support")!.id), [], "out of the queue");
  const agent = rt.lifecycle.participantOf(ana, contact.id);
  assert.equal(agent.role, "AGENT");
  assert.equal(agent.displayName, "ANA");
  assert.equal(rt.chats.participantByToken(agent.participantToken)?.id, agent.id, "the agent's token opens participant connections");
  assert.equal(rt.chats.get(contact.id)!.items.at(-1)!.ContentType, EVENT.joined);
  await h.advance(3600_000);
  assert.equal(contact.state, "CONNECTED", "the interrupted queue flow never comes back");
});

test("a whisper running past 2 minutes is cut off and the contact disconnected", async () => {
  const { h, rt, users, contact } = await chatSetup((rt) => ({ AgentWhisper: whisperFlow(rt, "slow", "agentWhisper", "Long whisper", 600).id }));
  rt.agents.setStatus(users[0].id, rt.agents.available);
  await h.settle();
  rt.lifecycle.accept(users[0].id, contact.id);
  await h.advance(WHISPER_LIMIT_MS - 1000);
  assert.equal(contact.state, "CONNECTING");
  await h.advance(1000);
  assert.equal(contact.state, "ENDED");
  assert.match(contact.disconnectReason!, /longer than 2 minutes/);
  assert.equal(rt.agents.slotOf(users[0].id, contact.id)?.state, "acw");
});

test("chat: the agent leaves → after-contact work, and the disconnect flow runs with the customer, who returns to the queue", async () => {
  const { h, rt, users, contact, customer, session } = await chatSetup((rt, queueId) => ({ CustomerRemaining: requeueOnReturnFlow(rt, queueId, { name: "sample-disconnect", tell: "The agent has left. Send a message within 15 minutes to continue." }).id }), ["ana", "ben"]);
  const [ana, ben] = users.map((u) => u.id);
  rt.agents.setStatus(ana, rt.agents.available);
  await h.settle();
  rt.lifecycle.accept(ana, contact.id);
  await h.settle();
  rt.lifecycle.leave(ana, contact.id);
  await h.settle();
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw");
  assert.equal(contact.state, "IN_FLOW", "the customer is still there: the disconnect flow has the contact");
  assert.equal(said(session).at(-1), "The agent has left. Send a message within 15 minutes to continue.");
  assert.equal(rt.chats.joined(contact.id, "AGENT").length, 0, "the agent left the chat");
  await h.advance(60_000);
  rt.chats.send(contact.id, customer.id, "text/plain", "I'm back");
  await h.settle();
  assert.equal(contact.state, "QUEUED", "CustomerReturned → Transfer to queue");
  assert.ok(pathOf(session.trace).includes("wait → Condition: Equals CustomerReturned"));
  rt.agents.setStatus(ben, rt.agents.available);
  await h.settle();
  assert.equal(rt.agents.slotOf(ben, contact.id)?.state, "offered", "another agent gets it (ana still has it in after-contact work)");
});

test("chat: the agent leaves with no disconnect flow → the chat ends", async () => {
  const { h, rt, users, contact } = await chatSetup();
  rt.agents.setStatus(users[0].id, rt.agents.available);
  await h.settle();
  rt.lifecycle.accept(users[0].id, contact.id);
  await h.settle();
  rt.lifecycle.leave(users[0].id, contact.id);
  await h.settle();
  assert.equal(contact.state, "ENDED");
  assert.equal(rt.routing.peek(contact.id)?.disconnectCode, "AGENT_DISCONNECT");
  assert.equal(rt.chats.get(contact.id)!.ended, true);
  assert.throws(() => rt.lifecycle.leave(users[0].id, contact.id), /not connected to contact .*: it is acw/);
});

test("seed 000: the customer leaves → the contact ends → ACW → the DisconnectAgentUI guide runs the verbatim seed flow, and Submit saves on the customer contact", async () => {
  const seed = seedAcwFlow();
  const loaded = loadFlowDocument(structuredClone(seed), "seed-000.json");
  assert.deepEqual(loaded.problems.filter((p) => p.severity === "error"), [], "the seed flow loads without errors");
  const { h, rt, users, contact, customer } = await chatSetup((rt) => ({ DisconnectAgentUI: rt.publish(loaded, { name: "Sample after contact work flow" }).id }));
  const ana = users[0].id;
  rt.agents.setStatus(ana, rt.agents.available);
  await h.settle();
  rt.lifecycle.accept(ana, contact.id);
  await h.settle();
  assert.equal(rt.agents.state(ana)!.guides.size, 0, "no guide while connected: only DisconnectAgentUI is set");

  rt.chats.leave(contact.id, customer.id, "the customer closed the chat");
  await h.settle();
  assert.equal(contact.state, "ENDED");
  assert.equal(rt.routing.peek(contact.id)?.disconnectCode, "CUSTOMER_DISCONNECT");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw");

  const [guide] = rt.lifecycle.guidesOf(rt.agents.state(ana)!);
  assert.ok(guide, "entering ACW started the guide");
  assert.equal(guide.channel, "CHAT");
  assert.equal(guide.relatedContactId, contact.id);
  assert.deepEqual(guide.segmentAttributes["connect:Subtype"], { ValueString: GUIDE_SUBTYPE });
  assert.equal(guide.agentId, ana);
  const waiting = rt.requireSession(guide.id).inputs.waiting();
  assert.deepEqual(waiting.map((w) => w.accept), [["view-result"]], "the ShowView waits for the agent");
  assert.equal(waiting[0].detail?.viewArn, "arn:aws:connect:eu-central-1:aws:view/after-contact-work:1");
  assert.equal((waiting[0].detail?.viewData as Record<string, string>).CustomerName, "Jane Doe");

  rt.lifecycle.answerGuide(ana, guide.id, "Submit", {
    Category: ["Billing"],
    Driver: ["Card declined"],
    Satisfaction: ["Satisfied"],
    FollowUp: ["No"],
    Resolved: ["Yes"],
    ModifiedSummary: "Customer asked about a declined card",
    ContactNotes: "Sent the card form",
  });
  await h.settle();
  const saved = { Category: "Billing", Driver: "Card declined", Satisfaction: "Satisfied", FollowUp: "No", Resolved: "Yes", ModifiedSummary: "Customer asked about a declined card", ContactNotes: "Sent the card form" };
  assert.deepEqual(contact.attributes, saved, "the Related contact is the customer contact");
  assert.deepEqual(guide.attributes, saved, "and the Current contact is the guide");
  assert.equal(guide.state, "ENDED");
  assert.deepEqual(pathOf(rt.requireSession(guide.id).trace), [
    "e4b91d3f-dda6-4ec8-b51a-57bc96e88c52 → Condition: Equals Submit",
    "Save collected data to the current contact → Success",
    "Save collected data to the related contact → Success",
    "930a4e8d-8727-4783-b23a-4c896387a052 → End: disconnected",
  ]);
  assert.throws(() => rt.lifecycle.answerGuide(ana, guide.id, "Submit"), /has ended/);

  rt.lifecycle.completeAcw(ana, contact.id);
  assert.equal(rt.agents.slotOf(ana, contact.id), undefined, "the slot is free");
});

test("seed 000 guide: Cancel saves nothing; an unanswered view times out after 480 s; completing ACW closes an open guide", async () => {
  const loaded = loadFlowDocument(seedAcwFlow(), "seed-000.json");
  const { h, rt, users, contact } = await chatSetup((rt) => ({ DisconnectAgentUI: rt.publish(loaded, { name: "acw-guide" }).id }), ["ana"]);
  const ana = users[0].id;
  rt.agents.setStatus(ana, rt.agents.available);
  await h.settle();
  rt.lifecycle.accept(ana, contact.id);
  await h.settle();
  await rt.lifecycle.stop(contact);
  await h.settle();
  const [first] = rt.lifecycle.guidesOf(rt.agents.state(ana)!);
  rt.lifecycle.answerGuide(ana, first.id, "Cancel");
  await h.settle();
  assert.equal(first.state, "ENDED");
  assert.deepEqual(contact.attributes, {});

  // A second contact: the guide is left unanswered.
  queueingFlow(rt, "inbound-2", rt.findQueue("Support")!.id, { DisconnectAgentUI: "acw-guide" });
  const second = rt.startChat({ flow: "inbound-2", displayName: "Dan" }).contact;
  await h.settle();
  rt.lifecycle.accept(ana, second.id);
  await h.settle();
  await rt.lifecycle.stop(second);
  await h.settle();
  const guide = rt.lifecycle.guidesOf(rt.agents.state(ana)!).find((g) => g.relatedContactId === second.id)!;
  await h.advance(480_000);
  assert.ok(pathOf(rt.requireSession(guide.id).trace).includes("e4b91d3f-dda6-4ec8-b51a-57bc96e88c52 → Error: TimeLimitExceeded"));
  assert.equal(guide.state, "ENDED");

  // A third: ACW completed while the guide still shows its view.
  const third = rt.startChat({ flow: "inbound-2", displayName: "Eve" }).contact;
  await h.settle();
  rt.lifecycle.completeAcw(ana, contact.id);
  rt.lifecycle.completeAcw(ana, second.id);
  await h.settle();
  rt.lifecycle.accept(ana, third.id);
  await h.settle();
  await rt.lifecycle.stop(third);
  await h.settle();
  const open = rt.lifecycle.guidesOf(rt.agents.state(ana)!).find((g) => g.relatedContactId === third.id)!;
  rt.lifecycle.completeAcw(ana, third.id);
  await h.settle();
  assert.equal(open.state, "ENDED");
  assert.equal(open.disconnectReason, "after contact work completed");
});

test("DefaultAgentUI starts its guide when the contact is connected", async () => {
  const guideFlow = (rt: Runtime) =>
    publish(
      rt,
      "screen-pop",
      flowDoc(
        [
          {
            Identifier: "show",
            Type: "ShowView",
            Parameters: { ViewResource: { Id: "arn:aws:connect:us-east-1:aws:view/detail:1" }, InvocationTimeLimitSeconds: "600", ViewData: { Customer: "$.Attributes.name" } },
            Transitions: { NextAction: "bye", Conditions: [], Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }, { ErrorType: "NoMatchingCondition", NextAction: "bye" }, { ErrorType: "TimeLimitExceeded", NextAction: "bye" }] },
          },
          disconnect,
        ],
        { type: "contactFlow" },
      ),
    );
  const { h, rt, users, contact } = await chatSetup((rt) => ({ DefaultAgentUI: guideFlow(rt).id }));
  rt.agents.setStatus(users[0].id, rt.agents.available);
  await h.settle();
  rt.lifecycle.accept(users[0].id, contact.id);
  await h.settle();
  const [guide] = rt.lifecycle.guidesOf(rt.agents.state(users[0].id)!);
  assert.equal(guide.relatedContactId, contact.id);
  assert.equal(rt.lifecycle.participantOf(users[0].id, guide.id).role, "AGENT", "the agent is the guide chat's participant");
});

test("after-contact work ends on its own after the user's AfterContactWorkTimeLimit", async () => {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Tasks" });
  const profile = addProfile(rt, { name: "T", queues: [{ queueId: queue.id, channel: "TASK" }], concurrency: { TASK: 1 } });
  const ana = addUser(rt, { name: "ana", profile, acwSeconds: 30, available: true });
  queueingFlow(rt, "task-flow", queue.id);
  const task = rt.startContact({ channel: "TASK", flow: "task-flow", name: "Call back" });
  await h.settle();
  rt.lifecycle.accept(ana.id, task.id);
  await h.settle();
  assert.equal(task.state, "CONNECTED");
  rt.lifecycle.leave(ana.id, task.id);
  await h.settle();
  assert.equal(task.state, "ENDED", "an agent leaving a task ends it");
  await h.advance(29_000);
  assert.equal(rt.agents.slotOf(ana.id, task.id)?.state, "acw");
  await h.advance(1_000);
  assert.equal(rt.agents.slotOf(ana.id, task.id), undefined);
});

test("control errors: accept what is not offered, complete what is not in ACW, unknown agents", async () => {
  const { h, rt, users, contact } = await chatSetup();
  const ana = users[0].id;
  assert.throws(() => rt.lifecycle.accept(ana, contact.id), (e: Error & { kind?: string }) => e.kind === "not-found");
  assert.throws(() => rt.lifecycle.accept("nobody", contact.id), (e: Error & { kind?: string }) => e.kind === "not-found" && /no user nobody/.test(e.message));
  rt.agents.setStatus(ana, rt.agents.available);
  await h.settle();
  assert.throws(() => rt.lifecycle.completeAcw(ana, contact.id), (e: Error & { kind?: string }) => e.kind === "conflict");
  rt.lifecycle.accept(ana, contact.id);
  assert.throws(() => rt.lifecycle.accept(ana, contact.id), (e: Error & { kind?: string }) => e.kind === "conflict");
  await h.settle();
});

test("a call with no whisper hook gets the instance's default agent whisper; a chat gets none", async () => {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Lines" });
  const profile = addProfile(rt, { name: "P", queues: [{ queueId: queue.id, channel: "VOICE" }, { queueId: queue.id, channel: "CHAT" }], concurrency: { VOICE: 1, CHAT: 1 }, anyChannel: ["VOICE", "CHAT"] });
  const ana = addUser(rt, { name: "ana", profile, available: true });
  publish(rt, "Default agent whisper", flowDoc([{ Identifier: "say", Type: "MessageParticipant", Parameters: { Text: "$.Queue.Name" }, Transitions: { NextAction: "end", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } }, { Identifier: "end", Type: "EndFlowExecution" }], { type: "agentWhisper" }));
  queueingFlow(rt, "to-lines", queue.id);
  const call = rt.startContact({ channel: "VOICE", flow: "to-lines" });
  const chat = rt.startChat({ flow: "to-lines", displayName: "C" }).contact;
  await h.settle();
  rt.lifecycle.accept(ana.id, call.id);
  rt.lifecycle.accept(ana.id, chat.id);
  await h.settle();
  assert.deepEqual(said(rt.requireSession(call.id)), ["Lines"]);
  assert.deepEqual(said(rt.requireSession(chat.id)), []);
  assert.equal(call.state, "CONNECTING", "the whisper plays before the call connects");
  await h.advance(1_000);
  assert.equal(call.state, "CONNECTED");
  assert.equal(chat.state, "CONNECTED");
});
