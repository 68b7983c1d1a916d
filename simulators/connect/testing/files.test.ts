import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flowDoc } from "../runtime/flow-testing.js";
import { runTestCaseFiles } from "./files.js";
import { check, content, dtmf, endTest, message, observation, started } from "./fixtures.js";

const FOREIGN = "arn:aws:connect:eu-central-1:111122223333:instance/00000000-0000-4000-8000-000000000000";
const HOURS_ARN = `${FOREIGN}/operating-hours/aaaa-1111`;
const QUEUE_ARN = `${FOREIGN}/queue/bbbb-2222`;
const equals = (value: string, NextAction: string) => ({ NextAction, Condition: { Operator: "Equals", Operands: [value] } });
const say = (Identifier: string, Text: string, NextAction: string) => ({ Identifier, Type: "MessageParticipant", Parameters: { Text }, Transitions: { NextAction, Errors: [{ ErrorType: "NoMatchingError", NextAction }] } });

/** A console-style export: another instance's ARNs, the display names in ActionMetadata. */
const SUPPORT_LINE = {
  ...flowDoc([
    { Identifier: "hours", Type: "CheckHoursOfOperation", Parameters: { HoursOfOperationId: HOURS_ARN }, Transitions: { NextAction: "welcome", Conditions: [equals("True", "welcome"), equals("False", "closed")], Errors: [{ ErrorType: "NoMatchingError", NextAction: "closed" }] } },
    say("welcome", "Welcome to Example Corp.", "menu"),
    {
      Identifier: "menu",
      Type: "GetParticipantInput",
      Parameters: { Text: "Press 1 for support.", StoreInput: "False", InputTimeLimitSeconds: "5" },
      Transitions: { NextAction: "bye", Conditions: [equals("1", "set-queue")], Errors: ["InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError"].map((ErrorType) => ({ ErrorType, NextAction: "bye" })) },
    },
    { Identifier: "set-queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: QUEUE_ARN }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    say("closed", "We are closed.", "bye"),
    { Identifier: "bye", Type: "DisconnectParticipant" },
  ]),
  Metadata: {
    name: "Support line",
    type: "contactFlow",
    ActionMetadata: { hours: { parameters: { HoursOfOperationId: { displayName: "Office hours" } } }, "set-queue": { parameters: { QueueId: { displayName: "Support" } } } },
  },
};

const voice = (FlowId: string) => ({ Type: "VOICE_CALL", VoiceCallEntryPointParameters: { FlowId, SourcePhoneNumber: "+15550100" } });
const toSupport = (expected = "press 1 for support") =>
  content([
    observation("welcome", message("Welcome to Example Corp"), [], ["menu"]),
    observation("menu", message(expected, "Inclusion"), [dtmf("one", "1")], ["to-support"]),
    observation("to-support", started("TransferContactToQueue", { QueueId: QUEUE_ARN }), [check("queue", "$.Queue.Name", "Equals", "Support", "end"), endTest()]),
  ]);

async function workspace(files: Record<string, unknown>): Promise<{ dir: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "flowsim-test-cases-"));
  await mkdir(join(dir, "flows"));
  await mkdir(join(dir, "cases"));
  await writeFile(join(dir, "flows", "support-line.json"), JSON.stringify(SUPPORT_LINE));
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, "cases", name), typeof body === "string" ? body : JSON.stringify(body, null, 2));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}

function capture(): { write: (t: string) => void; text: () => string } {
  let out = "";
  return { write: (t) => void (out += t), text: () => out };
}

test("a folder of test cases: one line each, the failure says what happened instead, what was created is reported, exit 1 on any failure", async () => {
  const w = await workspace({
    "a-passes.json": { Name: "Support by DTMF", EntryPoint: voice("Support line"), InitializationData: '{"Attributes":{},"SegmentAttributes":{}}', Content: JSON.stringify(toSupport()) },
    "b-fails.json": { TestCase: { Name: "Billing by DTMF", EntryPoint: voice("support-line"), Content: toSupport("press 2 for billing") } },
  });
  try {
    const out = capture();
    const { exitCode, results } = await runTestCaseFiles([join(w.dir, "cases")], { flowsDir: join(w.dir, "flows"), write: out.write });
    assert.equal(exitCode, 1);
    assert.deepEqual(results.map((r) => [r.name, r.status]), [["Support by DTMF", "PASSED"], ["Billing by DTMF", "FAILED"]]);
    const lines = out.text().split("\n");
    assert.match(lines[0], /^PASS {4}Support by DTMF \(.*a-passes\.json\) 3\/3 observations passed$/);
    assert.equal(lines[1], '        created: hours of operation "Office hours" (open all week), queue "Support"');
    assert.match(lines[2], /^FAIL {4}Billing by DTMF \(.*b-fails\.json\) 1\/3 observations passed$/);
    assert.match(lines[3], /^ {8}observation "menu" did not happen: expected a message containing "press 2 for billing"; instead: "Press 1 for support\."/);
    assert.equal(lines.at(-2), "1 passed, 1 failed (2 test cases)");
  } finally {
    await w.done();
  }
});

