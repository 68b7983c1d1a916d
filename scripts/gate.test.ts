import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_POLICY, evaluate, GateError, main, parsePolicy, readResults, readRun, scenarios, type AllureResult, type GatePolicy, type GateSummary } from "./gate.js";

let n = 0;
function result(name: string, status: string | undefined, stop: number, tags: string[] = [], extra: Partial<AllureResult> = {}): AllureResult {
  n += 1;
  return {
    uuid: `u-${n}`,
    historyId: `h-${name}`,
    name,
    fullName: `features/x.feature#${name}`,
    ...(status === undefined ? {} : { status }),
    start: stop - 10,
    stop,
    labels: [{ name: "feature", value: "X" }, ...tags.map((t) => ({ name: "tag", value: t }))],
    ...extra,
  };
}

/** A run: retries (a flaky pass, a late failure), a failed critical, a broken one, skipped ones, plain passes. */
function fixtureResults(): AllureResult[] {
  return [
    result("customer presses 2 for a callback", "failed", 100, ["@critical"], { statusDetails: { message: "AssertionError: first attempt" } }),
    result("customer presses 2 for a callback", "passed", 200, ["@critical"]),
    result("agent idle for 3 minutes", "failed", 150, ["@Critical"], { statusDetails: { message: "AssertionError [ERR_ASSERTION]: expected an idle event\n  + actual - expected" } }),
    result("task has the phone number", "passed", 100),
    result("task has the phone number", "failed", 300, [], { statusDetails: { message: "AssertionError: phone is empty" } }),
    result("websocket stays open", "broken", 160, [], { statusDetails: { message: "InfrastructureError: [timeout] opening the websocket: ETIMEDOUT" } }),
    result("container only", "skipped", 170, ["@sim-only"]),
    result("agent moves time", "skipped", 171, ["@sim-only", "@critical"]),
    ...Array.from({ length: 6 }, (_, i) => result(`plain ${i}`, "passed", 180 + i)),
  ];
}

