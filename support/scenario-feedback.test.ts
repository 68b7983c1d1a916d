/**
 * What a QA engineer sees when a scenario goes wrong, through the real steps, hooks and
 * simulator and the Allure formatter: a refused flow lists every problem as lint does, a
 * name that matches nothing lists what there is and the nearest, a mistyped step names the
 * sentences it was probably meant to be, and a message into an ended chat is the
 * product's answer — each with the status and category the gate reads.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";
import { categoryNamed, categoryOf } from "./report/categories-testing.js";

const repo = fileURLToPath(new URL("../", import.meta.url));

const action = (Identifier: string, Type: string, Parameters: Record<string, unknown>, Transitions: Record<string, unknown> = {}) => ({ Identifier, Type, Parameters, Transitions });
const flow = (name: string, actions: ReturnType<typeof action>[]) =>
  JSON.stringify({ Version: "2019-10-30", StartAction: actions[0]!.Identifier, Metadata: { name, type: "contactFlow" }, Actions: actions });

const GOODBYE = flow("Goodbye chat", [
  action("Say goodbye", "MessageParticipant", { Text: "We are closed. Goodbye." }, { NextAction: "End the chat", Errors: [{ NextAction: "End the chat", ErrorType: "NoMatchingError" }] }),
  action("End the chat", "DisconnectParticipant", {}),
]);
const UNCONNECTED = flow("Greeting with a loose end", [
  action("Greet the caller", "MessageParticipant", { Text: "Hello" }, { NextAction: "", Errors: [{ NextAction: "Hang up", ErrorType: "NoMatchingError" }] }),
  action("Hang up", "DisconnectParticipant", {}),
]);

const feature = (dir: string) => `Feature: mistakes and refusals

  Scenario: a flow refused on publish
    Given the flows in "${dir}/refused" are published

  Scenario: a flow name with a typo
    Given the flows in "${dir}/goodbye" are published
    When a customer starts a chat on the flow "Goodby chat"

  Scenario: hours that do not exist
    Given the hours of operation "Basic Hourz" are closed

  Scenario: a mistyped step
    When the custmer sends "Hello"

  Scenario: a message into a chat that has ended
    Given the flows in "${dir}/goodbye" are published
    When a customer starts a chat on the flow "Goodbye chat"
    Then the chat ends
    When the customer sends "Are you still there?"
`;

interface Result {
  name: string;
  status: string;
  statusDetails?: { message?: string; trace?: string };
}

let dir = "";
let results = new Map<string, Result>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "flowsim-feedback-"));
  for (const [folder, file, text] of [
    ["refused", "greeting.json", UNCONNECTED],
    ["goodbye", "goodbye.json", GOODBYE],
  ] as const) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, file), text);
  }
  writeFileSync(join(dir, "mistakes.feature"), feature(dir));
  const sink = new PassThrough();
  sink.resume();
  const environment = { cwd: repo, stdout: sink, stderr: sink };
  const { runConfiguration } = await loadConfiguration(
    {
      file: "cucumber.mjs",
      profiles: ["sim"],
      provided: { paths: [join(dir, "mistakes.feature")] },
    },
    environment,
  );
  // The profile's own Allure formatter would empty this checkout's reports/allure-results.
  const formats = {
    stdout: "summary",
    files: { [join(dir, "allure.log")]: pathToFileURL(join(repo, "support/report/formatter.ts")).href },
    publish: false as const,
    options: { resultsDir: join(dir, "results") },
  };
  await runCucumber({ ...runConfiguration, formats }, environment);
  const files = readdirSync(join(dir, "results")).filter((f) => f.endsWith("-result.json"));
  results = new Map(files.map((f) => JSON.parse(readFileSync(join(dir, "results", f), "utf8")) as Result).map((r) => [r.name, r]));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function outcome(name: string): { status: string; message: string; trace: string; category: string } {
  const r = results.get(name);
  assert.ok(r, `a result for "${name}" (have: ${[...results.keys()].join(", ")})`);
  const message = r.statusDetails?.message ?? "";
  return { status: r.status, message, trace: r.statusDetails?.trace ?? "", category: categoryOf(r.status, message) };
}

test("a refused flow lists every problem as flowsim lint prints it, with no SDK stack", () => {
  const o = outcome("a flow refused on publish");
  assert.equal(o.status, "failed");
  assert.equal(o.category, categoryNamed("rejected on load"));
  assert.match(o.message, /The flow "Greeting with a loose end" was refused on publish as an inbound flow \(InvalidContactFlowException: The flow is not valid\.\), 1 problem:/);
  assert.match(o.message, /\n {2}error {3}\[Greet the caller\] Actions\[0\]\.Transitions\.NextAction: .+/);
  assert.match(o.message, new RegExp(`To see them without running a scenario: npx flowsim lint ${dir}/refused/greeting\\.json --type CONTACT_FLOW`));
  assert.doesNotMatch(`${o.message}\n${o.trace}`, /node_modules|@smithy|@aws-sdk|de_InvalidContactFlowException/);
});

test("a flow name that matches nothing lists the published flows and the nearest", () => {
  const o = outcome("a flow name with a typo");
  assert.equal(o.status, "broken");
  assert.equal(o.category, categoryNamed("names something that does not exist"));
  assert.match(o.message, /no flow named "Goodby chat" \(published in this scenario: "Goodbye chat"\)\. Did you mean "Goodbye chat"\?/);
});

test("hours that do not exist are an error naming the hours there are", () => {
  const o = outcome("hours that do not exist");
  assert.equal(o.status, "broken");
  assert.equal(o.category, categoryNamed("names something that does not exist"));
  assert.match(o.message, /no hours of operation named "Basic Hourz" \(the instance has: "Basic Hours"\)\. Did you mean "Basic Hours"\?/);
});

test("a mistyped step names the sentence it was meant to be", () => {
  const o = outcome("a mistyped step");
  assert.equal(o.status, "broken");
  assert.equal(o.category, categoryNamed("step undefined"));
  assert.match(o.message, /Did you mean:\n {2}When the customer sends \{string\}\n/);
});

test("a message into a chat that has ended is the product's answer, not a credentials problem", () => {
  const o = outcome("a message into a chat that has ended");
  assert.equal(o.status, "failed");
  assert.equal(o.category, categoryNamed("wrong behaviour"));
  assert.match(o.message, /^ProductFailure: customer could not send "Are you still there\?": the chat has ended \(the Participant API answered 403 AccessDeniedException/);
});
