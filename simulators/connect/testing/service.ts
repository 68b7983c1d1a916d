/**
 * The test-case side of an instance: its stored test cases and their executions, one
 * per Runtime. Kept beside the runtime rather than in it, so the runtime and the flow
 * language know nothing of test cases.
 */
import type { Runtime } from "../runtime/runtime.js";
import { TestCaseExecutions, type ExecutionLimits } from "./executions.js";
import { TestCaseStore } from "./store.js";
import { MAX_QUEUED_EXECUTIONS, MAX_RUNNING_EXECUTIONS } from "./limits.js";

export interface TestCaseService {
  store: TestCaseStore;
  executions: TestCaseExecutions;
}

const services = new WeakMap<Runtime, TestCaseService>();

/**
 * The instance's test cases. `limits` apply when the service is first made (tests lower
 * them to reach the quotas); later calls return the same service.
 */
export function testCasesOf(runtime: Runtime, limits?: { testCases?: number } & Partial<ExecutionLimits>): TestCaseService {
  let service = services.get(runtime);
  if (!service) {
    const store = new TestCaseStore(runtime, limits?.testCases);
    const executions = new TestCaseExecutions(runtime, store, { running: limits?.running ?? MAX_RUNNING_EXECUTIONS, inFlight: limits?.inFlight ?? MAX_QUEUED_EXECUTIONS });
    service = { store, executions };
    services.set(runtime, service);
  }
  return service;
}
