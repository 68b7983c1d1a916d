import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateAgentStatusCommand,
  DescribeAgentStatusCommand,
  DescribeContactCommand,
  GetContactAttributesCommand,
  ListAgentStatusesCommand,
  ListContactReferencesCommand,
  PutUserStatusCommand,
  SearchContactsCommand,
  StartOutboundVoiceContactCommand,
  StartTaskContactCommand,
  StopContactCommand,
  TransferContactCommand,
  UpdateContactAttributesCommand,
  UpdateContactScheduleCommand,
  type StartTaskContactCommandInput,
} from "@aws-sdk/client-connect";
import { startSdkSim, expectError, type SdkSim } from "../testing.js";
import { flowDoc, loadOk } from "../../runtime/flow-testing.js";
import { addProfile, addUser, queueingFlow, queueTransferFlow } from "../../runtime/testing-agents.js";
import type { Runtime } from "../../runtime/runtime.js";
import type { VirtualClock } from "../../../kernel/clock.js";

let fx: SdkSim;
let rt: Runtime;
let ids: { support: string; billing: string; flow: string; transfer: string; ana: string; chatFlow: string };

before(async () => {
  fx = await startSdkSim();
  rt = fx.sim.runtime;
  const support = rt.addQueue({ name: "Support", outboundCallerId: { Address: "+15555550199", Type: "TELEPHONE_NUMBER" } });
  const billing = rt.addQueue({ name: "Billing" });
  const ana = addUser(rt, { name: "ana", profile: addProfile(rt, { name: "Tasks", queues: [{ queueId: support.id, channel: "TASK" }, { queueId: billing.id, channel: "TASK" }], concurrency: { TASK: 5, VOICE: 1 } }) });
  const flow = queueingFlow(rt, "task-inbound", support.id);
  const transfer = queueTransferFlow(rt, "to-queue");
  const chatFlow = rt.publish(
    loadOk(flowDoc([{ Identifier: "w", Type: "Wait", Parameters: { TimeLimitSeconds: "600" }, Transitions: { NextAction: "b", Conditions: [{ NextAction: "b", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ ErrorType: "NoMatchingError", NextAction: "b" }] } }, { Identifier: "b", Type: "DisconnectParticipant" }], { type: "contactFlow" }), "chat.json", { name: "chat-wait" }),
    { name: "chat-wait" },
  );
  ids = { support: support.id, billing: billing.id, flow: flow.id, transfer: transfer.id, ana: ana.id, chatFlow: chatFlow.id };
});

after(async () => {
  await fx.close();
});

const startTask = (input: Partial<StartTaskContactCommandInput> = {}) =>
  fx.client.send(new StartTaskContactCommand({ InstanceId: fx.InstanceId, Name: "Call back", ContactFlowId: ids.flow, ...input } as StartTaskContactCommandInput));

const describe = async (id: string) => (await fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId: id }))).Contact!;

test("StartTaskContact → DescribeContact: identity, queue, timestamps as dates, attributes and the task template", async () => {
  const templateId = rt.ids.uuid();
  rt.resources.taskTemplates.add({ id: templateId, arn: rt.resources.arn("task-template", templateId), name: "Callback", contactFlowId: ids.flow, fields: [{ name: "Phone", type: "TEXT", required: true, readOnly: false, invisible: false }], status: "ACTIVE", createdAt: rt.clock.now(), updatedAt: rt.clock.now(), raw: {} });
  const out = await startTask({
    ContactFlowId: undefined,
    TaskTemplateId: templateId,
    Description: "Customer wants a callback",
    Attributes: { tier: "gold" },
    References: { Phone: { Type: "STRING", Value: "+15555550100" }, crm: { Type: "URL", Value: "https://crm.example/1" } },
    SegmentAttributes: { "connect:Subtype": { ValueString: "connect:Callback" } },
  });
  const c = await describe(out.ContactId!);
  assert.equal(c.Id, out.ContactId);
  assert.equal(c.Arn, `${rt.instance.arn}/contact/${out.ContactId}`);
  assert.equal(c.InitialContactId, out.ContactId);
  assert.equal(c.Channel, "TASK");
  assert.equal(c.InitiationMethod, "API");
  assert.equal(c.Name, "Call back");
  assert.equal(c.Description, "Customer wants a callback");
  assert.equal(c.QueueInfo?.Id, ids.support);
  assert.ok(c.QueueInfo?.EnqueueTimestamp instanceof Date);
  assert.equal(c.InitiationTimestamp?.getTime(), rt.findContact(out.ContactId!)!.initiationTimestamp);
  assert.equal(c.QueuePriority, 5);
  assert.deepEqual(c.Attributes, { tier: "gold" });
  assert.deepEqual(c.TaskTemplateInfo, { Arn: rt.resources.taskTemplates.get(templateId)!.arn, Name: "Callback" });
  assert.deepEqual(c.SegmentAttributes, { "connect:Subtype": { ValueString: "connect:Callback" } });
  assert.equal(c.DisconnectTimestamp, undefined);
  assert.equal(c.AgentInfo, undefined);
});

