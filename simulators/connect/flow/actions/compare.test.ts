import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };

function compareFlow(value: string) {
  return flowDoc(
    [
      {
        Identifier: "check",
        Type: "Compare",
        Parameters: { ComparisonValue: value },
        Transitions: {
          NextAction: "bye",
          Conditions: [
            { NextAction: "big", Condition: { Operator: "NumberGreaterThan", Operands: ["100"] } },
            { NextAction: "vip", Condition: { Operator: "TextStartsWith", Operands: ["VIP"] } },
          ],
          Errors: [{ NextAction: "bye", ErrorType: "NoMatchingCondition" }],
        },
      },
      { Identifier: "big", Type: "MessageParticipant", Parameters: { Text: "big" }, Transitions: { NextAction: "bye" } },
      { Identifier: "vip", Type: "MessageParticipant", Parameters: { Text: "vip" }, Transitions: { NextAction: "bye" } },
      bye,
    ],
    { type: "contactFlow" },
  );
}

test("Compare picks the first true condition, else NoMatchingCondition; a missing value matches nothing", async () => {
  const h = harness();
  h.publish(compareFlow("$.Attributes.x"), "cmp");
  const branch = async (x?: string) => pathOf((await h.start("cmp", { attributes: x === undefined ? {} : { x } })).session.trace)[0];
  assert.equal(await branch("250"), "check → Condition: NumberGreaterThan 100");
  assert.equal(await branch("VIP-7"), "check → Condition: TextStartsWith VIP");
  assert.equal(await branch("vip-7"), "check → Error: NoMatchingCondition");
  assert.equal(await branch(undefined), "check → Error: NoMatchingCondition");
});

test("Compare needs one whole JSONPath into a known namespace and the NoMatchingCondition branch", () => {
  const text = loadFlowDocument(compareFlow("value is $.Attributes.x"), "t.json");
  assert.match(text.problems.find((p) => p.severity === "error")!.message, /must be static or a single JSONPath that is the whole value/);
  const bad = loadFlowDocument(compareFlow("$.BadValue"), "b.json");
  assert.match(bad.problems.find((p) => p.severity === "error")!.message, /\$\.BadValue is not one/);
  const doc = compareFlow("$.Attributes.x");
  doc.Actions[0].Transitions.Errors = [];
  const missing = loadFlowDocument(doc, "m.json");
  assert.match(missing.problems.find((p) => p.severity === "error")!.message, /Action is missing required error\. Error: NoMatchingCondition, Path: Actions\[0\]/);
});