function withDir(t: { after: (fn: () => void) => void }, files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-gate-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

const policy = (over: Partial<GatePolicy> = {}): GatePolicy => ({ ...DEFAULT_POLICY, criticalTags: ["critical"], minPassRate: 0.8, minScenarios: 5, allowBroken: 0, ...over });

test("the policy: documented keys with types and ranges; unknown keys are errors; $-keys are notes", () => {
  const p = parsePolicy(JSON.stringify({ $comment: "x", failOnCriticalFailedOrBroken: true, criticalTags: ["@Critical", "smoke"], minPassRate: 0.95, minScenarios: 10, allowBroken: null }));
  assert.deepEqual(p, { ...DEFAULT_POLICY, criticalTags: ["critical", "smoke"], minPassRate: 0.95, minScenarios: 10, allowBroken: null });
  assert.deepEqual(parsePolicy("{}"), DEFAULT_POLICY, "missing keys take the documented defaults");
  assert.throws(() => parsePolicy('{"minPassrate": 0.5}'), (e: Error) => e instanceof GateError && /unknown key "minPassrate"/.test(e.message));
  assert.throws(() => parsePolicy('{"minPassRate": 95}'), /minPassRate must be a number from 0 to 1/);
  assert.throws(() => parsePolicy('{"minScenarios": 2.5, "allowBroken": -1, "criticalTags": "critical"}'), (e: Error) => /minScenarios/.test(e.message) && /allowBroken/.test(e.message) && /criticalTags/.test(e.message));
  assert.throws(() => parsePolicy("[1]"), /must be a JSON object/);
  assert.throws(() => parsePolicy("{"), /not valid JSON/);
});

test("retries are merged by historyId: the attempt that stopped last decides", () => {
  const list = scenarios(fixtureResults(), ["critical"]);
  const by = Object.fromEntries(list.map((s) => [s.name, s]));
  assert.equal(list.length, 12);
  assert.equal(by["customer presses 2 for a callback"]!.status, "passed");
  assert.equal(by["customer presses 2 for a callback"]!.flaky, true);
  assert.equal(by["customer presses 2 for a callback"]!.attempts, 2);
  assert.equal(by["task has the phone number"]!.status, "failed", "a later failure beats an earlier pass");
  assert.equal(by["agent idle for 3 minutes"]!.critical, true, "tags match without @ and in any case");
  assert.equal(by["plain 0"]!.critical, false);
  // two attempts with the same stop time cannot be ordered: the worse one is kept
  const tie = scenarios([result("t", "passed", 500), result("t", "broken", 500)], []);
  assert.equal(tie[0]!.status, "broken");
  // a severity label makes a scenario critical too
  assert.equal(scenarios([result("s", "failed", 1, [], { labels: [{ name: "severity", value: "critical" }] })], ["critical"])[0]!.critical, true);
});

test("counts, pass rate without skipped scenarios, and every reason to stop", () => {
  const summary = evaluate({ results: fixtureResults(), globalErrors: ["AfterAll hook failed: podman rm"], files: 14 }, policy());
  assert.deepEqual(summary.counts, { passed: 7, failed: 2, broken: 1, skipped: 2, unknown: 0 });
  assert.equal(summary.executed, 10);
  assert.equal(summary.passRate, 0.7);
  assert.equal(summary.flaky, 1);
  assert.equal(summary.retriesMerged, 2);
  assert.deepEqual(summary.criticalNotPassed.map((s) => s.name), ["agent idle for 3 minutes"]);
  assert.deepEqual(summary.criticalSkipped.map((s) => s.name), ["agent moves time"]);
  assert.equal(summary.go, false);
  assert.deepEqual(summary.reasons, [
    "pass rate 70.0% (7/10) is below the minimum 80.0%",
    '1 critical scenario failed or broken: "agent idle for 3 minutes"',
    "1 scenario broken (infrastructure or harness errors); the policy allows 0",
    "1 error outside any scenario (BeforeAll/AfterAll hooks)",
  ]);
});

test("each rule can be relaxed by the policy, and a clean run goes", () => {
  const run = { results: fixtureResults(), globalErrors: ["x"], files: 14 };
  const relaxed = evaluate(run, policy({ minPassRate: 0.7, failOnCriticalFailedOrBroken: false, allowBroken: null, failOnGlobalErrors: false }));
  assert.deepEqual(relaxed.reasons, []);
  assert.equal(relaxed.go, true);
  const clean = evaluate({ results: Array.from({ length: 5 }, (_, i) => result(`ok ${i}`, "passed", i + 1)), globalErrors: [], files: 5 }, policy({ minPassRate: 1 }));
  assert.equal(clean.go, true);
  assert.equal(clean.passRate, 1);
});

test("too few scenarios, nothing run, and results without a status stop the release", () => {
  const few = evaluate({ results: [result("a", "passed", 1), result("b", "passed", 2)], globalErrors: [], files: 2 }, policy());
  assert.deepEqual(few.reasons, ["only 2 scenarios ran; the policy needs at least 5"]);
  const none = evaluate({ results: [result("a", "skipped", 1), result("b", "skipped", 2)], globalErrors: [], files: 2 }, policy({ minScenarios: 0 }));
  assert.deepEqual(none.reasons, ["no scenario ran (2 skipped scenarios)"]);
  assert.equal(none.passRate, undefined);
  const interrupted = evaluate({ results: [...Array.from({ length: 5 }, (_, i) => result(`ok ${i}`, "passed", i + 1)), result("cut", undefined, 9)], globalErrors: [], files: 6 }, policy({ minPassRate: 0 }));
  assert.equal(interrupted.counts.unknown, 1);
  assert.deepEqual(interrupted.reasons, ["1 scenario broken (infrastructure or harness errors); the policy allows 0"]);
});

test("reads only *-result.json and *-globals.json; an unreadable result is an error, never skipped", (t) => {
  const dir = withDir(t, {
    "a-result.json": result("a", "passed", 1),
    "b-container.json": { children: ["a"], befores: [] },
    "c-attachment.txt": "hello",
    "d-globals.json": { errors: [{ message: "BeforeAll hook failed: boom" }], attachments: [] },
    "categories.json": [],
  });
  const run = readResults(dir);
  assert.equal(run.results.length, 1);
  assert.deepEqual(run.globalErrors, ["BeforeAll hook failed: boom"]);
  const broken = withDir(t, { "a-result.json": "{ not json" });
  assert.throws(() => readResults(broken), (e: Error) => e instanceof GateError && /cannot read .*a-result\.json/.test(e.message));
  assert.throws(() => readResults(withDir(t, {})), /no Allure results/);
  assert.throws(() => readResults(join(dir, "missing")), /no results folder/);
});

test("main prints the table and decision; exit 1 to stop, 0 to go, 2 when it cannot evaluate", (t) => {
  const files: Record<string, unknown> = Object.fromEntries(fixtureResults().map((r) => [`${r.uuid}-result.json`, r]));
  files["policy.json"] = { criticalTags: ["critical"], minPassRate: 0.8, minScenarios: 5, allowBroken: 0 };
  files["lenient.json"] = { failOnCriticalFailedOrBroken: false, minPassRate: 0.5, minScenarios: 1, allowBroken: 3 };
  const dir = withDir(t, files);
  let out = "";
  let err = "";
  const run = (args: string[]) => main(args, (s) => (out += s), (s) => (err += s));

  assert.equal(run(["--results", dir, "--policy", join(dir, "policy.json")]), 1);
  assert.match(out, /^  scenarios      12   \(2 retries merged: the last attempt counts\)$/m);
  assert.match(out, /^  passed          7   \(1 only after a retry\)$/m);
  assert.match(out, /^  failed          2   product defects$/m);
  assert.match(out, /^  broken          1   infrastructure or harness errors$/m);
  assert.match(out, /^  skipped         2   not counted in the pass rate$/m);
  assert.match(out, /^  pass rate   70.0%   minimum 80.0%, at least 5 scenarios run$/m);
  assert.match(out, /Critical scenarios failed or broken:\n  failed  \[critical\] agent idle for 3 minutes\n            AssertionError \[ERR_ASSERTION\]: expected an idle event\n/);
  assert.match(out, /Other scenarios failed or broken:\n  failed  task has the phone number\n.*\n  broken  websocket stays open\n            InfrastructureError: \[timeout\]/);
  assert.match(out, /Critical scenarios skipped: "agent moves time"/);
  assert.match(out, /Decision: STOP\n  - pass rate 70.0% \(7\/10\) is below the minimum 80.0%\n  - 1 critical scenario failed or broken/);

  out = "";
  assert.equal(run(["--results", dir, "--policy", join(dir, "lenient.json")]), 0);
  assert.match(out, /Decision: GO\n$/);

  assert.equal(run(["--results", join(dir, "nope"), "--policy", join(dir, "policy.json")]), 2);
  assert.match(err, /cannot evaluate the release: no results folder/);
  err = "";
  assert.equal(run(["--results", dir, "--policy", join(dir, "missing.json")]), 2);
  assert.match(err, /no policy at/);
  assert.equal(run(["--bogus"]), 2);
});

test("the command line (npm run gate) exits non-zero with the reasons", (t) => {
  const files: Record<string, unknown> = Object.fromEntries(fixtureResults().map((r) => [`${r.uuid}-result.json`, r]));
  files["policy.json"] = { minPassRate: 0.95, minScenarios: 10 };
  const dir = withDir(t, files);
  const script = fileURLToPath(new URL("./gate.ts", import.meta.url));
  const cli = spawnSync(process.execPath, ["--import", "tsx", script, "--results", dir, "--policy", join(dir, "policy.json")], { encoding: "utf8" });
  assert.equal(cli.status, 1, cli.stderr);
  assert.match(cli.stdout, /Decision: STOP/);
  assert.match(cli.stdout, /pass rate 70\.0% \(7\/10\) is below the minimum 95\.0%/);
});

/** A summary whose scenario lists do not depend on the order the files were read in. */
const unordered = (summary: GateSummary) => ({
  ...summary,
  ...Object.fromEntries((["notPassed", "criticalNotPassed", "criticalSkipped"] as const).map((k) => [k, [...summary[k]].sort((a, b) => a.key.localeCompare(b.key))])),
});

test("four shard folders are one run: the same counts and verdict as one folder, retries merged across shards, errors outside scenarios from any shard", (t) => {
  const results = fixtureResults();
  const globals = { errors: [{ message: "AfterAll hook failed: podman rm" }], attachments: [] };
  const one = withDir(t, { ...Object.fromEntries(results.map((r) => [`${r.uuid}-result.json`, r])), "g-globals.json": globals });
  const parent = withDir(t, {});
  const shards = [1, 2, 3, 4].map((i) => join(parent, `shard-${i}-of-4`));
  for (const dir of shards) mkdirSync(dir);
  results.forEach((r, i) => writeFileSync(join(shards[i % 4]!, `${r.uuid}-result.json`), JSON.stringify(r)));
  writeFileSync(join(shards[1]!, "g-globals.json"), JSON.stringify(globals));
  const holding = (name: string) =>
    shards.filter((dir) => readdirSync(dir).some((f) => f.endsWith("-result.json") && (JSON.parse(readFileSync(join(dir, f), "utf8")) as AllureResult).name === name)).map((d) => d.slice(parent.length + 1));
  assert.deepEqual(holding("customer presses 2 for a callback"), ["shard-1-of-4", "shard-2-of-4"], "a flaky pass split across shards");
  assert.deepEqual(holding("task has the phone number"), ["shard-1-of-4", "shard-4-of-4"], "the later, failed attempt is in the shard read first");

  const single = unordered(evaluate(readRun([one]).run, policy()));
  assert.deepEqual(single.counts, { passed: 7, failed: 2, broken: 1, skipped: 2, unknown: 0 });
  assert.equal(single.retriesMerged, 2);
  assert.deepEqual(unordered(evaluate(readRun([parent]).run, policy())), single, "the parent of the shard folders");
  assert.deepEqual(unordered(evaluate(readRun(shards).run, policy())), single, "the shard folders one by one");

  const gate = (args: string[]) => {
    let out = "";
    const code = main([...args, "--policy", join(one, "policy.json")], (s) => (out += s));
    return { code, decision: out.slice(out.indexOf("Decision:")), headline: out.split("\n")[0] };
  };
  writeFileSync(join(one, "policy.json"), JSON.stringify({ criticalTags: ["critical"], minPassRate: 0.8, minScenarios: 5 }));
  const fromOne = gate(["--results", one]);
  assert.equal(fromOne.code, 1);
  assert.match(fromOne.decision, /1 error outside any scenario/);
  for (const args of [["--results", parent], shards.flatMap((dir) => ["--results", dir])]) {
    const fromShards = gate(args);
    assert.deepEqual({ ...fromShards, headline: undefined }, { ...fromOne, headline: undefined });
    assert.match(fromShards.headline, /\(4 of 4 shards\) \(policy /);
  }
});

test("a sharded run with a shard missing cannot be evaluated (exit 2); nor can folders that are not one run", (t) => {
  const parent = withDir(t, {});
  for (const i of [1, 3]) {
    mkdirSync(join(parent, `shard-${i}-of-4`));
    writeFileSync(join(parent, `shard-${i}-of-4`, "a-result.json"), JSON.stringify(result("a", "passed", 1)));
  }
  const policyFile = join(withDir(t, { "policy.json": {} }), "policy.json");
  let err = "";
  const run = (args: string[]) => main([...args, "--policy", policyFile], () => undefined, (s) => (err += s));
  assert.equal(run(["--results", parent]), 2);
  assert.match(err, /^gate: cannot evaluate the release: .* \(2 of 4 shards\): no results folder for shard 2\/4, 4\/4; their scenarios did not run or their results were not copied in\nDecision: STOP\n$/);
  err = "";
  assert.equal(run(["--results", parent, "--results", join(parent, "shard-1-of-4")]), 2);
  assert.match(err, /shard-1-of-4 is given twice/);
});
