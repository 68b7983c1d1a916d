/**
 * `npm run rehearse-staging`: what a team's nightly does, against a simulator that stands in
 * for the service (`flowsim serve --clock real --time-scale N --no-control --strict`: no
 * control plane, the service's quotas and throttling, searches that lag):
 *
 *   1. for each feature file with a scenario that can run on staging, an instance of its own
 *      (CreateInstance), with what the features set up deployed through the Connect API
 *      (support/staging/deploy.ts), as the team's pipeline would;
 *   2. `flowsim pull` writes that instance's staging config (names → ids);
 *   3. the staging profile runs the feature against it, with a custom participant playing
 *      the agents of chats (FLOWSIM_STAGING_CHAT_AGENTS); scenarios that need more than
 *      staging offers are skipped, naming the step;
 *   4. nothing may be left running: SearchContacts and ListTestCaseExecutions on every
 *      instance at the end (and no scenario's customer test case left behind: ListTestCases);
 *   5. no secret in what the run wrote: the credentials are planted (random) and looked
 *      for under reports/rehearsal/, with anything shaped like a token.
 *
 * Exits non-zero when a scenario fails or something is left running. Results go to
 * reports/rehearsal/ (Allure results, pulled configs), apart from the main job's.
 *
 * Options (environment): FLOWSIM_TIME_SCALE (default 60), FLOWSIM_PARALLEL (default 2),
 * FLOWSIM_REHEARSE_ONLY (rehearse only the feature files whose path contains it, while working on them).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ConnectClient, CreateInstanceCommand } from "@aws-sdk/client-connect";
import { readiness } from "./staging-ready.js";
import { startServe } from "./serve-child.js";
import { deploy, planDeploy } from "../support/staging/deploy.js";
import { stillRunning } from "../support/staging/leftovers.js";
import { scanForSecrets } from "../support/staging/secrets-scan.js";
import { secretToken } from "../simulators/kernel/secrets.js";

const OUT = "reports/rehearsal";
const REGION = "us-east-1";
const scale = process.env.FLOWSIM_TIME_SCALE ?? "60";
const parallel = process.env.FLOWSIM_PARALLEL ?? "2";
const bin = join(dirname(new URL(import.meta.url).pathname), "..", "bin", "flowsim.mjs");
const cucumber = join(dirname(createRequire(import.meta.url).resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
// The simulator takes any credentials; the SDK's default chain must find some, as on a runner
// with a role. They are planted: random, and looked for in everything the run wrote.
const planted = { secret: secretToken(40), session: secretToken(120) };
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "ASIAREHEARSAL0000000",
  AWS_SECRET_ACCESS_KEY: planted.secret,
  AWS_SESSION_TOKEN: planted.session,
  AWS_REGION: REGION,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import tsx`.trim(),
};

/** The alias of a feature's instance: letters and digits, as CreateInstance allows. */
const aliasOf = (feature: string) => basename(feature, ".feature").replace(/[^\da-zA-Z]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);

async function main(): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const ready = (await readiness()).filter((r) => !r.held);
  const features = [...new Set(ready.map((r) => r.where))].sort().filter((f) => f.includes(process.env.FLOWSIM_REHEARSE_ONLY ?? ""));
  console.log(`rehearse-staging: ${ready.length} scenarios in ${features.length} feature files can run on staging; the stand-in runs ${scale}× faster than wall time`);
  // One results folder for the whole rehearsal, emptied here once: each feature's run adds to it.
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const { url, child } = await startServe(["--region", REGION, "--clock", "real", "--time-scale", scale, "--no-control", "--strict"], "stand-in", env);
  const connect = new ConnectClient({ region: REGION, endpoint: url, credentials: { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" } });
  const failures: string[] = [];
  const instances: string[] = [];
  try {
    for (const feature of features) {
      const alias = aliasOf(feature);
      const created = await connect.send(new CreateInstanceCommand({ IdentityManagementType: "CONNECT_MANAGED", InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true }));
      const instanceId = created.Id!;
      instances.push(instanceId);
      const deployed = await deploy({ connect, instanceId }, planDeploy([feature]));
      console.log(`\n${feature}: instance ${instanceId}, deployed ${deployed.length} resources`);
      const dir = join(OUT, alias);
      const pulled = spawnSync(process.execPath, [bin, "pull", "--region", REGION, "--instance-id", instanceId, "--out", dir, "--endpoint", url], { env, stdio: ["ignore", "ignore", "inherit"] });
      if (pulled.status !== 0) {
        failures.push(`${feature}: flowsim pull failed (exit ${pulled.status})`);
        continue;
      }
      const run = spawnSync(
        process.execPath,
        [cucumber, "--profile", "staging", "--parallel", parallel, feature, "--format-options", JSON.stringify({ resultsDir: join(OUT, "allure-results"), cleanResultsDir: false })],
        // Chat agents are played by custom participants, as the staging-ready count assumes (staging's chatAgents option).
        { env: { ...env, FLOWSIM_STAGING_CONFIG: join(dir, "staging.config.json"), FLOWSIM_STAGING_ENDPOINT: url, FLOWSIM_TIME_SCALE: scale, FLOWSIM_STAGING_CHAT_AGENTS: "custom-participant" }, stdio: "inherit" },
      );
      if (run.status !== 0) failures.push(`${feature}: scenarios failed (cucumber exit ${run.status ?? run.signal})`);
    }
    // A day of simulated time passes in 24 minutes at 60×: look that far ahead.
    for (const instanceId of instances) for (const left of await stillRunning(connect, instanceId, { aheadMs: 24 * 60 * 60_000 * Number(scale) })) failures.push(`instance ${instanceId}: ${left}`);
  } finally {
    connect.destroy();
    child.kill("SIGTERM");
  }
  // Participant and connection tokens were handed out all run long: none may be in the results.
  for (const found of scanForSecrets(OUT, [planted.secret, planted.session])) failures.push(`${found.file}: ${found.what}`);
  console.log(`\nstaging-ready: ${ready.length} of ${(await readiness()).length} scenarios`);
  if (failures.length) {
    console.error(`rehearse-staging: FAILED\n  ${failures.join("\n  ")}`);
    return 1;
  }
  console.log(`rehearse-staging: every scenario that can run on staging passed on the stand-in, nothing was left running, and no secret was written (results in ${OUT}/allure-results)`);
  return 0;
}

process.exitCode = await main();
