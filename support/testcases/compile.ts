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
 *   (of a TestInitiated observation when none comes before). A key press goes to the
 *   flow's next wait for input, as every test case's input does; a time step before it
 *   is not kept, since a test case moves on events, not on time.
 * - `N seconds pass`: nothing; time passes between observations by itself.
 * - `the call ends`: no EndTest, so the run ends when the contact does; otherwise the
 *   last observation ends the test. (The Testing language has no event for the contact's
 *   end, and an observation of TestCompleted would hold a live run to its 5-minute
 *   limit: such a test case also passes when the call goes on.)
 * - `the Lambda "L" returns:` / `fails with` / `takes N seconds`, `the hours of operation
 *   "H" are open|closed`, `the queue "Q" is full`: single-use overrides (a flow that asks
 *   twice gets the mock once). The Lambda's message on failure has no place in a mock.
 * - Other people's steps (agents, tasks, attributes, setup): left out, and listed.
 * - A caller step nothing here can express (`does not hear`, a second caller, `is still
 *   waiting in the queue`), or a Lex given (its mock names a bot alias no step gives):
 *   an UncompilableStep naming the step.
 */
import { CucumberExpression, ParameterTypeRegistry } from "@cucumber/cucumber-expressions";
import type { Pickle, PickleStep } from "@cucumber/messages";
import type { StepSource } from "./gherkin.js";

export type Json = Record<string, unknown>;

export type VoiceEntryPoint = { Type: "VOICE_CALL"; VoiceCallEntryPointParameters: { SourcePhoneNumber: string; FlowId: string } };
export type ChatEntryPoint = { Type: "CHAT"; ChatEntryPointParameters: { FlowId: string } };

/** A test-case file as DescribeTestCase returns it (and `flowsim test-cases run` reads it). */
export interface TestCaseFile<E extends VoiceEntryPoint | ChatEntryPoint = VoiceEntryPoint | ChatEntryPoint> {
  Name: string;
  Description: string;
  EntryPoint: E;
  InitializationData: string;
  Content: string;
  Status: "PUBLISHED";
}

export interface CompiledScenario<E extends VoiceEntryPoint | ChatEntryPoint = VoiceEntryPoint | ChatEntryPoint> {
  testCase: TestCaseFile<E>;
  /** Steps that are not the caller's (agents, tasks, attributes, setup): a test case has no place for them. */
  leftOut: { step: string; line?: number }[];
  /**
   * The steps the test case stands for (pickle step ids), each with the observations it
   * became: a scenario run as this test case answers each Then-step from those very
   * observations' execution records. Keys, hang-ups, givens and time steps became none.
   */
  compiled: Map<string, string[]>;
}

export interface CompileOptions {
  /** Where each step was written, for messages (see gherkin.ts). */
  source?: (astNodeId: string) => StepSource | undefined;
  /** A feature's name for a resource (flow, queue, hours) → what the instance knows it by; default: the name itself, which the simulator resolves. */
  resolve?: (kind: "flow" | "queue" | "hours" | "lambda", name: string) => string;
  /** Hours of operation that are always open and never open: hours givens then substitute them (the portable form, which the live service is reported to require) instead of mocking the check. */
  hoursSubstitutes?: { open: string; closed: string };
  /**
   * The hours of operation a queue runs on (a feature names the queue; a test case's hours
   * override names hours). Default: the stand-in `hours of the queue "Q"`, which only the
   * readiness count uses (it asks whether a scenario compiles, not what it runs). It may
   * throw an UncompilableStep when the queue's hours cannot be known.
   */
  queueHours?: (queue: string) => string;
  /**
   * The Lex V2 alias ARNs of a flow's Lex blocks (a Lex given names no bot: a chat's mocks
   * name the entry flow's). Default: one stand-in alias, for the readiness count. It may
   * throw an UncompilableStep when the flow cannot be read.
   */
  lexAliases?: (flow: string) => readonly string[];
}

/** A step that belongs to the caller but has no equivalent in the Testing language (or, without a line, a scenario that has no caller to compile). */
export class UncompilableStep extends Error {
  override name = "UncompilableStep";
  constructor(
    readonly step: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(line === undefined ? `${step}: ${reason}` : `line ${line}: ${step} — ${reason}`);
  }
}

export interface Observation {
  Identifier: string;
  Event: Json;
  Actions: Json[];
  Usage?: { Type: "Exactly"; Times: number };
  Transitions: { NextObservations: string[] };
}

