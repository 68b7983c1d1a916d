import { test } from "node:test";
import assert from "node:assert/strict";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand, paginateFilterLogEvents } from "@aws-sdk/client-cloudwatch-logs";
import { CreateInstanceCommand, DescribeInstanceCommand, StartTaskContactCommand } from "@aws-sdk/client-connect";
import { startSdkSim } from "../testing.js";
import { loadFlowDocument } from "../../flow/load.js";
import type { Runtime } from "../../runtime/runtime.js";

/** A task flow that turns logging on after its first block, then runs `n` more and ends. */
function publishLoggedFlow(rt: Runtime, n: number) {
  const blocks = Array.from({ length: n }, (_, i) => ({
    Identifier: `Set ${i}`,
    Type: "UpdateContactAttributes",
    Parameters: { Attributes: { [`k${i}`]: "v" } },
    Transitions: { NextAction: i + 1 < n ? `Set ${i + 1}` : "End", Errors: [{ NextAction: "End", ErrorType: "NoMatchingError" }] },
  }));
  const doc = {
    Version: "2019-10-30",
    StartAction: "Before logging",
    Actions: [
      { Identifier: "Before logging", Type: "UpdateContactAttributes", Parameters: { Attributes: { early: "1" } }, Transitions: { NextAction: "Turn logging on", Errors: [{ NextAction: "Turn logging on", ErrorType: "NoMatchingError" }] } },
      { Identifier: "Turn logging on", Type: "UpdateFlowLoggingBehavior", Parameters: { FlowLoggingBehavior: "Enabled" }, Transitions: { NextAction: n ? "Set 0" : "End" } },
      ...blocks,
      { Identifier: "End", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  };
  return rt.publish(loadFlowDocument(doc, "logged.json", { flowType: "CONTACT_FLOW" }), { name: "Logged task flow" });
}

async function setup() {
  const sdk = await startSdkSim();
  const logs = new CloudWatchLogsClient({ region: "us-east-1", endpoint: sdk.sim.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
  const alias = (await sdk.client.send(new DescribeInstanceCommand({ InstanceId: sdk.InstanceId }))).Instance!.InstanceAlias!;
  const startTask = async (flowId: string) => (await sdk.client.send(new StartTaskContactCommand({ InstanceId: sdk.InstanceId, ContactFlowId: flowId, Name: "t" }))).ContactId!;
  return { ...sdk, logs, group: `/aws/connect/${alias}`, startTask, close: async () => (logs.destroy(), await sdk.close()) };
}

test("FilterLogEvents returns a contact's blocks from the one that turned logging on, by the JSON filter or a term", async () => {
  const s = await setup();
  try {
    const flow = publishLoggedFlow(s.sim.runtime, 2);
    const first = await s.startTask(flow.id);
    const second = await s.startTask(flow.id);
    await s.sim.runtime.whenIdle();
    const out = await s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, filterPattern: `{ $.ContactId = "${first}" }` }));
    const messages = (out.events ?? []).map((e) => JSON.parse(e.message!));
    assert.deepEqual(messages.map((m) => m.Identifier), ["Turn logging on", "Set 0", "Set 1", "End"]);
    assert.deepEqual(Object.keys(messages[0]).sort(), ["ContactFlowId", "ContactFlowModuleType", "ContactFlowName", "ContactId", "Identifier", "Parameters", "Timestamp"]);
    assert.equal(messages[0].ContactFlowId, flow.arn);
    assert.equal(messages[0].ContactFlowName, "Logged task flow");
    // The service's module names and shapes (flow-log-modules.ts).
    assert.equal(messages[0].ContactFlowModuleType, "SetLoggingBehavior");
    assert.deepEqual(messages[0].Parameters, { LoggingBehavior: "Enable" });
    assert.equal(out.nextToken, undefined);
    assert.ok(out.events!.every((e) => e.logStreamName && e.eventId && typeof e.timestamp === "number" && typeof e.ingestionTime === "number"));
    const byTerm = await s.logs.send(new FilterLogEventsCommand({ logGroupIdentifier: `arn:aws:logs:us-east-1:123456789012:log-group:${s.group}:*`, filterPattern: `"${second}" SetAttributes` }));
    assert.deepEqual(byTerm.events!.map((e) => JSON.parse(e.message!).Identifier), ["Set 0", "Set 1"]);
    const notEnd = await s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, filterPattern: `{ $.ContactId = "${first}" && $.Identifier != "Set*" }` }));
    assert.deepEqual(notEnd.events!.map((e) => JSON.parse(e.message!).Identifier), ["Turn logging on", "End"]);
    const late = await s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, startTime: s.sim.runtime.clock.now() + 1 }));
    assert.deepEqual(late.events, []);
  } finally {
    await s.close();
  }
});

