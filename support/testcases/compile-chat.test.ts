import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { harness } from "../../simulators/connect/runtime/flow-testing.js";
import { ALL_DAY } from "../../simulators/connect/runtime/instance-defaults.js";
import { createHours, createQueue } from "../../simulators/connect/runtime/routing-setup.js";
import { runOn } from "../../simulators/connect/testing/fixtures.js";
import { vocabulary } from "../../scripts/step-vocabulary.js";
import { CHAT_COMPILED_EXPRESSIONS, compileChatScenario, isChatWithProgrammedAnswers } from "./compile-chat.js";
import { UncompilableStep, type CompileOptions, type Json } from "./test-case-builder.js";
import { parseFeature } from "./gherkin.js";
import { lexAliasesIn } from "./lex-aliases.js";

const ORDER_STATUS = "features/self-service/order-status.feature";
const FLOW_FILE = "features/self-service/flows/order-status-chat.json";
const FLOW = JSON.parse(readFileSync(FLOW_FILE, "utf8")) as Json;
const ORDER_BOT = "arn:aws:lex:eu-west-2:444455556666:bot-alias/ORDERBOT01/TSTALIASID";
/** The queue the flow sets by ARN (its id is the ARN's tail). */
const ORDER_QUEUE = "aaaa0000-0000-4000-8000-000000000001";

/** A feature written for the test. */
function feature(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), "flowsim-compile-chat-")), "chat.feature");
  writeFileSync(file, `Feature: Chat\n\n${text}\n`);
  return parseFeature(file);
}

const observations = (content: string) => (JSON.parse(content) as { Observations: { Identifier: string; Event: Json; Actions: Json[] }[] }).Observations;
const behaviour = (action: Json) => ((action.Parameters as Json).Behavior as Json).Properties as Json;
const said = (action: Json) => ((action.Parameters as Json).Instruction as Json);

test("the order-status scenarios with programmed answers compile, or name the step that keeps them off a test case", () => {
  const parsed = parseFeature(ORDER_STATUS);
  const options: CompileOptions = { source: parsed.source, lexAliases: () => lexAliasesIn(FLOW) };
  const outcome = parsed.pickles.map((p) => {
    try {
      compileChatScenario(p, options);
      return `${p.name}: compiles`;
    } catch (err) {
      if (!(err instanceof UncompilableStep)) throw err;
      return `${p.name}: ${err.message}`;
    }
  });
  assert.deepEqual(outcome, [
    "The bot looks up an order and keeps what it found on the contact: line 36: And the customer's chat transcript is: — no test-case event or action says this",
    "What the lookup found is kept on the contact in the form the order system uses: compiles",
    "A failed lookup hands the chat to an agent: line 56: And agent \"Ana\" is available — a test case's chat has only its customer: no agent, supervisor or custom bot can join it",
    "The chat goes to an agent when the customer asks for one: line 67: And agent \"Ana\" is available — a test case's chat has only its customer: no agent, supervisor or custom bot can join it",
    "The chat goes to an agent when the bot does not understand: line 67: And agent \"Ana\" is available — a test case's chat has only its customer: no agent, supervisor or custom bot can join it",
    "An agent who rejects the chat leaves it for the next agent: line 82: And agent \"Ana\" is available — a test case's chat has only its customer: no agent, supervisor or custom bot can join it",
    "Customers who write in German are greeted in German first: compiles",
    "Outside opening hours the chat says so and ends: compiles",
    "When only the order queue is closed the chat says so and ends: compiles",
    "When the queue is full the customer is asked to come back later: compiles",
  ]);
  assert.ok(parsed.pickles.every(isChatWithProgrammedAnswers), "the Background's Lex givens program answers for every scenario");
});

