import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListContactFlowsCommand, ListHoursOfOperationsCommand, ListQueuesCommand, ListRoutingProfilesCommand, ListTaskTemplatesCommand } from "@aws-sdk/client-connect";
import { chatFixture } from "../../simulators/connect/api/testing.js";
import { deploy, planDeploy } from "./deploy.js";

function feature(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "flowsim-deploy-")), "area.feature");
  writeFileSync(file, text);
  return file;
}

const FEATURE = `Feature: Support
  Background:
    Given the flows in "features/chat-timeouts/flows" are published
    And a queue "Support"

  Scenario: One
    Given a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency |
      | chat    | 2           |
    When a customer starts a chat on the flow "Chat timeouts inbound"

  Scenario: Two
    Given a queue "Billing"
    And a routing profile "Support chat" for the queue "Support" with:
      | channel | concurrency |
      | chat    | 2           |
`;

test("the plan names every flow folder, queue and routing profile the scenarios set up, each once", () => {
  assert.deepEqual(planDeploy([feature(FEATURE)]), {
    flowDirs: ["features/chat-timeouts/flows"],
    queues: ["Support", "Billing"],
    routingProfiles: [{ name: "Support chat", queue: "Support", table: [["channel", "concurrency"], ["chat", "2"]] }],
    taskTemplates: [],
  });
});

const TEMPLATES = `Feature: Callback
  Background:
    Given the flows in "features/callback/flows" are published

  Scenario: One
    Given a task template "Callback request" for the flow "Callback task" with the fields:
      | field       | type        | required | editable | default          |
      | Name        | name        | yes      | yes      | Callback request |
      | PhoneNumber | text        | yes      | yes      |                  |

  Scenario: Two
    Given a task template "Callback request" for the flow "Callback task" with the fields:
      | field       | type        | required | editable | default          |
      | Name        | name        | yes      | yes      | Callback request |
`;

test("task templates are deployed once by name, as the first step sets them up, with the substitute hours for test cases", async () => {
  const plan = planDeploy([feature(TEMPLATES)]);
  assert.deepEqual(plan.taskTemplates.map((t) => [t.name, t.flow, t.table.length]), [["Callback request", "Callback task", 3]]);
  const fx = await chatFixture();
  try {
    const done = await deploy({ connect: fx.client, instanceId: fx.InstanceId }, plan);
    assert.deepEqual(done.slice(-3), ['task template "Callback request"', 'hours "Always open"', 'hours "Never open"']);
    const templates = await fx.client.send(new ListTaskTemplatesCommand({ InstanceId: fx.InstanceId }));
    assert.deepEqual(templates.TaskTemplates?.map((t) => t.Name), ["Callback request"]);
    const hours = (await fx.client.send(new ListHoursOfOperationsCommand({ InstanceId: fx.InstanceId }))).HoursOfOperationSummaryList?.map((h) => h.Name);
    assert.ok(hours?.includes("Always open") && hours.includes("Never open"), String(hours));
  } finally {
    await fx.close();
  }
});

test("deploying creates them through the Connect API, where the instance lists them by name", async () => {
  const fx = await chatFixture();
  try {
    const target = { connect: fx.client, instanceId: fx.InstanceId };
    const done = await deploy(target, planDeploy([feature(FEATURE)]));
    assert.deepEqual(done.slice(0, 3), ['queue "Support"', 'queue "Billing"', 'routing profile "Support chat"']);
    const queues = (await fx.client.send(new ListQueuesCommand({ InstanceId: fx.InstanceId, QueueTypes: ["STANDARD"] }))).QueueSummaryList?.map((q) => q.Name);
    assert.ok(queues?.includes("Support") && queues.includes("Billing"), String(queues));
    const profiles = (await fx.client.send(new ListRoutingProfilesCommand({ InstanceId: fx.InstanceId }))).RoutingProfileSummaryList?.map((p) => p.Name);
    assert.ok(profiles?.includes("Support chat"), String(profiles));
    const flows = (await fx.client.send(new ListContactFlowsCommand({ InstanceId: fx.InstanceId }))).ContactFlowSummaryList?.map((f) => f.Name);
    assert.ok(flows?.includes("Chat timeouts inbound"), String(flows));
  } finally {
    await fx.close();
  }
});

test("a routing profile over a queue no step creates is refused before anything is made", async () => {
  const file = feature(`Feature: F
  Scenario: S
    Given a routing profile "P" for the queue "Nowhere" with:
      | channel | concurrency |
      | chat    | 1           |
`);
  await assert.rejects(deploy({ connect: undefined as never, instanceId: "i" }, planDeploy([file])), /the routing profile "P" names the queue "Nowhere", which no step creates/);
});
