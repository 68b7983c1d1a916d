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

function withEnv<T>(value: string | undefined, run: () => T): T {
  const before = process.env.FLOWSIM_STAGING_CHAT_AGENTS;
  if (value === undefined) delete process.env.FLOWSIM_STAGING_CHAT_AGENTS;
  else process.env.FLOWSIM_STAGING_CHAT_AGENTS = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.FLOWSIM_STAGING_CHAT_AGENTS;
    else process.env.FLOWSIM_STAGING_CHAT_AGENTS = before;
  }
}

test("without chatAgents nothing changes: staging offers what it offered", () => {
  const config = withEnv(undefined, () => readStagingConfig(configFile({ region: "eu-central-1", instanceId: "i-1" })));
  assert.equal(config.chatAgents, undefined);
  assert.equal(stagingOffers(config), STAGING_OFFERS);
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
