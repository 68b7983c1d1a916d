import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STAGING_OFFERS, readStagingConfig, stagingOffers } from "./staging.js";

function configFile(content: object): string {
  const path = join(mkdtempSync(join(tmpdir(), "flowsim-staging-")), "staging.config.json");
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function withEnv<T>(value: string | undefined, run: () => T, name = "FLOWSIM_STAGING_CHAT_AGENTS"): T {
  const before = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

test("without chatAgents nothing changes: staging offers what it offered", () => {
  const config = withEnv(undefined, () => readStagingConfig(configFile({ region: "eu-central-1", instanceId: "i-1" })));
  assert.equal(config.chatAgents, undefined);
  assert.deepEqual(stagingOffers(config), STAGING_OFFERS);
  assert.ok(!stagingOffers(config).has("chat agent"));
});

test("chatAgents in the config, or the environment first, lets a custom participant play chat agents", () => {
  const path = configFile({ region: "eu-central-1", instanceId: "i-1", chatAgents: "custom-participant" });
  const config = withEnv(undefined, () => readStagingConfig(path));
  assert.equal(config.chatAgents, "custom-participant");
  assert.ok(stagingOffers(config).has("chat agent"));
  assert.equal(withEnv("", () => readStagingConfig(path)).chatAgents, undefined, "an empty environment variable turns it off");
  const plain = configFile({ region: "eu-central-1", instanceId: "i-1" });
  assert.equal(withEnv("custom-participant", () => readStagingConfig(plain)).chatAgents, "custom-participant");
});

test("any other value is a setup error naming where it came from", () => {
  const path = configFile({ chatAgents: "human" });
  assert.throws(() => withEnv(undefined, () => readStagingConfig(path)), /chatAgents in the staging config .* must be "custom-participant" .* \(got "human"\)/);
  assert.throws(() => withEnv("bot", () => readStagingConfig(path)), /FLOWSIM_STAGING_CHAT_AGENTS must be "custom-participant" .* \(got "bot"\)/);
});

test("flowLogs in the config, or FLOWSIM_STAGING_FLOW_LOG_GROUP first, has staging read the flow path from the instance's flow logs", () => {
  const env = (value: string | undefined, run: () => ReturnType<typeof readStagingConfig>) => withEnv(value, run, "FLOWSIM_STAGING_FLOW_LOG_GROUP");
  const plain = configFile({ region: "eu-central-1", instanceId: "i-1" });
  assert.equal(env(undefined, () => readStagingConfig(plain)).flowLogs, undefined);
  assert.ok(!stagingOffers({}).has("flow path"));
  const path = configFile({ region: "eu-central-1", instanceId: "i-1", flowLogs: { logGroup: "/aws/connect/support-staging" } });
  const config = env(undefined, () => readStagingConfig(path));
  assert.deepEqual(config.flowLogs, { logGroup: "/aws/connect/support-staging" });
  assert.ok(stagingOffers(config).has("flow path"));
  assert.ok(!stagingOffers(config).has("flow branches"), "flow logs do not tell the branch a block took");
  assert.deepEqual(env("/aws/connect/other", () => readStagingConfig(plain)).flowLogs, { logGroup: "/aws/connect/other" });
  assert.throws(() => env(undefined, () => readStagingConfig(configFile({ flowLogs: "/aws/connect/x" }))), /flowLogs in the staging config .* must be \{ "logGroup": "\/aws\/connect\/<instance alias>" \}/);
  assert.throws(() => env("has spaces", () => readStagingConfig(plain)), /FLOWSIM_STAGING_FLOW_LOG_GROUP must be/);
});