test("--json: the results with their records, and exit 0 when all pass; the evidence stays out of the JSON", async () => {
  const w = await workspace({ "pass.json": { Name: "Support", EntryPoint: voice("Support line"), Content: toSupport() } });
  try {
    const out = capture();
    const { exitCode, results } = await runTestCaseFiles([join(w.dir, "cases", "pass.json")], { flowsDir: join(w.dir, "flows"), json: true, write: out.write });
    assert.equal(exitCode, 0);
    const report = JSON.parse(out.text());
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.results[0].observations, { total: 3, passed: 3, failed: 0 });
    assert.deepEqual(report.results[0].records.map((r: { ObservationId: string }) => r.ObservationId), ["INITIATION", "EXECUTION_START", "welcome", "menu", "to-support", "COMPLETION"]);
    assert.equal(report.results[0].evidence, undefined);
    const evidence = results[0].evidence!;
    assert.deepEqual(
      evidence.transcript.map((l) => `${l.from}: ${l.text}`),
      ["flow: Welcome to Example Corp.", "flow: Press 1 for support.", "customer: [keys 1]"],
    );
    assert.match(evidence.transcript[2].outcome!, /^delivered to /);
    assert.deepEqual(evidence.flows.map((f) => f.name), ["Support line"]);
    assert.ok(evidence.trace.some((s) => s.kind === "action" && s.actionId === "transfer"));
  } finally {
    await w.done();
  }
});

test("hours listed as closed are created never open", async () => {
  const closed = content([observation("closed", message("We are closed."), [endTest()])]);
  const w = await workspace({ "closed.json": { Name: "After hours", EntryPoint: voice("Support line"), Content: closed } });
  try {
    const out = capture();
    const { exitCode } = await runTestCaseFiles([join(w.dir, "cases")], { flowsDir: join(w.dir, "flows"), closedHours: ["Office hours"], write: out.write });
    assert.equal(exitCode, 0, out.text());
    assert.match(out.text(), /created: hours of operation "Office hours" \(never open\), queue "Support"/);
  } finally {
    await w.done();
  }
});

test("invalid, unreadable and unresolvable test cases are reported, each with its reason", async () => {
  const w = await workspace({
    "invalid.json": { Name: "Broken", EntryPoint: voice("Support line"), Content: { Version: "2019-10-30", Observations: [observation("o", { Identifier: "e", Type: "Nope", Actor: "System", Properties: {} })] } },
    "not-json.json": "{",
    "unknown-flow.json": { Name: "Lost", EntryPoint: voice("No such flow"), Content: toSupport() },
  });
  try {
    const out = capture();
    const { exitCode, results } = await runTestCaseFiles([join(w.dir, "cases"), join(w.dir, "cases", "missing.json")], { flowsDir: join(w.dir, "flows"), write: out.write });
    assert.equal(exitCode, 1);
    assert.deepEqual(results.map((r) => r.status), ["INVALID", "ERROR", "ERROR", "ERROR"]);
    assert.match(results[0].problems![0], /Observations\[0\].Event.Type \(o\): unknown event type "Nope"/);
    assert.match(results[1].problems![0], /cannot read .*not-json\.json/);
    assert.match(results[2].problems![0], /EntryPoint: no flow No such flow by id, ARN, name or file name; the flows are .*"Support line" \(support-line\.json\)/);
    assert.match(results[3].problems![0], /cannot read .*missing\.json: ENOENT/);
    assert.match(out.text(), /0 passed, 0 failed, 1 invalid, 3 error \(4 test cases\)/);
  } finally {
    await w.done();
  }
});
