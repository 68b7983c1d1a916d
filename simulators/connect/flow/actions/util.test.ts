import { test } from "node:test";
import assert from "node:assert/strict";
import { bool } from "./util.js";

test("bool: true and \"True\" are true; other values false; a missing one the fallback; an object without a prototype is no crash", () => {
  assert.deepEqual([bool(true), bool("True"), bool(" true "), bool("yes"), bool(1), bool(undefined, true), bool("", true)], [true, true, true, false, false, true, true]);
  assert.equal(bool(Object.create(null)), false);
  assert.equal(bool({ toString: () => "true" }), false);
});
