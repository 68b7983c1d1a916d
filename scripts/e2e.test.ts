/**
 * Sharding on the real features: the shards `npm run e2e -- --shard i/4` runs are listed by
 * cucumber itself (a dry run with the arguments e2e passes and the `sim` profile), and
 * together they are the unsharded run, each scenario once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";
import { RESULTS_DIR, shardArgs } from "../support/report/shards.mjs";

const repo = fileURLToPath(new URL("../", import.meta.url));

/** The scenarios (`uri:line`, in cucumber's order) a run with these e2e arguments would run. */
async function plannedScenarios(e2eArgs: string[]): Promise<{ scenarios: string[]; formatOptions: Record<string, unknown> }> {
  const sink = new PassThrough();
  sink.resume();
  const environment = { cwd: repo, stdout: sink, stderr: sink };
  const { runConfiguration } = await loadConfiguration({ profiles: ["sim"], provided: shardArgs(e2eArgs).cucumberArgs }, environment);
  const formatOptions = runConfiguration.formats.options as Record<string, unknown>;
  const pickles = new Map<string, string>();
  const scenarios: string[] = [];
  // No step code and no formatters: listing the plan needs neither, and the Allure
  // formatter would empty the real results folder.
  const listing = {
    ...runConfiguration,
    support: { requireModules: [], requirePaths: [], importPaths: [], loaders: [] },
    runtime: { ...runConfiguration.runtime, dryRun: true },
    formats: { stdout: "summary", files: {}, publish: false as const, options: {} },
  };
  await runCucumber(listing, environment, (envelope) => {
    if (envelope.pickle) pickles.set(envelope.pickle.id, `${envelope.pickle.uri}:${envelope.pickle.location?.line}`);
    if (envelope.testCase) scenarios.push(pickles.get(envelope.testCase.pickleId)!);
  });
  return { scenarios, formatOptions };
}

test("the four shards of the real features are the unsharded run, every scenario in exactly one", async () => {
  const all = await plannedScenarios([]);
  assert.ok(all.scenarios.length >= 8, `only ${all.scenarios.length} scenarios found`);
  assert.equal(new Set(all.scenarios).size, all.scenarios.length, "a scenario's uri:line names it once");
  const uris = all.scenarios.map((s) => s.replace(/:\d+$/, ""));
  assert.deepEqual(uris, [...uris].sort(), "cucumber takes feature files in path order: the same on every machine");
  assert.equal(all.formatOptions.resultsDir, undefined, "unsharded: the formatter's default folder");

  const shards: string[][] = [];
  for (let i = 1; i <= 4; i += 1) {
    const shard = await plannedScenarios(["--shard", `${i}/4`]);
    assert.deepEqual(shard.formatOptions, { snippetInterface: "async-await", resultsDir: `${RESULTS_DIR}/shard-${i}-of-4` }, "the profile's options are kept");
    assert.deepEqual(shard.scenarios, all.scenarios.filter((_, k) => k % 4 === i - 1), `shard ${i}/4 takes every fourth scenario`);
    shards.push(shard.scenarios);
  }
  assert.deepEqual(shards.flat().sort(), [...all.scenarios].sort());
});

test("a folder, a feature, a line or a tag given to e2e runs only those scenarios", async () => {
  const all = (await plannedScenarios([])).scenarios;
  const folder = (await plannedScenarios(["features/callback"])).scenarios;
  assert.ok(folder.length > 0);
  assert.deepEqual(folder, all.filter((s) => s.startsWith("features/callback/")), "a folder: its features only, not the profile's every feature as well");
  const feature = (await plannedScenarios(["features/hold/hold.feature"])).scenarios;
  assert.deepEqual(feature, all.filter((s) => s.startsWith("features/hold/hold.feature:")));
  const [first] = feature;
  assert.deepEqual((await plannedScenarios([first!])).scenarios, [first], "a feature's line: that scenario");
  const tagged = (await plannedScenarios(["features/callback/scheduled-callback.feature", "--tags", "@critical"])).scenarios;
  assert.ok(tagged.length > 0 && tagged.length < all.filter((s) => s.startsWith("features/callback/scheduled-callback.feature:")).length, "a tag narrows the feature's scenarios");
});

test("a bad --shard stops e2e before cucumber starts: one line, exit 2", () => {
  const run = spawnSync(process.execPath, [fileURLToPath(new URL("./e2e.mjs", import.meta.url)), "--no-report", "--shard", "5/4"], { cwd: repo, encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^e2e: --shard must be INDEX\/TOTAL with 1 ≤ INDEX ≤ TOTAL ≤ \d+ \(e\.g\. 2\/4\), not "5\/4"\n$/);
});
