import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { corpusDir } from "../../simulators/connect/flow/corpus.js";
import type { FlowDocument } from "../../simulators/connect/flow/model.js";
import { flowDoc, harness } from "../../simulators/connect/runtime/flow-testing.js";
import { escapeXml, flowGraph, pathThrough, renderFlowSvg, takenBranch } from "./flow-graph.js";

/**
 * A small XML well-formedness check (no XML parser ships with Node): tags nest and
 * close, attribute values are quoted, and `&` only starts an entity.
 */
export function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(xml))) {
    if (m[6]) assert.fail(`stray "<" at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    const text = m[5] ?? m[3] ?? "";
    const amp = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
    if (amp) assert.fail(`bare "&" near ${text.slice(Math.max(0, amp.index - 20), amp.index + 20)}`);
    if (m[5] !== undefined || !m[2]) continue;
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes the wrong element`);
    else if (!m[4]) stack.push(m[2]);
  }
  assert.deepEqual(stack, [], "every element is closed");
}

function positioned(): FlowDocument {
  const doc = flowDoc([
    {
      Identifier: "ask",
      Type: "GetParticipantInput",
      Transitions: {
        NextAction: "sorry",
        Conditions: [{ NextAction: "callback", Condition: { Operator: "Equals", Operands: ["2"] } }],
        Errors: [
          { NextAction: "sorry", ErrorType: "NoMatchingCondition" },
          { NextAction: "sorry", ErrorType: "NoMatchingError" },
        ],
      },
    },
    { Identifier: "callback", Type: "CreateTask", Transitions: { NextAction: "bye", Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }] } },
    { Identifier: "sorry", Type: "MessageParticipant", Transitions: { NextAction: "bye" } },
    { Identifier: "bye", Type: "DisconnectParticipant" },
  ]);
  doc.Metadata = {
    entryPointPosition: { x: 20, y: 40 },
    ActionMetadata: {
      ask: { position: { x: 160, y: 30 } },
      callback: { position: { x: 480, y: 20 } },
      sorry: { position: { x: 480, y: 240 } },
      bye: { position: { x: 800, y: 120 } },
    },
  };
  return doc;
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

