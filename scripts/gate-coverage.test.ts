import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flowDoc } from "../simulators/connect/runtime/flow-testing.js";
import { CoverageRun, writeCoverage, type FlowCoverage } from "../support/report/flow-coverage.js";
import { coverageReasons, parseCoveragePolicy } from "./gate-coverage.js";
import { main, parsePolicy } from "./gate.js";
import { main as coverage } from "./coverage.js";

// Two blocks and two branches each: "half" ran one block and took one branch of two.
const doc = (start: string) =>
  flowDoc(
    [
      { Identifier: start, Type: "MessageParticipant", Parameters: { Text: "hi" }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant" },
    ],
    { type: "contactFlow" },
  );

function run(): FlowCoverage[] {
  const r = new CoverageRun();
  r.add({ name: "Half", type: "CONTACT_FLOW", doc: doc("greet"), reached: ["greet"], taken: ["greet#0"] });
  r.add({ name: "Full", type: "CONTACT_FLOW", doc: doc("hello"), reached: ["hello", "bye"], taken: ["hello#0", "hello#1"] });
  return r.flows();
}

function parsed(value: unknown) {
  const problems: string[] = [];
  const policy = parseCoveragePolicy(value, problems);
  return { policy: policy!, problems };
}

test("the coverage policy: shares from 0 to 1, flows by name, tagged groups of flows; a typo is an error", () => {
  assert.deepEqual(parsed({ minBlocks: 0.5, flows: { Half: { minBranches: 1 } }, tags: { critical: { flows: ["Full"], minBlocks: 1 } } }).problems, []);
  assert.deepEqual(parsed({ minBlock: 0.5, minBranches: 2, flows: { Half: { minBranches: "all" } }, tags: { critical: { minBlocks: 1 } } }).problems, [
    'flowCoverage: unknown key "minBlock" (known: minBlocks, minBranches, flows, tags)',
    "flowCoverage.minBranches must be a number from 0 to 1 (0.8 means 80%)",
    'flowCoverage.flows["Half"].minBranches must be a number from 0 to 1 (0.8 means 80%)',
    'flowCoverage.tags["critical"] must have "flows": a list of flow names',
  ]);
  assert.throws(() => parsePolicy(JSON.stringify({ flowCoverage: 0.8 })), /flowCoverage must be an object/);
});

test("every rule that names a flow must hold; a named flow no scenario published stops the release", () => {
  const flows = run();
  assert.deepEqual(coverageReasons(flows, parsed({ minBlocks: 0.5 }).policy), []);
  assert.deepEqual(coverageReasons(flows, parsed({ minBlocks: 0.6, minBranches: 0.5 }).policy), ['flow "Half": blocks run 50% (1/2) is below the minimum 60% (every flow)']);
  assert.deepEqual(coverageReasons(flows, parsed({ flows: { Half: { minBranches: 0.8 } } }).policy), ['flow "Half": branches taken 50% (1/2) is below the minimum 80% (its own rule)']);
  assert.deepEqual(coverageReasons(flows, parsed({ minBlocks: 0.1, tags: { critical: { flows: ["Half", "Gone"], minBlocks: 1 } } }).policy), [
    'the policy sets a coverage minimum for the flow "Gone", which no scenario published',
    'flow "Half": blocks run 50% (1/2) is below the minimum 100% (tag "critical")',
  ]);
});

test("npm run gate judges the coverage the results hold, and cannot judge results without it; npm run coverage prints it", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-gate-coverage-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "a-result.json"), JSON.stringify({ uuid: "a", historyId: "a", name: "a", status: "passed", stop: 1 }));
  writeFileSync(join(dir, "policy.json"), JSON.stringify({ minScenarios: 1, flowCoverage: { minBranches: 0.75 } }));
  let out = "";
  let err = "";
  const gate = (args: string[]) => main(args, (s) => (out += s), (s) => (err += s));
  assert.equal(gate(["--results", dir, "--policy", join(dir, "policy.json")]), 2);
  assert.match(err, /the policy sets flow coverage minimums, but the results hold no flow-coverage\.json/);

  writeCoverage(dir, run());
  assert.equal(gate(["--results", dir, "--policy", join(dir, "policy.json")]), 1);
  assert.match(out, /^ {2}flow coverage {3}2 flows: blocks 75% \(3\/4\), branches 75% \(3\/4\)$/m);
  assert.match(out, /Decision: STOP\n {2}- flow "Half": branches taken 50% \(1\/2\) is below the minimum 75% \(every flow\)\n$/);

  const logged: string[] = [];
  const log = console.log;
  console.log = (text: string) => void logged.push(text);
  try {
    assert.equal(coverage(["--results", dir, "--untaken"]), 0);
    assert.equal(coverage(["--results", dir, "--flow", "Nope"]), 2);
  } finally {
    console.log = log;
  }
  assert.match(logged[0]!, /^flow\s+type\s+blocks\s+branches\s+scenarios\n.*\nHalf\s+CONTACT_FLOW\s+50% 1\/2\s+50% 1\/2\s+1\nFull/s);
  assert.match(logged[1]!, /Half\n {2}blocks never run: \n {4}- bye \(DisconnectParticipant\)\n {2}branches never taken: \n {4}- greet → Error: NoMatchingError/);
});
