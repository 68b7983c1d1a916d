import { before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadConfiguration, loadSupport } from "@cucumber/cucumber/api";
import { didYouMean, nearestSteps, stepDefinitionsOf, type StepDefinitionLike } from "./step-suggestions.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
let vocabulary: StepDefinitionLike[] = [];

before(async () => {
  const { runConfiguration } = await loadConfiguration({ file: "cucumber.mjs" }, { cwd: repo });
  vocabulary = stepDefinitionsOf(await loadSupport(runConfiguration, { cwd: repo }));
});

test("a typo or another wording finds the sentence the steps know, nearest first", () => {
  const first = (text: string) => nearestSteps(text, vocabulary)[0];
  assert.equal(first('the custmer sends "Where is my order?"'), "When the customer sends {string}");
  assert.equal(first("8 minuts pass"), "When {int} (more ){word} pass(es)");
  assert.equal(first('agent "Ana" acepts the chat'), "When agent {string} accepts the {word}");
  assert.equal(first('the contact atribute "orderStatus" is "shipped"'), "Then the contact attribute {string} is {string}");
  assert.equal(first('the caller heard "Welcome"'), "Then the caller hears {string}");
});

test("regular-expression steps are compared by their words", () => {
  assert.equal(nearestSteps("the Salesforce sesion expires", vocabulary)[0], "Given /^the Salesforce session (?:has expired|expires)$/");
});

test("the advice lists three sentences and where the whole vocabulary is", () => {
  const advice = didYouMean('the customer send "hi"', vocabulary);
  assert.match(advice, /^Did you mean:\n {2}When the customer sends \{string\}\n {2}.+\n {2}.+\nEvery sentence flowsim knows, with an example, is in README\.md \(Step vocabulary\)\.$/);
});
