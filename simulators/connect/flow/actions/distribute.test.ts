import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, bySeverity, type ActionInput, type Harness } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { FlowType } from "../flow-types.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: id }, Transitions: { NextAction: "bye" } });
const lessThan = (n: string, next: string) => ({ NextAction: next, Condition: { Operator: "NumberLessThan", Operands: [n] } });

/** The AWS sample A/B test: 3 %, 6 % and 8 % branches, the rest to the default. */
function abTest(conditions = [lessThan("4", "a"), lessThan("10", "b"), lessThan("18", "c")]): ActionInput {
  return { Identifier: "split", Type: "DistributeByPercentage", Transitions: { NextAction: "rest", Conditions: conditions, Errors: [{ NextAction: "rest", ErrorType: "NoMatchingCondition" }] } };
}

function setUp(seed: number): Harness {
  const h = harness(seed);
  h.publish(flowDoc([abTest(), say("a"), say("b"), say("c"), say("rest"), bye], { type: "contactFlow" }), "ab");
  return h;
}

async function branches(h: Harness, n: number): Promise<{ branch: string; draw: number }[]> {
  const out: { branch: string; draw: number }[] = [];
  for (let i = 0; i < n; i++) {
    const { session } = await h.start("ab");
    const step = session.trace.find((s) => s.kind === "action" && s.actionId === "split");
    assert.ok(step && step.kind === "action");
    out.push({ branch: said(session)[0], draw: Number(step.result) });
  }
  return out;
}

test("over 2000 draws the branches get their percentages (thresholds 4 / 10 / 18 = 3 %, 6 %, 8 %, 83 %)", async () => {
  const n = 2000;
  const results = await branches(setUp(42), n);
  const draws = results.map((r) => r.draw);
  assert.ok(draws.every((d) => Number.isInteger(d) && d >= 1 && d <= 100), "draws are whole numbers from 1 to 100");
  assert.equal(Math.min(...draws), 1);
  assert.equal(Math.max(...draws), 100);
  for (const r of results) {
    const expected = r.draw < 4 ? "a" : r.draw < 10 ? "b" : r.draw < 18 ? "c" : "rest";
    assert.equal(r.branch, expected, `draw ${r.draw}`);
  }
  const share: Record<string, number> = { a: 0.03, b: 0.06, c: 0.08, rest: 0.83 };
  for (const [branch, p] of Object.entries(share)) {
    const count = results.filter((r) => r.branch === branch).length;
    const tolerance = 4 * Math.sqrt(n * p * (1 - p));
    assert.ok(Math.abs(count - n * p) <= tolerance, `${branch}: ${count} of ${n}, expected ${n * p} ± ${tolerance.toFixed(0)}`);
  }
});

test("the same seed replays the same branches; another seed draws differently", async () => {
  const first = await branches(setUp(7), 50);
  const again = await branches(setUp(7), 50);
  const other = await branches(setUp(8), 50);
  assert.deepEqual(again, first);
  assert.notDeepEqual(other.map((r) => r.draw), first.map((r) => r.draw));
});

test("a draw past the last threshold takes NoMatchingCondition", async () => {
  const h = harness(3);
  h.publish(flowDoc([abTest([lessThan("1", "a")]), say("a"), say("rest"), bye], { type: "contactFlow" }), "never");
  const { session } = await h.start("never");
  assert.deepEqual(said(session), ["rest"]);
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "split");
  assert.ok(step && step.kind === "action");
  assert.equal(step.branch, "Error: NoMatchingCondition");
  assert.match(step.detail ?? "", /^drew \d+$/);
});

function problems(split: ActionInput, type: FlowType = "CONTACT_FLOW") {
  const flow = loadFlowDocument(flowDoc([split, say("a"), say("b"), say("c"), say("rest"), bye]), "split.json", { flowType: type });
  return bySeverity(flow.problems);
}

test("validation: a rising chain of NumberLessThan thresholds no larger than 100, and a NoMatchingCondition branch", () => {
  assert.equal(problems(abTest()).errors, "");
  assert.equal(problems({ ...abTest(), Parameters: undefined } as unknown as ActionInput).errors, "", "Parameters may be left out");

  const docSpelling = abTest([{ NextAction: "a", Condition: { Operator: "NumericLessThan", Operands: ["50"] } }]);
  assert.match(problems(docSpelling).errors, /Conditions\[0\].Condition.Operator: .*"NumericLessThan" is not an operator of the flow language/);
  assert.match(problems(abTest([{ NextAction: "a", Condition: { Operator: "Equals", Operands: ["50"] } }])).errors, /DistributeByPercentage supports only NumberLessThan/);

  assert.match(problems(abTest([lessThan("10", "a"), lessThan("4", "b")])).errors, /Conditions\[1\].Condition.Operands\[0\] .*thresholds must rise along the chain: 4 follows 10/);
  assert.match(problems(abTest([lessThan("50", "a"), lessThan("101", "b")])).errors, /thresholds may not exceed 100; 101 does/);
  assert.match(problems(abTest([lessThan("half", "a")])).errors, /"half" is not a whole-number threshold/);
  assert.match(problems(abTest([lessThan("10", "a"), lessThan("10", "b")])).warnings, /Conditions\[1\].* Threshold 10 leaves this branch a 0 % share/);

  const noDefault: ActionInput = { Identifier: "split", Type: "DistributeByPercentage", Transitions: { NextAction: "rest", Conditions: [lessThan("50", "a")] } };
  assert.match(problems(noDefault).errors, /missing required error. Error: NoMatchingCondition/);
  const withCatchAll = abTest();
  withCatchAll.Transitions!.Errors!.push({ NextAction: "rest", ErrorType: "NoMatchingError" });
  assert.match(problems(withCatchAll).errors, /Invalid Action error. Error: NoMatchingError/);

  assert.match(problems(abTest(), "CUSTOMER_HOLD").errors, /Unsupported block type: DistributeByPercentage is not allowed in a Customer hold flow/);
  assert.match(problems(abTest(), "OUTBOUND_WHISPER").warnings, /DistributeByPercentage in an Outbound whisper flow/);
  assert.equal(problems(abTest(), "QUEUE_TRANSFER").errors, "");
});
