/**
 * The caller of a voice scenario on a target with no simulated caller (staging): the
 * scenario's caller steps, compiled before it ran (support/targets/staging-voice.ts), run
 * as one Connect test case (support/testcases/test-case-call.ts). The caller's steps come
 * here instead of to the simulated Caller: the call starts the test case, a Then-step
 * waits for the observations it became, and keys, hang-ups and givens, already in the
 * test case, only check that they are.
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

  /** A Then-step about what the caller heard: its observations must pass. */
  async heard(): Promise<void> {
    await this.run.call.observed(this.step.id, this.step.text);
  }

  /** `the call ends`: the test case ends with the call, and must have passed. */
  async ended(): Promise<void> {
    this.covered();
    await this.run.call.ended(this.step.text);
  }

  /** The test case and what its run recorded, attached to the scenario (before the target lets the test case go). */
  async attachEvidence(): Promise<void> {
    const { testCase, records } = await this.run.call.evidence();
    const json = (value: unknown) => `${JSON.stringify(redactJson(value), null, 2)}\n`;
    await this.world.attach(json({ ...testCase, Content: JSON.parse(testCase.Content) }), { mediaType: "application/json", fileName: "caller test case.json" });
    if (records) await this.world.attach(json(records), { mediaType: "application/json", fileName: "caller test case records.json" });
  }

  /** A key press, a hang-up or a given: already an action of the test case. */
  covered(): void {
    if (!this.run.call.compiled.compiled.has(this.step.id)) throw new Error(`the step "${this.step.text}" is not part of the scenario's test case, and a caller on this target is one`);
  }
}
