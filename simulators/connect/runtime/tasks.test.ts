import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, loadOk } from "./flow-testing.js";
import { queueingFlow, queueTransferFlow } from "./testing-agents.js";
import type { TaskTemplateResource } from "./resources.js";
import type { Runtime } from "./runtime.js";

function template(rt: Runtime, init: { name: string; contactFlowId?: string; fields: TaskTemplateResource["fields"]; status?: "ACTIVE" | "INACTIVE" }): TaskTemplateResource {
  const id = rt.ids.uuid();
  return rt.resources.taskTemplates.add({ id, arn: rt.resources.arn("task-template", id), name: init.name, contactFlowId: init.contactFlowId, fields: init.fields, status: init.status ?? "ACTIVE", createdAt: rt.clock.now(), updatedAt: rt.clock.now(), raw: {} });
}

const refused = (kind: string, pattern: RegExp) => (e: Error & { kind?: string }) => e.kind === kind && pattern.test(e.message);

function setup() {
  const h = harness();
  const rt = h.runtime;
  const queue = rt.addQueue({ name: "Callbacks" });
  const flow = queueingFlow(rt, "task-inbound", queue.id);
  return { h, rt, queue, flow };
}

test("a task starts on its flow with name, description, attributes and references", async () => {
  const { h, rt, queue, flow } = setup();
  const task = rt.tasks.startTask({ name: "Call back", description: "Customer asked", contactFlowId: flow.id, attributes: { phone: "+15555550100" }, references: { crm: { Type: "URL", Value: "https://crm/1" } } });
  await h.settle();
  assert.equal(task.channel, "TASK");
  assert.equal(task.initiationMethod, "API");
  assert.equal(task.queue?.id, queue.id);
  assert.deepEqual(task.references, { crm: { Type: "URL", Value: "https://crm/1" } });
  assert.throws(() => rt.tasks.startTask({ name: "x", contactFlowId: flow.id, references: { f: { Type: "ATTACHMENT", Value: "s3://a" } } }), refused("invalid", /ATTACHMENT/));
  assert.throws(() => rt.tasks.startTask({ name: "x", contactFlowId: "nope" }), refused("not-found", /Contact flow nope not found/));
  assert.throws(() => rt.tasks.startTask({ name: "x" }), refused("invalid", /One of ContactFlowId, QuickConnectId or TaskTemplateId is required/));
  assert.throws(() => rt.tasks.startTask({ name: "x", contactFlowId: flow.id, taskTemplateId: "t" }), refused("invalid", /only one of/));
});

test("task templates (seed 002): defaults fill, required must be filled, read-only cannot be filled, the template's flow runs", async () => {
  const { h, rt, flow } = setup();
  const fields = [
    { name: "Name", type: "NAME", required: true, readOnly: false, invisible: false },
    { name: "Description", type: "DESCRIPTION", required: false, readOnly: true, invisible: false, defaultValue: "The customer wants a callback" },
    { name: "PhoneNumber", type: "TEXT", required: true, readOnly: false, invisible: false },
    { name: "Channel", type: "SINGLE_SELECT", required: false, readOnly: false, invisible: false, defaultValue: "phone" },
  ];
  const t = template(rt, { name: "Callback", contactFlowId: flow.id, fields });
  const task = rt.tasks.startTask({ name: "Callback for Carla", taskTemplateId: t.id, references: { PhoneNumber: { Type: "STRING", Value: "+15555550100" } } });
  await h.settle();
  assert.equal(task.description, "The customer wants a callback");
  assert.deepEqual(task.references, { PhoneNumber: { Type: "STRING", Value: "+15555550100" }, Channel: { Type: "STRING", Value: "phone" } });
  assert.equal(task.taskTemplateId, t.id);
  assert.equal(task.state, "QUEUED", "the template's flow ran");
  assert.throws(() => rt.tasks.startTask({ name: "x", taskTemplateId: t.id }), refused("invalid", /PhoneNumber is required/));
  assert.throws(() => rt.tasks.startTask({ name: "x", taskTemplateId: t.id, description: "mine", references: { PhoneNumber: { Type: "STRING", Value: "1" } } }), refused("invalid", /Description is read-only/));
  assert.throws(() => rt.tasks.startTask({ name: "x", taskTemplateId: t.id, references: { PhoneNumber: { Type: "URL", Value: "https://x" } } }), refused("invalid", /must have type STRING/));
  const noFlow = template(rt, { name: "Bare", fields: [] });
  assert.throws(() => rt.tasks.startTask({ name: "x", taskTemplateId: noFlow.id }), refused("invalid", /has no flow/));
  const inactive = template(rt, { name: "Old", contactFlowId: flow.id, fields: [], status: "INACTIVE" });
  assert.throws(() => rt.tasks.startTask({ name: "x", taskTemplateId: inactive.id }), refused("invalid", /INACTIVE/));
});

