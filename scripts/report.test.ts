import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { carryHistory, checkJava, checkResults, ensureCategories, ReportError } from "./report.js";

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
