/**
 * A voice scenario as a Connect test case: the caller's steps become the Testing
 * language's observations and customer actions, and the givens that answer for systems
 * outside Connect become overrides. Pure: a pickle in, a test case (as DescribeTestCase
 * returns it) out. `flowsim test-cases export` writes what this makes; the staging target
 * runs voice scenarios on a real instance with it.
 *
 * How each step becomes part of the test case:
 * - `a caller from "X" calls "N"`: the entry point, a voice call from X to the flow that
 *   `the phone number "N" starts the flow "F"` names (F by name: a runner resolves it).
 *   `a customer contacts the flow "F" by voice`: the same, from the number that step's
 *   definition calls from (steps/publish.steps.ts); by chat or task it is not the caller's.
 * - `the caller hears "T"`: an observation of a prompt containing T (Inclusion, as the
 *   step's own check), following the one before: a test case's observations are ordered,
 *   so the steps must be in the order the caller hears them. `... "T" again`: T heard
 *   twice since the call began (Usage Exactly 2), or once more after an observation of T.
 *   `the caller heard, in order:` with a table: the rows woven into the observations so far
 *   (a row naming a prompt already observed is that observation), keeping the table's order.
 * - `presses`, `hangs up` and the givens below: actions of the observation before them
 *   (of a TestInitiated observation when none comes before — except a key press, which
 *   needs something heard first: see Builder.requireObserved). A key press goes to the
 *   flow's next wait for input, as every test case's input does; a time step before it
 *   is not kept, since a test case moves on events, not on time.
 * - `N seconds pass`: nothing; time passes between observations by itself.
 * - `the call ends`: no EndTest, so the run ends when the contact does; otherwise the
 *   last observation ends the test. (The Testing language has no event for the contact's
 *   end, and an observation of TestCompleted would hold a live run to its 5-minute
 *   limit: such a test case also passes when the call goes on.)
 * - `the Lambda "L" returns:` / `fails with` / `takes N seconds`, `the hours of the queue "Q"
 *   are open|closed` (the hours Q runs on: `queueHours`), `the hours of operation
 *   "H" are open|closed`, `the queue "Q" is full`: single-use overrides (a flow that asks
 *   twice gets the mock once). The Lambda's message on failure has no place in a mock.
 * - Other people's steps (agents, tasks, attributes, setup): left out, and listed.
 * - A caller step nothing here can express (`does not hear`, a second caller, `is still
 *   waiting in the queue`), or a Lex given (its mock names a bot alias no step gives):
 *   an UncompilableStep naming the step.
 */
import { CucumberExpression, ParameterTypeRegistry } from "@cucumber/cucumber-expressions";
import type { Pickle } from "@cucumber/messages";
import { GIVENS } from "./givens.js";
import { Builder, heard, instruction, endTest, testCaseOf, uncompilable, UncompilableStep, type CompileOptions, type CompiledScenario, type Json, type Rule, type Step, type VoiceEntryPoint, NOT_THEIRS, walkSteps } from "./test-case-builder.js";

// What other modules know this compiler by (the shared pieces live in test-case-builder.ts and givens.ts).
export { UncompilableStep, type ChatEntryPoint, type CompileOptions, type CompiledScenario, type TestCaseFile, type VoiceEntryPoint } from "./test-case-builder.js";
export { queuesWithHoursGivens } from "./givens.js";

/** Phone numbers as features write them ("+1 555 0100") and as they are dialled ("+15550100") are the same number. */
const number = (text: string) => text.replace(/[\s().-]/g, "");

/** The caller the step names must be the one who called: a test case has one customer. */
function sameCaller(b: Builder, from: string, step: Step): void {
  if (b.caller && number(from) !== number(b.caller.from)) throw new UncompilableStep(step.written, step.line, `a test case has one caller (${b.caller.from}); this step is about another`);
}

/** The number `a customer contacts the flow "…" by voice` calls from (steps/publish.steps.ts). */
export const CONTACTING_CUSTOMER = "+12065550100";

function callerCalls(b: Builder, from: string, flow: string, step: Step): void {
  if (b.caller) throw new UncompilableStep(step.written, step.line, `a test case has one caller, and ${b.caller.from} called already`);
  b.caller = { from: number(from), flow };
}

function presses(b: Builder, digits: string, step: Step): void {
  b.requireObserved(step, "the caller presses a key");
  b.act(instruction(b, { Type: "DtmfInput", Properties: { Value: digits } }));
}

