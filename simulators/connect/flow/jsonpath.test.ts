import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, findReferences, interpolate, parseWholeReference, rootOf } from "./jsonpath.js";

const data: Record<string, unknown> = {
  Attributes: { name: "Ana", "user attribute name": "spaced", NameToPlay: "FirstName", Language: "en" },
  External: { FirstName: "Bob", LastName: "Lee", nested: { list: ["a", "b"] } },
  Views: { ViewResultData: { Category: ["Billing", "Other"], ContactNotes: "notes" } },
  Channel: "CHAT",
};
const lookup = (root: string) => data[root];

test("whole-value references in dot, bracket and mixed forms", () => {
  const value = (s: string) => evaluate(parseWholeReference(s)!, lookup);
  assert.equal(value("$.Attributes.name"), "Ana");
  assert.equal(value("$['Attributes']['Language']"), "en");
  assert.equal(value('$["Attributes"]["name"]'), "Ana");
  assert.equal(value("$.Attributes.['user attribute name']"), "spaced");
  assert.equal(value("$.Views.ViewResultData.Category.0"), "Billing", "a numeric segment indexes a list");
  assert.equal(value("$.Views.ViewResultData.Category[1]"), "Other");
  assert.equal(value("$.Channel"), "CHAT");
  assert.equal(value("$.Attributes.missing"), undefined);
  assert.equal(value("$.External.nested.list.5"), undefined);
  assert.equal(value("$.Channel.deeper"), undefined, "a string has no keys");
});

test("backtick keys are resolved first and used as the key", () => {
  const ref = parseWholeReference("$.External.['`$.Attributes.NameToPlay`']")!;
  assert.equal(evaluate(ref, lookup), "Bob");
});

test("a value is a whole reference only if nothing surrounds it", () => {
  assert.ok(parseWholeReference(" $.Attributes.name "));
  assert.equal(parseWholeReference("Hello $.Attributes.name"), undefined);
  assert.equal(parseWholeReference("$.Attributes.name!"), undefined);
  assert.equal(parseWholeReference("$"), undefined);
  assert.equal(parseWholeReference("{{contactFlows.X.arn}}"), undefined);
  assert.equal(rootOf(parseWholeReference("$.Lex.Slots.x")!), "Lex");
});

test("interpolation replaces references inside text; sentence punctuation ends a reference", () => {
  assert.equal(interpolate("Hello $.External.FirstName $.External.LastName, thank you.", lookup), "Hello Bob Lee, thank you.");
  assert.equal(interpolate("Bye $.Attributes.name.", lookup), "Bye Ana.");
  assert.equal(interpolate("<speak>$.Attributes.name</speak>", lookup), "<speak>Ana</speak>");
  assert.equal(interpolate("https://x/$['Attributes']['Language']/1.wav", lookup), "https://x/en/1.wav");
  assert.equal(interpolate("missing:[$.Attributes.nope]", lookup), "missing:[]");
  assert.equal(interpolate("costs $5 or $.50", lookup), "costs $5 or $.50", "dollar amounts are not references");
  assert.equal(interpolate("list: $.External.nested.list", lookup), 'list: ["a","b"]');
  assert.equal(findReferences("a $.Attributes.x b $.External.y").length, 2);
});
