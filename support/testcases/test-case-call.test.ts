import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateContactFlowCommand, DescribeContactCommand, ListTestCasesCommand } from "@aws-sdk/client-connect";
import { flowContent, startSdkSim, virtualClock, type SdkSim } from "../../simulators/connect/api/testing.js";
import { ContactLedger } from "../targets/contact-ledger.js";
import { compileScenario } from "./compile.js";
import { parseFeature } from "./gherkin.js";
import { TestCaseCall } from "./test-case-call.js";

const equals = (value: string, NextAction: string) => ({ NextAction, Condition: { Operator: "Equals", Operands: [value] } });
const errors = (NextAction: string, ...types: string[]) => types.map((ErrorType) => ({ ErrorType, NextAction }));

/** A menu line: a greeting, 1 for support, 2 for billing, then goodbye. */
const MENU = flowContent([
  { Identifier: "welcome", Type: "MessageParticipant", Parameters: { Text: "Welcome to Example Corp" }, Transitions: { NextAction: "menu", Errors: errors("bye", "NoMatchingError") } },
  {
    Identifier: "menu",
    Type: "GetParticipantInput",
    Parameters: { Text: "Press 1 for support. Press 2 for billing.", StoreInput: "False", InputTimeLimitSeconds: "5" },
    Transitions: { NextAction: "bye", Conditions: [equals("1", "support"), equals("2", "billing")], Errors: errors("bye", "InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError") },
  },
  { Identifier: "support", Type: "MessageParticipant", Parameters: { Text: "Our support team will help you" }, Transitions: { NextAction: "bye", Errors: errors("bye", "NoMatchingError") } },
  { Identifier: "billing", Type: "MessageParticipant", Parameters: { Text: "Our billing team will help you" }, Transitions: { NextAction: "bye", Errors: errors("bye", "NoMatchingError") } },
  { Identifier: "bye", Type: "DisconnectParticipant" },
]);

/** The scenario's pickle compiled with the flow's name resolved to its id, as the staging target resolves it through its config. */
function compiled(flowId: string, key: string) {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-call-"));
  const file = join(dir, "menu.feature");
  writeFileSync(
    file,
    `Feature: Menu line

  Scenario: A caller picks support
    Given the phone number "+1 555 0199" starts the flow "Menu line"
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Welcome to Example Corp"
    When the caller presses ${key}
    Then the caller hears "Our support team"
    And the call ends
`,
  );
  const feature = parseFeature(file);
  const pickle = feature.pickles[0];
  const scenario = compileScenario(pickle, { source: feature.source, resolve: (kind, name) => (kind === "flow" && name === "Menu line" ? flowId : name) });
  const step = (text: string) => pickle.steps.find((s) => s.text === text)!.id;
  return { scenario, step };
}

/** The in-process simulator on its virtual clock: the host's waits move it, as real waits let a live run go on. */
async function withMenu(run: (a: SdkSim, call: (key: string) => { call: TestCaseCall; step: (text: string) => string }, ledger: ContactLedger) => Promise<void>) {
  const a = await startSdkSim();
  try {
    const ledger = new ContactLedger(a.InstanceId);
    ledger.watch(a.client);
    const flow = await a.client.send(new CreateContactFlowCommand({ InstanceId: a.InstanceId, Name: "Menu line", Type: "CONTACT_FLOW", Content: MENU }));
    const clock = virtualClock(a.sim);
    const host = { connect: a.client, instanceId: a.InstanceId, wait: async (ms: number) => void (await clock.advance(ms)) };
    await run(
      a,
      (key) => {
        const { scenario, step } = compiled(flow.ContactFlowId!, key);
        return { call: new TestCaseCall(scenario, host), step };
      },
      ledger,
    );
  } finally {
    await a.close();
  }
}

