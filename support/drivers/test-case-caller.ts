/**
 * The customer of a scenario run as one Connect test case on a target with no simulated
 * caller and no programmable answers (staging): a voice scenario's caller, or the customer
 * of a chat scenario with programmed answers. Its steps, compiled before it ran
 * (support/targets/staging-voice.ts), run as the test case
 * (support/testcases/test-case-call.ts), and come here instead of to the simulated Caller or
 * the customer's Participant API chat: the call or the chat starts the test case, a
 * Then-step waits for the observations it became, and keys, messages sent, hang-ups and
 * givens, already in the test case, only check that they are.
 */
import type { PickleStep } from "@cucumber/messages";
import type { CompiledScenario } from "../testcases/compile.js";
import { TestCaseCall } from "../testcases/test-case-call.js";
import { scenarioState } from "../scenario-state.js";
import type { FlowsimWorld } from "../world.js";
import { e164 } from "./caller.js";
import { redactJson } from "../report/redact.js";

interface Run {
  call: TestCaseCall;
  /** The step being run (set before each step: a Then-step is answered by its own observations). */
  step?: PickleStep;
}

const runs = scenarioState((): { run?: Run } => ({}));

/** Before the scenario: its caller steps will run as this test case. */
export function runCallerAsTestCase(world: FlowsimWorld, compiled: CompiledScenario): void {
  const { connect, instanceId } = world.target;
  runs.of(world).run = { call: new TestCaseCall(compiled, { connect, instanceId, wait: (ms) => world.target.advance(ms) }) };
}

/** Before each step: which step the test case is asked about. */
export function atStep(world: FlowsimWorld, step: PickleStep): void {
  const run = runs.peek(world)?.run;
  if (run) run.step = step;
}

/** The scenario's caller as a test case, or undefined when its caller is simulated. */
export function testCaseCaller(world: FlowsimWorld): TestCaseCaller | undefined {
  const run = runs.peek(world)?.run;
  return run && new TestCaseCaller(world, run);
}

/**
 * The test case's customer when the running step is part of the test case, else undefined:
 * a chat step left out of a voice scenario's test case runs as a real chat.
 */
export function testCaseStep(world: FlowsimWorld): TestCaseCaller | undefined {
  const caller = testCaseCaller(world);
  return caller?.covers() ? caller : undefined;
}

/**
 * Whether the running step is already an action of the scenario's test case (a key press, a
 * hang-up, a message sent, a given): then it has nothing more to do. A scenario run as a test
 * case whose step is not part of it is an error; one not run as a test case answers false.
 */
export function carriedByTestCase(world: FlowsimWorld): boolean {
  const caller = testCaseCaller(world);
  caller?.covered();
  return caller !== undefined;
}

export class TestCaseCaller {
  constructor(
    private readonly world: FlowsimWorld,
    private readonly run: Run,
  ) {}

  private get step(): PickleStep {
    if (!this.run.step) throw new Error("no step is running: the test case answers steps only");
    return this.run.step;
  }

  /** The caller calls: the test case starts, and its simulated contact is "the call" for the other steps. */
  async call(from: string): Promise<void> {
    this.covered();
    const contactId = await this.run.call.start();
    this.world.contacts.set(`call from ${e164(from)}`, contactId);
    this.world.contacts.set("call", contactId);
    this.world.currentContactId = contactId;
  }

  /** The customer starts a chat: the test case starts, and its simulated contact is "the customer chat" and "the contact" for the other steps. */
  async chat(): Promise<void> {
    this.covered();
    const contactId = await this.run.call.start();
    this.world.contacts.set("customer chat", contactId);
    this.world.currentContactId = contactId;
  }

  /** A Then-step about what the caller heard: its observations must pass. */
  async heard(): Promise<void> {
    await this.run.call.observed(this.step.id, this.step.text);
  }

  /**
   * A Then-step about a message the customer received: its observation must pass, and with
   * a pattern, the text its record says was received must match it (the observation looked
   * only for the pattern's words). A record without the text is a failure, never a pass.
   */
  async received(pattern?: RegExp): Promise<void> {
    const observed = await this.run.call.observed(this.step.id, this.step.text);
    if (!pattern) return;
    const texts = observed.map((o) => o.Text).filter((t): t is string => typeof t === "string");
    if (!texts.length) throw new Error(`${this.step.text}: the test case's record does not say what text was received, so ${pattern} cannot be checked (records: ${JSON.stringify(observed)})`);
    if (!texts.some((t) => pattern.test(t))) throw new Error(`${this.step.text}: the customer received ${texts.map((t) => JSON.stringify(t)).join(", ")}, which does not match ${pattern}`);
  }

  /** `the call ends` / `the chat ends`: the test case ends with the contact, and must have passed. */
  async ended(): Promise<void> {
    this.covered();
    await this.run.call.ended(this.step.text);
  }

  /** The test case and what its run recorded, attached to the scenario (before the target lets the test case go). */
  async attachEvidence(): Promise<void> {
    const { testCase, records } = await this.run.call.evidence();
    const json = (value: unknown) => `${JSON.stringify(redactJson(value), null, 2)}\n`;
    await this.world.attach(json({ ...testCase, Content: JSON.parse(testCase.Content) }), { mediaType: "application/json", fileName: "customer test case.json" });
    if (records) await this.world.attach(json(records), { mediaType: "application/json", fileName: "customer test case records.json" });
  }

  /** Whether the running step is one the test case stands for. */
  covers(): boolean {
    return this.run.call.compiled.compiled.has(this.step.id);
  }

  /** A key press, a hang-up or a given: already an action of the test case. */
  covered(): void {
    if (!this.covers()) throw new Error(`the step "${this.step.text}" is not part of the scenario's test case, and a caller on this target is one`);
  }
}