test("blocks sit at the console's positions, entry at entryPointPosition, one edge per transition", () => {
  const svg = renderFlowSvg(positioned(), [], { title: "Queue flow" });
  assertWellFormed(svg);
  assert.match(svg, /<rect x="160" y="30" width="190" height="\d+" rx="6"/);
  assert.match(svg, /<rect x="800" y="120" width="190"/);
  assert.match(svg, /<rect x="20" y="40" width="70" height="28" rx="14"/);
  // ask: 1 condition + default... here NoMatchingCondition exists, so NextAction is "Success"; 2 errors; callback 2; sorry 1; entry 1
  assert.equal(count(svg, /<path d="M[^"]*" fill="none"/g), 4 + 2 + 1 + 1);
  assert.equal(count(svg, /class="taken"/g), 0);
  assert.match(svg, />Queue flow<\/text>/);
  assert.match(svg, />Equals 2<\/text>/);
  assert.match(svg, />NoMatchingError<\/text>/);
});

test("the path is highlighted: visited blocks numbered in order, taken branches and edges", () => {
  const path = [
    { actionId: "ask", branch: "Condition: Equals 2", nextActionId: "callback" },
    { actionId: "callback", branch: "Error: NoMatchingError", nextActionId: "sorry" },
    { actionId: "sorry", branch: "Success", nextActionId: "bye" },
    { actionId: "bye", branch: "End: disconnected" },
  ];
  const svg = renderFlowSvg(positioned(), path);
  assertWellFormed(svg);
  assert.equal(count(svg, /class="action visited"/g), 4);
  assert.equal(count(svg, /class="taken"/g), 4, "entry edge + three transitions");
  assert.equal(count(svg, /stroke="#c2410c" stroke-width="3" marker-end/g), 1, "the one error branch taken is drawn as an error");
  assert.deepEqual([...svg.matchAll(/class="order">([^<]+)</g)].map((m) => m[1]), ["1", "2", "3", "4"]);
  assert.deepEqual([...svg.matchAll(/class="taken-branch">([^<]+)</g)].map((m) => m[1]), ["Equals 2", "NoMatchingError", "Success"]);
});

test("a block run twice shows both step numbers; unknown actions in the path are ignored", () => {
  const path = [
    { actionId: "sorry", branch: "Success", nextActionId: "bye" },
    { actionId: "ghost", branch: "Success", nextActionId: "bye" },
    { actionId: "sorry", branch: "Success", nextActionId: "bye" },
  ];
  const svg = renderFlowSvg(positioned(), path);
  assert.deepEqual([...svg.matchAll(/class="order">([^<]+)</g)].map((m) => m[1]), ["1,3"]);
});

test("steps are numbered among all the actions the contact ran, as in the flow path text", () => {
  const action = (flowId: string, actionId: string) => ({ kind: "action" as const, at: 0, contactId: "c", flowId, flowName: flowId, actionId, actionType: "X", branch: "Success" });
  const trace = [action("main", "a"), action("main", "b"), { kind: "note" as const, at: 0, contactId: "c", detail: "n" }, action("module", "m1"), action("main", "c")];
  assert.deepEqual(
    pathThrough(trace, "module").map((s) => [s.actionId, s.number]),
    [["m1", 3]],
  );
  assert.deepEqual(
    pathThrough(trace, "main").map((s) => s.number),
    [1, 2, 4],
  );
  const svg = renderFlowSvg(positioned(), [{ actionId: "sorry", branch: "Success", nextActionId: "bye", number: 7 }]);
  assert.deepEqual([...svg.matchAll(/class="order">([^<]+)</g)].map((m) => m[1]), ["7"]);
});

test("branch matching: by name, NoMatchingError standing in for another error, Default, then by target", () => {
  const graph = flowGraph(positioned());
  const ask = graph.nodes.find((n) => n.id === "ask")!;
  assert.deepEqual(ask.branches.map((b) => b.label), ["Equals 2", "Success", "NoMatchingCondition", "NoMatchingError"]);
  assert.equal(takenBranch(ask, { actionId: "ask", branch: "Error: NoMatchingCondition", nextActionId: "sorry" }), 2);
  assert.equal(takenBranch(ask, { actionId: "ask", branch: "Error: NoMatchingError (for InputTimeLimitExceeded)", nextActionId: "sorry" }), 3);
  assert.equal(takenBranch(ask, { actionId: "ask", branch: "Something new", nextActionId: "callback" }), 0);
  assert.equal(takenBranch(ask, { actionId: "ask", branch: "End: disconnected" }), undefined);
  const noDefaultBranch = flowGraph(
    flowDoc([{ Identifier: "c", Type: "Compare", Transitions: { NextAction: "d", Conditions: [{ NextAction: "d", Condition: { Operator: "Equals", Operands: ["x"] } }] } }, { Identifier: "d", Type: "DisconnectParticipant" }]),
  ).nodes[0]!;
  assert.equal(noDefaultBranch.branches[1]!.label, "Default");
  assert.equal(takenBranch(noDefaultBranch, { actionId: "c", branch: "Default (NextAction; no NoMatchingCondition branch)", nextActionId: "d" }), 1);
});

test("blocks without positions get a layered layout; a partly positioned flow puts them below", () => {
  const doc = positioned();
  doc.Metadata = {};
  const graph = flowGraph(doc);
  const at = Object.fromEntries(graph.nodes.map((n) => [n.id, n.at]));
  assert.equal(at.ask!.x, 0);
  assert.ok(at.callback!.x > at.ask!.x && at.sorry!.x === at.callback!.x, "children one column to the right");
  assert.ok(at.bye!.x > at.callback!.x);
  assert.notEqual(at.callback!.y, at.sorry!.y);
  assert.ok(graph.nodes.every((n) => !n.positioned));
  const svg = renderFlowSvg(doc, []);
  assertWellFormed(svg);
  assert.equal(count(svg, /stroke-dasharray="4 3"/g), 4, "unpositioned blocks are drawn dashed");

  const partly = positioned();
  delete (partly.Metadata!.ActionMetadata as Record<string, unknown>).bye;
  const placed = flowGraph(partly).nodes;
  const bye = placed.find((n) => n.id === "bye")!;
  assert.ok(placed.filter((n) => n.positioned).every((n) => bye.at.y > n.at.y + n.height), "below every positioned block");
});

test("text is escaped; a self loop and a missing target do not break the picture", () => {
  const doc = flowDoc([
    { Identifier: `a<script>&"x"'`, Type: "Loop", Transitions: { NextAction: `a<script>&"x"'`, Errors: [{ NextAction: "nowhere", ErrorType: "NoMatchingError" }] } },
  ]);
  const svg = renderFlowSvg(doc, [{ actionId: `a<script>&"x"'`, branch: "Success", nextActionId: `a<script>&"x"'` }], { title: "Tom & Jerry <flow>\u0007" });
  assertWellFormed(svg);
  assert.ok(!svg.includes("<script>"));
  assert.match(svg, /a&lt;script&gt;&amp;&quot;x&quot;&#39;/);
  assert.match(svg, /Tom &amp; Jerry &lt;flow&gt;\uFFFD/);
  assert.match(svg, /NoMatchingError → \?/);
  assert.ok(!/NaN|undefined/.test(svg));
  assert.equal(escapeXml("\uD800x"), "\uFFFDx", "a lone surrogate cannot be written as XML");
});

test("the path of a real run through the interpreter lines up with the picture", async () => {
  const h = harness();
  const doc = flowDoc(
    [
      { Identifier: "set", Type: "UpdateContactAttributes", Parameters: { Attributes: { tier: "gold" }, TargetContact: "Current" }, Transitions: { NextAction: "check", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      {
        Identifier: "check",
        Type: "Compare",
        Parameters: { ComparisonValue: "$.Attributes.tier" },
        Transitions: { NextAction: "bye", Conditions: [{ NextAction: "vip", Condition: { Operator: "Equals", Operands: ["gold"] } }], Errors: [{ NextAction: "bye", ErrorType: "NoMatchingCondition" }] },
      },
      { Identifier: "vip", Type: "MessageParticipant", Parameters: { Text: "hello" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant" },
    ],
    { type: "contactFlow" },
  );
  const flow = h.publish(doc, "inbound");
  const { session } = await h.start("inbound", { channel: "CHAT" });
  const path = pathThrough(session.trace, flow.id);
  assert.deepEqual(path.map((s) => s.actionId), ["set", "check", "vip", "bye"]);
  const svg = renderFlowSvg(doc, path);
  assert.deepEqual([...svg.matchAll(/class="taken-branch">([^<]+)</g)].map((m) => m[1]), ["Success", "Equals gold", "Success"]);
  assert.equal(count(svg, /class="taken"/g), 4);
});

test("every flow of the corpus renders as a well-formed picture", { skip: corpusDir() ? false : "the shared corpus is not beside the checkout (set FLOWSIM_CORPUS)" }, () => {
  const dir = join(corpusDir()!, "connect");
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(files.length > 0);
  let withPositions = 0;
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(dir, file), "utf8")) as FlowDocument;
    const svg = renderFlowSvg(doc, [], { title: file });
    assert.doesNotThrow(() => assertWellFormed(svg), file);
    assert.ok(!/NaN|Infinity|undefined/.test(svg), `${file}: a number or value went missing`);
    if (flowGraph(doc).nodes.some((n) => n.positioned)) withPositions += 1;
  }
  assert.ok(withPositions > files.length / 2, "most real exports carry console positions");
});