test("StartTaskContact errors: missing Name, unknown flow, ATTACHMENT reference, past schedule, two flows, unknown instance", async () => {
  const err = await expectError(fx.client.send(new StartTaskContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: ids.flow } as StartTaskContactCommandInput)), "InvalidParameterException", 400);
  assert.match(err.message, /'name' failed to satisfy constraint: Member must not be null/);
  await expectError(startTask({ ContactFlowId: "no-such-flow" }), "ResourceNotFoundException", 404);
  await expectError(startTask({ References: { file: { Type: "ATTACHMENT", Value: "s3://bucket/x" } } }), "InvalidRequestException", 400);
  await expectError(startTask({ ScheduledTime: new Date(rt.clock.now() - 3600_000) }), "InvalidRequestException", 400);
  await expectError(startTask({ ScheduledTime: new Date(rt.clock.now() + 7 * 86400_000) }), "InvalidRequestException", 400);
  await expectError(startTask({ QuickConnectId: "qc" }), "InvalidRequestException", 400);
  await expectError(startTask({ InstanceId: "00000000-0000-4000-8000-000000000000" }), "ResourceNotFoundException", 404);
  await expectError(startTask({ PreviousContactId: "no-such-contact" }), "ResourceNotFoundException", 404);
});

test("scheduled task: SCHEDULED until its time, reschedulable before delivery, not after", async () => {
  const at = Math.floor(rt.clock.now() / 1000) + 3600;
  const out = await startTask({ ScheduledTime: new Date(at * 1000) });
  const c = await describe(out.ContactId!);
  assert.equal(c.ScheduledTimestamp?.getTime(), at * 1000);
  assert.equal(c.QueueInfo, undefined, "not delivered yet");
  await fx.client.send(new UpdateContactScheduleCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ScheduledTime: new Date((at + 600) * 1000) }));
  const clock = rt.clock as VirtualClock;
  await clock.advance(3600_000);
  assert.equal((await describe(out.ContactId!)).QueueInfo, undefined, "the old time no longer delivers it");
  await clock.advance(600_000);
  assert.equal((await describe(out.ContactId!)).QueueInfo?.Id, ids.support);
  await expectError(fx.client.send(new UpdateContactScheduleCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ScheduledTime: new Date(rt.clock.now() + 60_000) })), "InvalidRequestException", 400);
});

test("Get/UpdateContactAttributes percolate along a PreviousContactId chain", async () => {
  const first = await startTask({ Attributes: { step: "1" } });
  const second = await startTask({ PreviousContactId: first.ContactId, Attributes: { extra: "x" } });
  assert.equal((await describe(second.ContactId!)).InitialContactId, first.ContactId);
  await fx.client.send(new UpdateContactAttributesCommand({ InstanceId: fx.InstanceId, InitialContactId: first.ContactId!, Attributes: { step: "2", note: "called" } }));
  const read = await fx.client.send(new GetContactAttributesCommand({ InstanceId: fx.InstanceId, InitialContactId: first.ContactId! }));
  assert.deepEqual(read.Attributes, { step: "2", note: "called", extra: "x" });
  assert.deepEqual(rt.findContact(second.ContactId!)!.attributes, { extra: "x", step: "2", note: "called" }, "the later segment got the update too");
  await expectError(fx.client.send(new GetContactAttributesCommand({ InstanceId: fx.InstanceId, InitialContactId: "nope" })), "ResourceNotFoundException", 404);
  await expectError(fx.client.send(new UpdateContactAttributesCommand({ InstanceId: fx.InstanceId, InitialContactId: first.ContactId!, Attributes: { "bad key!": "v" } })), "InvalidParameterException", 400);
  await expectError(fx.client.send(new UpdateContactAttributesCommand({ InstanceId: fx.InstanceId, InitialContactId: first.ContactId!, Attributes: { big: "x".repeat(32_800) } })), "InvalidParameterException", 400);
});

