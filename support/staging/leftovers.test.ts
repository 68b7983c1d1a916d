import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateTestCaseCommand, StartChatContactCommand, StopContactCommand } from "@aws-sdk/client-connect";
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

test("a test case a scenario made for its caller and did not delete is found; a team's own test cases are not", async () => {
  const fx = await chatFixture();
  try {
    const content = JSON.stringify({ Version: "2019-10-30", Metadata: {}, Observations: [{ Identifier: "hello", Event: { Identifier: "e", Type: "MessageReceived", Actor: "System", Properties: { Text: "Hello", MatchingCriteria: { Type: "Inclusion" } } }, Actions: [], Transitions: { NextObservations: [] } }] });
    const create = (Name: string) => fx.client.send(new CreateTestCaseCommand({ InstanceId: fx.InstanceId, Name, Content: content, EntryPoint: { Type: "VOICE_CALL", VoiceCallEntryPointParameters: { FlowId: fx.flowId, SourcePhoneNumber: "+15550100" } }, Status: "PUBLISHED" }));
    await create("Our own regression test");
    const left = await create("A caller picks support [flowsim 0a1b2c3d]");
    assert.deepEqual(await stillRunning(fx.client, fx.InstanceId), [`test case ${left.TestCaseId} ("A caller picks support [flowsim 0a1b2c3d]") was left behind by its scenario`]);
  } finally {
    await fx.close();
  }
});
