/** What running one test-case file gave: the runner (files.ts) makes it, the report prints it. */
import type { ExecutionRecord } from "./records.js";

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
}