test("a compiled scenario runs as a test case: the call starts it, each Then-step is answered by its own observation, the end by the run's verdict", async () => {
  await withMenu(async (a, make, ledger) => {
    const { call, step } = make("1");
    const contactId = await call.start();
    const contact = await a.client.send(new DescribeContactCommand({ InstanceId: a.InstanceId, ContactId: contactId }));
    assert.equal(contact.Contact?.Id, contactId, "the run's simulated contact is the call the other steps ask about");
    await call.observed(step('the caller hears "Welcome to Example Corp"'), 'Then the caller hears "Welcome to Example Corp"');
    // What the record says was received: a step that checks more than the observation looked for (a regex) reads it.
    const seen = await call.observed(step('the caller hears "Our support team"'), 'Then the caller hears "Our support team"');
    assert.deepEqual(seen.map((o) => o.Text), ["Our support team will help you"]);
    await call.ended("And the call ends");

    assert.deepEqual([...ledger.contacts], [contactId], "the ledger saw the run's contact in its records");
    assert.equal(ledger.testCases.size, 1);
    assert.deepEqual(await ledger.stopAll(a.client), []);
    const left = await a.client.send(new ListTestCasesCommand({ InstanceId: a.InstanceId }));
    assert.deepEqual(left.TestCaseSummaryList ?? [], [], "the scenario's test case is deleted afterwards");
  });
});

test("a Then-step whose observation fails fails with the run's own account of it: what the caller heard instead", async () => {
  await withMenu(async (_a, make, ledger) => {
    const { call, step } = make("2");
    await call.start();
    await call.observed(step('the caller hears "Welcome to Example Corp"'), 'Then the caller hears "Welcome to Example Corp"');
    await assert.rejects(call.observed(step('the caller hears "Our support team"'), 'Then the caller hears "Our support team"'), (err: Error) => {
      assert.match(err.message, /^Then the caller hears "Our support team": the test case's observation "the caller hears "Our support team"" failed: /);
      assert.match(err.message, /heard instead: .*"Our billing team will help you"/);
      return true;
    });
    await assert.rejects(call.ended("And the call ends"), /the test case FAILED: the observation "the caller hears "Our support team"" failed/);
    assert.deepEqual(await ledger.stopAll(_a.client), []);
  });
});

test("before the caller calls, nothing can be asked of the test case; it starts once", async () => {
  await withMenu(async (_a, make) => {
    const { call, step } = make("1");
    await assert.rejects(call.observed(step('the caller hears "Welcome to Example Corp"'), "Then the caller hears"), /no caller has called yet/);
    await call.start();
    await assert.rejects(call.start(), /has started already/);
  });
});

test("a start the service refuses under load (402) or drops before its contact starts (INITIALIZATION_FAILURE) is tried again, as a new execution", async () => {
  const { scenario } = compiled("flow-id", "1");
  const starts: string[] = [];
  const waits: number[] = [];
  const record = (ObservationId: string, Record: object) => ({ ObservationId, Status: "PASSED", Record: JSON.stringify(Record) });
  // The service as it answers under load: each command by name, each execution as it went.
  const answers: Record<string, (input: { TestCaseExecutionId?: string }) => unknown> = {
    CreateTestCaseCommand: () => ({ TestCaseId: "tc" }),
    StartTestCaseExecutionCommand: () => {
      starts.push(`e${starts.length + 1}`);
      if (starts.length === 1) throw Object.assign(new Error("100 test case executions in flight"), { name: "ServiceQuotaExceededException" });
      return { TestCaseExecutionId: starts.at(-1) };
    },
    GetTestCaseExecutionSummaryCommand: ({ TestCaseExecutionId }) => ({ Status: TestCaseExecutionId === "e2" ? "FAILED" : "IN_PROGRESS" }),
    ListTestCaseExecutionRecordsCommand: ({ TestCaseExecutionId }) => ({
      ExecutionRecords:
        TestCaseExecutionId === "e2"
          ? [record("INITIATION", { Type: "INITIATION" }), { ...record("COMPLETION", { Type: "COMPLETION", Status: "FAILED", CompletionReason: { Type: "FAILURE", Message: "Failed to start execution of test case due to limit reached.", FailureReasons: ["INITIALIZATION_FAILURE"] } }), Status: "FAILED" }]
          : [record("INITIATION", { Type: "INITIATION" }), record("EXECUTION_START", { Type: "EXECUTION_START", ContactId: "contact-3" })],
    }),
  };
  const connect = { send: async (command: { constructor: { name: string }; input: { TestCaseExecutionId?: string } }) => answers[command.constructor.name](command.input) };
  const call = new TestCaseCall(scenario, { connect: connect as never, instanceId: "i", wait: async (ms) => void waits.push(ms) });
  assert.equal(await call.start(), "contact-3");
  assert.deepEqual(starts, ["e1", "e2", "e3"]);
  assert.equal(waits.filter((ms) => ms >= 2500).length, 2, "each retry after a backoff of seconds");
});
