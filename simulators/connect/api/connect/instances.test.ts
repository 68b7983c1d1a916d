import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateContactFlowCommand,
  CreateQueueCommand,
  DescribeContactFlowCommand,
  DescribeInstanceCommand,
  DescribeQueueCommand,
  ListHoursOfOperationsCommand,
  ListInstancesCommand,
  ListQueuesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-connect";
import { HELLO_FLOW, assertTime, expectError, startSdkSim } from "../testing.js";

const OTHER_INSTANCE = "99999999-8888-4777-8666-555555555555";

test("the one instance: listed, described by id or ARN, its id set by startSimulator", async () => {
  const { client, InstanceId, close } = await startSdkSim({ instanceId: "12345678-90ab-4cde-8f01-234567890abc" });
  try {
    assert.equal(InstanceId, "12345678-90ab-4cde-8f01-234567890abc");
    const listed = await client.send(new ListInstancesCommand({}));
    assert.equal(listed.InstanceSummaryList?.length, 1);
    const summary = listed.InstanceSummaryList![0];
    assert.deepEqual(
      { Id: summary.Id, Arn: summary.Arn, IdentityManagementType: summary.IdentityManagementType, InstanceStatus: summary.InstanceStatus, InboundCallsEnabled: summary.InboundCallsEnabled, OutboundCallsEnabled: summary.OutboundCallsEnabled },
      { Id: InstanceId, Arn: `arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}`, IdentityManagementType: "CONNECT_MANAGED", InstanceStatus: "ACTIVE", InboundCallsEnabled: true, OutboundCallsEnabled: true },
    );
    assertTime(summary.CreatedTime, "InstanceSummary.CreatedTime");
    const byId = (await client.send(new DescribeInstanceCommand({ InstanceId }))).Instance!;
    const byArn = (await client.send(new DescribeInstanceCommand({ InstanceId: summary.Arn }))).Instance!;
    assert.equal(byId.Id, InstanceId);
    assert.equal(byArn.Id, InstanceId);
    assert.equal(byId.InstanceAlias, summary.InstanceAlias);
    assert.match(byId.ServiceRole!, /^arn:aws:iam::123456789012:role\//);
  } finally {
    await close();
  }
});

test("another instance id is not found, on every operation", async () => {
  const { client, close } = await startSdkSim();
  try {
    await expectError(client.send(new DescribeInstanceCommand({ InstanceId: OTHER_INSTANCE })), "ResourceNotFoundException", 404);
    await expectError(client.send(new ListQueuesCommand({ InstanceId: OTHER_INSTANCE })), "ResourceNotFoundException", 404);
    await expectError(client.send(new ListHoursOfOperationsCommand({ InstanceId: OTHER_INSTANCE })), "ResourceNotFoundException", 404);
    await expectError(client.send(new DescribeContactFlowCommand({ InstanceId: OTHER_INSTANCE, ContactFlowId: "x" })), "ResourceNotFoundException", 404);
    // ListInstances documents only InvalidRequestException for bad input.
    await expectError(client.send(new ListInstancesCommand({ MaxResults: 11 })), "InvalidRequestException", 400);
  } finally {
    await close();
  }
});

test("tags by ARN on flows, queues and the instance: tag, list, untag", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    const hours = (await client.send(new ListHoursOfOperationsCommand({ InstanceId }))).HoursOfOperationSummaryList![0];
    const queue = await client.send(new CreateQueueCommand({ InstanceId, Name: "Tagged", HoursOfOperationId: hours.Id, Tags: { a: "1" } }));
    await client.send(new TagResourceCommand({ resourceArn: queue.QueueArn, tags: { b: "2", a: "one" } }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: queue.QueueArn }))).tags, { a: "one", b: "2" });
    await client.send(new UntagResourceCommand({ resourceArn: queue.QueueArn, tagKeys: ["a", "missing"] }));
    assert.deepEqual((await client.send(new DescribeQueueCommand({ InstanceId, QueueId: queue.QueueId }))).Queue?.Tags, { b: "2" });

    const flow = await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Tagged flow", Type: "CONTACT_FLOW", Content: HELLO_FLOW }));
    await client.send(new TagResourceCommand({ resourceArn: flow.ContactFlowArn, tags: { owner: "ops" } }));
    assert.deepEqual((await client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: flow.ContactFlowId }))).ContactFlow?.Tags, { owner: "ops" });

    const instanceArn = (await client.send(new DescribeInstanceCommand({ InstanceId }))).Instance!.Arn!;
    await client.send(new TagResourceCommand({ resourceArn: instanceArn, tags: { stage: "dev" } }));
    assert.deepEqual((await client.send(new DescribeInstanceCommand({ InstanceId }))).Instance?.Tags, { stage: "dev" });

    await expectError(client.send(new ListTagsForResourceCommand({ resourceArn: `${instanceArn}/queue/nope` })), "ResourceNotFoundException", 404);
    await expectError(client.send(new TagResourceCommand({ resourceArn: queue.QueueArn, tags: { "aws:owner": "x" } })), "InvalidParameterException", 400);
    await expectError(client.send(new TagResourceCommand({ resourceArn: queue.QueueArn, tags: {} })), "InvalidParameterException", 400);
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await expectError(client.send(new TagResourceCommand({ resourceArn: queue.QueueArn, tags: many })), "InvalidParameterException", 400);
  } finally {
    await close();
  }
});
