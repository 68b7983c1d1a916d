import { test } from "node:test";
import assert from "node:assert/strict";
import { compileJsonPath, evaluateJsonPath, JsonPathError } from "./jsonpath.js";

const soql = {
  totalSize: 2,
  done: true,
  records: [
    { attributes: { type: "Account", url: "/x/001A" }, Id: "001A", Name: "Acme", Phone: null },
    { attributes: { type: "Account", url: "/x/001B" }, Id: "001B", Name: "Globex", Phone: "555" },
  ],
};

const get = (path: string, doc: unknown) => evaluateJsonPath(compileJsonPath(path), doc);

test("Cisco's `.[` form, plain and bracket paths, and paths without a root", () => {
  assert.deepEqual(get("$.records.[0].Name", soql), { matched: true, value: "Acme" });
  assert.deepEqual(get("$.records[1].Id", soql), { matched: true, value: "001B" });
  assert.deepEqual(get("$['records'][0]['Id']", soql), { matched: true, value: "001A" });
  assert.deepEqual(get("records[-1].Name", soql), { matched: true, value: "Globex" }, "no root: read from $");
  assert.deepEqual(get('$["dialogflow.ccai.live-agent-escalation"].call_reason', { "dialogflow.ccai.live-agent-escalation": { call_reason: "billing" } }), { matched: true, value: "billing" });
  assert.deepEqual(get("$.records[0].Phone", soql), { matched: true, value: null }, "a JSON null is a match");
});

test("definite paths that miss are 'nothing matched'; indefinite paths return lists", () => {
  assert.deepEqual(get("$.records.[0].Name", { totalSize: 0, done: true, records: [] }), { matched: false });
  assert.deepEqual(get("$.records.[0].Name", [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]), { matched: false });
  assert.deepEqual(get("$.*", { a: 1, b: "x" }), { matched: true, value: [1, "x"] });
  assert.deepEqual(get("$.*", {}), { matched: false }, "an empty list counts as nothing matched");
  assert.deepEqual(get("$.records[*].Id", soql), { matched: true, value: ["001A", "001B"] });
  assert.deepEqual(get("$..Id", soql), { matched: true, value: ["001A", "001B"] });
  assert.deepEqual(get("$.records[0:1].Name", soql), { matched: true, value: ["Acme"] });
  assert.deepEqual(get("$.records[0,1].Name", soql), { matched: true, value: ["Acme", "Globex"] });
});

test("filters", () => {
  assert.deepEqual(get("$.records[?(@.Name == 'Globex')].Id", soql), { matched: true, value: ["001B"] });
  assert.deepEqual(get("$.records[?(@.Phone)].Name", soql), { matched: true, value: ["Acme", "Globex"] }, "existence: the key is present");
  assert.deepEqual(get("$.records[?(@.Name =~ /^ac/i && @.Id != '001B')].Id", soql), { matched: true, value: ["001A"] });
  assert.deepEqual(get("$.items[?(@.n > 2)].n", { items: [{ n: 1 }, { n: 3 }, { n: 5 }] }), { matched: true, value: [3, 5] });
});

test("malformed paths are errors with a position", () => {
  for (const p of ["", "$.records[", "$.records[0", "$.a.length()", "$.records['x"]) {
    assert.throws(() => compileJsonPath(p), JsonPathError, p);
  }
});

test("names read only objects and indexes only arrays, as in Jayway (jsonpath-plus reads `length` and \"0\" of anything)", () => {
  const doc = { list: [1, 2], text: "abc", map: { "0": "zero" } };
  for (const p of ["$.list.length", "$.text.length", "$.text[0]", "$.list.0", "$.map[0]", "$..length"]) assert.deepEqual(get(p, doc), { matched: false }, p);
  assert.deepEqual(get("$.map['0']", doc), { matched: true, value: "zero" });
  assert.deepEqual(get("$.list[0:0]", doc), { matched: false }, "a slice ending at 0 is empty");
  assert.deepEqual(get("$.list[-1:]", doc), { matched: true, value: [2] });
});

test("any property name, including characters jsonpath-plus's path syntax gives a meaning", () => {
  const doc = { "a,b": 1, "a^b": 2, "it's": 3, "x]": 4, "#1": 5, "a;b": 6, "@odata.etag": "W/1", "*": 7 };
  for (const [p, value] of [["$['a,b']", 1], ["$['a^b']", 2], [`$["it's"]`, 3], ["$['it\\'s']", 3], ["$['x]']", 4], ["$['#1']", 5], ["$['a;b']", 6], ["$['@odata.etag']", "W/1"], ["$['*']", 7]] as const) {
    assert.deepEqual(get(p, doc), { matched: true, value }, p);
  }
});

test("`$` is the whole document, whatever it is", () => {
  for (const doc of [0, "", false, null, "text", [1]]) assert.deepEqual(get("$", doc), { matched: true, value: doc }, JSON.stringify(doc));
  assert.deepEqual(get("$[?(@ == 0)]", [0, 1, 0]), { matched: true, value: [0, 0] });
});

test("filter semantics: existence, negation, no type conversion, the root, and nested filters", () => {
  assert.deepEqual(get("$.records[?(!@.Phone)].Name", soql), { matched: false }, "both records have the key");
  assert.deepEqual(get("$.records[?(!@.Fax.Number)].Name", soql), { matched: true, value: ["Acme", "Globex"] });
  assert.deepEqual(get("$.items[?(@.n == '1' || @.n < '3')].n", { items: [{ n: 1 }, { n: "2" }] }), { matched: true, value: ["2"] });
  assert.deepEqual(get("$.records[?(@.Id == $.records[1].Id)].Name", soql), { matched: true, value: ["Globex"] });
  assert.deepEqual(get("$.records[?(@.attributes[?(@ =~ /001B$/)])].Name", soql), { matched: true, value: ["Globex"] });
  assert.deepEqual(get("$.records[?((@.Name == 'Acme' || @.Name == 'Globex') && !(@.Id == '001A'))].Id", soql), { matched: true, value: ["001B"] });
});

test("a bad regular expression in a filter is a JsonPathError", () => {
  for (const p of ["$.a[?(@.b =~ /x/q)]", "$.a[?(@.b =~ /(/)]"]) assert.throws(() => compileJsonPath(p), JsonPathError, p);
  assert.deepEqual(get("$.a[?(@.b =~ /a\\/b/)].b", { a: [{ b: "a/b" }, { b: "ab" }] }), { matched: true, value: ["a/b"] });
});
