import { test } from "node:test";
import assert from "node:assert/strict";
import { conditionHolds } from "./conditions.js";

const holds = (Operator: string, operand: string, value: string | undefined) => conditionHolds({ Operator, Operands: [operand] }, value);

test("text operators are case-sensitive", () => {
  assert.equal(holds("Equals", "green", "green"), true);
  assert.equal(holds("Equals", "green", "Green"), false);
  assert.equal(holds("TextStartsWith", "AB", "ABC"), true);
  assert.equal(holds("TextEndsWith", "BC", "ABC"), true);
  assert.equal(holds("TextContains", "B", "ABC"), true);
  assert.equal(holds("TextContains", "b", "ABC"), false);
});

test("number operators compare numerically and are false when either side is not a number", () => {
  assert.equal(holds("NumberGreaterThan", "9", "10"), true, "numeric, not lexical");
  assert.equal(holds("NumberGreaterOrEqualTo", "10", "10"), true);
  assert.equal(holds("NumberLessThan", "10", "9.5"), true);
  assert.equal(holds("NumberLessOrEqualTo", "-1", "-1"), true);
  assert.equal(holds("NumberGreaterThan", "1", "abc"), false);
  assert.equal(holds("NumberLessThan", "abc", "1"), false);
  assert.equal(holds("NumberLessThan", "1", ""), false);
});

test("a missing value satisfies no condition", () => {
  assert.equal(holds("Equals", "", undefined), false);
  assert.equal(holds("NumberLessThan", "5", undefined), false);
});