test("a chat with Lex givens: CHAT entry point, attributes as initialization data, the bot's answer mocked for the utterance sent, by the entry flow's alias", () => {
  const parsed = feature(`  Scenario: Order lookup
    Given the Lex bot recognises "Where is my order 12345?" as the intent "CheckOrderStatus" with the slots:
      | OrderNumber | 12345 |
    And the Lex bot recognises "Never sent" as the intent "Unused"
    And the Lambda "order-status-lookup" returns:
      | status | shipped |
    When a customer starts a chat on the flow "Order status chat" with the attributes:
      | language | de |
    And the customer receives "What do you need?"
    And the customer sends "where is my order 12345?"
    Then the contact attribute "orderStatus" is "shipped"`);
  const resolve = (kind: string, name: string) => `${kind}:${name}`;
  const { testCase, compiled, leftOut } = compileChatScenario(parsed.pickles[0], { source: parsed.source, resolve, lexAliases: (flow) => (flow === "Order status chat" ? [ORDER_BOT] : []) });
  assert.deepEqual(testCase.EntryPoint, { Type: "CHAT", ChatEntryPointParameters: { FlowId: "flow:Order status chat" } });
  assert.deepEqual(JSON.parse(testCase.InitializationData), { Attributes: { language: "de" }, SegmentAttributes: {} });
  const [start, greeting] = observations(testCase.Content);
  assert.equal(start.Event.Type, "TestInitiated");
  assert.deepEqual(behaviour(start.Actions[0]).ActionParameters, { LambdaFunctionARN: "lambda:order-status-lookup" });
  assert.deepEqual(greeting.Event.Properties, { Text: "What do you need?", MatchingCriteria: { Type: "Inclusion" } });
  const [lex, utterance] = greeting.Actions;
  assert.deepEqual(behaviour(lex), {
    ActionType: "ConnectParticipantWithLexBot",
    ActionParameters: { LexV2Bot: { AliasArn: ORDER_BOT } },
    // The simulator matches utterances whatever their case; so does the compiler.
    Strategy: { Type: "MockResponse", Response: { Type: "ExecutionResult", ExecutionResult: { DelaySeconds: 0, LoadedData: JSON.stringify({ IntentName: "CheckOrderStatus", Slots: { OrderNumber: "12345" } }) } } },
  });
  assert.deepEqual(lex.Transitions, { NextAction: utterance.Identifier }, "an observation's actions are one chain");
  assert.deepEqual(said(utterance), { Type: "Utterance", Properties: { Value: "where is my order 12345?" } });
  assert.equal(greeting.Actions.length, 2, "the customer writes last: no EndTest, the flow is left to answer");
  assert.deepEqual(leftOut.map((l) => l.step), ['Then the contact attribute "orderStatus" is "shipped"']);
  const byText = new Map(parsed.pickles[0].steps.map((s) => [s.text, compiled.get(s.id)]));
  assert.deepEqual(byText.get('the Lex bot recognises "Never sent" as the intent "Unused"'), [], "a given for an utterance never sent becomes nothing, and blocks nothing");
  assert.deepEqual(byText.get('the customer receives "What do you need?"'), ['the customer receives "What do you need?"']);
});

test("an utterance no Lex given knows gets the simulator's FallbackIntent; a flow without a Lex bot gets none; a regex is observed by its longest literal", () => {
  const scenario = (flow: string) => `  Scenario: ${flow}
    Given the queue "Order support" is full
    When a customer starts a chat on the flow "${flow}"
    And the customer receives "What do you need?"
    And the customer sends "My parcel is soaking"
    Then the customer receives a message matching "^Sorry, I didn't get that\\."
    And the chat ends`;
  const parsed = feature(`${scenario("With a bot")}\n\n${scenario("Without")}`);
  const lexAliases = (flow: string) => (flow === "With a bot" ? [ORDER_BOT] : []);
  const [withBot, without] = parsed.pickles.map((p) => observations(compileChatScenario(p, { lexAliases }).testCase.Content));
  assert.deepEqual(withBot[0].Actions.map((a) => behaviour(a).ActionType), ["TransferContactToQueue"]);
  assert.deepEqual(
    withBot[1].Actions.map((a) => (a.Type === "SendInstruction" ? said(a).Type : behaviour(a).ActionType)),
    ["ConnectParticipantWithLexBot", "Utterance"],
  );
  assert.equal(JSON.parse(((behaviour(withBot[1].Actions[0]).Strategy as Json).Response as { ExecutionResult: { LoadedData: string } }).ExecutionResult.LoadedData).IntentName, "FallbackIntent");
  assert.deepEqual(withBot[2].Event.Properties, { Text: "Sorry, I didn't get that.", MatchingCriteria: { Type: "Inclusion" } });
  assert.equal(withBot[2].Actions.length, 0, "the chat ends: no EndTest, the run ends with the contact");
  assert.deepEqual(without[1].Actions.map((a) => a.Type), ["SendInstruction"]);
});

