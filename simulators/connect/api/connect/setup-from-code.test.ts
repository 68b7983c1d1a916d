/**
 * Setting an instance up from code with the real Connect client, the way a deployment
 * script does it against Amazon Connect: hours → queue → routing profile → user → quick
 * connects → task template → flows, then reading it all back, then running a contact
 * through what was built.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AssociateQueueQuickConnectsCommand,
  CreateContactFlowCommand,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  CreateQuickConnectCommand,
  CreateRoutingProfileCommand,
  CreateTaskTemplateCommand,
  CreateUserCommand,
  DescribeHoursOfOperationCommand,
  DescribeQueueCommand,
  DescribeQuickConnectCommand,
  DescribeRoutingProfileCommand,
  DescribeUserCommand,
  GetTaskTemplateCommand,
  ListQueueQuickConnectsCommand,
  ListRoutingProfileQueuesCommand,
  ListSecurityProfilesCommand,
} from "@aws-sdk/client-connect";
import { AGENT_TRANSFER_FLOW, QUEUE_TRANSFER_FLOW, assertTime, flowContent, startSdkSim } from "../testing.js";
import type { Contact } from "../../flow/contact.js";

test("an instance set up from code runs contacts: hours, queue, routing profile, user, quick connects, task template, flows", async () => {
  const { client, InstanceId, sim, close } = await startSdkSim();
  try {
    const weekdays = (["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] as const).map((Day) => ({ Day, StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 30 } }));
    const hours = await client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "Support hours", TimeZone: "America/New_York", Config: weekdays, Tags: { team: "support" } }));
    const queue = await client.send(new CreateQueueCommand({ InstanceId, Name: "Support", Description: "Support line", HoursOfOperationId: hours.HoursOfOperationId, MaxContacts: 10, Tags: { team: "support" } }));
    const profile = await client.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Name: "Support agents",
        Description: "Calls and callback tasks",
        DefaultOutboundQueueId: queue.QueueId,
        MediaConcurrencies: [
          { Channel: "VOICE", Concurrency: 1 },
          { Channel: "TASK", Concurrency: 2, CrossChannelBehavior: { BehaviorType: "ROUTE_ANY_CHANNEL" } },
        ],
        QueueConfigs: [
          { QueueReference: { QueueId: queue.QueueId, Channel: "VOICE" }, Priority: 1, Delay: 0 },
          { QueueReference: { QueueId: queue.QueueId, Channel: "TASK" }, Priority: 2, Delay: 15 },
        ],
      }),
    );
    const securityProfiles = await client.send(new ListSecurityProfilesCommand({ InstanceId }));
    const agentProfile = securityProfiles.SecurityProfileSummaryList?.find((p) => p.Name === "Agent");
    assert.ok(agentProfile?.Id, "a new instance has the Agent security profile");
    const user = await client.send(
      new CreateUserCommand({
        InstanceId,
        Username: "ana.lima",
        Password: "Str0ngPassword",
        IdentityInfo: { FirstName: "Ana", LastName: "Lima", Email: "ana@example.com" },
        PhoneConfig: { PhoneType: "SOFT_PHONE", AutoAccept: false, AfterContactWorkTimeLimit: 30 },
        SecurityProfileIds: [agentProfile.Id],
        RoutingProfileId: profile.RoutingProfileId,
      }),
    );

    const toAgentFlow = await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Transfer to Ana", Type: "AGENT_TRANSFER", Content: AGENT_TRANSFER_FLOW }));
    const toQueueFlow = await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Transfer to support", Type: "QUEUE_TRANSFER", Content: QUEUE_TRANSFER_FLOW }));
    const toAna = await client.send(new CreateQuickConnectCommand({ InstanceId, Name: "Ana", QuickConnectConfig: { QuickConnectType: "USER", UserConfig: { UserId: user.UserId, ContactFlowId: toAgentFlow.ContactFlowId } } }));
    const toSupport = await client.send(new CreateQuickConnectCommand({ InstanceId, Name: "Support queue", QuickConnectConfig: { QuickConnectType: "QUEUE", QueueConfig: { QueueId: queue.QueueId, ContactFlowId: toQueueFlow.ContactFlowId } } }));
    await client.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId: queue.QueueId, QuickConnectIds: [toAna.QuickConnectId!, toSupport.QuickConnectId!] }));

    const taskFlow = await client.send(
      new CreateContactFlowCommand({
        InstanceId,
        Name: "Callback task",
        Type: "CONTACT_FLOW",
        Content: flowContent([
          { Identifier: "queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: queue.QueueArn }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } },
          { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "end" }, { ErrorType: "NoMatchingError", NextAction: "end" }] } },
          { Identifier: "end", Type: "DisconnectParticipant" },
        ]),
      }),
    );
    // Seed 002's template: the description is shown but not editable (so not required), the phone number is filled by the flow.
    const template = await client.send(
      new CreateTaskTemplateCommand({
        InstanceId,
        Name: "Callback request",
        Description: "The customer asked for a call back",
        ContactFlowId: taskFlow.ContactFlowId,
        Fields: [
          { Id: { Name: "Name" }, Type: "NAME" },
          { Id: { Name: "Description" }, Type: "DESCRIPTION" },
          { Id: { Name: "PhoneNumber" }, Type: "TEXT", Description: "Number to call back" },
        ],
        Constraints: { RequiredFields: [{ Id: { Name: "Name" } }], ReadOnlyFields: [{ Id: { Name: "Description" } }] },
        Defaults: { DefaultFieldValues: [{ Id: { Name: "Description" }, DefaultValue: "Please call this customer back" }] },
      }),
    );
    const inbound = await client.send(
      new CreateContactFlowCommand({
        InstanceId,
        Name: "Support inbound",
        Type: "CONTACT_FLOW",
        Content: flowContent([
          {
            Identifier: "task",
            Type: "CreateTask",
            Parameters: { Name: "Call back", TaskTemplateId: template.Id, References: { PhoneNumber: { Type: "STRING", Value: "$.CustomerEndpoint.Address" } } },
            Transitions: { NextAction: "queue", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] },
          },
          { Identifier: "queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: queue.QueueId }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } },
          { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "end" }, { ErrorType: "NoMatchingError", NextAction: "end" }] } },
          { Identifier: "end", Type: "DisconnectParticipant" },
        ]),
        Tags: { team: "support" },
      }),
    );

    // Everything reads back as it was set.
    const h = (await client.send(new DescribeHoursOfOperationCommand({ InstanceId, HoursOfOperationId: hours.HoursOfOperationId }))).HoursOfOperation!;
    assert.equal(h.TimeZone, "America/New_York");
    assert.deepEqual(h.Config, weekdays);
    assert.deepEqual(h.Tags, { team: "support" });
    assertTime(h.LastModifiedTime, "HoursOfOperation.LastModifiedTime");
    const q = (await client.send(new DescribeQueueCommand({ InstanceId, QueueId: queue.QueueId }))).Queue!;
    assert.deepEqual({ Name: q.Name, HoursOfOperationId: q.HoursOfOperationId, MaxContacts: q.MaxContacts, Status: q.Status, QueueArn: q.QueueArn }, { Name: "Support", HoursOfOperationId: hours.HoursOfOperationId, MaxContacts: 10, Status: "ENABLED", QueueArn: queue.QueueArn });
    assertTime(q.LastModifiedTime, "Queue.LastModifiedTime");
    const rp = (await client.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId: profile.RoutingProfileId }))).RoutingProfile!;
    assert.equal(rp.NumberOfAssociatedQueues, 1);
    assert.equal(rp.NumberOfAssociatedUsers, 1);
    assert.deepEqual(rp.AssociatedQueueIds, [queue.QueueId]);
    assert.equal(rp.MediaConcurrencies?.find((m) => m.Channel === "TASK")?.CrossChannelBehavior?.BehaviorType, "ROUTE_ANY_CHANNEL");
    assert.equal(rp.IsDefault, false);
    const rpQueues = await client.send(new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId: profile.RoutingProfileId }));
    assert.deepEqual(rpQueues.RoutingProfileQueueConfigSummaryList?.map((c) => [c.QueueName, c.Channel, c.Priority, c.Delay]), [
      ["Support", "VOICE", 1, 0],
      ["Support", "TASK", 2, 15],
    ]);
    const u = (await client.send(new DescribeUserCommand({ InstanceId, UserId: user.UserId }))).User!;
    assert.deepEqual({ Username: u.Username, RoutingProfileId: u.RoutingProfileId, SecurityProfileIds: u.SecurityProfileIds, FirstName: u.IdentityInfo?.FirstName }, { Username: "ana.lima", RoutingProfileId: profile.RoutingProfileId, SecurityProfileIds: [agentProfile.Id], FirstName: "Ana" });
    assert.equal(u.PhoneConfig?.AfterContactWorkTimeLimit, 30);
    const qc = (await client.send(new DescribeQuickConnectCommand({ InstanceId, QuickConnectId: toAna.QuickConnectId }))).QuickConnect!;
    assert.deepEqual(qc.QuickConnectConfig, { QuickConnectType: "USER", UserConfig: { UserId: user.UserId, ContactFlowId: toAgentFlow.ContactFlowId } });
    const offered = await client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId: queue.QueueId }));
    assert.deepEqual(offered.QuickConnectSummaryList?.map((s) => [s.Name, s.QuickConnectType]), [
      ["Ana", "USER"],
      ["Support queue", "QUEUE"],
    ]);
    const tt = await client.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId: template.Id }));
    assert.equal(tt.ContactFlowId, taskFlow.ContactFlowId);
    assert.deepEqual(tt.Constraints?.ReadOnlyFields, [{ Id: { Name: "Description" } }]);
    assertTime(tt.CreatedTime, "TaskTemplate.CreatedTime");

    // A call through what was built: a callback task is raised from the template and the caller waits in Support.
    const rt = sim.runtime;
    const tasks: Contact[] = [];
    rt.events.on((e) => e.type === "task.created" && tasks.push(e.task));
    const call = rt.startContact({ channel: "VOICE", flow: inbound.ContactFlowId!, customerEndpoint: { Address: "+12025550143", Type: "TELEPHONE_NUMBER" } });
    await rt.whenIdle();
    assert.equal(call.state, "QUEUED");
    assert.equal(call.queue?.id, queue.QueueId);
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].description, "Please call this customer back");
    assert.equal(tasks[0].references.PhoneNumber?.Value, "+12025550143");
    assert.equal(tasks[0].queue?.id, queue.QueueId, "the task's own flow queued it in Support");
  } finally {
    await close();
  }
});