test("scheduled tasks: not in the past, at most 6 days ahead, delivered on the clock, reschedulable only before delivery", async () => {
  const { h, rt, flow } = setup();
  const now = rt.clock.now();
  assert.throws(() => rt.tasks.startTask({ name: "x", contactFlowId: flow.id, scheduledAt: now - 2000 }), refused("invalid", /in the past/));
  assert.throws(() => rt.tasks.startTask({ name: "x", contactFlowId: flow.id, scheduledAt: now + 6 * 86400_000 + 1000 }), refused("invalid", /more than 6 days/));
  const task = rt.tasks.startTask({ name: "Later", contactFlowId: flow.id, scheduledAt: now + 600_000 });
  await h.settle();
  assert.equal(task.state, "SCHEDULED");
  rt.tasks.reschedule(task.id, now + 1200_000);
  await h.advance(600_000);
  assert.equal(task.state, "SCHEDULED", "the old time no longer delivers it");
  await h.advance(600_000);
  assert.equal(task.state, "QUEUED", "delivered at the new time");
  assert.throws(() => rt.tasks.reschedule(task.id, rt.clock.now() + 60_000), refused("invalid", /already delivered/));
});

test("PreviousContactId chains: attributes copied from RelatedContactId, at most 12 contacts in a chain, idempotent ClientToken", async () => {
  const { h, rt, flow } = setup();
  const first = rt.tasks.startTask({ name: "1", contactFlowId: flow.id, attributes: { a: "1" } });
  const related = rt.tasks.startTask({ name: "r", contactFlowId: flow.id, relatedContactId: first.id, attributes: { b: "2" } });
  assert.deepEqual(related.attributes, { a: "1", b: "2" });
  assert.equal(related.relatedContactId, first.id);
  let last = first;
  for (let i = 2; i <= 12; i++) last = rt.tasks.startTask({ name: String(i), contactFlowId: flow.id, previousContactId: last.id });
  assert.equal(last.initialContactId, first.id);
  assert.throws(() => rt.tasks.startTask({ name: "13", contactFlowId: flow.id, previousContactId: last.id }), refused("quota", /maximum of 12/));
  const a = rt.tasks.startTask({ name: "once", contactFlowId: flow.id, clientToken: "tok-1" });
  const b = rt.tasks.startTask({ name: "once", contactFlowId: flow.id, clientToken: "tok-1" });
  assert.equal(a, b);
  await h.settle();
});

test("a task from a queue quick connect starts on its transfer flow with the quick connect's queue", async () => {
  const { h, rt } = setup();
  const target = rt.addQueue({ name: "Escalations" });
  const transferFlow = queueTransferFlow(rt, "qt");
  const qcId = rt.ids.uuid();
  rt.resources.quickConnects.add({ id: qcId, arn: rt.resources.arn("transfer-destination", qcId), name: "Escalate", type: "QUEUE", queue: { queueId: target.id, contactFlowId: transferFlow.id }, tags: {} });
  const task = rt.tasks.startTask({ name: "Escalated", quickConnectId: qcId });
  await h.settle();
  assert.equal(task.queue?.id, target.id);
});

test("outbound voice: the callee answers at once and the flow runs with the queue's caller ID", async () => {
  const { h, rt } = setup();
  const queue = rt.addQueue({ name: "Outbound", outboundCallerId: { Address: "+15555550199", Type: "TELEPHONE_NUMBER" } });
  const flow = queueingFlow(rt, "dial", queue.id);
  const call = rt.tasks.startOutboundVoice({ destination: "+15555550100", contactFlowId: flow.id, queueId: queue.id, attributes: { why: "survey" } });
  await h.settle();
  assert.equal(call.channel, "VOICE");
  assert.equal(call.initiationMethod, "API");
  assert.deepEqual(call.customerEndpoint, { Address: "+15555550100", Type: "TELEPHONE_NUMBER" });
  assert.deepEqual(call.systemEndpoint, { Address: "+15555550199", Type: "TELEPHONE_NUMBER" });
  assert.equal(call.state, "QUEUED");
  assert.throws(() => rt.tasks.startOutboundVoice({ destination: "+15555550100", contactFlowId: flow.id }), refused("invalid", /SourcePhoneNumber or QueueId/));
});

test("a task a flow scheduled (Create task with a delay) can be rescheduled before delivery too", async () => {
  const { h, rt, flow } = setup();
  const creator = rt.publish(
    loadOk(
      flowDoc(
        [
          { Identifier: "create", Type: "CreateTask", Parameters: { Name: "Callback", ContactFlowId: flow.id, DelaySeconds: "600" }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
          { Identifier: "bye", Type: "DisconnectParticipant" },
        ],
        { type: "contactFlow" },
      ),
      "creator.json",
      { name: "creator" },
    ),
    { name: "creator" },
  );
  const call = rt.startContact({ channel: "VOICE", flow: creator });
  await h.settle();
  const task = rt.findContact(call.createdTaskId!)!;
  assert.equal(task.state, "SCHEDULED");
  assert.equal(task.relatedContactId, call.id, "linked to the contact that created it");
  rt.tasks.reschedule(task.id, rt.clock.now() + 60_000);
  await h.advance(60_000);
  assert.equal(task.state, "QUEUED");
});
