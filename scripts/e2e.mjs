#!/usr/bin/env node
// The main job: the features against the embedded simulator (the `sim` profile unless
// FLOWSIM_PROFILE says otherwise), then the Allure report. Exits non-zero when a scenario
// failed or the report could not be built; the report is built either way.
//
// Usage: npm run e2e [-- <extra cucumber-js arguments, e.g. --tags @critical>]
//        node scripts/e2e.mjs --no-report [...]   (the features only: what `npm test` runs)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// The package does not export its bin path, so find it beside its package.json.
const require = createRequire(import.meta.url);
const cucumber = join(dirname(require.resolve("@cucumber/cucumber/package.json")), "bin", "cucumber.js");
const profile = process.env.FLOWSIM_PROFILE ?? "sim";
const parallel = process.env.FLOWSIM_PARALLEL ?? "2";
const args = process.argv.slice(2);
const withReport = !args.includes("--no-report");
const extra = args.filter((a) => a !== "--no-report");

// NODE_OPTIONS reaches cucumber's parallel workers too. The SDK's notice about the Node
// versions its future releases need says nothing about this run.
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import tsx`.trim(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const run = spawnSync(process.execPath, [cucumber, "--profile", profile, "--parallel", parallel, ...extra], { stdio: "inherit", env });
if (!withReport) {
  if (run.status !== 0) console.error(`\nfeatures: scenarios failed (cucumber exit ${run.status ?? run.signal})`);
  process.exit(run.status ?? 1);
}
const report = spawnSync(process.execPath, ["--import", "tsx", "scripts/report.ts"], { stdio: "inherit" });

if (run.status !== 0) console.error(`\ne2e: scenarios failed (cucumber exit ${run.status ?? run.signal}); the report shows why: reports/allure-report/index.html`);
if (report.status !== 0) console.error(`e2e: the Allure report could not be built (exit ${report.status ?? report.signal})`);
process.exit(run.status !== 0 ? (run.status ?? 1) : (report.status ?? 1));
