/**
 * Runs a test case to its end on a virtual clock: lets the flow work, then moves time to
 * the next timer, until the run has finished. The run's own 5-minute limit is a timer,
 * so this always ends.
 */
import { VirtualClock } from "../../kernel/clock.js";
import type { Runtime } from "../runtime/runtime.js";
import type { RunnableTestCase } from "./model.js";
import { TestCaseRun } from "./run.js";

/** Moves `clock` until `run` has finished. Other contacts on the runtime live through the same time. */
export async function driveToEnd(run: TestCaseRun, clock: VirtualClock): Promise<void> {
  await clock.settle();
  while (!run.finished) {
    const next = clock.pending()[0];
    if (!next) throw new Error(`test case "${run.testCase.name}" has not finished and no timer is left to wait for`);
    await clock.advanceTo(next.dueAt);
  }
}

/** Starts a run of the test case on the runtime and drives its virtual clock to the end. */
export async function runTestCase(runtime: Runtime, testCase: RunnableTestCase): Promise<TestCaseRun> {
  if (!(runtime.clock instanceof VirtualClock)) throw new Error("runTestCase drives the runtime's clock, so the runtime needs a virtual clock");
  const run = new TestCaseRun(runtime, testCase);
  run.start();
  await driveToEnd(run, runtime.clock);
  return run;
}
