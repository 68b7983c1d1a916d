import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTestCaseFiles } from "../../simulators/connect/testing/files.js";
import { loadTestCase } from "../../simulators/connect/testing/load.js";
import { vocabulary } from "../../scripts/step-vocabulary.js";
import { COMPILED_EXPRESSIONS, compileScenario, isVoiceScenario, UncompilableStep, type TestCaseFile } from "./compile.js";
import { parseFeature } from "./gherkin.js";

const CALLBACK = "features/callback";

/** Every voice scenario of the features: its test case, or the error naming the step it could not compile. */
function exportAll(files: string[]): { exported: TestCaseFile[]; errors: string[] } {
  const exported: TestCaseFile[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const feature = parseFeature(file);
    for (const pickle of feature.pickles.filter(isVoiceScenario)) {
      try {
        exported.push(compileScenario(pickle, { source: feature.source }).testCase);
      } catch (err) {
        if (!(err instanceof UncompilableStep)) throw err;
        errors.push(`${file}: ${err.message}`);
      }
    }
  }
  return { exported, errors };
}

async function runExported(testCases: TestCaseFile[], flowsDir: string) {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-exported-"));
  testCases.forEach((tc, i) => writeFileSync(join(dir, `${i}.json`), JSON.stringify(tc)));
  let report = "";
  const run = await runTestCaseFiles([dir], { flowsDir, write: (t) => void (report += t) });
  return { ...run, report };
}

/** How an error names a step: the feature, the line of the nth step with that text. */
function at(feature: string, written: string, nth = 1): string {
  const lines = readFileSync(feature, "utf8").split("\n");
  const found = lines.flatMap((l, i) => (l.trim() === written ? [i + 1] : []))[nth - 1];
  assert.ok(found, `${feature} has no ${nth}th step "${written}"`);
  return `${feature}: line ${found}: ${written}`;
}

/** A feature written for the test, with the support line's number mapped. */
function feature(scenario: string): string {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-compile-"));
  const file = join(dir, "support.feature");
  writeFileSync(file, `Feature: Support line\n\n  Background:\n    Given the phone number "+1 555 0199" starts the flow "Support line"\n\n${scenario}\n`);
  return file;
}

test("the voice scenarios of features/callback export to test cases that pass offline against its flows; the others are errors naming the step", async () => {
  const files = readdirSync(CALLBACK).filter((f) => f.endsWith(".feature")).sort().map((f) => join(CALLBACK, f));
  const { exported, errors } = exportAll(files);
  assert.ok(exported.length >= 4, `at least four callback scenarios export (got ${exported.length}; errors:\n${errors.join("\n")})`);
  const { exitCode, results, report } = await runExported(exported, join(CALLBACK, "flows"));
  assert.equal(exitCode, 0, report);
  assert.ok(results.every((r) => r.status === "PASSED" && (r.observations?.passed ?? 0) >= 1), report);
  const T = "features/callback/callback-task.feature";
  const TEMPLATE = "features/callback/callback-task-template.feature";
  const S = "features/callback/scheduled-callback.feature";
  const notHear = at(TEMPLATE, 'And the caller does not hear "Thank you. An agent will call you back"');
  assert.deepEqual(errors.map((e) => e.replace(/ — .*/, "")), [
    notHear,
    notHear,
    notHear,
    at(T, 'When a caller from "+15555550123" calls "+15550100"', 2),
    at(T, 'When a caller from "+15555550123" calls "+15550100"', 3),
    at(T, 'Then the caller is still waiting in the queue "Customer service"', 1),
    at(T, 'Then the caller is still waiting in the queue "Customer service"', 2),
    at(T, 'And a caller from "+15555550188" calls "+15550100"'),
    at(S, 'And a caller from "+15555550188" calls "+15550100"'),
  ]);
  assert.match(errors[3], / — a test case has one caller, and \+15555550111 called already$/);
});

test("an exported test case fails where its scenario would: the caller pressing 3 at a menu of 1 and 2", async () => {
  const file = feature(`  Scenario: A caller picks billing
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Welcome to Example Corp"
    When the caller presses 3
    Then the caller hears "Our billing team"`);
  const { exported } = exportAll([file]);
  const { exitCode, results } = await runExported(exported, "features/native-test-cases/flows");
  assert.equal(exitCode, 1);
  assert.equal(results[0].failure?.observation, 'the caller hears "Our billing team"');
});

