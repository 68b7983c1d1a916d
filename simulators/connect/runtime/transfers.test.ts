import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, loadOk, said } from "./flow-testing.js";
import type { Channel, FlowDocument } from "../flow/model.js";
import { EVENT } from "./chat.js";
import { addProfile, addUser, queueingFlow } from "./testing-agents.js";
import type { Runtime } from "./runtime.js";

function publish(rt: Runtime, name: string, doc: FlowDocument) {
  return rt.publish(loadOk(doc, `${name}.json`, { name }), { name });
}

/** A transfer-to-queue flow: says something (text or, to make it fail on tasks, an audio prompt), then queues. */
function queueTransferFlow(rt: Runtime, name: string, say: Record<string, string> = { Text: "Transferring you" }) {
  return publish(
    rt,
    name,
    flowDoc(
      [
        { Identifier: "say", Type: "MessageParticipant", Parameters: say, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
        { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "end" }, { ErrorType: "NoMatchingError", NextAction: "end" }] } },
        { Identifier: "end", Type: "EndFlowExecution" },
        { Identifier: "bye", Type: "DisconnectParticipant" },
      ],
      { type: "queueTransfer" },
    ),
  );
}

async function setup(channel: Channel) {
  const h = harness();
  const rt = h.runtime;
  const support = rt.addQueue({ name: "Support" });
  const billing = rt.addQueue({ name: "Billing" });
  const ana = addUser(rt, { name: "ana", profile: addProfile(rt, { name: "Front", queues: [{ queueId: support.id, channel }], concurrency: { [channel]: 2 } }), available: true });
  const ben = addUser(rt, { name: "ben", profile: addProfile(rt, { name: "Back", queues: [{ queueId: billing.id, channel }], concurrency: { [channel]: 2 } }), available: true });
  queueingFlow(rt, "inbound", support.id);
  const add = (name: string, flowId: string, queueId = billing.id) => {
    const id = rt.ids.uuid();
    return rt.resources.quickConnects.add({ id, arn: rt.resources.arn("transfer-destination", id), name, type: "QUEUE", queue: { queueId, contactFlowId: flowId }, tags: {} });
  };
  const contact = channel === "CHAT" ? rt.startChat({ flow: "inbound", displayName: "Carla" }).contact : rt.startContact({ channel, flow: "inbound", name: "Callback request" });
  await h.settle();
  rt.lifecycle.accept(ana.id, contact.id);
  await h.settle();
  assert.equal(contact.state, "CONNECTED");
  return { h, rt, support, billing, ana: ana.id, ben: ben.id, contact, addQuickConnect: add };
}

test("chat quick-connect transfer: the flow queues the chat, the agent leaves for ACW, transfer.succeeded, the next agent gets it", async () => {
  const { h, rt, billing, ana, ben, contact, addQuickConnect } = await setup("CHAT");
  const qc = addQuickConnect("To billing", queueTransferFlow(rt, "xfer").id);
  const running = rt.transfers.quickConnect(rt.agents.state(ana)!, contact.id, qc.name);
  assert.equal(running, contact, "a chat keeps its contact");
  await h.settle();
  assert.equal(rt.transfers.outcome(contact.id)?.ok, true);
  assert.equal(contact.queue?.id, billing.id);
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw");
  const items = rt.chats.get(contact.id)!.items.map((i) => i.ContentType);
  assert.ok(items.includes(EVENT.transferSucceeded));
  assert.equal(items.at(-1), EVENT.left, "the transferring agent left after transfer.succeeded");
  assert.equal(said(rt.requireSession(contact.id)).at(-1), "Transferring you");
  assert.equal(rt.agents.slotOf(ben, contact.id)?.state, "offered", "offered in the new queue, not back to ana");
  rt.lifecycle.accept(ben, contact.id);
  await h.settle();
  assert.equal(contact.agentId, ben);
  assert.equal(rt.chats.joined(contact.id, "AGENT")[0].userId, ben);
});

