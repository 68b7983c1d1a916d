import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  CreateUserCommand,
  DeleteHoursOfOperationCommand,
  DescribeHoursOfOperationCommand,
  DescribeQueueCommand,
  ListHoursOfOperationsCommand,
  ListQueuesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  UpdateQueueHoursOfOperationCommand,
  UpdateQueueMaxContactsCommand,
  UpdateQueueStatusCommand,
} from "@aws-sdk/client-connect";
import { assertTime, expectError, startSdkSim } from "../testing.js";

const NINE_TO_FIVE = [{ Day: "MONDAY" as const, StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }];

test("a fresh instance has Basic Hours (open 24/7) and BasicQueue on them", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    const hours = (await client.send(new ListHoursOfOperationsCommand({ InstanceId }))).HoursOfOperationSummaryList!;
    assert.deepEqual(hours.map((h) => h.Name), ["Basic Hours"]);
    const basic = (await client.send(new DescribeHoursOfOperationCommand({ InstanceId, HoursOfOperationId: hours[0].Id }))).HoursOfOperation!;
    assert.equal(basic.Config?.length, 7);
    assert.ok(basic.Config!.every((c) => c.StartTime?.Hours === 0 && c.StartTime.Minutes === 0 && c.EndTime?.Hours === 0 && c.EndTime.Minutes === 0));
    const queues = (await client.send(new ListQueuesCommand({ InstanceId, QueueTypes: ["STANDARD"] }))).QueueSummaryList!;
    assert.deepEqual(queues.map((q) => [q.Name, q.QueueType]), [["BasicQueue", "STANDARD"]]);
    const queue = (await client.send(new DescribeQueueCommand({ InstanceId, QueueId: queues[0].Id }))).Queue!;
    assert.equal(queue.HoursOfOperationId, hours[0].Id);
  } finally {
    await close();
  }
});

test("hours of operation: create, describe, list, and delete once no queue uses them", async () => {
  const { client, InstanceId, sim, close } = await startSdkSim();
  try {
    const h = await client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "Office", Description: "Mondays", TimeZone: "Europe/Berlin", Config: NINE_TO_FIVE }));
    const d = (await client.send(new DescribeHoursOfOperationCommand({ InstanceId, HoursOfOperationId: h.HoursOfOperationArn }))).HoursOfOperation!;
    assert.deepEqual([d.Name, d.Description, d.TimeZone, d.Config], ["Office", "Mondays", "Europe/Berlin", NINE_TO_FIVE]);
    assertTime(d.LastModifiedTime, "HoursOfOperation.LastModifiedTime");
    assert.equal(sim.runtime.findHoursOfOperation("Office")?.id, h.HoursOfOperationId, "Check hours of operation blocks find it by name");
    const q = await client.send(new CreateQueueCommand({ InstanceId, Name: "Office queue", HoursOfOperationId: h.HoursOfOperationId }));
    const inUse = await expectError(client.send(new DeleteHoursOfOperationCommand({ InstanceId, HoursOfOperationId: h.HoursOfOperationId })), "InvalidRequestException", 400);
    assert.match(inUse.message, /used by Office queue/);
    const basic = (await client.send(new ListHoursOfOperationsCommand({ InstanceId }))).HoursOfOperationSummaryList!.find((x) => x.Name === "Basic Hours")!;
    await client.send(new UpdateQueueHoursOfOperationCommand({ InstanceId, QueueId: q.QueueId, HoursOfOperationId: basic.Id }));
    await client.send(new DeleteHoursOfOperationCommand({ InstanceId, HoursOfOperationId: h.HoursOfOperationId }));
    await expectError(client.send(new DescribeHoursOfOperationCommand({ InstanceId, HoursOfOperationId: h.HoursOfOperationId })), "ResourceNotFoundException", 404);
  } finally {
    await close();
  }
});

test("hours of operation: bad zones, days and times are InvalidParameterException; names are unique", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    const zone = await expectError(client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "Mars", TimeZone: "Mars/Olympus", Config: NINE_TO_FIVE })), "InvalidParameterException", 400);
    assert.match(zone.message, /IANA/);
    const bad = await expectError(
      client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "Bad", TimeZone: "UTC", Config: [{ Day: "FUNDAY" as never, StartTime: { Hours: 25, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 60 } }] })),
      "InvalidParameterException",
      400,
    );
    assert.match(bad.message, /^3 validation errors detected/);
    assert.match(bad.message, /'config\.0\.day'/);
    await expectError(client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "Basic Hours", TimeZone: "UTC", Config: [] })), "DuplicateResourceException", 409);
    await expectError(client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "NoConfig", TimeZone: "UTC" } as never)), "InvalidParameterException", 400);
  } finally {
    await close();
  }
});