/** What compiling has built so far. */
export class Builder {
  readonly observations: Observation[] = [];
  readonly numbers = new Map<string, string>();
  caller?: { from: string; flow: string };
  endsWithCall = false;
  /** The observations the step being compiled made or anchored to. */
  touched: string[] = [];
  /** The name of the observation the test's first actions hang on when nothing was observed before them. */
  startsWith = "The call starts";
  private count = 0;

  constructor(readonly options: CompileOptions) {}

  id(prefix: string): string {
    return `${prefix}-${++this.count}`;
  }

  observe(Identifier: string, Event: Json, times = 1): void {
    const made = this.made(Identifier, Event);
    this.touched.push(made.Identifier);
    this.observations.at(-1)?.Transitions.NextObservations.push(made.Identifier);
    this.observations.push({ ...made, ...(times > 1 && { Usage: { Type: "Exactly", Times: times } }) });
  }

  /**
   * A look back over what the caller heard, as ordered observations. Rows that name a prompt
   * already observed (one text containing the other) anchor to it; the others become
   * observations just before the next anchor, or after the last, so the chain keeps the
   * table's order. Rows whose anchors would run backwards cannot be one chain.
   */
  heardInOrder(texts: string[], step: Step): void {
    let after = -1;
    let pending: string[] = [];
    const insertBefore = (index: number) => {
      const made = pending.map((text) => this.made(`the caller hears "${text}"`, heard(this, text)));
      this.touched.push(...made.map((o) => o.Identifier));
      this.observations.splice(index, 0, ...made);
      pending = [];
      return index + made.length;
    };
    for (const text of texts) {
      const anchor = this.observations.findIndex((o, i) => {
        const said = o.Event.Type === "MessageReceived" ? String((o.Event.Properties as Json).Text) : undefined;
        return i > after && said !== undefined && (said.includes(text) || text.includes(said));
      });
      if (anchor >= 0) {
        after = insertBefore(anchor);
        this.touched.push(this.observations[after].Identifier);
      }
      else if (this.observations.some((o) => o.Event.Type === "MessageReceived" && String((o.Event.Properties as Json).Text).includes(text))) {
        throw new UncompilableStep(step.written, step.line, `"${text}" was observed before a row above it: a test case observes in one order`);
      } else pending.push(text);
    }
    if (pending.length) insertBefore(this.observations.length);
    this.observations.forEach((o, i) => (o.Transitions.NextObservations = i + 1 < this.observations.length ? [this.observations[i + 1].Identifier] : []));
  }

  private made(Identifier: string, Event: Json): Observation {
    let id = Identifier.slice(0, 200);
    for (let n = 2; this.observations.some((o) => o.Identifier === id); n++) id = `${Identifier.slice(0, 200)} (${n})`;
    return { Identifier: id, Event, Actions: [], Transitions: { NextObservations: [] } };
  }

  /** An action of the latest observation, or of the test's start when there is none yet. */
  act(action: Json): void {
    if (!this.observations.length) this.observe(this.startsWith, { Identifier: this.id("started"), Type: "TestInitiated", Actor: "System", Properties: {} });
    this.append(action);
  }

  /** An action after the latest observation's others: an observation's actions run as a chain of NextAction links, from the first. */
  append(action: Json): void {
    const actions = this.observations.at(-1)!.Actions;
    const before = actions.at(-1);
    if (before) before.Transitions = { NextAction: action.Identifier };
    actions.push({ ...action, Transitions: {} });
  }

  ref(kind: "flow" | "queue" | "hours" | "lambda", name: string): string {
    return this.options.resolve?.(kind, name) ?? name;
  }
}

/** Phone numbers as features write them ("+1 555 0100") and as they are dialled ("+15550100") are the same number. */
const number = (text: string) => text.replace(/[\s().-]/g, "");

