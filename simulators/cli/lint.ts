/**
 * `flowsim lint`: loads every flow export it is given and prints each problem. Exits 1 when
 * any file has an error.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { loadFlowFile } from "../connect/flow/load.js";
import { FLOW_TYPES, parseFlowType, type FlowType } from "../connect/flow/flow-types.js";
import type { Problem } from "../kernel/problems.js";
import { lintIfWebex } from "./platform.js";
import { lintLine, type LintReport } from "../kernel/lint-report.js";
import { badValue, defineCommand } from "./command.js";

export type { LintReport };

/** Expands directories into the .json files below them (sorted, so output is stable). */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      out.push(p); // reported as unreadable by the loader
      continue;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(p)).sort();
      out.push(...(await collectFiles(entries.filter((e) => !e.startsWith(".")).map((e) => join(p, e)).filter((e) => e.endsWith(".json") || !e.includes("."))))); 
    } else {
      out.push(p);
    }
  }
  return out;
}

const brief = (p: Problem) => ({ ...(p.action !== undefined ? { action: p.action } : {}), path: p.path, message: p.message });

export async function lintFiles(files: string[], flowType?: FlowType): Promise<LintReport[]> {
  const reports: LintReport[] = [];
  for (const file of files) {
    // Webex Flow Designer exports are recognised by shape; --type applies to Connect flows only.
    const webex = await lintIfWebex(file);
    if (webex) {
      reports.push(webex);
      continue;
    }
    const flow = await loadFlowFile(file, flowType ? { flowType } : {});
    reports.push({
      file,
      ok: flow.ok,
      flowType: flow.flowType,
      errors: flow.problems.filter((p) => p.severity === "error").map(brief),
      warnings: flow.problems.filter((p) => p.severity === "warning").map(brief),
    });
  }
  return reports;
}

function formatReport(r: LintReport): string {
  const lines = [`${r.ok ? "ok  " : "FAIL"} ${r.file} (${r.flowType}${r.errors.length ? `, ${r.errors.length} error${r.errors.length > 1 ? "s" : ""}` : ""}${r.warnings.length ? `, ${r.warnings.length} warning${r.warnings.length > 1 ? "s" : ""}` : ""})`];
  for (const e of r.errors) lines.push(`     ${lintLine("error", e)}`);
  for (const w of r.warnings) lines.push(`     ${lintLine("warning", w)}`);
  return lines.join("\n");
}

export const lint = defineCommand({
  name: "lint",
  summary: "check flow exports the way the service does on publish",
  operands: { name: "files or dirs...", description: "flow exports (Amazon Connect or Webex), or folders of them", required: true },
  options: {
    json: { type: "boolean", description: "print the reports as JSON instead of text" },
    type: {
      type: "string",
      value: "FLOW_TYPE",
      description: "read every Connect flow as this type (e.g. CUSTOMER_QUEUE, MODULE)",
      parse: (text) => parseFlowType(text) ?? badValue(`must be a flow type: ${FLOW_TYPES.join(", ")}`),
    },
    quiet: { type: "boolean", short: "q", description: "list only the files with errors, and no warnings" },
  },
  async run({ values, operands }, io) {
    const reports = await lintFiles(await collectFiles(operands), values.type);
    if (values.json) io.out(JSON.stringify(reports, null, 2));
    else {
      for (const r of reports) if (!values.quiet || !r.ok) io.out(formatReport(values.quiet ? { ...r, warnings: [] } : r));
      const failed = reports.filter((r) => !r.ok).length;
      io.out(`${reports.length} file${reports.length === 1 ? "" : "s"}: ${reports.length - failed} ok, ${failed} with errors`);
    }
    return reports.some((r) => !r.ok) ? 1 : 0;
  },
});
