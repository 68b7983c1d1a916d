import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TraceStep } from "../../simulators/connect/flow/trace.js";
import { flowDoc } from "../../simulators/connect/runtime/flow-testing.js";
import { CoverageRun, flowUses, numbersOf, readCoverage, writeCoverage } from "./flow-coverage.js";
import { coverageHtml, coverageTable, summaryLine, untaken } from "./coverage-render.js";

const equals = (operand: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } });
// A menu (two keys, no key, no match, error), and three endings.
const MENU = flowDoc(
  [
    {
      Identifier: "menu",
      Type: "GetParticipantInput",
      Parameters: { Text: "Press 1 or 2", StoreInput: "False", InputTimeLimitSeconds: "5" },
      Transitions: {
        NextAction: "sales",
        Conditions: [equals("1", "sales"), equals("2", "support")],
        Errors: [
          { ErrorType: "InputTimeLimitExceeded", NextAction: "bye" },
          { ErrorType: "NoMatchingCondition", NextAction: "bye" },
          { ErrorType: "NoMatchingError", NextAction: "bye" },
        ],
      },
    },
    { Identifier: "sales", Type: "MessageParticipant", Parameters: { Text: "sales" }, Transitions: { NextAction: "bye" } },
    { Identifier: "support", Type: "MessageParticipant", Parameters: { Text: "support" }, Transitions: { NextAction: "bye" } },
    { Identifier: "bye", Type: "DisconnectParticipant" },
  ],
  { type: "contactFlow" },
);

const step = (actionId: string, actionType: string, branch: string, nextActionId?: string): TraceStep =>
  ({ kind: "action", at: 0, contactId: "c", flowId: "f-menu", flowName: "Menu", actionId, actionType, branch, nextActionId }) as TraceStep;
const pressed = (key: "1" | "2"): TraceStep[] => [
  step("menu", "GetParticipantInput", `Condition: Equals ${key}`, key === "1" ? "sales" : "support"),
  step(key === "1" ? "sales" : "support", "MessageParticipant", "Success", "bye"),
  step("bye", "DisconnectParticipant", "End: disconnected"),
];
const menu = { id: "f-menu", name: "Menu", type: "CONTACT_FLOW", doc: MENU };

test("a scenario's trace: the blocks it ran and the branches it took in each flow it published", () => {
  const [use] = flowUses(pressed("1"), [menu]);
  assert.deepEqual(use!.reached.sort(), ["bye", "menu", "sales"]);
  assert.deepEqual(use!.taken.sort(), ["menu#0", "sales#0"]);
  const [idle] = flowUses([], [menu]);
  assert.deepEqual([idle!.reached, idle!.taken], [[], []], "a published flow nobody ran counts, with nothing covered");
});

test("scenarios add up; a menu's next action (never taken with a no-match branch) is not counted", () => {
  const run = new CoverageRun();
  for (const use of [...flowUses(pressed("1"), [menu]), ...flowUses(pressed("2"), [menu])]) run.add(use);
  const [flow] = run.flows();
  assert.equal(flow!.scenarios, 2);
  // Branches: 2 conditions + 3 errors on the menu (not its next action), one next action each for sales and support.
  assert.deepEqual(numbersOf(flow!), { blocks: { hit: 4, total: 4 }, branches: { hit: 4, total: 7 } });
  assert.deepEqual(untaken(flow!), { blocks: [], branches: ["menu → Error: InputTimeLimitExceeded", "menu → Error: NoMatchingCondition", "menu → Error: NoMatchingError"] });
  assert.equal(summaryLine([flow!]), "1 flow: blocks 100% (4/4), branches 57% (4/7)");
  assert.match(coverageTable([flow!]), /^Menu\s+CONTACT_FLOW\s+100% 4\/4\s+57% 4\/7\s+2$/m);
});

test("workers' and shards' files merge into one run; a folder without coverage is named", (t) => {
  const dirs = [mkdtempSync(join(tmpdir(), "cov-a-")), mkdtempSync(join(tmpdir(), "cov-b-")), mkdtempSync(join(tmpdir(), "cov-c-"))];
  t.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const one = new CoverageRun();
  flowUses(pressed("1"), [menu]).forEach((u) => one.add(u));
  const two = new CoverageRun();
  flowUses(pressed("2"), [menu]).forEach((u) => two.add(u));
  writeCoverage(dirs[0]!, one.flows());
  writeCoverage(dirs[1]!, two.flows());
  const { flows, without } = readCoverage(dirs);
  assert.deepEqual(without, [dirs[2]]);
  assert.equal(flows.length, 1);
  assert.deepEqual(numbersOf(flows[0]!).branches, { hit: 4, total: 7 });
  assert.equal(flows[0]!.scenarios, 2);
});

test("the same name with other content is another flow, told apart by its hash", () => {
  const run = new CoverageRun();
  run.add(flowUses([], [menu])[0]!);
  run.add(flowUses([], [{ ...menu, doc: { ...MENU, StartAction: "sales" } }])[0]!);
  const flows = run.flows();
  assert.equal(flows.length, 2);
  assert.match(coverageTable(flows), /^Menu \([0-9a-f]{8}\)/m);
});

test("the coverage page: the table and each flow's picture with the untaken branches marked", () => {
  const run = new CoverageRun();
  flowUses(pressed("1"), [menu]).forEach((u) => run.add(u));
  const html = coverageHtml(run.flows());
  assert.match(html, /<table>.*<td>CONTACT_FLOW<\/td><td class="n">75% \(3\/4\)<\/td><td class="n low">28% \(2\/7\)<\/td>/s);
  // Untaken: key 2, the three errors, and support's next action; the menu's unreachable next action is not marked.
  assert.equal((html.match(/class="untaken-branch"/g) ?? []).length, 5);
  assert.equal((html.match(/class="taken-branch"/g) ?? []).length, 2);
  assert.match(html, /<li>support \(MessageParticipant\)<\/li>/);
});
