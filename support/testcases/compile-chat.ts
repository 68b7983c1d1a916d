/**
 * A chat scenario with programmed answers as a Connect test case (a CHAT entry point): on
 * staging, Lambda, Lex, hours and full-queue answers can be programmed only inside a test
 * case, whose overrides mock them. The voice compiler (compile.ts) does the same for a
 * caller; this one shares its builder and its givens.
 *
 * How each step becomes part of the test case:
 * - `a customer starts a chat on the flow "F"` [with the attributes: …]: the entry point,
 *   a chat on F (by name: a runner resolves it); the attributes go in InitializationData.
 * - `the customer receives "T"`: an observation of a message containing T (Inclusion, as
 *   the step's own check), following the one before: observations are ordered.
 *   `... a message matching "re"`: an observation of the regex's longest literal run; the
 *   step then checks the regex against the text the observation's record says was received.
 * - `the customer sends "U"`: an Utterance of the observation before it (of a TestInitiated
 *   observation when none comes before; the input goes to the flow's next wait for it). When
 *   the entry flow has a Lex block, a Lex mock for the bot's answer comes with it: the intent
 *   a `the Lex bot recognises "U" as …` given says, or else `FallbackIntent`, which is what
 *   the simulator's Lex answers for an utterance no rule knows (flow/responder-set.ts) — a
 *   real bot could understand it otherwise, and a scenario is written against the simulator.
 *   Lex givens for utterances the customer never sends become nothing.
 * - `the customer leaves the chat`: a Disconnect of the observation before it.
 * - `the chat ends`: no EndTest, so the run ends when the contact does. Otherwise the last
 *   observation ends the test, unless the customer's last act is to write: then the flow
 *   is left to answer, and the run ends with the contact (or is stopped after the scenario).
 * - Lambda / hours / full-queue givens: overrides, as for voice (compile.ts GIVENS).
 * - Steps about the contact (attributes, its end, its path) and setup: left out, and listed;
 *   they run against the test case's simulated contact or keep their own needs.
 * - An agent or a supervisor in the chat, and a customer or chat step no test case can
 *   express (typing, attachments, events, the transcript, `is still going`): an
 *   UncompilableStep naming the step.
 */
import { CucumberExpression, ParameterTypeRegistry } from "@cucumber/cucumber-expressions";
import type { Pickle } from "@cucumber/messages";
import { GIVENS } from "./givens.js";
import {
  Builder,
  endTest,
  heard,
  instruction,
  mock,
  onStep,
  override,
  testCaseOf,
  uncompilable,
  UncompilableStep,
  walkSteps,
  type ChatEntryPoint,
  type CompileOptions,
  type CompiledScenario,
  type Json,
  type Rule,
  type Step,
} from "./test-case-builder.js";
import { literalOf } from "./regex-literal.js";

/** What the chat compiler keeps beside the builder. */
interface ChatState {
  chat?: { flow: string; attributes: Record<string, string>; aliases: readonly string[] };
  /** Lex givens so far: utterance (as the simulator matches it, trimmed and lower case) → the bot's answer. */
  lex: Map<string, Json>;
  endsWithChat: boolean;
}

/** The readiness count compiles without an instance: the entry flow is assumed to have one Lex bot. */
const ASSUMED_ALIAS = "the Lex bot of the entry flow";

const key = (utterance: string) => utterance.trim().toLowerCase();

type ChatRule = (b: Builder, s: ChatState, args: unknown[], step: Step) => ReturnType<Rule>;

const asChatRule =
  (rule: Rule): ChatRule =>
  (b, _s, args, step) =>
    void rule(b, args, step);

function startsChat(b: Builder, s: ChatState, flow: string, attributes: Record<string, string>, step: Step): void {
  if (s.chat) throw new UncompilableStep(step.written, step.line, `a test case has one customer, who started a chat on "${s.chat.flow}" already`);
  const aliases = b.options.lexAliases ? onStep(step, () => b.options.lexAliases!(flow)) : [ASSUMED_ALIAS];
  s.chat = { flow, attributes, aliases };
}

/** The customer writes: with the bot's answer mocked when the flow has a Lex bot to answer. */
function sends(b: Builder, s: ChatState, text: string, step: Step): void {
  const { aliases, flow } = s.chat!;
  b.requireObserved(step, "the customer writes");
  const given = s.lex.get(key(text));
  if (aliases.length > 1) throw new UncompilableStep(step.written, step.line, `the flow "${flow}" has Lex blocks with different bots (${aliases.join(", ")}), and a Lex given does not say which answers`);
  if (aliases.length === 1) {
    const answer = given ?? { IntentName: "FallbackIntent" };
    b.act(override(b, "ConnectParticipantWithLexBot", { LexV2Bot: { AliasArn: aliases[0] } }, mock({ Type: "ExecutionResult", ExecutionResult: { DelaySeconds: 0, LoadedData: JSON.stringify(answer) } })));
  } else if (given) {
    throw new UncompilableStep(step.written, step.line, `the flow "${flow}" has no Lex block whose bot a test case could mock for the Lex given on "${text}"`);
  }
  b.act(instruction(b, { Type: "Utterance", Properties: { Value: text } }));
}

const NO_AGENT = "a test case's chat has only its customer: no agent, supervisor or custom bot can join it";

