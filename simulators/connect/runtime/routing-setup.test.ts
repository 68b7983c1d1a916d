import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime } from "./runtime.js";
import { createFlow } from "./flow-catalog.js";
import {
  associateQueueQuickConnects,
  associateRoutingProfileQueues,
  createHours,
  createQueue,
  createQuickConnect,
  createRoutingProfile,
  deleteHours,
  deleteQuickConnect,
  disassociateRoutingProfileQueues,
  queueQuickConnects,
  updateQueue,
  updateRoutingProfileConcurrency,
} from "./routing-setup.js";
import { createUser } from "./users.js";
import { Refusal, type RefusalKind } from "./refusals.js";

const doc = (type: string, actions: object[]) => JSON.stringify({ Version: "2019-10-30", StartAction: (actions[0] as { Identifier: string }).Identifier, Metadata: { type }, Actions: actions });
const end = { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };

function refused(fn: () => unknown, kind: RefusalKind, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof Refusal && e.kind === kind && (!message || message.test(e.message)));
}

function base() {
  const rt = new Runtime();
  const hours = createHours(rt, { name: "Office", timeZone: "Europe/Berlin", config: [{ Day: "MONDAY", StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }] });
  const queue = createQueue(rt, { name: "Sales", hoursOfOperationId: hours.id });
  return { rt, hours, queue };
}

test("hours: an IANA zone and a valid schedule; names are unique; hours in use cannot be deleted", () => {
  const { rt, hours } = base();
  refused(() => createHours(rt, { name: "Mars", timeZone: "Mars/Olympus", config: [] }), "invalid", /IANA/);
  refused(() => createHours(rt, { name: "Office", timeZone: "UTC", config: [] }), "duplicate");
  refused(() => deleteHours(rt, hours.id), "in-use", /Sales/);
  const spare = createHours(rt, { name: "Spare", timeZone: "UTC", config: [] });
  deleteHours(rt, spare.arn);
  assert.equal(rt.resources.hours.get(spare.id), undefined);
});

test("queues: the hours must exist, the flow queued contacts see in Check hours is the queue's", () => {
  const { rt, hours, queue } = base();
  refused(() => createQueue(rt, { name: "Orphan", hoursOfOperationId: "no-such-hours" }), "not-found", /Hours of operation not found/);
  refused(() => createQueue(rt, { name: "Sales", hoursOfOperationId: hours.id }), "duplicate");
  assert.equal(rt.queueHours(queue)?.id, hours.id);
  assert.equal(rt.findQueue("Sales")?.id, queue.id, "flows find API-created queues by name");
  updateQueue(rt, queue.arn, { status: "DISABLED", maxContacts: 3 });
  assert.equal(queue.status, "DISABLED");
  assert.equal(queue.maxContacts, 3);
  updateQueue(rt, queue.id, { maxContacts: null });
  assert.equal(queue.maxContacts, undefined, "no MaxContacts lifts the limit");
});

test("queues: the outbound whisper flow must be one, the caller id number must exist", () => {
  const { rt, hours } = base();
  const inbound = createFlow(rt, "flow", { name: "In", type: "CONTACT_FLOW", content: doc("contactFlow", [end]) }).definition;
  refused(() => createQueue(rt, { name: "Out", hoursOfOperationId: hours.id, outboundCallerConfig: { OutboundFlowId: inbound.id } }), "invalid", /OutboundFlowId must be an Outbound whisper flow/);
  refused(() => createQueue(rt, { name: "Out", hoursOfOperationId: hours.id, outboundCallerConfig: { OutboundCallerIdNumberId: "pn-1" } }), "not-found", /Phone number/);
  rt.resources.phoneNumbers.add({ id: "pn-1", arn: rt.resources.arn("phone-number", "pn-1"), name: "+15550199" });
  const q = createQueue(rt, { name: "Out", hoursOfOperationId: hours.id, outboundCallerConfig: { OutboundCallerIdNumberId: "pn-1", OutboundCallerIdName: "Acme" } });
  assert.deepEqual(q.outboundCallerId, { Address: "+15550199", Type: "TELEPHONE_NUMBER", DisplayName: "Acme" });
});

