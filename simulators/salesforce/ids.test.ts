import { test } from "node:test";
import assert from "node:assert/strict";
import { IdGenerator } from "../kernel/ids.js";
import { caseSafeSuffix, isRecordId, newRecordId, sameId } from "./ids.js";

test("the case-safe suffix matches real Salesforce ids", () => {
  // Ids quoted in Salesforce's own documentation (reference §3.2 and §3.1).
  assert.equal(caseSafeSuffix("003RO0000035WQg"), "YAM");
  assert.equal(caseSafeSuffix("001D000000IqhSL"), "IAZ");
  assert.equal(caseSafeSuffix("00Dxx0000001gPL"), "EAY");
});

test("new ids carry the object's prefix, are valid 18-character ids, and repeat for the same seed", () => {
  const a = new IdGenerator(7);
  const b = new IdGenerator(7);
  for (const prefix of ["001", "003", "500", "00a"]) {
    const id = newRecordId(prefix, a);
    assert.equal(id.length, 18);
    assert.ok(id.startsWith(prefix));
    assert.ok(isRecordId(id));
    assert.equal(newRecordId(prefix, b), id);
  }
});

test("validity and comparison", () => {
  assert.equal(isRecordId("null"), false);
  assert.equal(isRecordId("003RO0000035WQgYAM"), true);
  assert.equal(isRecordId("003RO0000035WQg"), true);
  assert.equal(isRecordId("003RO0000035WQgAAA"), false, "wrong suffix");
  assert.equal(sameId("003RO0000035WQg", "003RO0000035WQgYAM"), true);
  assert.equal(sameId("003RO0000035WQG", "003RO0000035WQgYAM"), false, "15-character ids are case-sensitive");
});