test("ListContactReferences: the requested types as union members, paged", async () => {
  const out = await startTask({
    References: { site: { Type: "URL", Value: "https://example.com" }, order: { Type: "NUMBER", Value: "42" }, note: { Type: "STRING", Value: "hi" }, due: { Type: "DATE", Value: "2026-01-06" }, mail: { Type: "EMAIL", Value: "a@example.com" } },
  });
  const list = await fx.client.send(new ListContactReferencesCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ReferenceTypes: ["URL", "NUMBER", "EMAIL"] }));
  assert.deepEqual(list.ReferenceSummaryList, [{ Url: { Name: "site", Value: "https://example.com" } }, { Number: { Name: "order", Value: "42" } }, { Email: { Name: "mail", Value: "a@example.com" } }]);
  const strings = await fx.client.send(new ListContactReferencesCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ReferenceTypes: ["STRING", "DATE"] }));
  assert.deepEqual(strings.ReferenceSummaryList, [{ String: { Name: "note", Value: "hi" } }, { Date: { Name: "due", Value: "2026-01-06" } }]);
  await expectError(fx.client.send(new ListContactReferencesCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ReferenceTypes: [] })), "InvalidParameterException", 400);
  await expectError(fx.client.send(new ListContactReferencesCommand({ InstanceId: fx.InstanceId, ContactId: "nope", ReferenceTypes: ["URL"] })), "ResourceNotFoundException", 404);
});

test("SearchContacts: time range, channels, attributes MATCH_ALL / MATCH_ANY, sort and paging; unsupported criteria are refused", async () => {
  const from = new Date(rt.clock.now() - 1000);
  const a = await startTask({ Name: "search-a", Attributes: { color: "red", size: "L" } });
  const b = await startTask({ Name: "search-b", Attributes: { color: "blue", size: "L" } });
  const range = { Type: "INITIATION_TIMESTAMP" as const, StartTime: from, EndTime: new Date(rt.clock.now() + 1000) };
  const all = await fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: range, SearchCriteria: { Channels: ["TASK"], Name: { SearchText: ["search-"], MatchType: "MATCH_ANY" } }, Sort: { FieldName: "INITIATION_TIMESTAMP", Order: "ASCENDING" } }));
  assert.deepEqual(all.Contacts!.map((c) => c.Id), [a.ContactId, b.ContactId]);
  assert.equal(all.TotalCount, 2);
  assert.equal(all.Contacts![0].Channel, "TASK");
  assert.ok(all.Contacts![0].InitiationTimestamp instanceof Date);
  const red = await fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: range, SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: "color", Values: ["red"] }, { Key: "size", Values: ["L"] }], MatchType: "MATCH_ALL" } } }));
  assert.deepEqual(red.Contacts!.map((c) => c.Id), [a.ContactId]);
  const any = await fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: range, SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: "color", Values: ["red", "blue"] }], MatchType: "MATCH_ANY" } }, Sort: { FieldName: "INITIATION_TIMESTAMP", Order: "DESCENDING" }, MaxResults: 1 }));
  assert.deepEqual(any.Contacts!.map((c) => c.Id), [b.ContactId]);
  const next = await fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: range, SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: "color", Values: ["red", "blue"] }], MatchType: "MATCH_ANY" } }, Sort: { FieldName: "INITIATION_TIMESTAMP", Order: "DESCENDING" }, MaxResults: 1, NextToken: any.NextToken }));
  assert.deepEqual(next.Contacts!.map((c) => c.Id), [a.ContactId]);
  assert.equal(next.NextToken, undefined);
  const queued = await fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: { ...range, Type: "ENQUEUE_TIMESTAMP" }, SearchCriteria: { QueueIds: [ids.support], InitiationMethods: ["API"] } }));
  assert.ok(queued.Contacts!.some((c) => c.Id === a.ContactId && c.QueueInfo?.Id === ids.support));
  const err = await expectError(fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: range, SearchCriteria: { AgentHierarchyGroups: { L1Ids: ["x"] } } })), "InvalidParameterException", 400);
  assert.match(err.message, /AgentHierarchyGroups/);
  await expectError(fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: { ...range, StartTime: range.EndTime, EndTime: range.StartTime } })), "InvalidParameterException", 400);
  await expectError(fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId } as never)), "InvalidParameterException", 400);
});