/** The steps this compiles, by the step definitions' own expressions (steps/*.steps.ts). */
const RULES: [string, Rule][] = [
  ["the phone number {string} starts the flow {string}", (b, [n, flow]) => void b.numbers.set(number(n as string), flow as string)],
  [
    "a caller from {string} calls {string}",
    (b, [from, to], step) => {
      const flow = b.numbers.get(number(to as string));
      if (!flow) throw new UncompilableStep(step.written, step.line, `no step says which flow ${to} starts (Given the phone number "${to}" starts the flow "…")`);
      callerCalls(b, from as string, flow, step);
    },
  ],
  [
    "a customer contacts the flow {string} by {word}",
    (b, [flow, channel], step) => (channel === "voice" || channel === "phone" ? callerCalls(b, CONTACTING_CUSTOMER, flow as string, step) : NOT_THEIRS),
  ],
  ["the caller hears {string}", (b, [text], step) => b.observe(step.text, heard(b, text as string))],
  [
    "the caller hears {string} again",
    (b, [text], step) => b.observe(step.text, heard(b, text as string), b.observations.some((o) => (o.Event.Properties as Json).Text === text) ? 1 : 2),
  ],
  // Ordered observations are what a test case is: each row one, in the table's order.
  ["the caller heard, in order:", (b, _args, step) => b.heardInOrder((step.table ?? []).map(([text]) => text ?? ""), step)],
  ["the caller does not hear {string}", uncompilable("a test case observes what happens; it cannot check that something is never said")],
  ["the caller is still waiting in the queue {string}", uncompilable("a test case checks values when an observation matches, not at a moment in time")],
  ["the caller presses {word}", (b, [digits], step) => presses(b, digits as string, step)],
  [
    "the caller from {string} presses {word}",
    (b, [from, digits], step) => {
      sameCaller(b, from as string, step);
      presses(b, digits as string, step);
    },
  ],
  ["the caller hangs up", (b) => b.act(instruction(b, { Type: "Disconnect" }))],
  [
    "the caller from {string} hangs up",
    (b, [from], step) => {
      sameCaller(b, from as string, step);
      b.act(instruction(b, { Type: "Disconnect" }));
    },
  ],
  ["the call ends", (b) => void (b.endsWithCall = true)],
  ["{int} (more ){word} pass(es)", () => undefined],
  ...GIVENS,
  ["the Lex bot recognises {string} as the intent {string}", uncompilable("a test case mocks a Lex bot by its alias ARN, which this step does not name")],
  ["the Lex bot recognises {string} as the intent {string} with the slots:", uncompilable("a test case mocks a Lex bot by its alias ARN, which this step does not name")],
];

const registry = new ParameterTypeRegistry();
const EXPRESSIONS = RULES.map(([expression, rule]) => ({ expression: new CucumberExpression(expression, registry), rule }));

/** The step expressions this module compiles (a test checks each is a step the features can use). */
export const COMPILED_EXPRESSIONS: readonly string[] = RULES.map(([expression]) => expression);

/** A caller step no rule matches is an error rather than left out: it is about the caller, so leaving it out would change the test. */
const CALLER_STEP = /^(the|a) call(er)?\b/i;


const expressionOf = (source: string) => EXPRESSIONS.find((e) => e.expression.source === source)!.expression;
const CALLS = expressionOf("a caller from {string} calls {string}");
const CONTACTS = expressionOf("a customer contacts the flow {string} by {word}");


/** A scenario in which someone calls (a test case can be one only then). */
export function isVoiceScenario(pickle: Pickle): boolean {
  return pickle.steps.some((s) => CALLS.match(s.text) !== null || ["voice", "phone"].includes(String(CONTACTS.match(s.text)?.[1].getValue(null))));
}

export function compileScenario(pickle: Pickle, options: CompileOptions = {}): CompiledScenario<VoiceEntryPoint> {
  const b = new Builder(options);
  const { leftOut, compiled } = walkSteps(pickle, options, b, {
    rules: EXPRESSIONS.map(({ expression, rule }) => ({ expression, compile: (args, step) => rule(b, args, step) })),
    own: CALLER_STEP,
    arrived: () => b.caller !== undefined,
    arrives: (text) => text.startsWith("a caller from"),
    notYet: "it comes before any caller calls",
  });
  if (!b.caller) throw new UncompilableStep(`the scenario "${pickle.name}"`, undefined, "no caller calls in it: only voice scenarios become test cases");
  const last = b.observations.at(-1);
  if (!last) throw new UncompilableStep(`the scenario "${pickle.name}"`, undefined, "the caller neither hears nor does anything a test case could observe");
  const hangsUp = last.Actions.at(-1)?.Type === "SendInstruction" && ((last.Actions.at(-1)!.Parameters as Json).Instruction as Json).Type === "Disconnect";
  if (!b.endsWithCall && !hangsUp) b.append(endTest(b));
  const { from, flow } = b.caller;
  // The flow, not the number: an entry point names one or the other, and a number is the instance's to map.
  return { testCase: testCaseOf(pickle, b, { Type: "VOICE_CALL", VoiceCallEntryPointParameters: { SourcePhoneNumber: from, FlowId: b.ref("flow", flow) } }), leftOut, compiled };
}
