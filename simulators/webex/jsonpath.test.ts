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
