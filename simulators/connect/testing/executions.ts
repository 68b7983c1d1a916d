/**
 * Test-case executions of an instance: started on the instance's runtime and clock, at
 * most 5 running at once, up to 100 in flight (the running ones included), the others
 * waiting INITIATED in arrival order.
 *
 * Decisions where the reference is uncertain (§6.8-6.11, §10.14, §10.15):
 * - A start beyond 100 in flight is refused (ServiceQuotaExceededException).
 * - A ClientToken used again for the same test case returns the execution it started;
 *   used for another test case, it is refused (IdempotencyException).
 * - Deleting a test case stops its waiting and running executions; their history stays.
 * - The service keeps history indefinitely; flowsim keeps the latest 10,000 finished runs.
 * - Runs do not move the clock: on a virtual clock a run goes as far as it can without
 *   time passing, and whoever moves the clock (the control plane) lets it go on.
 */
import type { Runtime } from "../runtime/runtime.js";
import { Refusal } from "../runtime/refusals.js";
import { MAX_KEPT_EXECUTIONS } from "./limits.js";
import { TestCaseRun } from "./run.js";
import { QuotaRefusal, type StoredTestCase, type TestCaseStore } from "./store.js";

export interface Execution {
  id: string;
  testCaseId: string;
  testCaseName: string;
  run: TestCaseRun;
}

/** A ClientToken used for another test case. */
export class IdempotencyRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdempotencyRefusal";
  }
}

export interface ExecutionFilter {
  testCaseId?: string;
  testCaseName?: string;
  /** Epoch ms: started at or after. */
  startedAfter?: number;
  /** Epoch ms: started at or before. */
  startedBefore?: number;
  status?: string;
}

export interface ExecutionLimits {
  running: number;
  inFlight: number;
}

export class TestCaseExecutions {
  /** In start order. */
  private executions: Execution[] = [];
  private waiting: Execution[] = [];
  private tokens = new Map<string, Execution>();

  constructor(
    private readonly runtime: Runtime,
    private readonly store: TestCaseStore,
    private readonly limits: ExecutionLimits,
  ) {}

  /** StartTestCaseExecution: the execution, INITIATED; it starts on a later tick, once a slot is free. */
  start(testCaseRef: string, clientToken?: string): Execution {
    const tc = this.store.get(testCaseRef);
    if (clientToken !== undefined) {
      const earlier = this.tokens.get(clientToken);
      if (earlier && earlier.testCaseId === tc.id) return earlier;
      if (earlier) throw new IdempotencyRefusal(`The ClientToken ${clientToken} was used to start test case ${earlier.testCaseId}`);
    }
    if (!tc.published) throw new Refusal("invalid", `Test case ${tc.id} has no published version: only a PUBLISHED test case can run`);
    const inFlight = this.executions.filter((e) => !e.run.finished).length;
    if (inFlight >= this.limits.inFlight) throw new QuotaRefusal(`${inFlight} test case executions are running or waiting, the most the instance takes`);
    const run = new TestCaseRun(this.runtime, tc.published.runnable, () => this.pump());
    const execution: Execution = { id: this.runtime.ids.uuid(), testCaseId: tc.id, testCaseName: tc.published.name, run };
    this.executions.push(execution);
    this.waiting.push(execution);
    if (clientToken !== undefined) this.tokens.set(clientToken, execution);
    this.forgetOldest();
    // Deferred so that the caller sees the execution INITIATED, as the service answers.
    void Promise.resolve().then(() => this.pump());
    return execution;
  }

  get(testCaseId: string, executionId: string): Execution {
    const execution = this.executions.find((e) => e.id === executionId && (e.testCaseId === testCaseId || this.arnOf(e) === testCaseId));
    if (!execution) throw new Refusal("not-found", `Test case execution not found: ${executionId} of test case ${testCaseId}`);
    return execution;
  }

  stop(testCaseId: string, executionId: string): void {
    const execution = this.get(testCaseId, executionId);
    this.waiting = this.waiting.filter((e) => e !== execution);
    execution.run.stop();
  }

  /** Stops what a deleted test case had running or waiting. */
  stopAll(tc: StoredTestCase): void {
    for (const e of this.executions) if (e.testCaseId === tc.id && !e.run.finished) this.stop(e.testCaseId, e.id);
  }

  list(filter: ExecutionFilter): Execution[] {
    return this.executions.filter((e) => {
      const s = e.run.summary();
      return (
        (filter.testCaseId === undefined || e.testCaseId === filter.testCaseId || this.arnOf(e) === filter.testCaseId) &&
        (filter.testCaseName === undefined || e.testCaseName === filter.testCaseName) &&
        (filter.startedAfter === undefined || s.startTime >= filter.startedAfter) &&
        (filter.startedBefore === undefined || s.startTime <= filter.startedBefore) &&
        (filter.status === undefined || s.status === filter.status)
      );
    });
  }

  private arnOf(e: Execution): string {
    return this.runtime.resources.arn("test-case", e.testCaseId);
  }

  /** Starts waiting runs while slots are free. */
  private pump(): void {
    let running = this.executions.filter((e) => e.run.status === "IN_PROGRESS").length;
    while (running < this.limits.running && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (next.run.status !== "INITIATED") continue;
      next.run.start();
      // A run that could not start (its flow is gone) has finished already and frees its slot.
      if (!next.run.finished) running++;
    }
  }

  private forgetOldest(): void {
    const finished = this.executions.filter((e) => e.run.finished);
    const excess = finished.length - MAX_KEPT_EXECUTIONS;
    if (excess <= 0) return;
    const gone = new Set(finished.slice(0, excess));
    this.executions = this.executions.filter((e) => !gone.has(e));
    for (const [token, e] of this.tokens) if (gone.has(e)) this.tokens.delete(token);
  }
}
