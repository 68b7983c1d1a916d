/**
 * `flowsim pull` against a simulator: an instance deployed through the Connect API the way a
 * pipeline deploys one (the flow-types feature's flows and a module, hours, a queue, a routing
 * profile, an agent, a quick connect, a task template), pulled with `--endpoint`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AssociateLambdaFunctionCommand,
  CreateContactFlowCommand,
  CreateContactFlowModuleCommand,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  CreateQuickConnectCommand,
  CreateRoutingProfileCommand,
  CreateTaskTemplateCommand,
  CreateUserCommand,
  DeleteContactFlowCommand,
  ListSecurityProfilesCommand,
  type ContactFlowType,
} from "@aws-sdk/client-connect";
import { runCommand } from "./command.js";
import { lint } from "./lint.js";
import { pull } from "./pull.js";
import { capture } from "./testing.js";
import { CREDENTIALS, HELLO_FLOW, startSdkSim, virtualClock, type SdkSim } from "../connect/api/testing.js";
import { readInstance } from "./pull/read-instance.js";
import { retryThrottled, type RetryOptions } from "./aws-retry.js";
import { parseFlowType } from "../connect/flow/flow-types.js";

const FEATURE_FLOWS = "features/flow-types/flows";
const saved = { key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

before(() => {
  // pull takes its credentials from the default chain, as it would for a real instance.
  process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
});
after(() => {
  for (const [name, value] of [["AWS_ACCESS_KEY_ID", saved.key], ["AWS_SECRET_ACCESS_KEY", saved.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

interface Deployed {
  flows: Map<string, string>;
  queue: string;
  hours: string;
  profile: string;
  agent: string;
  quickConnect: string;
  template: string;
}

/** Deploys the feature's flows and the resources they need through the Connect API; on a strict simulator its calls are retried as `retry` says. */
const LOOKUP_ARN = "arn:aws:lambda:eu-central-1:111122223333:function:customer-lookup:live";

async function deploy({ client, InstanceId }: SdkSim, retry?: RetryOptions): Promise<Deployed> {
  const send = <T>(call: () => Promise<T>) => retryThrottled(call, retry);
  const flows = new Map<string, string>();
  for (const file of readdirSync(FEATURE_FLOWS).sort()) {
    const doc = JSON.parse(readFileSync(join(FEATURE_FLOWS, file), "utf8")) as { Metadata: { name: string; type?: string }; Settings?: unknown };
    if (doc.Settings) {
      const { Settings, ...content } = doc;
      await send(() => client.send(new CreateContactFlowModuleCommand({ InstanceId, Name: doc.Metadata.name, Content: JSON.stringify(content), Settings: JSON.stringify(Settings) })));
      continue;
    }
    const created = await send(() => client.send(new CreateContactFlowCommand({ InstanceId, Name: doc.Metadata.name, Type: parseFlowType(doc.Metadata.type) as ContactFlowType, Content: JSON.stringify(doc) })));
    flows.set(doc.Metadata.name, created.ContactFlowId!);
  }
  await send(() => client.send(new CreateContactFlowCommand({ InstanceId, Name: "Draft greeting", Type: "CONTACT_FLOW", Content: HELLO_FLOW, Status: "SAVED" })));
  const hours = await send(() => client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: "Support hours", TimeZone: "Europe/Berlin", Config: [{ Day: "MONDAY", StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }] })));
  const queue = await send(() => client.send(new CreateQueueCommand({ InstanceId, Name: "Support", HoursOfOperationId: hours.HoursOfOperationId })));
  const profile = await send(() =>
    client.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Name: "Support agents",
        Description: "Support",
        DefaultOutboundQueueId: queue.QueueId,
        MediaConcurrencies: [{ Channel: "CHAT", Concurrency: 2 }],
        QueueConfigs: [{ QueueReference: { QueueId: queue.QueueId, Channel: "CHAT" }, Priority: 1, Delay: 0 }],
      }),
    ),
  );
  const security = (await send(() => client.send(new ListSecurityProfilesCommand({ InstanceId })))).SecurityProfileSummaryList!.find((p) => p.Name === "Agent")!;
  const agent = await send(() =>
    client.send(
      new CreateUserCommand({ InstanceId, Username: "ana", Password: "Flowsim-Agent-1", IdentityInfo: { FirstName: "Ana", LastName: "Agent" }, PhoneConfig: { PhoneType: "SOFT_PHONE" }, SecurityProfileIds: [security.Id!], RoutingProfileId: profile.RoutingProfileId }),
    ),
  );
  const transferFlow = flows.get("Support queue transfer - to another team")!;
  const quickConnect = await send(() => client.send(new CreateQuickConnectCommand({ InstanceId, Name: "To Support", QuickConnectConfig: { QuickConnectType: "QUEUE", QueueConfig: { QueueId: queue.QueueId, ContactFlowId: transferFlow } } })));
  const template = await send(() => client.send(new CreateTaskTemplateCommand({ InstanceId, Name: "Callback request", ContactFlowId: flows.get("Support inbound - main line"), Fields: [{ Id: { Name: "Name" }, Type: "NAME" }], Constraints: { RequiredFields: [{ Id: { Name: "Name" } }] } })));
  await send(() => client.send(new AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: LOOKUP_ARN })));
  return { flows, queue: queue.QueueId!, hours: hours.HoursOfOperationId!, profile: profile.RoutingProfileId!, agent: agent.UserId!, quickConnect: quickConnect.QuickConnectId!, template: template.Id! };
}

