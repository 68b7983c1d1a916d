/**
 * What a run keeps about each observation, and the execution records built from it in
 * the shape ListTestCaseExecutionRecords returns: an INITIATION record, an
 * EXECUTION_START record with the simulated contact, one OBSERVATION record per
 * observation that became active, and a COMPLETION record.
 *
 * The service does not publish the `Record` schema; these follow what third parties saw
 * live (§6.12): `Type`, `Status`, for observations `Identifier`, `Event` and `Actions[]`
 * with an Assert's value read in `ActualParameters.Namespace`, and for completion
 * `CompletionReason {Type, Message, Details, FailureReasons}`, `ExecutionSummary` and
 * `ExecutionDurationMs`. flowsim adds, on an observation that did not happen, the events
 * of its kind that happened instead (`Event.SeenInstead`), and on each action what
 * became of it (LogData values, instruction deliveries, override use).
 * FailureReasons: OBSERVE_EVENT and INITIALIZATION_FAILURE as seen live; ASSERTION (a
 * check failed) and ACTION (an override could not apply) are flowsim's own.
 */
import type { Observation } from "./model.js";
import type { Delivery } from "./customer.js";
import type { PendingOverride } from "./overrides.js";

export type RunStatus = "INITIATED" | "IN_PROGRESS" | "PASSED" | "FAILED" | "STOPPED";
export type RecordStatus = "PASSED" | "FAILED" | "IN_PROGRESS" | "STOPPED";

export interface ActionResult {
  id: string;
  type: string;
  status: "PASSED" | "FAILED";
  at: number;
  reason?: string;
  /** Assert: the value read. */
  actual?: string;
  /** LogData: the values logged. */
  data?: Record<string, string | undefined>;
  delivery?: Delivery;
  override?: PendingOverride;
}

export interface ObservationState {
  observation: Observation;
  status: "inactive" | "active" | "passed" | "failed" | "stopped";
  matches: number;
  activatedAt?: number;
  endedAt?: number;
  /** The events that matched it, described. */
  matched: Record<string, unknown>[];
  actions: ActionResult[];
  /** Events of its kind that did not match while it was active (the latest few). */
  seenInstead: Record<string, unknown>[];
  failure?: string;
}

export interface ExecutionRecord {
  ObservationId: string;
  Status: RecordStatus;
  /** Epoch ms. */
  Timestamp: number;
  Record: Record<string, unknown>;
}

export interface Completion {
  status: RunStatus;
  type: "SUCCESS" | "TIMEOUT" | "FAILURE";
  message: string;
  failureReasons: string[];
  at: number;
}

export interface ObservationCounts {
  total: number;
  passed: number;
  failed: number;
}

/** Observations never activated count in neither Passed nor Failed (only in the total). */
export function countObservations(states: ObservationState[]): ObservationCounts {
  return { total: states.length, passed: states.filter((s) => s.status === "passed").length, failed: states.filter((s) => s.status === "failed").length };
}

function actionRecord(a: ActionResult): Record<string, unknown> {
  return {
    Identifier: a.id,
    Type: a.type,
    Status: a.status,
    ...(a.reason ? { FailureReason: a.reason } : {}),
    ...(a.type === "Assert" ? { ActualParameters: { Namespace: a.actual ?? null } } : {}),
    ...(a.data ? { LoggedData: a.data } : {}),
    ...(a.delivery ? { Delivery: a.delivery.outcome ?? "waiting for the flow to listen" } : {}),
    ...(a.override ? { Used: a.override.used ? a.override.used.detail : false } : {}),
  };
}

const STATUS: Record<ObservationState["status"], RecordStatus> = { inactive: "IN_PROGRESS", active: "IN_PROGRESS", passed: "PASSED", failed: "FAILED", stopped: "STOPPED" };

export function observationRecord(s: ObservationState): ExecutionRecord {
  const o = s.observation;
  const status = STATUS[s.status];
  const event = { ...s.observation.rawEvent, ...(s.matched.length ? { Observed: s.matched } : {}), ...(s.status !== "passed" && s.seenInstead.length ? { SeenInstead: s.seenInstead } : {}) };
  return {
    ObservationId: o.id,
    Status: status,
    Timestamp: s.endedAt ?? s.activatedAt ?? 0,
    Record: {
      Type: "OBSERVATION",
      Identifier: o.id,
      Status: status,
      ...(o.times > 1 ? { Matches: `${s.matches} of ${o.times}` } : {}),
      Event: event,
      Actions: s.actions.map(actionRecord),
      ...(s.failure ? { FailureReason: s.failure } : {}),
    },
  };
}

export function completionRecord(c: Completion, counts: ObservationCounts, startedAt: number): ExecutionRecord {
  return {
    ObservationId: "COMPLETION",
    Status: c.status === "PASSED" ? "PASSED" : c.status === "STOPPED" ? "STOPPED" : "FAILED",
    Timestamp: c.at,
    Record: {
      Type: "COMPLETION",
      Status: c.status,
      CompletionReason: { Type: c.type, Message: c.message, Details: {}, FailureReasons: c.failureReasons },
      ExecutionSummary: { TotalObservations: counts.total, PassedObservations: counts.passed, FailedObservations: counts.failed },
      ExecutionDurationMs: c.at - startedAt,
    },
  };
}

export function startRecords(startedAt: number, contactId: string | undefined): ExecutionRecord[] {
  const initiation: ExecutionRecord = { ObservationId: "INITIATION", Status: "PASSED", Timestamp: startedAt, Record: { Type: "INITIATION", Status: "PASSED" } };
  if (contactId === undefined) return [initiation];
  return [initiation, { ObservationId: "EXECUTION_START", Status: "PASSED", Timestamp: startedAt, Record: { Type: "EXECUTION_START", Status: "PASSED", ContactId: contactId } }];
}
