import { test } from "node:test";
import assert from "node:assert/strict";
import { StartChatContactCommand, StopContactCommand } from "@aws-sdk/client-connect";
import { chatFixture } from "../../simulators/connect/api/testing.js";
import { stillRunning } from "./leftovers.js";

test("a chat left open is found, named by its id; once stopped, nothing is left running", async () => {
  const fx = await chatFixture();
  try {
    const start = () => fx.client.send(new StartChatContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: fx.flowId, ParticipantDetails: { DisplayName: "Customer" } }));
    const over = await start();
    await fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: over.ContactId }));
    const open = await start();
    assert.deepEqual(await stillRunning(fx.client, fx.InstanceId), [`contact ${open.ContactId} (CHAT, API) is still running`]);
    await fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: open.ContactId }));
    assert.deepEqual(await stillRunning(fx.client, fx.InstanceId), []);
  } finally {
    await fx.close();
  }
});