test("SearchContacts finds a chat by what the customer wrote (ContactAnalysis on the transcript)", async () => {
  const { contact, customer } = rt.startChat({ flow: ids.chatFlow, displayName: "Carla" });
  await rt.whenIdle();
  rt.chats.send(contact.id, customer.id, "text/plain", "My card was declined twice");
  const range = { Type: "INITIATION_TIMESTAMP" as const, StartTime: new Date(rt.clock.now() - 1000), EndTime: new Date(rt.clock.now() + 1000) };
  const search = (texts: string[], match: "MATCH_ALL" | "MATCH_NONE") =>
    fx.client.send(new SearchContactsCommand({ InstanceId: fx.InstanceId, TimeRange: range, SearchCriteria: { Channels: ["CHAT"], ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: "CUSTOMER", SearchText: texts, MatchType: match }] } } } }));
  assert.deepEqual((await search(["card", "declined"], "MATCH_ALL")).Contacts!.map((c) => c.Id), [contact.id]);
  assert.deepEqual((await search(["card", "refund"], "MATCH_ALL")).Contacts, []);
  assert.deepEqual((await search(["refund"], "MATCH_NONE")).Contacts!.map((c) => c.Id), [contact.id]);
});

test("StopContact ends the contact (DisconnectReason API); stopping it again is ContactNotFoundException (410)", async () => {
  const out = await startTask();
  await fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId! }));
  const c = await describe(out.ContactId!);
  assert.ok(c.DisconnectTimestamp instanceof Date);
  assert.equal(c.DisconnectReason, "API");
  assert.deepEqual(rt.queues.waitingIn(ids.support).filter((x) => x.id === out.ContactId), [], "out of the queue");
  await expectError(fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId! })), "ContactNotFoundException", 410);
  await expectError(fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: "nope" })), "ContactNotFoundException", 410);
  const coded = await startTask();
  await fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: coded.ContactId!, DisconnectReason: { Code: "OTHER" } }));
  assert.equal((await describe(coded.ContactId!)).DisconnectReason, "OTHER");
  await expectError(fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId: "nope" })), "ResourceNotFoundException", 404);
});

test("TransferContact moves a task to another queue as a new TRANSFER segment; its errors", async () => {
  const out = await startTask({ Attributes: { k: "v" } });
  const moved = await fx.client.send(new TransferContactCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ContactFlowId: ids.transfer, QueueId: ids.billing, ClientToken: "xfer-1" }));
  const retried = await fx.client.send(new TransferContactCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ContactFlowId: ids.transfer, QueueId: ids.billing, ClientToken: "xfer-1" }));
  assert.equal(retried.ContactId, moved.ContactId, "a retry with the same ClientToken is the same transfer");
  assert.notEqual(moved.ContactId, out.ContactId);
  assert.equal(moved.ContactArn, `${rt.instance.arn}/contact/${moved.ContactId}`);
  const segment = await describe(moved.ContactId!);
  assert.equal(segment.InitiationMethod, "TRANSFER");
  assert.equal(segment.PreviousContactId, out.ContactId);
  assert.equal(segment.QueueInfo?.Id, ids.billing);
  assert.deepEqual(segment.Attributes, { k: "v" });
  assert.ok((await describe(out.ContactId!)).DisconnectTimestamp, "the transferred segment ended");
  await expectError(fx.client.send(new TransferContactCommand({ InstanceId: fx.InstanceId, ContactId: out.ContactId!, ContactFlowId: ids.transfer, QueueId: ids.billing })), "InvalidRequestException", 400);
  await expectError(fx.client.send(new TransferContactCommand({ InstanceId: fx.InstanceId, ContactId: moved.ContactId!, ContactFlowId: ids.transfer, QueueId: ids.billing, UserId: ids.ana })), "InvalidRequestException", 400);
  await expectError(fx.client.send(new TransferContactCommand({ InstanceId: fx.InstanceId, ContactId: moved.ContactId!, ContactFlowId: "nope", QueueId: ids.billing })), "ResourceNotFoundException", 404);
  await expectError(fx.client.send(new TransferContactCommand({ InstanceId: fx.InstanceId, ContactId: moved.ContactId!, ContactFlowId: ids.transfer, QueueId: "nope" })), "ResourceNotFoundException", 404);
  const chat = rt.startChat({ flow: ids.chatFlow, displayName: "C" }).contact;
  await expectError(fx.client.send(new TransferContactCommand({ InstanceId: fx.InstanceId, ContactId: chat.id, ContactFlowId: ids.transfer, QueueId: ids.billing })), "InvalidRequestException", 400);
});

