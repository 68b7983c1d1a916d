/** Amazon Connect's own test cases (the Testing language) inside a scenario (simulator only). */
import { Then } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import type { FlowsimWorld } from "../support/world.js";
import { formatResult } from "../simulators/connect/testing/report.js";
import { runScenarioTestCase } from "../support/testcases/scenario.js";

async function passes(world: FlowsimWorld, file: string, closedHours: string[] = []): Promise<void> {
  const result = await runScenarioTestCase(world, file, closedHours);
  assert.equal(result.status, "PASSED", `the test case did not pass:\n${formatResult(result)}`);
}

Then(...requires(["simulated test-case run"], "the test case {string} passes"), async function (this: FlowsimWorld, file: string) {
  await passes(this, file);
});

/** The hours the test case substitutes under that name (or id) are made never open, as `flowsim test-cases run --closed-hours` does. */
Then(...requires(["simulated test-case run"], "the test case {string} passes with the hours {string} never open"), async function (this: FlowsimWorld, file: string, hours: string) {
  await passes(this, file, [hours]);
});

Then(...requires(["simulated test-case run"], "the test case {string} fails at the observation {string}"), async function (this: FlowsimWorld, file: string, observation: string) {
  const result = await runScenarioTestCase(this, file);
  assert.equal(result.status, "FAILED", `the test case was to fail at the observation "${observation}":\n${formatResult(result)}`);
  assert.equal(result.failure?.observation, observation, `the test case failed elsewhere:\n${formatResult(result)}`);
});
