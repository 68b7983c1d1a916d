import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runTestCaseFile } from "../../simulators/connect/testing/files.js";
import type { FileResult } from "../../simulators/connect/testing/file-result.js";
import { DEFAULT_POLICY, evaluate, readResults } from "../../scripts/gate.js";
import { historyIdOf, SUITE, writeTestCaseResults } from "./test-case-results.js";

const repo = resolve(import.meta.dirname, "../..");
const FLOWS = "features/callback/flows";
const EXAMPLE = "examples/test-cases/callback/callback-by-dtmf.json";

interface WrittenStep {
  name: string;
  status: string;
  statusDetails: { message?: string };
  steps: WrittenStep[];
}

/** The callback example as it is, with its caller pressing 3, and with an event type that does not exist. */
async function results(): Promise<{ passed: FileResult; failed: FileResult; invalid: FileResult }> {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-tc-allure-cases-"));
  const example = JSON.parse(readFileSync(EXAMPLE, "utf8"));
  writeFileSync(join(dir, "presses-3.json"), JSON.stringify({ ...example, Name: "Callback pressing 3", Content: example.Content.replace('"Value":"2"', '"Value":"3"') }));
  writeFileSync(join(dir, "invalid.json"), JSON.stringify({ ...example, Name: "Not a test", Content: example.Content.replace('"Type":"MessageReceived"', '"Type":"MessageHeard"') }));
  const options = { flowsDir: FLOWS };
  return { passed: await runTestCaseFile(EXAMPLE, options), failed: await runTestCaseFile(join(dir, "presses-3.json"), options), invalid: await runTestCaseFile(join(dir, "invalid.json"), options) };
}

const dir = mkdtempSync(join(tmpdir(), "flowsim-tc-allure-"));
const { passed, failed, invalid } = await results();
const at = Date.UTC(2026, 0, 5, 9);
writeTestCaseResults(dir, [passed, failed, invalid].map((result, i) => ({ result, start: at + i * 10, stop: at + i * 10 + 5 })));
const written = () => readdirSync(dir).filter((n) => n.endsWith("-result.json")).map((n) => JSON.parse(readFileSync(join(dir, n), "utf8")));
const byName = (name: string) => written().find((r) => r.name === name);

test("the gate reads one test per test case: passed, failed, and broken for one that is not valid; the release stops", () => {
  const run = readResults(dir);
  assert.deepEqual(run.results.map((r) => [r.name, r.status]).sort(), [["Callback by DTMF from the queue", "passed"], ["Callback pressing 3", "failed"], ["Not a test", "broken"]]);
  for (const r of run.results) {
    assert.equal(r.historyId, r.testCaseId);
    assert.deepEqual(r.labels?.find((l) => l.name === "suite"), { name: "suite", value: SUITE });
  }
  assert.equal(byName("Callback by DTMF from the queue").historyId, historyIdOf(passed));
  assert.deepEqual(byName("Callback by DTMF from the queue").labels.find((l: { name: string }) => l.name === "subSuite"), { name: "subSuite", value: EXAMPLE });
  assert.match(byName("Callback pressing 3").statusDetails.message, /^observation "Confirmation" did not happen: expected a message similar to/);
  assert.match(byName("Not a test").statusDetails.message, /unknown event type "MessageHeard"/);
  const summary = evaluate(run, DEFAULT_POLICY);
  assert.deepEqual(summary.counts, { passed: 1, failed: 1, broken: 1, skipped: 0, unknown: 0 });
  assert.equal(summary.go, false);
});

test("a step per observation in run order, with its actions below it; the one that did not happen says why", () => {
  const steps: WrittenStep[] = byName("Callback pressing 3").steps;
  assert.deepEqual(
    steps.map((s) => [s.name, s.status, s.steps.map((a) => `${a.name}: ${a.status}`)]),
    [
      ['observation "Welcome message": MessageReceived "Thank you for calling Example Corp customer service."', "passed", []],
      ['observation "Queued": FlowActionStarted "TransferContactToQueue"', "passed", ["Assert check-queue: passed"]],
      ['observation "Callback offer": MessageReceived "To have an agent call you back, press 2"', "passed", ["SendInstruction press-2: passed"]],
      ['observation "Confirmation": MessageReceived "An agent will call you back at the number you are calling from."', "failed", []],
    ],
  );
  assert.match(steps[3].statusDetails.message!, /did not happen/);
});

test("the records, the transcript and the path through each flow are attached, as files beside the result", () => {
  const result = byName("Callback by DTMF from the queue");
  const attachments: { name: string; source: string; type: string }[] = result.attachments;
  assert.deepEqual(attachments.map((a) => a.name), ["execution records.json", "transcript.txt", "flow path.txt", "flow path - Callback inbound.svg", "flow path - Callback customer queue.svg"]);
  for (const a of attachments) assert.ok(existsSync(join(dir, a.source)), `${a.name} is written`);
  const file = (name: string) => readFileSync(join(dir, attachments.find((a) => a.name === name)!.source), "utf8");
  assert.deepEqual(JSON.parse(file("execution records.json")).map((r: { ObservationId: string }) => r.ObservationId).at(-1), "COMPLETION");
  assert.match(file("transcript.txt"), /SYSTEM {4}To keep your place in line, press 1\..*\n.*CUSTOMER {2}\[keys 2\]\n.*SYSTEM {4}Thank you\. An agent will call you back/);
  assert.match(file("flow path - Callback customer queue.svg"), /^<svg /);
});

test("writing a test case's result again replaces the earlier one and its attachments; other results stay", () => {
  const feature = join(dir, "feature-scenario-result.json");
  writeFileSync(feature, JSON.stringify({ uuid: "feature-scenario", historyId: "a scenario", name: "a scenario", status: "passed" }));
  const before = readdirSync(dir).length;
  writeTestCaseResults(dir, [{ result: passed, start: at + 100, stop: at + 105 }]);
  assert.equal(readdirSync(dir).length, before);
  assert.ok(existsSync(feature));
  assert.equal(written().filter((r) => r.name === "Callback by DTMF from the queue").length, 1);
  assert.equal(byName("Callback by DTMF from the queue").start, at + 100);
  assert.equal(evaluate(readResults(dir), DEFAULT_POLICY).retriesMerged, 0);
});

const java = spawnSync(process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java", ["-version"], { stdio: "ignore" });

test("npm run report builds the Allure report from them", { skip: java.status === 0 ? false : "no Java on this machine (Allure needs Java 17+)" }, () => {
  const reportDir = join(dir, "allure-report");
  const run = spawnSync(process.execPath, ["--import", "tsx", join(repo, "scripts/report.ts"), "--results", dir, "--report", reportDir], { encoding: "utf8", cwd: repo });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const suites = JSON.parse(readFileSync(join(reportDir, "data/suites.json"), "utf8")) as { children: { name: string }[] };
  assert.ok(suites.children.some((c) => c.name === SUITE), `the report has the suite "${SUITE}"`);
});
