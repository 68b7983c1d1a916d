/**
 * Flow coverage over a run in parallel workers: each scenario sends what it saw, the
 * formatter (in the main process) adds every worker's scenarios up, writes
 * flow-coverage.json and names the total in the Environment panel, and shows none of it
 * as a scenario attachment.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";
import { COVERAGE_FILE, FLOW_COVERAGE_MEDIA_TYPE, numbersOf, type FlowCoverage } from "./flow-coverage.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const DOC = {
  Version: "2019-10-30",
  StartAction: "check",
  Actions: [
    { Identifier: "check", Type: "Compare", Parameters: { ComparisonValue: "$.Channel" }, Transitions: { NextAction: "bye", Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["VOICE"] } }, { NextAction: "bye", Condition: { Operator: "Equals", Operands: ["CHAT"] } }], Errors: [{ NextAction: "bye", ErrorType: "NoMatchingCondition" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

const STEPS = (cucumber: string) => `
import { When } from ${JSON.stringify(cucumber)};
const doc = ${JSON.stringify(DOC)};
When("a contact takes condition {int}", async function (index) {
  await this.attach(JSON.stringify([{ name: "Channel check", type: "CONTACT_FLOW", doc, reached: ["check", "bye"], taken: ["check#" + index] }]), { mediaType: ${JSON.stringify(FLOW_COVERAGE_MEDIA_TYPE)} });
});
`;

const FEATURE = `Feature: two workers
  Scenario: by voice
    When a contact takes condition 0
  Scenario: by chat
    When a contact takes condition 1
`;

test("scenarios run by two workers add up into one flow-coverage.json", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-coverage-run-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "two.feature"), FEATURE);
  writeFileSync(join(dir, "steps.mjs"), STEPS(import.meta.resolve("@cucumber/cucumber")));
  const sink = new PassThrough();
  sink.resume();
  // The workers load tsx from the working folder, so they run in this checkout.
  const environment = { cwd: here("../../"), stdout: sink, stderr: sink };
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: [join(dir, "two.feature")],
        import: [join(dir, "steps.mjs")],
        parallel: 2,
        format: [pathToFileURL(here("./formatter.ts")).href],
        formatOptions: { resultsDir: join(dir, "results"), categoriesFile: here("../../reports/categories.json") },
      },
    },
    environment,
  );
  const { success } = await runCucumber(runConfiguration, environment);
  assert.equal(success, true);
  const results = join(dir, "results");
  const { flows } = JSON.parse(readFileSync(join(results, COVERAGE_FILE), "utf8")) as { flows: FlowCoverage[] };
  assert.equal(flows.length, 1);
  assert.equal(flows[0]!.scenarios, 2);
  assert.deepEqual(numbersOf(flows[0]!), { blocks: { hit: 2, total: 2 }, branches: { hit: 2, total: 3 } }, "both workers' branches, not the last one's");
  assert.match(readFileSync(join(results, "environment.properties"), "utf8"), /^flowCoverage=1 flow: blocks 100% \(2\/2\), branches 66% \(2\/3\)/m);
  const attached = readdirSync(results).filter((f) => f.includes("-attachment"));
  assert.deepEqual(attached, [], "the coverage messages are not scenario attachments");
});