test("what a chat test case cannot say is an error naming the step and its line", () => {
  const cases: [string, RegExp][] = [
    ['    Given the Lex bot recognises "hi" as the intent "Hello"\n    When a customer starts a chat on the flow "Two bots"\n    And the customer receives "Hello"\n    And the customer sends "hi"', /^line 7: And the customer sends "hi" — the flow "Two bots" has Lex blocks with different bots \(arn:a, arn:b\)/],
    ['    Given the Lex bot recognises "hi" as the intent "Hello"\n    When a customer starts a chat on the flow "No bot"\n    And the customer receives "Hello"\n    And the customer sends "hi"', /^line 7: And the customer sends "hi" — the flow "No bot" has no Lex block/],
    ['    Given the Lambda "x" fails with "boom"\n    When a customer starts a chat on the flow "No bot"\n    And the customer sends "hi"', /^line 6: And the customer sends "hi" — the customer writes before anything is observed, and a test case would send it as the contact starts, before the flow may be listening: say what comes first \(`the customer receives "…"`\)$/],
    ['    Given the Lambda "x" fails with "boom"\n    When a customer starts a chat on the flow "No bot"\n    And agent "Ana" accepts the chat', /^line 6: And agent "Ana" accepts the chat — a test case's chat has only its customer/],
    ['    Given the Lambda "x" fails with "boom"\n    When a customer starts a chat on the flow "No bot"\n    Then the customer receives a message matching "^\\d+$"', /^line 6: Then the customer receives a message matching "\^\\d\+\$" — the pattern \/\^\\d\+\$\/ requires no words/],
    ['    Given the Lambda "x" fails with "boom"\n    When a customer starts a chat on the flow "No bot"\n    Then the customer receives "Hi"\n    And the chat is still going', /^line 7: And the chat is still going — a test case checks values when an observation matches/],
    ['    Given the Lambda "x" fails with "boom"\n    When a customer starts a chat on the flow "No bot"\n    Then the customer receives "Hi"\n    And the customer starts typing', /^line 7: And the customer starts typing — no test-case event or action says this$/],
    ['    Given the Lambda "x" fails with "boom"\n    When a customer starts a chat on the flow "No bot"\n    And a custom bot "Helper" joins the chat', /^line 6: And a custom bot "Helper" joins the chat — a test case's chat has only its customer/],
    ['    Given the Lambda "x" fails with "boom"\n    When a customer starts a chat on the flow "No bot"\n    Then no one in the chat has received the "idle" event', /^line 6: Then no one in the chat has received the "idle" event — a test case observes messages, not a chat's events/],
    ['    Given the Lambda "x" fails with "boom"\n    When the customer sends "hi"\n    And a customer starts a chat on the flow "No bot"', /^line 5: When the customer sends "hi" — it comes before the customer starts a chat$/],
    ['    When a customer starts a chat on the flow "No bot"\n    Then the contact has ended', /^the scenario "S": the customer neither receives nor does anything/],
  ];
  const lexAliases = (flow: string) => (flow === "Two bots" ? ["arn:a", "arn:b"] : []);
  for (const [steps, message] of cases) {
    const parsed = feature(`  Scenario: S\n${steps}`);
    assert.throws(() => compileChatScenario(parsed.pickles[0], { source: parsed.source, lexAliases }), (err: Error) => err instanceof UncompilableStep && message.test(err.message), steps);
  }
});

test("only chats that program answers are test cases; a plain chat stays a real chat", () => {
  const parsed = feature(`  Scenario: Plain
    When a customer starts a chat on the flow "F"
    Then the customer receives "Hi"

  Scenario: Programmed
    Given the hours of the queue "Q" are closed
    When a customer starts a chat on the flow "F"
    Then the customer receives "Closed"`);
  assert.deepEqual(parsed.pickles.map(isChatWithProgrammedAnswers), [false, true]);
  const { testCase } = compileChatScenario(parsed.pickles[1], { queueHours: (q) => `hours of ${q}`, hoursSubstitutes: { open: "arn:open", closed: "arn:closed" } });
  assert.deepEqual(behaviour(observations(testCase.Content)[0].Actions[0]), { ActionType: "CheckHoursOfOperation", ActionParameters: { HoursOfOperationId: "hours of Q" }, Strategy: { Type: "SubstituteResource", SubstituteArn: "arn:closed" } });
});

test("every step the chat compiler knows is a step the features can use", async () => {
  const patterns = new Set((await vocabulary()).map((e) => e.pattern));
  for (const expression of CHAT_COMPILED_EXPRESSIONS) assert.ok(patterns.has(expression), `"${expression}" is a step definition`);
});

/** The order-status flow on a simulated instance: its queue on hours of its own, and hours that never open to substitute. */
function orderInstance() {
  const h = harness();
  const hours = createHours(h.runtime, { name: "Order hours", timeZone: "UTC", config: ALL_DAY });
  const never = createHours(h.runtime, { name: "Never open", timeZone: "UTC", config: [] });
  createHours(h.runtime, { name: "Always open", timeZone: "UTC", config: ALL_DAY });
  createQueue(h.runtime, { id: ORDER_QUEUE, name: "Order support", hoursOfOperationId: hours.id });
  const flow = h.publish(FLOW as never, "Order status chat");
  return { h, flowId: flow.id, hours, never };
}

test("the compiled order-status test cases run on the simulator: Lex and Lambda mocks, the queue's hours substituted, the queue at capacity, attributes kept", async () => {
  const parsed = parseFeature(ORDER_STATUS);
  const byName = (name: string) => parsed.pickles.find((p) => p.name.startsWith(name))!;
  for (const name of ["What the lookup found", "Customers who write in German", "When only the order queue is closed", "When the queue is full", "Outside opening hours"]) {
    const { h, flowId, hours, never } = orderInstance();
    const options: CompileOptions = {
      resolve: (kind, ref) => (kind === "flow" ? flowId : kind === "queue" ? ORDER_QUEUE : kind === "hours" && ref === "Basic Hours" ? hours.id : ref),
      lexAliases: () => lexAliasesIn(FLOW),
      queueHours: () => hours.id,
      hoursSubstitutes: { open: "unused", closed: never.arn },
    };
    const { testCase } = compileChatScenario(byName(name), options);
    const run = await runOn(h, { EntryPoint: testCase.EntryPoint, InitializationData: testCase.InitializationData, Content: testCase.Content });
    assert.equal(run.status, "PASSED", `${name}: ${JSON.stringify(run.records().filter((r) => r.Status === "FAILED"))}`);
    const transcript = h.runtime.chats.get(run.contact!.id)?.items.filter((i) => i.Type === "MESSAGE").map((i) => i.Content);
    const attributes = run.contact!.attributes;
    switch (name) {
      case "What the lookup found":
        assert.deepEqual(attributes, { orderNumber: "12345", orderStatus: "out for delivery", deliveryDate: "2026-11-24" });
        assert.equal(transcript?.at(-1), "Order 12345 is out for delivery. Expected delivery: 2026-11-24.");
        break;
      case "Customers who write in German":
        assert.equal(attributes.language, "de");
        break;
      case "When only the order queue is closed":
      case "Outside opening hours":
        assert.match(transcript?.at(-1) ?? "", /^We're closed right now\./);
        break;
      case "When the queue is full":
        assert.deepEqual(transcript?.slice(-3), ["Can I talk to a person?", "Connecting you to an agent.", "All our agents are busy. Please try again in a few minutes."], "TalkToAgent, then the transfer at capacity");
        break;
    }
  }
});
