import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AssociateQueueQuickConnectsCommand,
  CreateContactFlowCommand,
  CreateQuickConnectCommand,
  CreateUserCommand,
  DeleteQuickConnectCommand,
  DescribeQuickConnectCommand,
  DisassociateQueueQuickConnectsCommand,
  ListContactFlowsCommand,
  ListQueueQuickConnectsCommand,
  ListQueuesCommand,
  ListQuickConnectsCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
} from "@aws-sdk/client-connect";
import { AGENT_TRANSFER_FLOW, HELLO_FLOW, assertTime, expectError, startSdkSim, type SdkSim } from "../testing.js";

async function fixtures(a: SdkSim) {
  const { client, InstanceId } = a;
  const flows = (await client.send(new ListContactFlowsCommand({ InstanceId, ContactFlowTypes: ["AGENT_TRANSFER", "QUEUE_TRANSFER"] }))).ContactFlowSummaryList!;
  const agentTransfer = flows.find((f) => f.ContactFlowType === "AGENT_TRANSFER")!.Id!;
  const queueTransfer = flows.find((f) => f.ContactFlowType === "QUEUE_TRANSFER")!.Id!;
  const queue = (await client.send(new ListQueuesCommand({ InstanceId, QueueTypes: ["STANDARD"] }))).QueueSummaryList![0].Id!;
  const routingProfile = (await client.send(new ListRoutingProfilesCommand({ InstanceId }))).RoutingProfileSummaryList![0].Id!;
  const agentProfile = (await client.send(new ListSecurityProfilesCommand({ InstanceId }))).SecurityProfileSummaryList!.find((p) => p.Name === "Agent")!.Id!;
  const user = (await client.send(new CreateUserCommand({ InstanceId, Username: "ana", Password: "Passw0rdOk", SecurityProfileIds: [agentProfile], RoutingProfileId: routingProfile }))).UserId!;
  return { agentTransfer, queueTransfer, queue, user };
}

test("quick connects of every kind, offered by a queue, listed by type", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const f = await fixtures(a);
    const toAna = await client.send(new CreateQuickConnectCommand({ InstanceId, Name: "Ana", Description: "Ana directly", QuickConnectConfig: { QuickConnectType: "USER", UserConfig: { UserId: f.user, ContactFlowId: f.agentTransfer } }, Tags: { t: "1" } }));
    const toQueue = await client.send(new CreateQuickConnectCommand({ InstanceId, Name: "Basic", QuickConnectConfig: { QuickConnectType: "QUEUE", QueueConfig: { QueueId: f.queue, ContactFlowId: f.queueTransfer } } }));
    const external = await client.send(new CreateQuickConnectCommand({ InstanceId, Name: "Partner", QuickConnectConfig: { QuickConnectType: "PHONE_NUMBER", PhoneConfig: { PhoneNumber: "+442071838750" } } }));
    assert.match(toAna.QuickConnectARN!, /\/transfer-destination\//);

    const d = (await client.send(new DescribeQuickConnectCommand({ InstanceId, QuickConnectId: toQueue.QuickConnectId }))).QuickConnect!;
    assert.deepEqual([d.Name, d.QuickConnectConfig], ["Basic", { QuickConnectType: "QUEUE", QueueConfig: { QueueId: f.queue, ContactFlowId: f.queueTransfer } }]);
    assertTime(d.LastModifiedTime, "QuickConnect.LastModifiedTime");
    const ana = (await client.send(new DescribeQuickConnectCommand({ InstanceId, QuickConnectId: toAna.QuickConnectARN }))).QuickConnect!;
    assert.deepEqual([ana.Description, ana.Tags], ["Ana directly", { t: "1" }]);

    const users = (await client.send(new ListQuickConnectsCommand({ InstanceId, QuickConnectTypes: ["USER", "PHONE_NUMBER"] }))).QuickConnectSummaryList!;
    assert.deepEqual(users.map((q) => [q.Name, q.QuickConnectType]), [
      ["Ana", "USER"],
      ["Partner", "PHONE_NUMBER"],
    ]);

    await client.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId: f.queue, QuickConnectIds: [toAna.QuickConnectId!, toQueue.QuickConnectId!, external.QuickConnectId!] }));
    await client.send(new DisassociateQueueQuickConnectsCommand({ InstanceId, QueueId: f.queue, QuickConnectIds: [toQueue.QuickConnectId!] }));
    await client.send(new DeleteQuickConnectCommand({ InstanceId, QuickConnectId: external.QuickConnectId }));
    const offered = (await client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId: f.queue }))).QuickConnectSummaryList!;
    assert.deepEqual(offered.map((q) => q.Name), ["Ana"]);
    await expectError(client.send(new DescribeQuickConnectCommand({ InstanceId, QuickConnectId: external.QuickConnectId })), "ResourceNotFoundException", 404);
  } finally {
    await a.close();
  }
});