export const heard = (b: Builder, text: string) => ({ Identifier: b.id("heard"), Type: "MessageReceived", Actor: "System", Properties: { Text: text, MatchingCriteria: { Type: "Inclusion" } } });
export const instruction = (b: Builder, Instruction: Json) => ({ Identifier: b.id("caller"), Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Customer", Instruction } });
export const override = (b: Builder, ActionType: string, ActionParameters: Json, Strategy: Json) => ({
  Identifier: b.id("override"),
  Type: "OverrideSystemBehavior",
  Parameters: { ActionType: "OverrideSystemBehavior", Behavior: { Type: "FlowAction", Properties: { ActionType, ActionParameters, Strategy } } },
});
export const endTest = (b: Builder) => ({ Identifier: b.id("end"), Type: "TestControl", Parameters: { ActionType: "TestControl", Command: { Type: "EndTest" } } });
export const mock = (Response: Json) => ({ Type: "MockResponse", Response });
// A mock matches the block's LambdaFunctionARN: a function a feature names goes through
// `resolve` (on staging, the config's names.lambda) unless the step gives the ARN itself.
const lambda = (b: Builder, fn: unknown) => ({ LambdaFunctionARN: String(fn).startsWith("arn:") ? String(fn) : b.ref("lambda", String(fn)) });

export interface Step {
  text: string;
  written: string;
  line?: number;
  table?: string[][];
}

/** A rule compiles its step into the builder, or says the step is not the caller's after all. */
export type Rule = (b: Builder, args: unknown[], step: Step) => void | "not the caller's";

/** What an option says about a step; its UncompilableStep is the step's, with the step's words and line. */
export function onStep<T>(step: Step, answer: () => T): T {
  try {
    return answer();
  } catch (err) {
    if (err instanceof UncompilableStep && err.step !== step.written) throw new UncompilableStep(step.written, step.line, err.reason);
    throw err;
  }
}

export const uncompilable = (reason: string): Rule => (_b, _args, step) => {
  throw new UncompilableStep(step.written, step.line, reason);
};

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

/**
 * The givens that answer for systems outside Connect, as single-use overrides (a flow that
 * asks twice gets the mock once): shared by the voice and the chat compiler. The Lambda's
 * message on failure has no place in a mock.
 */
export const GIVENS: [string, Rule][] = [
  [
    "the Lambda {string} returns:",
    (b, [fn], step) => b.act(override(b, "InvokeLambdaFunction", lambda(b, fn), mock({ Type: "ExecutionResult", ExecutionResult: { DelaySeconds: 0, LoadedData: JSON.stringify(Object.fromEntries(step.table ?? [])) } }))),
  ],
  ["the Lambda {string} fails with {string}", (b, [fn]) => b.act(override(b, "InvokeLambdaFunction", lambda(b, fn), mock({ Type: "Error", Error: { DelaySeconds: 0, Value: "NoMatchingError" } })))],
  ["the Lambda {string} takes {int} seconds", (b, [fn, seconds]) => b.act(override(b, "InvokeLambdaFunction", lambda(b, fn), mock({ Type: "ExecutionResult", ExecutionResult: { DelaySeconds: seconds, LoadedData: "{}" } })))],
  [
    "the hours of operation {string} are {word}",
    (b, [hours, state], step) => {
      if (state !== "open" && state !== "closed") throw new UncompilableStep(step.written, step.line, `hours are open or closed, not "${state}"`);
      const substitutes = b.options.hoursSubstitutes;
      const strategy = substitutes ? { Type: "SubstituteResource", SubstituteArn: substitutes[state] } : mock({ Type: "ExecutionResult", ExecutionResult: { Value: state === "open" ? "InHours" : "OutOfHours" } });
      b.act(override(b, "CheckHoursOfOperation", { HoursOfOperationId: b.ref("hours", hours as string) }, strategy));
    },
  ],
  ["the queue {string} is full", (b, [queue]) => b.act(override(b, "TransferContactToQueue", { QueueId: b.ref("queue", queue as string) }, mock({ Type: "Error", Error: { Value: "QueueAtCapacity" } })))],
  [
    "the hours of the queue {string} are {word}",
    (b, [queue, state], step) => {
      if (state !== "open" && state !== "closed") throw new UncompilableStep(step.written, step.line, `hours are open or closed, not "${state}"`);
      // A check of the contact's queue hours is a check of the hours that queue runs on: an
      // override names hours, so the queue's are looked up (on staging, DescribeQueue).
      const hours = b.options.queueHours ? onStep(step, () => b.options.queueHours!(queue as string)) : `hours of the queue "${queue}"`;
      const substitutes = b.options.hoursSubstitutes;
      const strategy = substitutes ? { Type: "SubstituteResource", SubstituteArn: substitutes[state] } : mock({ Type: "ExecutionResult", ExecutionResult: { Value: state === "open" ? "InHours" : "OutOfHours" } });
      b.act(override(b, "CheckHoursOfOperation", { HoursOfOperationId: hours }, strategy));
    },
  ],
];

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
    (b, [flow, channel], step) => (channel === "voice" || channel === "phone" ? callerCalls(b, CONTACTING_CUSTOMER, flow as string, step) : "not the caller's"),
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
  ["the caller presses {word}", (b, [digits]) => b.act(instruction(b, { Type: "DtmfInput", Properties: { Value: digits } }))],
  [
    "the caller from {string} presses {word}",
    (b, [from, digits], step) => {
      sameCaller(b, from as string, step);
      b.act(instruction(b, { Type: "DtmfInput", Properties: { Value: digits } }));
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

export function stepOf(s: PickleStep, options: CompileOptions): Step {
  const source = options.source?.(s.astNodeIds[0]);
  const table = s.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value));
  return { text: s.text, written: `${source?.keyword ?? ""}${s.text}`, line: source?.line, table };
}

const expressionOf = (source: string) => EXPRESSIONS.find((e) => e.expression.source === source)!.expression;
const CALLS = expressionOf("a caller from {string} calls {string}");
const CONTACTS = expressionOf("a customer contacts the flow {string} by {word}");

const QUEUE_HOURS = expressionOf("the hours of the queue {string} are {word}");

/** The queues whose hours the scenario's givens open or close (a runner looks up the hours each runs on). */
export function queuesWithHoursGivens(pickle: Pickle): string[] {
  return pickle.steps.flatMap((s) => QUEUE_HOURS.match(s.text)?.[0].getValue(null) ?? []) as string[];
}

/** A scenario in which someone calls (a test case can be one only then). */
export function isVoiceScenario(pickle: Pickle): boolean {
  return pickle.steps.some((s) => CALLS.match(s.text) !== null || ["voice", "phone"].includes(String(CONTACTS.match(s.text)?.[1].getValue(null))));
}

export function compileScenario(pickle: Pickle, options: CompileOptions = {}): CompiledScenario<VoiceEntryPoint> {
  const b = new Builder(options);
  const leftOut: CompiledScenario["leftOut"] = [];
  const compiled: CompiledScenario["compiled"] = new Map();
  for (const s of pickle.steps) {
    const step = stepOf(s, options);
    const found = EXPRESSIONS.map((e) => ({ rule: e.rule, args: e.expression.match(step.text) })).find((m) => m.args !== null);
    if (found) {
      if (!b.caller && CALLER_STEP.test(step.text) && !step.text.startsWith("a caller from")) throw new UncompilableStep(step.written, step.line, "it comes before any caller calls");
      b.touched = [];
      if (found.rule(b, found.args!.map((a) => a.getValue(null)), step) === "not the caller's") leftOut.push({ step: step.written, line: step.line });
      else compiled.set(s.id, b.touched);
    } else if (CALLER_STEP.test(step.text)) {
      throw new UncompilableStep(step.written, step.line, "no test-case event or action says this");
    } else {
      leftOut.push({ step: step.written, line: step.line });
    }
  }
  if (!b.caller) throw new UncompilableStep(`the scenario "${pickle.name}"`, undefined, "no caller calls in it: only voice scenarios become test cases");
  const last = b.observations.at(-1);
  if (!last) throw new UncompilableStep(`the scenario "${pickle.name}"`, undefined, "the caller neither hears nor does anything a test case could observe");
  const hangsUp = last.Actions.at(-1)?.Type === "SendInstruction" && ((last.Actions.at(-1)!.Parameters as Json).Instruction as Json).Type === "Disconnect";
  if (!b.endsWithCall && !hangsUp) b.append(endTest(b));
  const { from, flow } = b.caller;
  return {
    testCase: {
      Name: pickle.name,
      Description: `Exported by flowsim from the scenario "${pickle.name}" (${pickle.uri}).`.slice(0, 500),
      // The flow, not the number: an entry point names one or the other, and a number is the instance's to map.
      EntryPoint: { Type: "VOICE_CALL", VoiceCallEntryPointParameters: { SourcePhoneNumber: from, FlowId: b.ref("flow", flow) } },
      InitializationData: JSON.stringify({ Attributes: {}, SegmentAttributes: {} }),
      Content: JSON.stringify({ Version: "2019-10-30", Metadata: {}, Observations: b.observations }),
      Status: "PUBLISHED",
    },
    leftOut,
    compiled,
  };
}
