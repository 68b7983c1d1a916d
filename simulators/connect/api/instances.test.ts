/**
 * Many instances in one simulator, through the real SDK: each has its own ids, resources,
 * contacts, tokens and time, and nothing of one is visible from another.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateContactFlowCommand,
  CreateInstanceCommand,
  CreateQueueCommand,
  DeleteInstanceCommand,
  DescribeContactCommand,
  DescribeInstanceCommand,
  ListHoursOfOperationsCommand,
  ListInstancesCommand,
  ListQueuesCommand,
  StartChatContactCommand,
} from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand, GetTranscriptCommand } from "@aws-sdk/client-connectparticipant";
import { startSdkSim, expectError, flowContent, SocketProbe, type SdkSim } from "./testing.js";
import { SEED_TAG } from "./instance-registry.js";

const createInstance = (fx: SdkSim, alias: string) => fx.client.send(new CreateInstanceCommand({ IdentityManagementType: "CONNECT_MANAGED", InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: false }));

/** A flow that greets and waits, so a chat stays open. */
const GREETING_FLOW = flowContent([
  { Identifier: "hello", Type: "MessageParticipant", Parameters: { Text: "Hello from this instance" }, Transitions: { NextAction: "wait" } },
  {
    Identifier: "wait",
    Type: "Wait",
    Parameters: { TimeLimitSeconds: "3600" },
    Transitions: { NextAction: "bye", Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] },
  },
  { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
]);