test("chat quick-connect transfer whose flow fails: transfer.failed and the chat stays with the agent", async () => {
  const { h, rt, billing, ana, contact, addQuickConnect } = await setup("CHAT");
  rt.resources.queues.get(billing.id)!.status = "DISABLED";
  const qc = addQuickConnect("To billing", queueTransferFlow(rt, "xfer").id);
  rt.transfers.quickConnect(rt.agents.state(ana)!, contact.id, qc.id);
  await h.settle();
  assert.equal(rt.transfers.outcome(contact.id)?.ok, false);
  assert.match(rt.transfers.outcome(contact.id)!.detail, /without queueing the contact/);
  assert.equal(contact.state, "CONNECTED");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "connected");
  assert.equal(rt.chats.get(contact.id)!.items.at(-1)!.ContentType, EVENT.transferFailed);
  assert.equal(rt.chats.joined(contact.id, "AGENT").length, 1);
});

test("task quick-connect transfer makes a TRANSFER segment; the old segment ends and its agent goes to ACW", async () => {
  const { h, rt, billing, ana, ben, contact, addQuickConnect } = await setup("TASK");
  contact.attributes.phone = "+15555550100";
  const qc = addQuickConnect("To billing", queueTransferFlow(rt, "xfer").id);
  const segment = rt.transfers.quickConnect(rt.agents.state(ana)!, contact.id, qc.id);
  await h.settle();
  assert.notEqual(segment.id, contact.id);
  assert.equal(segment.initiationMethod, "TRANSFER");
  assert.equal(segment.previousContactId, contact.id);
  assert.equal(segment.initialContactId, contact.initialContactId);
  assert.equal(segment.name, "Callback request");
  assert.deepEqual(segment.attributes, { phone: "+15555550100" });
  assert.equal(segment.queue?.id, billing.id);
  assert.equal(contact.state, "ENDED");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "acw");
  assert.equal(rt.agents.slotOf(ben, segment.id)?.state, "offered");
});

test("seed 002 caveat: a quick connect whose flow has a block that fails on tasks (an audio prompt) fails the transfer", async () => {
  const { h, rt, ana, contact, addQuickConnect } = await setup("TASK");
  const qc = addQuickConnect("To billing", queueTransferFlow(rt, "xfer-prompt", { PromptId: "arn:aws:connect:us-east-1:123456789012:instance/x/prompt/beep" }).id);
  const segment = rt.transfers.quickConnect(rt.agents.state(ana)!, contact.id, qc.id);
  await h.settle();
  assert.equal(rt.transfers.outcome(contact.id)?.ok, false);
  assert.equal(segment.state, "ENDED");
  assert.equal(contact.state, "CONNECTED", "the task stays with the agent");
  assert.equal(rt.agents.slotOf(ana, contact.id)?.state, "connected");
});

test("TransferContact delivers a scheduled task at once (seed 002) and refuses chats and ended contacts", async () => {
  const h = harness();
  const rt = h.runtime;
  const support = rt.addQueue({ name: "Support" });
  const billing = rt.addQueue({ name: "Billing" });
  const ben = addUser(rt, { name: "ben", profile: addProfile(rt, { name: "Back", queues: [{ queueId: billing.id, channel: "TASK" }], concurrency: { TASK: 1 } }), available: true });
  queueingFlow(rt, "inbound", support.id);
  const flow = queueTransferFlow(rt, "xfer", { Text: "moving" });
  const scheduled = rt.tasks.startTask({ name: "Later", contactFlowId: "inbound", scheduledAt: rt.clock.now() + 3600_000 });
  await h.settle();
  assert.equal(scheduled.state, "SCHEDULED");
  const segment = rt.transfers.transferContact(scheduled, { flow, queue: rt.findQueue(billing.id) });
  await h.settle();
  assert.equal(scheduled.state, "ENDED");
  assert.equal(segment.state, "CONNECTING", "delivered and offered at once");
  assert.equal(rt.agents.slotOf(ben.id, segment.id)?.state, "offered");
  await h.advance(3600_000);
  assert.equal(rt.requireSession(scheduled.id).trace.filter((s) => s.kind === "flow-start").length, 0, "the old schedule never runs");
  assert.throws(() => rt.transfers.transferContact(scheduled, { flow }), /not active/);
  const chat = rt.startChat({ flow: "inbound", displayName: "C" }).contact;
  assert.throws(() => rt.transfers.transferContact(chat, { flow }), /Only TASK and EMAIL/);
  const customerQueue = publish(rt, "cq", flowDoc([{ Identifier: "e", Type: "EndFlowExecution" }], { type: "customerQueue" }));
  assert.throws(() => rt.transfers.transferContact(segment, { flow: customerQueue }), /is a customer queue flow \(CUSTOMER_QUEUE\)/);
});