test("givens become overrides at the start of the call; the last thing heard ends the test; time steps leave no trace", async () => {
  const file = feature(`  Scenario: After hours
    Given the hours of operation "Office hours" are closed
    And the Lambda "customer-lookup" returns:
      | tier | gold |
    And the queue "Support" is full
    When a caller from "+15555550123" calls "+15550199"
    And 3 seconds pass
    Then the caller hears "We are closed"`);
  const { exported } = exportAll([file]);
  const content = JSON.parse(exported[0].Content);
  assert.deepEqual(exported[0].EntryPoint, { Type: "VOICE_CALL", VoiceCallEntryPointParameters: { SourcePhoneNumber: "+15555550123", FlowId: "Support line" } });
  assert.deepEqual(content.Observations.map((o: { Identifier: string; Event: { Type: string } }) => [o.Identifier, o.Event.Type]), [["The call starts", "TestInitiated"], ['the caller hears "We are closed"', "MessageReceived"]]);
  const behaviours = content.Observations[0].Actions.map((a: { Parameters: { Behavior: { Properties: unknown } } }) => a.Parameters.Behavior.Properties);
  assert.deepEqual(behaviours, [
    { ActionType: "CheckHoursOfOperation", ActionParameters: { HoursOfOperationId: "Office hours" }, Strategy: { Type: "MockResponse", Response: { Type: "ExecutionResult", ExecutionResult: { Value: "OutOfHours" } } } },
    { ActionType: "InvokeLambdaFunction", ActionParameters: { LambdaFunctionARN: "customer-lookup" }, Strategy: { Type: "MockResponse", Response: { Type: "ExecutionResult", ExecutionResult: { DelaySeconds: 0, LoadedData: '{"tier":"gold"}' } } } },
    { ActionType: "TransferContactToQueue", ActionParameters: { QueueId: "Support" }, Strategy: { Type: "MockResponse", Response: { Type: "Error", Error: { Value: "QueueAtCapacity" } } } },
  ]);
  assert.deepEqual(content.Observations[1].Actions.map((a: { Type: string }) => a.Type), ["TestControl"]);
  assert.deepEqual(loadTestCase(exported[0], "exported").problems.filter((p) => p.severity === "error"), []);
  const { exitCode, report } = await runExported(exported, "features/native-test-cases/flows");
  assert.equal(exitCode, 0, report);
});

test("the caller heard, in order: rows already observed anchor, the others are woven in before the next one; a row out of order is an error", () => {
  const file = feature(`  Scenario: Billing, looked back on
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Press 1 for support"
    When the caller presses 2
    Then the caller hears "Our billing team"
    And the caller heard, in order:
      | Welcome to Example Corp                  |
      | Press 1 for support. Press 2 for billing |
      | Our billing team                         |
      | Goodbye                                  |

  Scenario: Out of order
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Welcome"
    And the caller hears "Our billing team"
    And the caller heard, in order:
      | Our billing team |
      | Welcome          |`);
  const { exported, errors } = exportAll([file]);
  const observations = JSON.parse(exported[0].Content).Observations as { Identifier: string; Actions: { Type: string }[]; Transitions: { NextObservations: string[] } }[];
  assert.deepEqual(observations.map((o) => o.Identifier), [
    'the caller hears "Welcome to Example Corp"',
    'the caller hears "Press 1 for support"',
    'the caller hears "Our billing team"',
    'the caller hears "Goodbye"',
  ]);
  assert.deepEqual(observations[1].Actions.map((a) => a.Type), ["SendInstruction"], "the key press stays after the prompt it answers");
  assert.deepEqual(observations.map((o) => o.Transitions.NextObservations), [[observations[1].Identifier], [observations[2].Identifier], [observations[3].Identifier], []]);
  assert.match(errors[0], /line 21: And the caller heard, in order: — "Welcome" was observed before a row above it/);
});

test("with substitutes for hours, hours givens substitute them; names go through resolve, a Lambda's too unless the step gives its ARN", () => {
  const file = feature(`  Scenario: After hours on staging
    Given the hours of operation "Office hours" are closed
    And the Lambda "customer-lookup" fails with "timeout"
    And the Lambda "arn:aws:lambda:eu-central-1:111122223333:function:audit" takes 1 seconds
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "We are closed"`);
  const parsed = parseFeature(file);
  const resolve = (kind: string, name: string) => `arn:${kind}/${name}`;
  const { testCase } = compileScenario(parsed.pickles[0], { resolve, hoursSubstitutes: { open: "arn:open", closed: "arn:closed" } });
  const [hours, lookup, audit] = JSON.parse(testCase.Content).Observations[0].Actions;
  assert.deepEqual(hours.Parameters.Behavior.Properties, { ActionType: "CheckHoursOfOperation", ActionParameters: { HoursOfOperationId: "arn:hours/Office hours" }, Strategy: { Type: "SubstituteResource", SubstituteArn: "arn:closed" } });
  assert.deepEqual(lookup.Parameters.Behavior.Properties.ActionParameters, { LambdaFunctionARN: "arn:lambda/customer-lookup" });
  assert.deepEqual(audit.Parameters.Behavior.Properties.ActionParameters, { LambdaFunctionARN: "arn:aws:lambda:eu-central-1:111122223333:function:audit" });
  assert.equal(testCase.EntryPoint.VoiceCallEntryPointParameters.FlowId, "arn:flow/Support line");
});

