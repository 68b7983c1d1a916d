#!/usr/bin/env node
// The main job: the features against the embedded simulator (the `sim` profile unless
// FLOWSIM_PROFILE says otherwise), then the Allure report. Exits non-zero when a scenario
// failed or the report could not be built; the report is built either way, except for a shard.
//
// Usage: npm run e2e [-- <extra cucumber-js arguments, e.g. --tags @critical>]
//        node scripts/e2e.mjs --no-report [...]   (the features only: what `npm test` runs)
//        npm run e2e -- --shard 2/4               (one part of the run; see support/report/shards.mjs)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RESULTS_DIR, ShardError, shardArgs } from "../support/report/shards.mjs";

// The package does not export its bin path, so find it beside its package.json.
const require = createRequire(import.meta.url);
const cucumber = join(dirname(require.resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
const profile = process.env.FLOWSIM_PROFILE ?? "sim";
const parallel = process.env.FLOWSIM_PARALLEL ?? "2";
const args = process.argv.slice(2);
const withReport = !args.includes("--no-report");
let sharding;
try {
  sharding = shardArgs(args.filter((a) => a !== "--no-report"));
} catch (err) {
  if (!(err instanceof ShardError)) throw err;
  console.error(`e2e: ${err.message}`);
  process.exit(2);
}
const { shard, resultsDir, cucumberArgs } = sharding;

// NODE_OPTIONS reaches cucumber's parallel workers too. The SDK's notice about the Node
// versions its future releases need says nothing about this run.
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import tsx`.trim(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
// The container profile: one simulator container for the whole run, shared by the workers
// (each scenario gets its own instance in it), stopped when the run is over.
let container;
if (profile === "container" && !process.env.FLOWSIM_URL) {
  const { register } = await import("tsx/esm/api");
  register();
  const { startSimulatorContainer } = await import("../support/targets/container.ts");
  try {
    container = await startSimulatorContainer();
  } catch (err) {
    console.error(`e2e: ${err.message}`);
    process.exit(1);
  }
  console.error(`e2e: simulator container ${container.image} at ${container.url}`);
  env.FLOWSIM_URL = container.url;
}
const run = spawnSync(process.execPath, [cucumber, "--profile", profile, "--parallel", parallel, ...cucumberArgs], { stdio: "inherit", env });
await container?.stop();
// What of the suite could run on a real instance; the README lists the rest with reasons.
spawnSync(process.execPath, ["--import", "tsx", "scripts/staging-ready.ts"], { stdio: "inherit", env });
const failed = run.status === 0 ? undefined : `scenarios failed (cucumber exit ${run.status ?? run.signal})`;
if (!withReport) {
  if (failed) console.error(`\nfeatures: ${failed}`);
  process.exit(run.status ?? 1);
}
// A report of one shard would show part of the run, and carry it into the trend history
// as if it were the whole run: it is built once every shard's results are in.
if (shard) {
  if (failed) console.error(`\ne2e: ${failed}`);
  console.error(`e2e: shard ${shard.index}/${shard.total} wrote ${resultsDir}; once every shard's folder is in ${RESULTS_DIR}: npm run report && npm run gate`);
  process.exit(run.status ?? 1);
}
const report = spawnSync(process.execPath, ["--import", "tsx", "scripts/report.ts"], { stdio: "inherit" });

if (failed) console.error(`\ne2e: ${failed}; the report shows why: reports/allure-report/index.html`);
if (report.status !== 0) console.error(`e2e: the Allure report could not be built (exit ${report.status ?? report.signal})`);
process.exit(run.status !== 0 ? (run.status ?? 1) : (report.status ?? 1));
