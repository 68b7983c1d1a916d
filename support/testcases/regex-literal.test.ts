import { test } from "node:test";
import assert from "node:assert/strict";
import { literalOf } from "./regex-literal.js";

test("the longest run a regex requires word for word: escapes are literal, anchors bound it, classes and quantifiers break it", () => {
  assert.deepEqual(literalOf("^Connecting you to an agent\\.$"), { text: "Connecting you to an agent." });
  assert.deepEqual(literalOf("^We're closed right now\\."), { text: "We're closed right now." });
  assert.deepEqual(literalOf("Order \\d+ is shipped"), { text: "is shipped" });
});

test("a run cut by a pattern keeps only its whole words, and a character a quantifier may drop is not required", () => {
  // "abc\d" may be "abc1": "abc" is no whole word there, and Inclusion matches whole words.
  assert.deepEqual(literalOf("abc\\dxyz more words"), { text: "more words" });
  assert.deepEqual(literalOf("colou?r scheme"), { text: "scheme" });
  assert.deepEqual(literalOf("[Hh]ello there"), { text: "there" });
});

test("a regex with no required words, alternatives or optional groups cannot be observed by one text", () => {
  assert.match((literalOf("^\\d{4}-\\d{2}$") as { reason: string }).reason, /requires no words a test case could observe/);
  assert.match((literalOf("closed|shut") as { reason: string }).reason, /has alternatives/);
  assert.match((literalOf("we are (really )?closed") as { reason: string }).reason, /has an optional group/);
});