test("routing profiles: voice concurrency is one, queues only on channels the profile takes", () => {
  const { rt, queue } = base();
  const media = [
    { Channel: "VOICE" as const, Concurrency: 1 },
    { Channel: "TASK" as const, Concurrency: 3, CrossChannelBehavior: { BehaviorType: "ROUTE_ANY_CHANNEL" as const } },
  ];
  refused(() => createRoutingProfile(rt, { name: "P", description: "d", defaultOutboundQueueId: queue.id, mediaConcurrencies: [{ Channel: "VOICE", Concurrency: 2 }] }), "invalid", /VOICE must be 1/);
  refused(() => createRoutingProfile(rt, { name: "P", description: "d", defaultOutboundQueueId: queue.id, mediaConcurrencies: [...media, { Channel: "TASK", Concurrency: 1 }] }), "invalid", /twice/);
  refused(() => createRoutingProfile(rt, { name: "P", description: "d", defaultOutboundQueueId: "nope", mediaConcurrencies: media }), "not-found", /Queue not found/);
  refused(() => createRoutingProfile(rt, { name: "P", description: "d", defaultOutboundQueueId: queue.id, mediaConcurrencies: media, queueConfigs: [{ queueId: queue.id, channel: "CHAT", priority: 1, delay: 0 }] }), "invalid", /no CHAT concurrency/);
  const p = createRoutingProfile(rt, { name: "P", description: "d", defaultOutboundQueueId: queue.id, mediaConcurrencies: media, queueConfigs: [{ queueId: queue.arn, channel: "VOICE", priority: 1, delay: 0 }] });
  assert.deepEqual(p.queues, [{ queueId: queue.id, channel: "VOICE", priority: 1, delay: 0 }]);
  assert.equal(p.mediaConcurrencies[0].CrossChannelBehavior?.BehaviorType, "ROUTE_CURRENT_CHANNEL_ONLY", "the default behaviour is written out");
  assert.equal(p.mediaConcurrencies[1].CrossChannelBehavior?.BehaviorType, "ROUTE_ANY_CHANNEL");

  associateRoutingProfileQueues(rt, p.id, [{ queueId: queue.id, channel: "TASK", priority: 2, delay: 30 }, { queueId: queue.id, channel: "VOICE", priority: 5, delay: 0 }]);
  assert.deepEqual(p.queues, [
    { queueId: queue.id, channel: "VOICE", priority: 5, delay: 0 },
    { queueId: queue.id, channel: "TASK", priority: 2, delay: 30 },
  ]);
  refused(() => updateRoutingProfileConcurrency(rt, p.id, [{ Channel: "VOICE", Concurrency: 1 }]), "invalid", /Sales on TASK/);
  disassociateRoutingProfileQueues(rt, p.id, [{ queueId: queue.id, channel: "TASK" }]);
  updateRoutingProfileConcurrency(rt, p.id, [{ Channel: "VOICE", Concurrency: 1 }]);
  assert.deepEqual(p.mediaConcurrencies.map((m) => m.Channel), ["VOICE"]);
});

test("quick connects: each type takes its own config, and the flow of the right type", () => {
  const { rt, queue } = base();
  const agentFlow = createFlow(rt, "flow", { name: "To agent", type: "AGENT_TRANSFER", content: doc("agentTransfer", [{ Identifier: "t", Type: "TransferContactToAgent", Parameters: {}, Transitions: {} }]) }).definition;
  const queueFlow = createFlow(rt, "flow", { name: "To queue", type: "QUEUE_TRANSFER", content: doc("queueTransfer", [end]) }).definition;
  rt.resources.securityProfiles.add({ id: "sp", arn: rt.resources.arn("security-profile", "sp"), name: "Agent" });
  const profile = createRoutingProfile(rt, { name: "P", description: "d", defaultOutboundQueueId: queue.id, mediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }] });
  const user = createUser(rt, { username: "ana", password: "Passw0rdX", securityProfileIds: ["sp"], routingProfileId: profile.id });

  refused(() => createQuickConnect(rt, { name: "x", type: "USER", userConfig: { UserId: user.id, ContactFlowId: queueFlow.id } }), "invalid", /must be a Transfer to agent flow \(AGENT_TRANSFER\); "To queue" is a Transfer to queue flow/);
  refused(() => createQuickConnect(rt, { name: "x", type: "QUEUE", queueConfig: { QueueId: queue.id, ContactFlowId: agentFlow.id } }), "invalid", /QUEUE_TRANSFER/);
  refused(() => createQuickConnect(rt, { name: "x", type: "QUEUE", userConfig: { UserId: user.id, ContactFlowId: agentFlow.id } }), "invalid", /QueueConfig is required/);
  refused(() => createQuickConnect(rt, { name: "x", type: "PHONE_NUMBER", phoneConfig: { PhoneNumber: "+15550100" }, queueConfig: { QueueId: queue.id, ContactFlowId: queueFlow.id } }), "invalid", /takes only PhoneConfig, not QueueConfig/);
  refused(() => createQuickConnect(rt, { name: "x", type: "PHONE_NUMBER", phoneConfig: { PhoneNumber: "555-0100" } }), "invalid", /E\.164/);
  refused(() => createQuickConnect(rt, { name: "x", type: "USER", userConfig: { UserId: "ghost", ContactFlowId: agentFlow.id } }), "not-found", /User not found/);

  const toAna = createQuickConnect(rt, { name: "Ana", type: "USER", userConfig: { UserId: user.arn, ContactFlowId: agentFlow.arn } });
  assert.deepEqual(toAna.user, { userId: user.id, contactFlowId: agentFlow.id });
  const toSales = createQuickConnect(rt, { name: "Sales", type: "QUEUE", queueConfig: { QueueId: queue.id, ContactFlowId: queueFlow.id } });
  const external = createQuickConnect(rt, { name: "Partner", type: "PHONE_NUMBER", phoneConfig: { PhoneNumber: "+442071838750" } });
  refused(() => createQuickConnect(rt, { name: "Ana", type: "PHONE_NUMBER", phoneConfig: { PhoneNumber: "+15550100" } }), "duplicate");

  associateQueueQuickConnects(rt, queue.id, [toAna.id, toSales.arn, external.id, toAna.id]);
  assert.deepEqual(queueQuickConnects(rt, queue.id).map((q) => q.name), ["Ana", "Sales", "Partner"]);
  deleteQuickConnect(rt, toSales.id);
  assert.deepEqual(queueQuickConnects(rt, queue.id).map((q) => q.name), ["Ana", "Partner"], "a deleted quick connect leaves the queues that offered it");
});
