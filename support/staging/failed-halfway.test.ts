/**
 * Hygiene on staging: a scenario that fails halfway leaves nothing running. The staging
 * profile runs against a simulator standing in for the service (real clock, no control
 * plane), its config written by `flowsim pull`, and the instance is searched afterwards.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ConnectClient } from "@aws-sdk/client-connect";
import { startSimulator } from "../../simulators/connect/api/server.js";
import { deploy } from "./deploy.js";
import { stillRunning } from "./leftovers.js";

const cucumber = join(dirname(createRequire(import.meta.url).resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
// The simulator runs in this process: the children must not block its event loop.
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, args, { env, encoding: "utf8" }).then(
    (r) => ({ status: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ status: e.code ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
const credentials = { AWS_ACCESS_KEY_ID: "halfway", AWS_SECRET_ACCESS_KEY: "halfway", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

test("a staging scenario that fails after starting a chat still leaves no contact running", async () => {
  const sim = await startSimulator({ port: 0, clock: "real", timeScale: 60, control: false });
  const connect = new ConnectClient({ region: sim.region, endpoint: sim.endpoint, credentials: { accessKeyId: "halfway", secretAccessKey: "halfway" } });
  try {
    await deploy({ connect, instanceId: sim.instanceId }, { flowDirs: ["features/chat-timeouts/flows"], queues: ["Support"], routingProfiles: [], taskTemplates: [] });
    const dir = mkdtempSync(join(tmpdir(), "flowsim-halfway-"));
    const env = { ...process.env, ...credentials, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import tsx`.trim() };
    const pulled = await run(["bin/flowsim.mjs", "pull", "--region", sim.region, "--instance-id", sim.instanceId, "--out", dir, "--endpoint", sim.endpoint], env);
    assert.equal(pulled.status, 0, pulled.stderr);
    const feature = join(dir, "halfway.feature");
    writeFileSync(
      feature,
      `Feature: Halfway
  Scenario: A chat whose check fails after it started
    Given the flows in "features/chat-timeouts/flows" are published
    And a customer starts a chat on the flow "Chat timeouts inbound"
    When an attempt is made to set the chat timeouts to:
      | role     | idle after |
      | customer | 1 minute   |
    Then the chat timeouts are accepted
`,
    );
    const staging = await run([cucumber, "--profile", "staging", "--retry", "0", feature, "--format", "summary", "--format-options", JSON.stringify({ resultsDir: join(dir, "allure-results") })], {
      ...env,
      FLOWSIM_STAGING_CONFIG: join(dir, "staging.config.json"),
      FLOWSIM_STAGING_ENDPOINT: sim.endpoint,
      FLOWSIM_TIME_SCALE: "60",
    });
    assert.notEqual(staging.status, 0, "the scenario fails");
    assert.match(staging.stdout, /1 scenario \(1 failed\)/, staging.stdout + staging.stderr);
    assert.deepEqual(await stillRunning(connect, sim.instanceId, { aheadMs: 7 * 24 * 3600_000 }), [], "the chat it started was stopped");
  } finally {
    connect.destroy();
    await sim.close();
  }
});
