import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { carryHistory, checkJava, checkResults, ensureCategories, mergeResults, ReportError } from "./report.js";

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-report-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("no results folder or no result files fail clearly", (t) => {
  const dir = tempDir(t);
  assert.throws(() => checkResults(join(dir, "missing")), (e: Error) => e instanceof ReportError && /no results folder at .*missing: run the scenarios first/.test(e.message));
  writeFileSync(join(dir, "x-container.json"), "{}");
  assert.throws(() => checkResults(dir), /no Allure results \(\*-result\.json\) in/);
  writeFileSync(join(dir, "a-result.json"), "{}");
  writeFileSync(join(dir, "b-result.json"), "{}");
  assert.equal(checkResults(dir), 2);
});

test("the previous report's history replaces whatever history the results hold", (t) => {
  const dir = tempDir(t);
  const results = join(dir, "results");
  const report = join(dir, "report");
  mkdirSync(join(results, "history"), { recursive: true });
  writeFileSync(join(results, "history", "stale.json"), "[]");
  assert.equal(carryHistory(report, results), false, "no previous report: nothing to carry");
  assert.ok(existsSync(join(results, "history", "stale.json")));
  mkdirSync(join(report, "history"), { recursive: true });
  writeFileSync(join(report, "history", "history-trend.json"), '[{"data":{"passed":3}}]');
  assert.equal(carryHistory(report, results), true);
  assert.equal(readFileSync(join(results, "history", "history-trend.json"), "utf8"), '[{"data":{"passed":3}}]');
  assert.ok(!existsSync(join(results, "history", "stale.json")));
});

test("categories are copied only when the results have none", (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, "cats.json"), '[{"name":"A"}]');
  assert.equal(ensureCategories(dir, join(dir, "cats.json")), true);
  assert.equal(readFileSync(join(dir, "categories.json"), "utf8"), '[{"name":"A"}]');
  writeFileSync(join(dir, "cats.json"), '[{"name":"B"}]');
  assert.equal(ensureCategories(dir, join(dir, "cats.json")), false);
  assert.equal(readFileSync(join(dir, "categories.json"), "utf8"), '[{"name":"A"}]');
});

test("a missing Java is named as the reason", () => {
  assert.throws(() => checkJava({ JAVA_HOME: "/nonexistent/jdk", PATH: "" }), /Allure needs Java 17 or newer: \/nonexistent\/jdk\/bin\/java did not run/);
  assert.throws(() => checkJava({ PATH: "/nonexistent" }), /no java on PATH/);
});

test("npm run report without results exits 1 with the reason", (t) => {
  const dir = tempDir(t);
  const script = fileURLToPath(new URL("./report.ts", import.meta.url));
  const run = spawnSync(process.execPath, ["--import", "tsx", script, "--results", join(dir, "none"), "--report", join(dir, "report")], { encoding: "utf8" });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /report: no results folder at .*none: run the scenarios first \(npm run e2e\)/);
  assert.ok(!existsSync(join(dir, "report")));
});

/** Four shard folders as the formatter leaves them: each with its own results and the run-wide files. */
function shardFolders(root: string): { dirs: string[]; perRun: Map<string, string> } {
  const perRun = new Map<string, string>();
  const dirs = [1, 2, 3, 4].map((i) => {
    const dir = join(root, `shard-${i}-of-4`);
    mkdirSync(dir, { recursive: true });
    const files: Record<string, string> = {
      [`${i}a-result.json`]: JSON.stringify({ uuid: `${i}a`, historyId: `h${i}`, name: `scenario ${i}`, fullName: `f#scenario ${i}`, status: "passed", start: i, stop: i + 1 }),
      [`${i}b-result.json`]: JSON.stringify({ uuid: `${i}b`, historyId: "retried", name: "retried", fullName: "f#retried", status: i === 4 ? "passed" : "failed", start: i, stop: i + 1 }),
      [`${i}c-container.json`]: JSON.stringify({ uuid: `${i}c`, children: [`${i}a`] }),
      [`${i}d-attachment.txt`]: `transcript ${i}`,
      ...(i === 2 ? { "g-globals.json": JSON.stringify({ errors: [], attachments: [] }) } : {}),
    };
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), content);
      perRun.set(name, content);
    }
    writeFileSync(join(dir, "categories.json"), JSON.stringify([{ name: `categories of shard ${i}`, matchedStatuses: ["failed"] }]));
    writeFileSync(join(dir, "environment.properties"), `shard = ${i}\n`);
    // Each shard's flow coverage: merged by readCoverage, never copied for Allure.
    writeFileSync(join(dir, "flow-coverage.json"), JSON.stringify({ flows: [] }));
    return dir;
  });
  return { dirs, perRun };
}

