/** What running one test-case file gave: the runners make it, the reports print it. */
import type { FlowDocument } from "../flow/model.js";
import type { TraceStep } from "../flow/trace.js";
import type { ExecutionRecord } from "./records.js";
import type { TranscriptLine } from "./transcript.js";

export interface FileResult {
  file: string;
  name: string;
  /** INVALID: the test case has errors; ERROR: it could not be read or set up. */
  status: "PASSED" | "FAILED" | "STOPPED" | "INVALID" | "ERROR";
  observations?: { total: number; passed: number; failed: number };
  /** The first observation that failed, and why (what happened instead). */
  failure?: { observation?: string; reason: string };
  /** Validation errors (INVALID) or the reason it could not run (ERROR). */
  problems?: string[];
  warnings?: string[];
  /** Resources made on the fly for it. */
  created?: string[];
  records?: ExecutionRecord[];
  /** For reports beside the verdict; left out of the JSON report. */
  evidence?: RunEvidence;
}

/** The simulated contact as a report shows it: what was said, the path, the flows it went through. */
export interface RunEvidence {
  contactId?: string;
  transcript: TranscriptLine[];
  trace: TraceStep[];
  /** The flows the trace names, for pictures of the path. */
  flows: { id: string; name: string; doc: FlowDocument }[];
}

/**
 * The failure a report leads with, read from the execution records (so a run on a server
 * reads the same as one in-process): the first observation to fail in run order, else
 * the completion's message when the run failed without one (it could not start).
 */
export function failureOf(records: readonly ExecutionRecord[]): FileResult["failure"] {
  const failed = records.find((r) => r.Record.Type === "OBSERVATION" && r.Status === "FAILED");
  if (failed) return { observation: failed.ObservationId, reason: String(failed.Record.FailureReason ?? "") };
  const completion = records.find((r) => r.Record.Type === "COMPLETION");
  const reason = (completion?.Record.CompletionReason as { Message?: string } | undefined)?.Message;
  return completion?.Status === "FAILED" ? { reason: reason ?? "" } : undefined;
}
