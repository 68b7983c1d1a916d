/**
 * Which platform a flow file belongs to, by its shape: Webex Flow Designer documents
 * (process.activities/links, the template wrapper, activity bags, FlowIR) are linted by the
 * Webex loader; everything else, unreadable files included, stays with the Connect loader.
 */
import { readFile, stat } from "node:fs/promises";
import { MAX_FLOW_CONTENT } from "../connect/flow/load.js";
import { detectWebex } from "../webex/shape.js";
import { lintWebexDocument } from "../webex/lint.js";
import type { LintReport } from "../kernel/lint-report.js";

/** The Webex lint report for `file`, or undefined when it is not a Webex document. */
export async function lintIfWebex(file: string): Promise<LintReport | undefined> {
  let doc: unknown;
  try {
    // Larger files are no flow of either platform; the Connect loader reports their size without reading them.
    if ((await stat(file)).size > MAX_FLOW_CONTENT * 4) return undefined;
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
  return detectWebex(doc) ? lintWebexDocument(doc, file) : undefined;
}
