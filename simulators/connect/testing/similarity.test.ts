import { test } from "node:test";
import assert from "node:assert/strict";
import { matchMessage, similarity, words, SIMILARITY_THRESHOLD, type Medium } from "./similarity.js";
import type { ExpectedMessage } from "./model.js";

const similar = (text: string): ExpectedMessage => ({ text, criteria: "Similarity" });
const contains = (text: string): ExpectedMessage => ({ text, criteria: "Inclusion" });
const said = (text: string) => ({ text, actionId: "a" });
const matches = (expected: ExpectedMessage, text: string, medium: Medium = "VOICE") => matchMessage(expected, said(text), medium).matched;

test("words: SSML stripped, entities decoded, case and punctuation gone; number words become digits on voice only", () => {
  assert.deepEqual(words("<speak>Press <emphasis>1</emphasis> &amp; wait!</speak>", "VOICE"), ["press", "1", "wait"]);
  assert.deepEqual(words("Press one, or twenty one.", "VOICE"), ["press", "1", "or", "21"]);
  assert.deepEqual(words("Press one", "CHAT"), ["press", "one"]);
  assert.deepEqual(words("We don’t close", "CHAT"), ["we", "dont", "close"]);
});

test("Inclusion: the expected words in order and adjacent, as whole words", () => {
  assert.ok(matches(contains("press two for support"), "Welcome. Press 1 for sales. Press 2 for support."));
  assert.ok(!matches(contains("press two for support"), "Press 2 for sales"), "other words between");
  assert.ok(!matches(contains("help"), "We are helpful", "CHAT"), "part of a word");
  assert.ok(!matches(contains("press one"), "Press 1 for sales", "CHAT"), "chat text is compared as typed");
  assert.ok(matches(contains("press 1"), "PRESS 1, for sales", "CHAT"));
});

test("Similarity accepts rewordings that keep every word that matters", () => {
  assert.ok(matches(similar("How can I help you today?"), "How may I help you today", "CHAT"));
  assert.ok(matches(similar("Thanks for calling Example Corp"), "Thank you for calling Example Corp."));
  assert.ok(matches(similar("press one for sales"), "Press 1 for sales."), "a transcript may spell the digit");
  assert.ok(matches(similar("Press 2 for support"), "Welcome to Example Corp. Press 1 for sales. Press 2 for support."), "one sentence of a longer prompt");
  assert.ok(matches(similar("How can I help you today?"), "Hi! How can I help you today?", "CHAT"), "after a salutation, on chat");
});

test("Similarity refuses a wrong prompt: another number, a negation, another name, other words", () => {
  assert.ok(!matches(similar("Press 1 for sales"), "Press 2 for sales"));
  assert.ok(!matches(similar("Press 1 for sales"), "Press 1 or 2 for sales"));
  assert.ok(!matches(similar("We are open"), "We are not open"));
  assert.ok(!matches(similar("Your order arrives on Tuesday at the latest"), "Your order arrives on Friday at the latest"));
  assert.ok(!matches(similar("Our office is closed"), "Our office is open"));
  assert.ok(!matches(similar("Welcome to Example Corp"), "Goodbye"));
  assert.ok(!matches(similar("Goodbye"), "Goodbye, and thanks for calling Example Corp", "CHAT"), "on chat the whole message counts");
  assert.ok(!matches(similar("An agent will call you back at the number you are calling from."), "Thank you. An agent will call you back in about an hour at the number you are calling from. Goodbye."), "words that add meaning");
  assert.ok(!matches(similar("Hi there"), "Hello there", "CHAT"), "a paraphrase with other words is not recognised: stricter than the service, never looser");
});

test("the score is symmetric and never above 1; identical texts score 1", () => {
  const pairs = [
    ["Thank you for calling", "thanks for calling"],
    ["press 2 for support", "Press two for support please"],
    ["a b c d e", "e d c b a"],
  ];
  for (const [a, b] of pairs) {
    const ab = similarity(a, b, "VOICE");
    assert.equal(ab, similarity(b, a, "VOICE"));
    assert.ok(ab >= 0 && ab <= 1);
  }
  assert.equal(similarity("Hello there", "hello, there!", "CHAT"), 1);
  assert.ok(similarity("a b c d e", "e d c b a", "VOICE") < SIMILARITY_THRESHOLD, "the same words in another order are another sentence");
});

test("prompts and media compare by identity; an id matches its ARN", () => {
  const arn = "arn:aws:connect:us-east-1:111122223333:instance/i-1/prompt/p-123";
  assert.ok(matchMessage({ promptId: "p-123" }, { promptId: arn, actionId: "a" }, "VOICE").matched);
  assert.ok(!matchMessage({ promptId: "p-124" }, { promptId: arn, actionId: "a" }, "VOICE").matched);
  assert.ok(!matchMessage({ promptId: "p-123" }, said("p-123"), "VOICE").matched, "a text is not a prompt");
  assert.ok(matchMessage({ mediaUri: "s3://b/welcome.wav" }, { mediaUri: "s3://b/welcome.wav", actionId: "a" }, "VOICE").matched);
});
