/**
 * A run with a mistyped step, through the real cucumber API and the console formatter: the
 * output names the nearest known sentences, not a snippet of code to write.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";
import { CUCUMBER_UNDEFINED_HEADING, UNDEFINED_HEADING } from "./console-formatter.js";

const STEPS = (cucumber: string) => `
import { When, Then } from ${JSON.stringify(cucumber)};
When("the customer sends {string}", function () {});
When("the customer leaves the chat", function () {});
Then("agent {string} receives {string}", function () {});
`;

const FEATURE = `Feature: typo
  Scenario: a mistyped step
    When the custmer sends "Hello"
`;

test("an undefined step is answered with the nearest sentences, not a code snippet", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-console-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "typo.feature"), FEATURE);
  writeFileSync(join(dir, "steps.mjs"), STEPS(import.meta.resolve("@cucumber/cucumber")));
  const out = new PassThrough();
  let printed = "";
  out.on("data", (chunk) => (printed += String(chunk)));
  const environment = { cwd: dir, stdout: out, stderr: out };
  const { runConfiguration } = await loadConfiguration(
    { provided: { paths: ["typo.feature"], import: ["steps.mjs"], format: [pathToFileURL(fileURLToPath(new URL("./console-formatter.ts", import.meta.url))).href] } },
    environment,
  );
  const { success } = await runCucumber(runConfiguration, environment);
  assert.equal(success, false);
  assert.ok(printed.includes(UNDEFINED_HEADING), printed);
  assert.match(printed, /Did you mean:\n\s+When the customer sends \{string\}\n/);
  assert.ok(!printed.includes(CUCUMBER_UNDEFINED_HEADING), "cucumber's heading is replaced");
  assert.ok(!printed.includes("async function") && !printed.includes("return 'pending'"), `no code snippet:\n${printed}`);
});