test("a step about the caller that no test case can express is an error naming the step and its line", () => {
  const cases: [string, RegExp][] = [
    ['    Given the Lex bot recognises "hi" as the intent "Hello"\n    When a caller from "+15555550123" calls "+15550199"\n    Then the caller hears "Welcome"', /^line 7: Given the Lex bot recognises "hi" as the intent "Hello" — a test case mocks a Lex bot by its alias ARN/],
    ['    When the caller presses 1\n    And a caller from "+15555550123" calls "+15550199"', /^line 7: When the caller presses 1 — it comes before any caller calls$/],
    ['    When a caller from "+15555550123" calls "+15550177"', /^line 7: When a caller from "\+15555550123" calls "\+15550177" — no step says which flow \+15550177 starts/],
    ['    When a caller from "+15555550123" calls "+15550199"\n    Then the caller hears "Welcome"\n    And the caller waves', /^line 9: And the caller waves — no test-case event or action says this$/],
    ['    When a caller from "+15555550123" calls "+15550199"\n    And the caller from "+15555550111" presses 1', /^line 8: And the caller from "\+15555550111" presses 1 — a test case has one caller \(\+15555550123\)/],
    ['    When a caller from "+15555550123" calls "+15550199"\n    And the caller presses 1', /^line 8: And the caller presses 1 — the caller presses a key before anything is observed, and a test case would send it as the contact starts, before the flow may be listening: say what comes first \(`the caller hears "…"`\)$/],
    ['    When a caller from "+15555550123" calls "+15550199"\n    And 5 seconds pass', /^the scenario "S": the caller neither hears nor does anything a test case could observe$/],
  ];
  for (const [steps, message] of cases) {
    const parsed = parseFeature(feature(`  Scenario: S\n${steps}`));
    assert.throws(() => compileScenario(parsed.pickles[0], { source: parsed.source }), (err: Error) => err instanceof UncompilableStep && message.test(err.message), steps);
  }
});

test("every step the compiler knows is a step the features can use", async () => {
  const patterns = new Set((await vocabulary()).map((e) => e.pattern));
  for (const expression of COMPILED_EXPRESSIONS) assert.ok(patterns.has(expression), `"${expression}" is a step definition`);
});

test("each compiled step names the observations it became; other people's steps and chats are left out", () => {
  const file = feature(`  Scenario: Billing, step by step
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Press 1 for support"
    When the caller presses 2
    Then the caller hears "Our billing team"
    And the caller heard, in order:
      | Welcome to Example Corp |
      | Our billing team        |
    And a customer contacts the flow "Chat line" by chat

  Scenario: A customer calls the flow itself
    When a customer contacts the flow "Support line" by voice
    Then the caller hears "Welcome"`);
  const parsed = parseFeature(file);
  const [billing, direct] = parsed.pickles;
  const compiled = compileScenario(billing, { source: parsed.source });
  const byText = new Map(billing.steps.map((s) => [s.text, compiled.compiled.get(s.id)]));
  assert.deepEqual(byText.get('the phone number "+1 555 0199" starts the flow "Support line"'), []);
  assert.deepEqual(byText.get('the caller hears "Press 1 for support"'), ['the caller hears "Press 1 for support"']);
  assert.deepEqual(byText.get("the caller presses 2"), []);
  assert.deepEqual(byText.get("the caller heard, in order:"), ['the caller hears "Welcome to Example Corp"', 'the caller hears "Our billing team"']);
  assert.equal(byText.get('a customer contacts the flow "Chat line" by chat'), undefined);
  assert.deepEqual(compiled.leftOut.map((l) => l.step), ['And a customer contacts the flow "Chat line" by chat']);
  assert.ok(isVoiceScenario(direct));
  assert.deepEqual(compileScenario(direct).testCase.EntryPoint.VoiceCallEntryPointParameters, { SourcePhoneNumber: "+12065550100", FlowId: "Support line" });
});
