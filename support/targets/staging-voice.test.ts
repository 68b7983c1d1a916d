import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firstUnmetIn, requires, type Capability } from "../capabilities.js";
import { parseFeature } from "../testcases/gherkin.js";
import { stagingOffer } from "./staging-voice.js";

// The steps as the step files declare them (steps/*.steps.ts), for the capability check.
requires(["voice caller"], "the phone number {string} starts the flow {string}");
requires(["voice caller"], "a caller from {string} calls {string}");
requires(["voice caller"], "the caller hears {string}");
requires(["voice caller"], "the caller presses {word}");
requires(["voice caller"], "the caller does not hear {string}");
requires(["programmed answers"], "the Lambda {string} returns:");
requires(["programmed answers"], "the Lambda {string} was called with:");
requires(["agent desktop"], "agent {string} is available");

const NOTHING = new Set<Capability>();

function pickles(scenarios: string, background = `  Background:\n    Given the phone number "+1 555 0199" starts the flow "Support line"\n`) {
  const file = join(mkdtempSync(join(tmpdir(), "flowsim-offer-")), "line.feature");
  writeFileSync(file, `Feature: Support line\n\n${background}\n${scenarios}\n`);
  return parseFeature(file);
}

const FEATURE = pickles(`  Scenario: Compiles
    Given the Lambda "lookup" returns:
      | tier | gold |
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Welcome"
    When the caller presses 1
    Then the caller hears "Support"

  Scenario: Compiles, but an agent must answer
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Welcome"
    And agent "Ana" is available

  Scenario: Compiles, but asks the Lambda what it was called with
    Given the Lambda "lookup" returns:
      | tier | gold |
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Welcome"
    And the Lambda "lookup" was called with:
      | tier | gold |

  Scenario: Does not compile
    When a caller from "+15555550123" calls "+15550199"
    Then the caller hears "Welcome"
    And the caller does not hear "Closed"`);

const offerTo = (name: string) => {
  const pickle = FEATURE.pickles.find((p) => p.name === name)!;
  return { pickle, offer: stagingOffer(pickle, NOTHING, { source: FEATURE.source }) };
};

test("a voice scenario that compiles runs on staging: the test case stands for its caller steps and givens", () => {
  const { pickle, offer } = offerTo("Compiles");
  assert.ok(offer.testCase);
  assert.equal(firstUnmetIn(pickle, offer), undefined);
});

test("its other steps keep their own needs: an agent, a look at what the Lambda was asked", () => {
  const agent = offerTo("Compiles, but an agent must answer");
  assert.deepEqual(firstUnmetIn(agent.pickle, agent.offer), { step: 'agent "Ana" is available', capability: "agent desktop", reason: "no agent desktop can be driven there" });
  const asked = offerTo("Compiles, but asks the Lambda what it was called with");
  assert.equal(firstUnmetIn(asked.pickle, asked.offer)?.step, 'the Lambda "lookup" was called with:', "a test case mocks the Lambda; it does not tell what it was called with");
});

test("a voice scenario that does not compile is held back by its caller steps, with the compiler's reason naming the line", () => {
  const { pickle, offer } = offerTo("Does not compile");
  assert.equal(offer.testCase, undefined);
  const unmet = firstUnmetIn(pickle, offer);
  assert.equal(unmet?.step, 'the phone number "+1 555 0199" starts the flow "Support line"');
  assert.equal(unmet?.capability, "voice caller");
  assert.match(unmet!.reason, /^a caller on staging is a Connect test case, and this scenario's steps do not compile to one: line \d+: And the caller does not hear "Closed" — a test case observes what happens/);
});

test("a scenario without a caller gets what staging offers every scenario", () => {
  const chat = pickles(`  Scenario: Chat
    Given agent "Ana" is available`, "").pickles.find((p) => p.name === "Chat")!;
  const offer = stagingOffer(chat, NOTHING);
  assert.deepEqual(offer, { offers: NOTHING });
  assert.equal(firstUnmetIn(chat, offer)?.capability, "agent desktop");
});

requires(["programmed answers"], "the Lex bot recognises {string} as the intent {string}");
requires(["chat agent"], "agent {string} accepts the {word}");

const CHATS = pickles(
  `  Scenario: A plain chat
    When a customer starts a chat on the flow "Order chat"
    Then the customer receives "Hi"

  Scenario: A chat the bot answers
    When a customer starts a chat on the flow "Order chat"
    And the customer receives "What do you need?"
    And the customer sends "Where is my order?"
    Then the customer receives "Your order"
    And the contact attribute "orderStatus" is "shipped"

  Scenario: A chat an agent joins
    When a customer starts a chat on the flow "Order chat"
    And the customer receives "What do you need?"
    And the customer sends "Where is my order?"
    And agent "Ana" accepts the chat`,
  `  Background:\n    Given the Lex bot recognises "Where is my order?" as the intent "CheckOrderStatus"\n`,
);

test("a chat with programmed answers runs on staging as a test case; one that does not compile is held by its givens, with the compiler's reason", () => {
  const [plain, bot, agent] = ["A plain chat", "A chat the bot answers", "A chat an agent joins"].map((name) => {
    const pickle = CHATS.pickles.find((p) => p.name === name)!;
    return { pickle, offer: stagingOffer(pickle, new Set<Capability>(["chat agent"]), { source: CHATS.source }) };
  });
  // The Background's Lex given makes even the plain chat one with programmed answers.
  assert.equal(plain.offer.testCase?.testCase.EntryPoint.Type, "CHAT");
  assert.equal(bot.offer.testCase?.testCase.EntryPoint.Type, "CHAT");
  assert.equal(firstUnmetIn(bot.pickle, bot.offer), undefined, "the attribute step runs against the test case's contact");
  const unmet = firstUnmetIn(agent.pickle, agent.offer);
  assert.equal(unmet?.step, 'the Lex bot recognises "Where is my order?" as the intent "CheckOrderStatus"');
  assert.match(unmet!.reason, /^a chat with programmed answers on staging is a Connect test case, and this scenario's steps do not compile to one: line \d+: And agent "Ana" accepts the chat — a test case's chat has only its customer/);
});

test("a chat without programmed answers stays a real chat", () => {
  const chat = pickles(`  Scenario: Chat
    When a customer starts a chat on the flow "Order chat"
    Then the customer receives "Hi"`, "").pickles[0];
  assert.deepEqual(stagingOffer(chat, NOTHING), { offers: NOTHING });
});