test("PutUserStatus drives routing; ListAgentStatuses, DescribeAgentStatus, CreateAgentStatus", async () => {
  const list = await fx.client.send(new ListAgentStatusesCommand({ InstanceId: fx.InstanceId }));
  const byName = Object.fromEntries(list.AgentStatusSummaryList!.map((s) => [s.Name, s]));
  assert.equal(byName.Available.Type, "ROUTABLE");
  assert.equal(byName.Offline.Type, "OFFLINE");
  assert.ok(byName.Available.LastModifiedTime instanceof Date);
  const task = await startTask({ Name: "for ana" });
  await fx.client.send(new PutUserStatusCommand({ InstanceId: fx.InstanceId, UserId: ids.ana, AgentStatusId: byName.Available.Id! }));
  assert.equal(rt.agents.state(ids.ana)!.status.name, "Available");
  const offered = [...rt.agents.state(ids.ana)!.slots.values()].filter((s) => s.state === "offered");
  assert.equal(offered.length, 5, "Available: the waiting tasks are offered up to the TASK concurrency of 5");
  assert.ok(offered.every((s) => s.channel === "TASK"));
  void task;
  const lunch = await fx.client.send(new CreateAgentStatusCommand({ InstanceId: fx.InstanceId, Name: "Lunch", State: "ENABLED", DisplayOrder: 3 }));
  const described = await fx.client.send(new DescribeAgentStatusCommand({ InstanceId: fx.InstanceId, AgentStatusId: lunch.AgentStatusId! }));
  assert.equal(described.AgentStatus?.Type, "CUSTOM");
  assert.equal(described.AgentStatus?.AgentStatusARN, lunch.AgentStatusARN);
  const custom = await fx.client.send(new ListAgentStatusesCommand({ InstanceId: fx.InstanceId, AgentStatusTypes: ["CUSTOM"] }));
  assert.deepEqual(custom.AgentStatusSummaryList!.map((s) => s.Name), ["Lunch"]);
  await fx.client.send(new PutUserStatusCommand({ InstanceId: fx.InstanceId, UserId: ids.ana, AgentStatusId: lunch.AgentStatusId! }));
  assert.equal(rt.agents.state(ids.ana)!.status.name, "Lunch");
  assert.equal([...rt.agents.state(ids.ana)!.slots.values()].filter((s) => s.state === "offered").length, 0, "offers went back to the queue");
  await expectError(fx.client.send(new CreateAgentStatusCommand({ InstanceId: fx.InstanceId, Name: "Lunch", State: "ENABLED" })), "DuplicateResourceException", 409);
  await expectError(fx.client.send(new PutUserStatusCommand({ InstanceId: fx.InstanceId, UserId: ids.ana, AgentStatusId: "nope" })), "ResourceNotFoundException", 404);
  await expectError(fx.client.send(new PutUserStatusCommand({ InstanceId: fx.InstanceId, UserId: "nobody", AgentStatusId: lunch.AgentStatusId! })), "ResourceNotFoundException", 404);
  await expectError(fx.client.send(new DescribeAgentStatusCommand({ InstanceId: fx.InstanceId, AgentStatusId: "nope" })), "ResourceNotFoundException", 404);
});

test("StartOutboundVoiceContact: a VOICE contact with the caller's numbers; its errors", async () => {
  const out = await fx.client.send(new StartOutboundVoiceContactCommand({ InstanceId: fx.InstanceId, DestinationPhoneNumber: "+15555550100", ContactFlowId: ids.flow, QueueId: ids.support, Attributes: { why: "survey" } }));
  const c = await describe(out.ContactId!);
  assert.equal(c.Channel, "VOICE");
  assert.equal(c.InitiationMethod, "API");
  assert.deepEqual(c.CustomerEndpoint, { Address: "+15555550100", Type: "TELEPHONE_NUMBER" });
  assert.deepEqual(c.SystemEndpoint, { Address: "+15555550199", Type: "TELEPHONE_NUMBER" });
  assert.deepEqual(c.Attributes, { why: "survey" });
  await expectError(fx.client.send(new StartOutboundVoiceContactCommand({ InstanceId: fx.InstanceId, DestinationPhoneNumber: "555-0100", ContactFlowId: ids.flow, QueueId: ids.support })), "InvalidParameterException", 400);
  await expectError(fx.client.send(new StartOutboundVoiceContactCommand({ InstanceId: fx.InstanceId, DestinationPhoneNumber: "+15555550100", ContactFlowId: ids.flow })), "InvalidRequestException", 400);
  await expectError(fx.client.send(new StartOutboundVoiceContactCommand({ InstanceId: fx.InstanceId, DestinationPhoneNumber: "+15555550100", ContactFlowId: ids.flow, QueueId: ids.support, TrafficType: "CAMPAIGN" })), "OutboundContactNotPermittedException", 403);
  await expectError(fx.client.send(new StartOutboundVoiceContactCommand({ InstanceId: fx.InstanceId, DestinationPhoneNumber: "+15555550100", ContactFlowId: "nope", QueueId: ids.support })), "ResourceNotFoundException", 404);
});
