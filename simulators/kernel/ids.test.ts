import { test } from "node:test";
import assert from "node:assert/strict";
import { IdGenerator } from "./ids.js";
import { secretToken } from "./secrets.js";

test("the same seed gives the same ids; another seed gives others", () => {
  const a = new IdGenerator("scenario-1");
  const b = new IdGenerator("scenario-1");
  const c = new IdGenerator("scenario-2");
  const seqA = [a.uuid(), a.hex(20), a.int(1, 100)];
  assert.deepEqual([b.uuid(), b.hex(20), b.int(1, 100)], seqA);
  assert.notEqual(c.uuid(), seqA[0]);
});

test("uuids are version-4 shaped and ints stay in range", () => {
  const ids = new IdGenerator(7);
  for (let i = 0; i < 200; i++) {
    assert.match(ids.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const n = ids.int(3, 5);
    assert.ok(n >= 3 && n <= 5);
  }
});

test("secret tokens have the length asked for, URL-safe characters, and never repeat", () => {
  const seen = new Set<string>();
  for (const length of [1, 47, 48, 96, 128]) {
    const token = secretToken(length);
    assert.match(token, new RegExp(`^[A-Za-z0-9_-]{${length}}$`));
    seen.add(secretToken(96));
  }
  assert.equal(seen.size, 5);
});