test("queues: create, update status, capacity and hours; errors for unknown hours, duplicates and email settings", async () => {
  const { client, InstanceId, sim, close } = await startSdkSim();
  try {
    const h = await client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "Office", TimeZone: "UTC", Config: NINE_TO_FIVE }));
    const q = await client.send(new CreateQueueCommand({ InstanceId, Name: "Billing", Description: "Billing questions", HoursOfOperationId: h.HoursOfOperationId, MaxContacts: 2, Tags: { dept: "billing" } }));
    await client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId: q.QueueId, Status: "DISABLED" }));
    await client.send(new UpdateQueueMaxContactsCommand({ InstanceId, QueueId: q.QueueId, MaxContacts: 5 }));
    const d = (await client.send(new DescribeQueueCommand({ InstanceId, QueueId: q.QueueId }))).Queue!;
    assert.deepEqual([d.Name, d.Description, d.Status, d.MaxContacts, d.HoursOfOperationId, d.Tags], ["Billing", "Billing questions", "DISABLED", 5, h.HoursOfOperationId, { dept: "billing" }]);
    assert.equal(sim.runtime.findQueue("Billing")?.id, q.QueueId, "Set working queue blocks find it by name");
    await client.send(new UpdateQueueMaxContactsCommand({ InstanceId, QueueId: q.QueueId }));
    assert.equal((await client.send(new DescribeQueueCommand({ InstanceId, QueueId: q.QueueId }))).Queue?.MaxContacts, undefined, "no MaxContacts lifts the limit");

    const missing = await expectError(client.send(new CreateQueueCommand({ InstanceId, Name: "Orphan", HoursOfOperationId: "no-such-hours" })), "ResourceNotFoundException", 404);
    assert.match(missing.message, /Hours of operation not found/);
    await expectError(client.send(new CreateQueueCommand({ InstanceId, Name: "Billing", HoursOfOperationId: h.HoursOfOperationId })), "DuplicateResourceException", 409);
    await expectError(client.send(new CreateQueueCommand({ InstanceId, Name: "X" } as never)), "InvalidParameterException", 400);
    await expectError(client.send(new CreateQueueCommand({ InstanceId, Name: "X", HoursOfOperationId: h.HoursOfOperationId, MaxContacts: -1 })), "InvalidParameterException", 400);
    const email = await expectError(client.send(new CreateQueueCommand({ InstanceId, Name: "X", HoursOfOperationId: h.HoursOfOperationId, OutboundEmailConfig: { OutboundEmailAddressId: "e1" } })), "InvalidParameterException", 400);
    assert.match(email.message, /OutboundEmailConfig/);
    await expectError(client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId: q.QueueId, Status: "PAUSED" as never })), "InvalidParameterException", 400);
    await expectError(client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId: "no-such-queue", Status: "ENABLED" })), "ResourceNotFoundException", 404);
  } finally {
    await close();
  }
});

test("ListQueues: standard queues and one agent queue per user, filtered by type and paged", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    const hoursId = (await client.send(new ListHoursOfOperationsCommand({ InstanceId }))).HoursOfOperationSummaryList![0].Id;
    for (const name of ["Q1", "Q2", "Q3"]) await client.send(new CreateQueueCommand({ InstanceId, Name: name, HoursOfOperationId: hoursId }));
    const routingProfileId = (await client.send(new ListRoutingProfilesCommand({ InstanceId }))).RoutingProfileSummaryList![0].Id;
    const agentProfile = (await client.send(new ListSecurityProfilesCommand({ InstanceId }))).SecurityProfileSummaryList!.find((p) => p.Name === "Agent")!.Id!;
    const user = await client.send(new CreateUserCommand({ InstanceId, Username: "ana", Password: "Passw0rdOk", SecurityProfileIds: [agentProfile], RoutingProfileId: routingProfileId }));

    const agentQueues = (await client.send(new ListQueuesCommand({ InstanceId, QueueTypes: ["AGENT"] }))).QueueSummaryList!;
    assert.deepEqual(agentQueues.map((q) => [q.Id, q.QueueType]), [[`agent/${user.UserId}`, "AGENT"]]);
    assert.match(agentQueues[0].Arn!, new RegExp(`/queue/agent/${user.UserId}$`));
    assert.equal((await client.send(new DescribeQueueCommand({ InstanceId, QueueId: agentQueues[0].Id }))).Queue?.QueueArn, agentQueues[0].Arn);

    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListQueuesCommand({ InstanceId, MaxResults: 2, NextToken }));
      names.push(...page.QueueSummaryList!.map((q) => q.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(names, ["BasicQueue", "Q1", "Q2", "Q3", "ana"]);
    await expectError(client.send(new ListQueuesCommand({ InstanceId, QueueTypes: ["VIP" as never] })), "InvalidParameterException", 400);
  } finally {
    await close();
  }
});