async function control(fx: SdkSim, instanceId: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${fx.sim.endpoint}/_flowsim${path}`, {
    method,
    headers: { "content-type": "application/json", ...(instanceId ? { "x-flowsim-instance-id": instanceId } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function startChatOn(fx: SdkSim, instanceId: string) {
  const flow = await fx.client.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: "Greeting", Type: "CONTACT_FLOW", Content: GREETING_FLOW }));
  const chat = await fx.client.send(new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId: flow.ContactFlowId!, ParticipantDetails: { DisplayName: "Customer" } }));
  const connection = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"] }));
  return { flowId: flow.ContactFlowId!, chat, connection };
}

test("two instances: own ids, resources, contacts, tokens and time; nothing of one visible from the other", async () => {
  const fx = await startSdkSim();
  try {
    const a = await createInstance(fx, "team-a");
    const b = await createInstance(fx, "team-b");
    assert.notEqual(a.Id, b.Id);
    assert.match(a.Arn!, new RegExp(`:instance/${a.Id}$`));

    // Same names in both: each instance has its own.
    const qa = await fx.client.send(new CreateQueueCommand({ InstanceId: a.Id, Name: "Support", HoursOfOperationId: await basicHours(fx, a.Id!) }));
    const qb = await fx.client.send(new CreateQueueCommand({ InstanceId: b.Id, Name: "Support", HoursOfOperationId: await basicHours(fx, b.Id!) }));
    assert.notEqual(qa.QueueId, qb.QueueId);
    const listed = await fx.client.send(new ListQueuesCommand({ InstanceId: a.Id, QueueTypes: ["STANDARD"] }));
    assert.deepEqual(listed.QueueSummaryList?.map((q) => q.Id).filter((id) => id === qb.QueueId), [], "b's queue is not listed in a");

    const onA = await startChatOn(fx, a.Id!);
    const onB = await startChatOn(fx, b.Id!);
    // Contacts: each instance knows only its own.
    await fx.client.send(new DescribeContactCommand({ InstanceId: a.Id, ContactId: onA.chat.ContactId }));
    await expectError(fx.client.send(new DescribeContactCommand({ InstanceId: a.Id, ContactId: onB.chat.ContactId })), "ResourceNotFoundException", 404);
    await expectError(fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId: onA.chat.ContactId })), "ResourceNotFoundException", 404);

    // Tokens reach their own chat, websockets included.
    const socketA = await SocketProbe.subscribed(onA.connection.Websocket!.Url!);
    await socketA.waitForItem((item) => item.Content === "Hello from this instance");
    const transcriptB = await fx.participant.send(new GetTranscriptCommand({ ConnectionToken: onB.connection.ConnectionCredentials!.ConnectionToken! }));
    assert.ok(transcriptB.Transcript!.every((item) => item.Id !== undefined));
    assert.equal(transcriptB.InitialContactId, onB.chat.ContactId);
    socketA.close();

    // Time: moving a's clock moves neither b's nor the default instance's.
    const before = (await control(fx, b.Id, "GET", "/clock")).body.nowMs;
    const defaultBefore = (await control(fx, undefined, "GET", "/clock")).body.nowMs;
    await control(fx, a.Id, "POST", "/clock/advance", { minutes: 90 });
    assert.equal((await control(fx, b.Id, "GET", "/clock")).body.nowMs, before);
    assert.equal((await control(fx, undefined, "GET", "/clock")).body.nowMs, defaultBefore);
    // a's chat went past its 60-minute wait and ended; b's did not.
    const endedA = await fx.client.send(new DescribeContactCommand({ InstanceId: a.Id, ContactId: onA.chat.ContactId }));
    const liveB = await fx.client.send(new DescribeContactCommand({ InstanceId: b.Id, ContactId: onB.chat.ContactId }));
    assert.ok(endedA.Contact?.DisconnectTimestamp, "a's chat ended when a's clock passed its wait");
    assert.equal(liveB.Contact?.DisconnectTimestamp, undefined);

    // An instance the control plane does not know is a 404, never the default instance.
    assert.equal((await control(fx, "00000000-0000-4000-8000-000000000000", "GET", "/clock")).status, 404);
  } finally {
    await fx.close();
  }
});

async function basicHours(fx: SdkSim, instanceId: string): Promise<string> {
  const hours = await fx.client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }));
  return hours.HoursOfOperationSummaryList!.find((h) => h.Name === "Basic Hours")!.Id!;
}

test("CreateInstance, DescribeInstance, ListInstances (paged) and DeleteInstance, with the service's errors", async () => {
  const fx = await startSdkSim();
  try {
    const created = await createInstance(fx, "support-eu");
    const described = await fx.client.send(new DescribeInstanceCommand({ InstanceId: created.Id }));
    assert.equal(described.Instance?.InstanceAlias, "support-eu");
    assert.equal(described.Instance?.InstanceStatus, "ACTIVE");
    assert.equal(described.Instance?.OutboundCallsEnabled, false);
    assert.equal((await fx.client.send(new DescribeInstanceCommand({ InstanceId: created.Arn }))).Instance?.Id, created.Id, "by ARN too");

    for (let i = 0; i < 10; i++) await createInstance(fx, `team-${i}`);
    const first = await fx.client.send(new ListInstancesCommand({ MaxResults: 10 }));
    assert.equal(first.InstanceSummaryList?.length, 10);
    const second = await fx.client.send(new ListInstancesCommand({ MaxResults: 10, NextToken: first.NextToken }));
    assert.equal(second.InstanceSummaryList?.length, 2, "12 in all: the default, support-eu and ten teams");
    assert.equal(second.NextToken, undefined);

    await expectError(createInstance(fx, "support-eu"), "InvalidRequestException", 400, /already in use/);
    await expectError(fx.client.send(new CreateInstanceCommand({ IdentityManagementType: "CONNECT_MANAGED", InboundCallsEnabled: true, OutboundCallsEnabled: true })), "InvalidRequestException", 400, /InstanceAlias is required/);
    await expectError(createInstance(fx, "d-not-allowed"), "InvalidRequestException", 400);

    await fx.client.send(new DeleteInstanceCommand({ InstanceId: created.Id }));
    await expectError(fx.client.send(new DescribeInstanceCommand({ InstanceId: created.Id })), "ResourceNotFoundException", 404);
    await expectError(fx.client.send(new DeleteInstanceCommand({ InstanceId: created.Id })), "ResourceNotFoundException", 404);
    await expectError(fx.client.send(new ListQueuesCommand({ InstanceId: created.Id })), "ResourceNotFoundException", 404, /Instance not found/);
    await expectError(fx.client.send(new DeleteInstanceCommand({ InstanceId: fx.InstanceId })), "InvalidRequestException", 400, /default instance/);
  } finally {
    await fx.close();
  }
});

test("a deleted instance's tokens open nothing any more", async () => {
  const fx = await startSdkSim();
  try {
    const created = await createInstance(fx, "short-lived");
    const { connection } = await startChatOn(fx, created.Id!);
    await fx.client.send(new DeleteInstanceCommand({ InstanceId: created.Id }));
    await expectError(fx.participant.send(new GetTranscriptCommand({ ConnectionToken: connection.ConnectionCredentials!.ConnectionToken! })), "AccessDeniedException", 403);
    await assert.rejects(SocketProbe.subscribed(connection.Websocket!.Url!), /HTTP 403/);
  } finally {
    await fx.close();
  }
});

test("instances with the same seed tag hand out the same ids; their aliases stay their own", async () => {
  const fx = await startSdkSim();
  try {
    const ids: string[] = [];
    for (const alias of ["run-one", "run-two"]) {
      const created = await fx.client.send(new CreateInstanceCommand({ IdentityManagementType: "CONNECT_MANAGED", InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true, Tags: { [SEED_TAG]: "scenario-42" } }));
      ids.push((await startChatOn(fx, created.Id!)).chat.ContactId!);
    }
    assert.equal(ids[0], ids[1]);
  } finally {
    await fx.close();
  }
});
