import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFilterPattern, FilterPatternError } from "./filter-pattern.js";

const event = { ContactId: "c-1", Identifier: "Greet the chat customer", Parameters: { Text: "Hello" } };
const message = JSON.stringify(event);
const matches = (pattern: string | undefined) => parseFilterPattern(pattern)(message, event);

test("JSON comparisons: = and != with quoted or bare values, * wildcards, nested keys, && joins", () => {
  assert.ok(matches(undefined));
  assert.ok(matches(""));
  assert.ok(matches('{ $.ContactId = "c-1" }'));
  assert.ok(matches("{$.ContactId=c-1}"));
  assert.ok(!matches('{ $.ContactId = "c-2" }'));
  assert.ok(matches('{ $.Identifier = "Greet*customer" }'));
  assert.ok(!matches('{ $.Identifier = "*agent*" }'));
  assert.ok(matches('{ $.Parameters.Text = "Hello" && $.Identifier != "Bye" }'));
  assert.ok(!matches('{ $.Missing = "x" }'));
  assert.ok(matches('{ $.Missing != "x" }'));
});

test("terms must all occur in the message, case-sensitively; quoted phrases keep their spaces", () => {
  assert.ok(matches('"Greet the chat" c-1'));
  assert.ok(!matches("greet"));
  assert.ok(!matches("c-1 Bye"));
});

test("what flowsim does not implement is refused with what it is, never widened", () => {
  for (const [pattern, said] of [
    ["?a ?b", /"\?" terms/],
    ["-a", /"-" terms/],
    ["{ ($.a = 1) }", /parentheses/],
    ["{ $.a >= 1 }", /operator >=/],
    ["{ $.a IS NULL }", /operator IS/],
    ["{ $.a = %x% }", /regular expressions/],
    ["%ab+%", /regular-expression/],
    ['"open', /unterminated/],
    ["{ $.a = 1", /must end with/],
    ["x".repeat(1025), /longer than 1024/],
  ] as const) {
    assert.throws(() => parseFilterPattern(pattern), (err: Error) => err instanceof FilterPatternError && said.test(err.message), pattern);
  }
});