test("merging shard folders keeps every result file; categories, environment and history once, from the first folder that has them", (t) => {
  const root = tempDir(t);
  const { dirs, perRun } = shardFolders(root);
  for (const i of [2, 3]) {
    mkdirSync(join(dirs[i - 1]!, "history"));
    writeFileSync(join(dirs[i - 1]!, "history", "history-trend.json"), `[{"shard":${i}}]`);
  }
  mkdirSync(join(dirs[3]!, "not-read-by-allure"));
  const into = join(root, "merged");
  mkdirSync(into);
  mergeResults(dirs, into);
  assert.deepEqual(readdirSync(into).sort(), [...perRun.keys(), "categories.json", "environment.properties", "history"].sort());
  for (const [name, content] of perRun) assert.equal(readFileSync(join(into, name), "utf8"), content, name);
  assert.match(readFileSync(join(into, "categories.json"), "utf8"), /categories of shard 1/);
  assert.equal(readFileSync(join(into, "environment.properties"), "utf8"), "shard = 1\n");
  assert.equal(readFileSync(join(into, "history", "history-trend.json"), "utf8"), '[{"shard":2}]');
});

test("a result file in two folders is refused, never overwritten", (t) => {
  const root = tempDir(t);
  const { dirs } = shardFolders(root);
  writeFileSync(join(dirs[2]!, "1a-result.json"), "{}");
  mkdirSync(join(root, "merged"));
  assert.throws(
    () => mergeResults(dirs, join(root, "merged")),
    (e: Error) => e instanceof ReportError && e.message === `1a-result.json is in both ${dirs[0]} and ${dirs[2]}: results copied into two folders would count twice`,
  );
});

const java = spawnSync(process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java", ["-version"], { stdio: "ignore" });

test("npm run report builds one report from a folder of shard folders", { skip: java.status === 0 ? false : "no Java on this machine (Allure needs Java 17+)" }, (t) => {
  const root = tempDir(t);
  const { dirs } = shardFolders(join(root, "allure-results"));
  const doc = { Version: "2019-10-30", StartAction: "bye", Actions: [{ Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] };
  const flow = { name: "Goodbye", type: "CONTACT_FLOW", doc, sha: "f00d", scenarios: 1, reached: ["bye"], taken: [] };
  writeFileSync(join(dirs[2]!, "flow-coverage.json"), JSON.stringify({ flows: [flow] }));
  const script = fileURLToPath(new URL("./report.ts", import.meta.url));
  const report = join(root, "report");
  const run = spawnSync(process.execPath, ["--import", "tsx", script, "--results", join(root, "allure-results"), "--report", report], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /report: 8 result files from .*allure-results \(4 of 4 shards\), no previous history/);
  const summary = JSON.parse(readFileSync(join(report, "widgets", "summary.json"), "utf8")) as { statistic: Record<string, number> };
  assert.equal(summary.statistic.total, 5, "four scenarios and one retried across the shards");
  assert.equal(summary.statistic.passed, 5, "the retry's last attempt counts");
  const env = JSON.parse(readFileSync(join(report, "widgets", "environment.json"), "utf8")) as { name: string; values: string[] }[];
  assert.deepEqual(env, [{ name: "shard", values: ["1"] }]);
  assert.match(run.stdout, /report: flow coverage, 1 flow: blocks 100% \(1\/1\), branches — \(0\/0\): .*flow-coverage\.html/);
  assert.match(readFileSync(join(report, "flow-coverage.html"), "utf8"), /<h2>Goodbye<\/h2><svg/);
});
