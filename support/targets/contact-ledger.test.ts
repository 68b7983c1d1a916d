import { test } from "node:test";
import assert from "node:assert/strict";
import { DescribeContactCommand, StartChatContactCommand, StartTaskContactCommand, StopContactCommand } from "@aws-sdk/client-connect";
import { chatFixture } from "../../simulators/connect/api/testing.js";
import { ContactLedger } from "./contact-ledger.js";

test("whatever starts contacts on the client, the ledger stops them all; stopping again finds nothing left to refuse", async () => {
  const fx = await chatFixture();
  try {
    const ledger = new ContactLedger(fx.InstanceId);
    ledger.watch(fx.client);
    const chat = await fx.client.send(new StartChatContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: fx.flowId, ParticipantDetails: { DisplayName: "Customer" } }));
    const task = await fx.client.send(new StartTaskContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: fx.flowId, Name: "Call back" }));
    assert.deepEqual([...ledger.contacts], [chat.ContactId, task.ContactId]);

    assert.deepEqual(await ledger.stopAll(fx.client), []);
    for (const id of [chat.ContactId, task.ContactId]) {
      const described = await fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId: id }));
      assert.ok(described.Contact?.DisconnectTimestamp, `${id} was stopped`);
    }
    assert.equal(ledger.contacts.size, 0);
    assert.deepEqual(await ledger.stopAll(fx.client), []);
  } finally {
    await fx.close();
  }
});

test("a contact that ended by itself is no problem; a refusal of another kind is reported and the rest are still stopped", async () => {
  const fx = await chatFixture();
  try {
    const start = () => fx.client.send(new StartChatContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: fx.flowId, ParticipantDetails: { DisplayName: "Customer" } }));
    const ledger = new ContactLedger(fx.InstanceId);
    ledger.watch(fx.client);
    const ended = await start();
    const live = await start();
    await fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: ended.ContactId }));
    const elsewhere = new ContactLedger("00000000-0000-4000-8000-000000000000");
    elsewhere.contacts.add(live.ContactId!);
    const refused = await elsewhere.stopAll(fx.client);
    assert.equal(refused.length, 1);
    assert.match(refused[0], new RegExp(`^contact ${live.ContactId}: ResourceNotFoundException: `));
    assert.deepEqual(await ledger.stopAll(fx.client), [], "the contact that had ended is not a problem");
    const described = await fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId: live.ContactId }));
    assert.ok(described.Contact?.DisconnectTimestamp, "the live one was stopped after the ended one was found over");
  } finally {
    await fx.close();
  }
});

test("a contact described as related to one the scenario started is the scenario's too, and is stopped with it", async () => {
  const fx = await chatFixture();
  try {
    const ledger = new ContactLedger(fx.InstanceId);
    ledger.watch(fx.client);
    const chat = await fx.client.send(new StartChatContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: fx.flowId, ParticipantDetails: { DisplayName: "Customer" } }));
    const task = await fx.client.send(new StartTaskContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: fx.flowId, Name: "Call back", RelatedContactId: chat.ContactId }));
    // As if a flow's Create task block had started it: only its link names the scenario's contact.
    ledger.contacts.delete(task.ContactId!);
    await fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId: task.ContactId }));
    assert.deepEqual([...ledger.contacts], [chat.ContactId, task.ContactId]);
    assert.deepEqual(await ledger.stopAll(fx.client), []);
    const described = await fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId: task.ContactId }));
    assert.ok(described.Contact?.DisconnectTimestamp, "the related task was stopped");
  } finally {
    await fx.close();
  }
});