test("limit and nextToken page through every event once; the SDK's paginator follows them", async () => {
  const s = await setup();
  try {
    const contact = await s.startTask(publishLoggedFlow(s.sim.runtime, 23).id);
    await s.sim.runtime.whenIdle();
    const page = await s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, limit: 10 }));
    assert.equal(page.events?.length, 10);
    assert.ok(page.nextToken);
    const ids: string[] = [];
    for await (const p of paginateFilterLogEvents({ client: s.logs, pageSize: 10 }, { logGroupName: s.group, filterPattern: `{ $.ContactId = ${contact} }` })) ids.push(...(p.events ?? []).map((e) => e.eventId!));
    assert.equal(ids.length, 25);
    assert.equal(new Set(ids).size, 25);
  } finally {
    await s.close();
  }
});

test("each instance has its log group; an unknown group, a bad filter, a bad token or an unknown member is refused by name", async () => {
  const s = await setup();
  try {
    await s.client.send(new CreateInstanceCommand({ IdentityManagementType: "CONNECT_MANAGED", InstanceAlias: "second-line", InboundCallsEnabled: true, OutboundCallsEnabled: false }));
    const groups = await s.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/connect/" }));
    assert.deepEqual(groups.logGroups?.map((g) => g.logGroupName).sort(), [s.group, "/aws/connect/second-line"].sort());
    assert.deepEqual((await s.logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/connect/second-line" }))).events, []);
    await assert.rejects(s.logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/connect/nobody" })), { name: "ResourceNotFoundException", message: /log group does not exist/ });
    for (const [filterPattern, said] of [
      ["{ $.Timestamp > 5 }", /operator > .*not supported/],
      ["?ERROR ?WARN", /"\?" terms/],
      ["{ $.ContactId = 1 || $.ContactId = 2 }", /"\|\|"/],
      ["[ip, user]", /space-delimited/],
      ["{ $.Items[0] = 1 }", /property selector/],
    ] as const) {
      await assert.rejects(s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, filterPattern })), { name: "InvalidParameterException", message: said }, filterPattern);
    }
    await assert.rejects(s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, nextToken: "not-ours" })), { name: "InvalidParameterException", message: /nextToken is invalid/ });
    await assert.rejects(s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, unmask: true })), { name: "InvalidParameterException", message: /unmask is not supported/ });
    await assert.rejects(s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group, limit: 10_001 })), { name: "InvalidParameterException" });
    await assert.rejects(s.logs.send(new FilterLogEventsCommand({})), { name: "InvalidParameterException", message: /Either LogGroupName or LogGroupIdentifier/ });
  } finally {
    await s.close();
  }
});

test("a flow that never turns logging on writes nothing", async () => {
  const s = await setup();
  try {
    const doc = { Version: "2019-10-30", StartAction: "End", Actions: [{ Identifier: "End", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] };
    const flow = s.sim.runtime.publish(loadFlowDocument(doc, "quiet.json", { flowType: "CONTACT_FLOW" }), { name: "Quiet" });
    await s.startTask(flow.id);
    await s.sim.runtime.whenIdle();
    assert.deepEqual((await s.logs.send(new FilterLogEventsCommand({ logGroupName: s.group }))).events, []);
  } finally {
    await s.close();
  }
});

test("under --strict, FilterLogEvents is throttled per account (5 a second) with the service's ThrottlingException", async () => {
  const sdk = await startSdkSim({ strict: true });
  const logs = new CloudWatchLogsClient({ region: "us-east-1", endpoint: sdk.sim.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
  try {
    const logGroupName = `/aws/connect/${sdk.sim.runtime.resources.profile.alias}`;
    const answers = await Promise.allSettled(Array.from({ length: 7 }, () => logs.send(new FilterLogEventsCommand({ logGroupName }))));
    assert.equal(answers.filter((a) => a.status === "fulfilled").length, 5, "the burst");
    for (const a of answers.filter((a): a is PromiseRejectedResult => a.status === "rejected")) assert.equal(a.reason.name, "ThrottlingException");
  } finally {
    logs.destroy();
    await sdk.close();
  }
});
