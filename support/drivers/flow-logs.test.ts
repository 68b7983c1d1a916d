import { test } from "node:test";
import assert from "node:assert/strict";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { StartTaskContactCommand } from "@aws-sdk/client-connect";
import { startSdkSim } from "../../simulators/connect/api/testing.js";
import { loadFlowDocument } from "../../simulators/connect/flow/load.js";
import { FlowLogReader } from "./flow-logs.js";

/** A task flow: logging on, then `last` (DisconnectParticipant ends the contact; Wait on a task leaves it running). */
const doc = (logging: boolean, last: object) => ({
  Version: "2019-10-30",
  StartAction: logging ? "Turn on flow logs" : "Greet",
  Actions: [
    { Identifier: "Turn on flow logs", Type: "UpdateFlowLoggingBehavior", Parameters: { FlowLoggingBehavior: "Enabled" }, Transitions: { NextAction: "Greet" } },
    { Identifier: "Greet", Type: "UpdateContactAttributes", Parameters: { Attributes: { greeted: "yes" } }, Transitions: { NextAction: "Last", Errors: [{ NextAction: "Last", ErrorType: "NoMatchingError" }] } },
    { Identifier: "Last", ...last },
  ],
});
const disconnect = { Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };
const waitAnHour = { Type: "Wait", Parameters: { TimeLimitSeconds: "3600" }, Transitions: { NextAction: "End", Conditions: [{ NextAction: "End", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: "End", ErrorType: "NoMatchingError" }] } };

async function setup(patienceMs: number) {
  const sdk = await startSdkSim();
  const logs = new CloudWatchLogsClient({ region: "us-east-1", endpoint: sdk.sim.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
  const reader = new FlowLogReader({ logs, logGroup: `/aws/connect/${sdk.sim.runtime.resources.profile.alias}`, connect: sdk.client, instanceId: sdk.InstanceId, patienceMs, timeScale: 3600 });
  const start = async (flow: object, extra: object[] = []) => {
    const full = { ...flow, Actions: [...(flow as { Actions: object[] }).Actions, ...extra] };
    const published = sdk.sim.runtime.publish(loadFlowDocument(full, "f.json", { flowType: "CONTACT_FLOW" }), { name: "Task flow" });
    const id = (await sdk.client.send(new StartTaskContactCommand({ InstanceId: sdk.InstanceId, ContactFlowId: published.id, Name: "t" }))).ContactId!;
    await sdk.sim.runtime.whenIdle();
    return id;
  };
  return { start, reader, close: async () => (logs.destroy(), await sdk.close()) };
}

test("the blocks a contact ran, from its flow log, with flow name and type; waitFor finds a block or says what ran", async () => {
  const s = await setup(2_000);
  try {
    const id = await s.start(doc(true, disconnect));
    const blocks = await s.reader.blocks(id);
    assert.deepEqual(blocks.map((b) => [b.flowName, b.actionId, b.actionType]), [
      ["Task flow", "Turn on flow logs", "SetLoggingBehavior"],
      ["Task flow", "Greet", "SetAttributes"],
      ["Task flow", "Last", "Disconnect"],
    ]);
    assert.equal((await s.reader.waitFor(id, (b) => b.some((x) => x.actionId === "Greet"))).found, true);
    const missing = await s.reader.waitFor(id, (b) => b.some((x) => x.actionId === "Never"));
    assert.equal(missing.found, false);
    assert.equal(missing.blocks.length, 3);
    assert.equal((await s.reader.settled(id)).length, 3, "a disconnected contact's log settles once quiet");
  } finally {
    await s.close();
  }
});

test("settled fails rather than answer for a log that has not caught up: nothing logged, or a contact still running its flow", async () => {
  const s = await setup(1_500);
  try {
    const quiet = await s.start(doc(false, disconnect));
    await assert.rejects(s.reader.settled(quiet), /did not settle within 1.5 s: no block of it was logged \(does its flow start with a Set logging behavior block/);
    const waiting = await s.start(doc(true, waitAnHour), [{ Identifier: "End", ...disconnect }]);
    await assert.rejects(s.reader.settled(waiting), /its last logged block is "Greet" \(SetAttributes\).*has not ended/);
  } finally {
    await s.close();
  }
});
