/** `flowsim lint` for Webex Flow Designer documents: the same report shape as for Amazon Connect flows. */
import type { Problem } from "../kernel/problems.js";
import type { LintReport } from "../kernel/lint-report.js";
import { loadWebexFlow, type WebexLoadOptions } from "./load.js";

const brief = (p: Problem) => ({ ...(p.action !== undefined ? { action: p.action } : {}), path: p.path, message: p.message });

/** Lints an already parsed Webex document (see `detectWebex`). */
export function lintWebexDocument(doc: unknown, file: string, options: Omit<WebexLoadOptions, "file"> = {}): LintReport {
  const r = loadWebexFlow(doc, { ...options, file });
  return {
    file,
    ok: r.ok,
    flowType: r.flowType,
    errors: r.problems.filter((p) => p.severity === "error").map(brief),
    warnings: r.problems.filter((p) => p.severity === "warning").map(brief),
  };
}