test("the flow must fit the quick connect: USER → Transfer to agent, QUEUE → Transfer to queue", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const f = await fixtures(a);
    const inbound = (await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Inbound", Type: "CONTACT_FLOW", Content: HELLO_FLOW }))).ContactFlowId!;
    const wrongUser = await expectError(client.send(new CreateQuickConnectCommand({ InstanceId, Name: "x", QuickConnectConfig: { QuickConnectType: "USER", UserConfig: { UserId: f.user, ContactFlowId: f.queueTransfer } } })), "InvalidParameterException", 400);
    assert.match(wrongUser.message, /must be a Transfer to agent flow \(AGENT_TRANSFER\)/);
    const wrongQueue = await expectError(client.send(new CreateQuickConnectCommand({ InstanceId, Name: "x", QuickConnectConfig: { QuickConnectType: "QUEUE", QueueConfig: { QueueId: f.queue, ContactFlowId: inbound } } })), "InvalidParameterException", 400);
    assert.match(wrongQueue.message, /must be a Transfer to queue flow \(QUEUE_TRANSFER\); "Inbound" is an Inbound flow/);
    // A SAVED transfer flow of the right type is accepted: quick connects may name a flow before it is published.
    const saved = (await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Draft transfer", Type: "AGENT_TRANSFER", Content: AGENT_TRANSFER_FLOW, Status: "SAVED" }))).ContactFlowId!;
    await client.send(new CreateQuickConnectCommand({ InstanceId, Name: "Draft", QuickConnectConfig: { QuickConnectType: "USER", UserConfig: { UserId: f.user, ContactFlowId: saved } } }));
  } finally {
    await a.close();
  }
});

test("quick connect errors: missing or extra configs, unknown user, queue and flow, bad numbers, duplicates", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const f = await fixtures(a);
    const make = (Name: string, QuickConnectConfig: object) => client.send(new CreateQuickConnectCommand({ InstanceId, Name, QuickConnectConfig: QuickConnectConfig as never }));
    await expectError(make("x", { QuickConnectType: "USER" }), "InvalidParameterException", 400);
    await expectError(make("x", { QuickConnectType: "PHONE_NUMBER", PhoneConfig: { PhoneNumber: "+15550100" }, QueueConfig: { QueueId: f.queue, ContactFlowId: f.queueTransfer } }), "InvalidParameterException", 400);
    await expectError(make("x", { QuickConnectType: "PHONE_NUMBER", PhoneConfig: { PhoneNumber: "0800 123" } }), "InvalidParameterException", 400);
    await expectError(make("x", { QuickConnectType: "CALLBACK" }), "InvalidParameterException", 400);
    await expectError(make("x", { QuickConnectType: "USER", UserConfig: { UserId: "ghost", ContactFlowId: f.agentTransfer } }), "ResourceNotFoundException", 404);
    await expectError(make("x", { QuickConnectType: "QUEUE", QueueConfig: { QueueId: "ghost", ContactFlowId: f.queueTransfer } }), "ResourceNotFoundException", 404);
    await expectError(make("x", { QuickConnectType: "QUEUE", QueueConfig: { QueueId: f.queue, ContactFlowId: "ghost" } }), "ResourceNotFoundException", 404);
    await expectError(client.send(new CreateQuickConnectCommand({ InstanceId, Name: "x" } as never)), "InvalidParameterException", 400);
    await make("Dup", { QuickConnectType: "PHONE_NUMBER", PhoneConfig: { PhoneNumber: "+15550100" } });
    await expectError(make("Dup", { QuickConnectType: "PHONE_NUMBER", PhoneConfig: { PhoneNumber: "+15550101" } }), "DuplicateResourceException", 409);
    await expectError(client.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId: f.queue, QuickConnectIds: ["ghost"] })), "ResourceNotFoundException", 404);
    await expectError(client.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId: f.queue, QuickConnectIds: [] })), "InvalidParameterException", 400);
    await expectError(client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId: "ghost" })), "ResourceNotFoundException", 404);
  } finally {
    await a.close();
  }
});