/** The steps this compiles, by the step definitions' own expressions (steps/*.steps.ts). */
const RULES: [string, ChatRule][] = [
  ["a customer starts a chat on the flow {string}", (b, s, [flow], step) => startsChat(b, s, flow as string, {}, step)],
  ["a customer starts a chat on the flow {string} with the attributes:", (b, s, [flow], step) => startsChat(b, s, flow as string, Object.fromEntries((step.table ?? []).map(([k, v]) => [k, v ?? ""])), step)],
  ["the customer receives {string}", (b, _s, [text], step) => b.observe(step.text, heard(b, text as string))],
  [
    "the customer receives a message matching {string}",
    (b, _s, [pattern], step) => {
      const literal = literalOf(pattern as string);
      if ("reason" in literal) throw new UncompilableStep(step.written, step.line, literal.reason);
      b.observe(step.text, heard(b, literal.text));
    },
  ],
  ["the customer sends {string}", (b, s, [text], step) => sends(b, s, text as string, step)],
  ["the customer leaves the chat", (b) => b.act(instruction(b, { Type: "Disconnect" }))],
  ["the chat ends", (_b, s) => void (s.endsWithChat = true)],
  ["the chat is still going", asChatRule(uncompilable("a test case checks values when an observation matches, not at a moment in time"))],
  ["the chat timeouts are set to:", asChatRule(uncompilable("the Testing language has no action that sets a chat's timeouts"))],
  ["an attempt is made to set the chat timeouts to:", asChatRule(uncompilable("the Testing language has no action that sets a chat's timeouts"))],
  ["no one in the chat has received the {string} event", asChatRule(uncompilable("a test case observes messages, not a chat's events, and cannot check that something never came"))],
  ["{int} (more ){word} pass(es)", () => undefined],
  ["the Lex bot recognises {string} as the intent {string}", (_b, s, [utterance, intent]) => void s.lex.set(key(utterance as string), { IntentName: intent })],
  [
    "the Lex bot recognises {string} as the intent {string} with the slots:",
    (_b, s, [utterance, intent], step) => void s.lex.set(key(utterance as string), { IntentName: intent, Slots: Object.fromEntries((step.table ?? []).map(([k, v]) => [k, v ?? ""])) }),
  ],
  ...GIVENS.map(([expression, rule]): [string, ChatRule] => [expression, asChatRule(rule)]),
];

const registry = new ParameterTypeRegistry();
const EXPRESSIONS = RULES.map(([expression, rule]) => ({ expression: new CucumberExpression(expression, registry), rule }));

/** The step expressions this module compiles (a test checks each is a step the features can use). */
export const CHAT_COMPILED_EXPRESSIONS: readonly string[] = RULES.map(([expression]) => expression);

/** A step about the customer or the chat that no rule matches is an error rather than left out: leaving it out would change the test. */
const CUSTOMER_STEP = /^(the customer\b|the chat\b)/i;
/** Another participant in the chat: a test case has none. */
const OTHER_PARTICIPANT = /^(agent "|supervisor "|a supervisor\b|(a|the) custom bot\b)/i;

const expressionOf = (source: string) => EXPRESSIONS.find((e) => e.expression.source === source)!.expression;
const STARTS = [expressionOf("a customer starts a chat on the flow {string}"), expressionOf("a customer starts a chat on the flow {string} with the attributes:")];
/** The givens only a test case can program on staging. */
const PROGRAMMED = [...GIVENS.map(([e]) => e), "the Lex bot recognises {string} as the intent {string}", "the Lex bot recognises {string} as the intent {string} with the slots:"].map(expressionOf);

/** The flows the scenario's customer starts chats on (a runner reads their Lex bots). */
export function chatFlowsOf(pickle: Pickle): string[] {
  return pickle.steps.flatMap((s) => STARTS.map((e) => e.match(s.text)?.[0].getValue(null)).filter((f) => f !== undefined)) as string[];
}

/** A scenario in which a customer starts a chat and that programs answers: on staging it can run only as a test case. */
export function isChatWithProgrammedAnswers(pickle: Pickle): boolean {
  const matches = (expressions: CucumberExpression[]) => pickle.steps.some((s) => expressions.some((e) => e.match(s.text) !== null));
  return matches(STARTS) && matches(PROGRAMMED);
}

export function compileChatScenario(pickle: Pickle, options: CompileOptions = {}): CompiledScenario<ChatEntryPoint> {
  const b = new Builder(options);
  b.startsWith = "The chat starts";
  const s: ChatState = { lex: new Map(), endsWithChat: false };
  const { leftOut, compiled } = walkSteps(pickle, options, b, {
    rules: EXPRESSIONS.map(({ expression, rule }) => ({ expression, compile: (args, step) => rule(b, s, args, step) })),
    own: CUSTOMER_STEP,
    arrived: () => s.chat !== undefined,
    arrives: () => false,
    notYet: "it comes before the customer starts a chat",
    refuse: (text) => (OTHER_PARTICIPANT.test(text) ? NO_AGENT : undefined),
  });
  if (!s.chat) throw new UncompilableStep(`the scenario "${pickle.name}"`, undefined, "no customer starts a chat in it");
  const last = b.observations.at(-1);
  if (!last) throw new UncompilableStep(`the scenario "${pickle.name}"`, undefined, "the customer neither receives nor does anything a test case could observe");
  const lastInstruction = last.Actions.findLast((a) => a.Type === "SendInstruction");
  const lastAct = lastInstruction && ((lastInstruction.Parameters as Json).Instruction as Json).Type;
  if (!s.endsWithChat && lastAct === undefined) b.append(endTest(b));
  return { testCase: testCaseOf(pickle, b, { Type: "CHAT", ChatEntryPointParameters: { FlowId: b.ref("flow", s.chat.flow) } }, s.chat.attributes), leftOut, compiled };
}
