/**
 * What the test-case compilers share (compile.ts for a voice scenario's caller,
 * compile-chat.ts for a chat's customer): the test case's shape, the builder of its ordered
 * observations and their actions, and the errors for steps no test case can express.
 */
import type { CucumberExpression } from "@cucumber/cucumber-expressions";
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
  /**
   * Input a test case sends goes out as soon as the observation before it matches; before any,
   * as the contact starts, when no block may be listening yet — and the service is reported to
   * drop input nothing waits for (connect-testing-language.md §4.1). So input needs something
   * observed before it.
   */
  requireObserved(step: Step, what: string): void {
    if (!this.observations.some((o) => o.Event.Type !== "TestInitiated")) {
      throw new UncompilableStep(step.written, step.line, `${what} before anything is observed, and a test case would send it as the contact starts, before the flow may be listening: say what comes first (${this.startsWith === "The call starts" ? '`the caller hears "…"`' : '`the customer receives "…"`'})`);
    }
  }

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


export const heard = (b: Builder, text: string) => ({ Identifier: b.id("heard"), Type: "MessageReceived", Actor: "System", Properties: { Text: text, MatchingCriteria: { Type: "Inclusion" } } });
export const instruction = (b: Builder, Instruction: Json) => ({ Identifier: b.id("caller"), Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Customer", Instruction } });
export const override = (b: Builder, ActionType: string, ActionParameters: Json, Strategy: Json) => ({
  Identifier: b.id("override"),
  Type: "OverrideSystemBehavior",
  Parameters: { ActionType: "OverrideSystemBehavior", Behavior: { Type: "FlowAction", Properties: { ActionType, ActionParameters, Strategy } } },
});
export const endTest = (b: Builder) => ({ Identifier: b.id("end"), Type: "TestControl", Parameters: { ActionType: "TestControl", Command: { Type: "EndTest" } } });
export const mock = (Response: Json) => ({ Type: "MockResponse", Response });

export interface Step {
  text: string;
  written: string;
  line?: number;
  table?: string[][];
}

/** What a rule answers for a step that is someone else's after all (a contact by chat in a voice scenario). */
export const NOT_THEIRS = "not the test case's participant's";

/** A rule compiles its step into the builder, or says the step is not the participant's after all. */
export type Rule = (b: Builder, args: unknown[], step: Step) => void | typeof NOT_THEIRS;

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

export function stepOf(s: PickleStep, options: CompileOptions): Step {
  const source = options.source?.(s.astNodeIds[0]);
  const table = s.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value));
  return { text: s.text, written: `${source?.keyword ?? ""}${s.text}`, line: source?.line, table };
}


/** The test case of a scenario: its entry point, the contact's attributes, the observations built. */
export function testCaseOf<E extends VoiceEntryPoint | ChatEntryPoint>(pickle: Pickle, b: Builder, EntryPoint: E, Attributes: Record<string, string> = {}): TestCaseFile<E> {
  return {
    Name: pickle.name,
    Description: `Exported by flowsim from the scenario "${pickle.name}" (${pickle.uri}).`.slice(0, 500),
    EntryPoint,
    InitializationData: JSON.stringify({ Attributes, SegmentAttributes: {} }),
    Content: JSON.stringify({ Version: "2019-10-30", Metadata: {}, Observations: b.observations }),
    Status: "PUBLISHED",
  };
}

/** How a compiler walks a scenario's steps to the test case's participant (the caller, the chat's customer). */
export interface StepWalk {
  /** The expressions it compiles, in order, each with what the step does to the test case. */
  rules: readonly { expression: CucumberExpression; compile: (args: unknown[], step: Step) => void | typeof NOT_THEIRS }[];
  /** Steps about the participant: one no rule matches is refused, since leaving it out would change the test. */
  own: RegExp;
  /** Whether the participant is there yet; a step of theirs before that is refused, unless `arrives` says it brings them. */
  arrived(): boolean;
  arrives(text: string): boolean;
  notYet: string;
  /** Why a step no rule matches cannot be left out either (someone the test case cannot have), if so. */
  refuse?(text: string): string | undefined;
}

/** Each step compiled, left out (someone else's: agents, tasks, attributes, setup) or refused with its line and reason. */
export function walkSteps(pickle: Pickle, options: CompileOptions, b: Builder, walk: StepWalk): Pick<CompiledScenario, "leftOut" | "compiled"> {
  const leftOut: CompiledScenario["leftOut"] = [];
  const compiled: CompiledScenario["compiled"] = new Map();
  for (const ps of pickle.steps) {
    const step = stepOf(ps, options);
    const found = walk.rules.map((r) => ({ compile: r.compile, args: r.expression.match(step.text) })).find((m) => m.args !== null);
    const refusal = found ? undefined : walk.refuse?.(step.text);
    if (found) {
      if (!walk.arrived() && walk.own.test(step.text) && !walk.arrives(step.text)) throw new UncompilableStep(step.written, step.line, walk.notYet);
      b.touched = [];
      if (found.compile(found.args!.map((a) => a.getValue(null)), step) === NOT_THEIRS) leftOut.push({ step: step.written, line: step.line });
      else compiled.set(ps.id, b.touched);
    } else if (refusal) {
      throw new UncompilableStep(step.written, step.line, refusal);
    } else if (walk.own.test(step.text)) {
      throw new UncompilableStep(step.written, step.line, "no test-case event or action says this");
    } else {
      leftOut.push({ step: step.written, line: step.line });
    }
  }
  return { leftOut, compiled };
}
