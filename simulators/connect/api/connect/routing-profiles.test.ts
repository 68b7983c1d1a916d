import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AssociateRoutingProfileQueuesCommand,
  CreateQueueCommand,
  CreateRoutingProfileCommand,
  DescribeRoutingProfileCommand,
  DisassociateRoutingProfileQueuesCommand,
  ListHoursOfOperationsCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  UpdateRoutingProfileConcurrencyCommand,
} from "@aws-sdk/client-connect";
import { assertTime, expectError, startSdkSim, type SdkSim } from "../testing.js";

async function withQueue(a: SdkSim, name: string): Promise<string> {
  const hoursId = (await a.client.send(new ListHoursOfOperationsCommand({ InstanceId: a.InstanceId }))).HoursOfOperationSummaryList![0].Id;
  return (await a.client.send(new CreateQueueCommand({ InstanceId: a.InstanceId, Name: name, HoursOfOperationId: hoursId }))).QueueId!;
}

test("the Basic Routing Profile of a new instance serves BasicQueue on voice, chat and task", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const list = (await client.send(new ListRoutingProfilesCommand({ InstanceId }))).RoutingProfileSummaryList!;
    assert.deepEqual(list.map((p) => p.Name), ["Basic Routing Profile"]);
    const p = (await client.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId: list[0].Id }))).RoutingProfile!;
    assert.equal(p.IsDefault, true);
    assert.deepEqual(p.MediaConcurrencies?.map((m) => [m.Channel, m.Concurrency]), [
      ["VOICE", 1],
      ["CHAT", 2],
      ["TASK", 1],
    ]);
    const queues = (await client.send(new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId: list[0].Id }))).RoutingProfileQueueConfigSummaryList!;
    assert.deepEqual(queues.map((q) => [q.QueueName, q.Channel]), [
      ["BasicQueue", "VOICE"],
      ["BasicQueue", "CHAT"],
      ["BasicQueue", "TASK"],
    ]);
  } finally {
    await a.close();
  }
});

test("create, associate more queues, drop one, change concurrency; the routing model holds what was set", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId, sim } = a;
    const sales = await withQueue(a, "Sales");
    const tasks = await withQueue(a, "Tasks");
    const created = await client.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Name: "Sales agents",
        Description: "Sales calls and tasks",
        DefaultOutboundQueueId: sales,
        MediaConcurrencies: [
          { Channel: "VOICE", Concurrency: 1 },
          { Channel: "TASK", Concurrency: 3, CrossChannelBehavior: { BehaviorType: "ROUTE_ANY_CHANNEL" } },
        ],
        QueueConfigs: [{ QueueReference: { QueueId: sales, Channel: "VOICE" }, Priority: 1, Delay: 0 }],
        Tags: { team: "sales" },
      }),
    );
    await client.send(new AssociateRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId: created.RoutingProfileId, QueueConfigs: [{ QueueReference: { QueueId: tasks, Channel: "TASK" }, Priority: 2, Delay: 30 }] }));
    const stored = sim.runtime.resources.routingProfiles.get(created.RoutingProfileId!)!;
    assert.deepEqual(stored.queues, [
      { queueId: sales, channel: "VOICE", priority: 1, delay: 0 },
      { queueId: tasks, channel: "TASK", priority: 2, delay: 30 },
    ]);
    assert.equal(stored.mediaConcurrencies[1].CrossChannelBehavior?.BehaviorType, "ROUTE_ANY_CHANNEL", "seed 002: a call does not block tasks");

    const refused = await expectError(client.send(new UpdateRoutingProfileConcurrencyCommand({ InstanceId, RoutingProfileId: created.RoutingProfileId, MediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }] })), "InvalidParameterException", 400);
    assert.match(refused.message, /Tasks on TASK/);
    await client.send(new DisassociateRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId: created.RoutingProfileId, QueueReferences: [{ QueueId: tasks, Channel: "TASK" }] }));
    await client.send(new UpdateRoutingProfileConcurrencyCommand({ InstanceId, RoutingProfileId: created.RoutingProfileId, MediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }, { Channel: "CHAT", Concurrency: 4 }] }));
    const p = (await client.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId: created.RoutingProfileArn }))).RoutingProfile!;
    assert.deepEqual(p.MediaConcurrencies?.map((m) => [m.Channel, m.Concurrency, m.CrossChannelBehavior?.BehaviorType]), [
      ["VOICE", 1, "ROUTE_CURRENT_CHANNEL_ONLY"],
      ["CHAT", 4, "ROUTE_CURRENT_CHANNEL_ONLY"],
    ]);
    assert.deepEqual([p.NumberOfAssociatedQueues, p.NumberOfAssociatedUsers, p.DefaultOutboundQueueId, p.IsDefault, p.Tags], [1, 0, sales, false, { team: "sales" }]);
    assertTime(p.LastModifiedTime, "RoutingProfile.LastModifiedTime");
  } finally {
    await a.close();
  }
});

test("routing profile errors: voice concurrency, channels the profile lacks, unknown queues, duplicates, bad shapes", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const q = await withQueue(a, "Q");
    const make = (over: object) => client.send(new CreateRoutingProfileCommand({ InstanceId, Name: "P", Description: "d", DefaultOutboundQueueId: q, MediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }], ...over }));
    const voice = await expectError(make({ MediaConcurrencies: [{ Channel: "VOICE", Concurrency: 2 }] }), "InvalidParameterException", 400);
    assert.match(voice.message, /VOICE must be 1/);
    const channel = await expectError(make({ QueueConfigs: [{ QueueReference: { QueueId: q, Channel: "CHAT" }, Priority: 1, Delay: 0 }] }), "InvalidParameterException", 400);
    assert.match(channel.message, /no CHAT concurrency/);
    await expectError(make({ DefaultOutboundQueueId: "no-such-queue" }), "ResourceNotFoundException", 404);
    await expectError(make({ QueueConfigs: [{ QueueReference: { QueueId: "no-such-queue", Channel: "VOICE" }, Priority: 1, Delay: 0 }] }), "ResourceNotFoundException", 404);
    await expectError(make({ Name: "Basic Routing Profile" }), "DuplicateResourceException", 409);
    const shape = await expectError(make({ Description: undefined, QueueConfigs: [{ QueueReference: { QueueId: q, Channel: "VOICE" }, Priority: 0, Delay: 10000 }] }), "InvalidParameterException", 400);
    assert.match(shape.message, /^3 validation errors detected/);
    await expectError(make({ MediaConcurrencies: [{ Channel: "CHAT", Concurrency: 11 }] }), "InvalidParameterException", 400);
    await expectError(make({ AgentAvailabilityTimer: "TIME_SINCE_LAST_ACTIVITY" }), "InvalidParameterException", 400);
    await expectError(client.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId: "nope" })), "ResourceNotFoundException", 404);
    await expectError(client.send(new AssociateRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId: "nope", QueueConfigs: [{ QueueReference: { QueueId: q, Channel: "VOICE" }, Priority: 1, Delay: 0 }] })), "ResourceNotFoundException", 404);
  } finally {
    await a.close();
  }
});