async function runPull(fx: SdkSim, out: string) {
  const printed = capture();
  const code = await runCommand(pull, ["--region", "us-east-1", "--instance-id", fx.InstanceId, "--out", out, "--endpoint", fx.sim.endpoint], printed.io, {});
  return { code, ...printed };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, any>;

test("flowsim pull writes the published flows and modules as exports that lint clean, the resources, and a staging config naming them all", async () => {
  const fx = await startSdkSim();
  try {
    const deployed = await deploy(fx);
    const out = mkdtempSync(join(tmpdir(), "flowsim-pull-"));
    const { code, out: printed, err } = await runPull(fx, out);
    assert.equal(code, 0, err.join("\n"));
    assert.match(printed.join("\n"), /1 module, \d+ flows in .*flows\n {2}not published, left out: Draft greeting/);

    const config = readJson(join(out, "staging.config.json"));
    assert.deepEqual([config.region, config.instanceId], ["us-east-1", fx.InstanceId]);
    assert.deepEqual(config.flowLogs, { logGroup: `/aws/connect/${fx.sim.runtime.resources.profile.alias}` }, "the flow logs' log group, from DescribeInstance's alias");
    assert.match(printed.join("\n"), /flow logs in \/aws\/connect\//);
    for (const [name, id] of deployed.flows) assert.equal(config.names.flow[name], id, `flow ${name}`);
    assert.equal(config.names.flow["Draft greeting"], undefined, "a flow only saved is not what staging runs");
    assert.equal(config.names.queue.Support, deployed.queue);
    assert.ok(config.names.queue.BasicQueue, "the instance's own resources are named too");
    assert.equal(config.names.hours["Support hours"], deployed.hours);
    assert.equal(config.names["routing profile"]["Support agents"], deployed.profile);
    assert.deepEqual([config.names.agent.Ana, config.names.agent.ana], [deployed.agent, deployed.agent]);
    assert.equal(config.names["quick connect"]["To Support"], deployed.quickConnect);
    assert.equal(config.names["task template"]["Callback request"], deployed.template);
    assert.deepEqual(config.names.lambda, { "customer-lookup": LOOKUP_ARN }, "a Lambda by its function name, its version left out");

    const inbound = readJson(join(out, "flows", "support-inbound-main-line.json"));
    assert.deepEqual([inbound.Metadata.name, inbound.Metadata.type, inbound.Version], ["Support inbound - main line", "contactFlow", "2019-10-30"]);
    assert.equal(readJson(join(out, "flows", "support-agent-hold-reminder.json")).Metadata.type, "agentHold");
    const module = readJson(join(out, "flows", "modules", "support-module-goodbye.json"));
    assert.equal(module.Metadata.name, "Support module - goodbye");
    assert.ok(config.names.module["Support module - goodbye"], "modules are named in the config, as a flow folder on staging is found by name");
    assert.ok(Array.isArray(module.Settings.Transitions), "the module's Settings come back as an object");
    assert.ok(readJson(join(out, "resources", "queues.json")).some((q: { Name: string }) => q.Name === "Support"));
    assert.deepEqual(readJson(join(out, "resources", "routing-profiles.json")).find((p: { Name: string }) => p.Name === "Support agents").Queues.map((q: { QueueName: string }) => q.QueueName), ["Support"]);
    assert.equal(readJson(join(out, "resources", "task-templates.json"))[0].$metadata, undefined, "no SDK response metadata in the files");

    const linted = capture();
    assert.equal(await runCommand(lint, [join(out, "flows"), "--quiet"], linted.io), 0, linted.out.join("\n"));
    const replica = await startSdkSim({ flowsDir: join(out, "flows") });
    assert.ok(replica.sim.runtime.findFlow("Support module - goodbye", "module"), "a simulator started on the pulled flows runs them, modules too");
    await replica.close();

    // A second pull replaces the first: a flow deleted since is gone from the files and the config.
    await fx.client.send(new DeleteContactFlowCommand({ InstanceId: fx.InstanceId, ContactFlowId: deployed.flows.get("Support agent hold - reminder") }));
    assert.equal((await runPull(fx, out)).code, 0);
    assert.ok(!readdirSync(join(out, "flows")).includes("support-agent-hold-reminder.json"));
    assert.equal(readJson(join(out, "staging.config.json")).names.flow["Support agent hold - reminder"], undefined);
  } finally {
    await fx.close();
  }
});

test("flowsim pull will not clear a folder it did not write", async () => {
  const fx = await startSdkSim();
  try {
    const out = mkdtempSync(join(tmpdir(), "flowsim-pull-foreign-"));
    mkdirSync(join(out, "flows"));
    const { code, err } = await runPull(fx, out);
    assert.equal(code, 1);
    assert.match(err.join("\n"), /has a flows\/ or resources\/ folder but no staging\.config\.json/);
  } finally {
    await fx.close();
  }
});

test("reading a strict simulator: every throttled call is retried after a jittered wait until the export is whole", async () => {
  const fx = await startSdkSim({ strict: true });
  try {
    const clock = virtualClock(fx.sim);
    const retried: string[] = [];
    // The waits move the simulator's virtual clock, so its buckets refill exactly as much as the retries waited.
    const retry: RetryOptions = { random: () => 0.5, sleep: (ms) => clock.advance(ms).then(() => undefined), onRetry: ({ error }) => void retried.push(error.name) };
    await deploy(fx, retry);
    const contents = await readInstance(fx.client, fx.InstanceId, retry);
    assert.ok(retried.length > 0 && retried.every((name) => name === "ThrottlingException"), `retries: ${retried.join(", ")}`);
    assert.ok(contents.flows.some((f) => f.Name === "Support inbound - main line"));
    assert.deepEqual(contents.users.map((u) => u.FirstName), ["Ana"]);
  } finally {
    await fx.close();
  }
});
