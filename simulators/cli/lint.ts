/**
 * `flowsim lint <files or dirs...> [--json] [--type TYPE]`: loads every flow export it is
 * given and prints each problem. Exits non-zero when any file has an error.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { loadFlowFile } from "../connect/flow/load.js";
import { parseFlowType, type FlowType } from "../connect/flow/flow-types.js";
import type { Problem } from "../kernel/problems.js";
import { lintIfWebex } from "./platform.js";
import type { LintReport } from "../kernel/lint-report.js";

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
  for (const e of r.errors) lines.push(`     error   ${e.action !== undefined ? `[${e.action}] ` : ""}${e.path}: ${e.message}`);
  for (const w of r.warnings) lines.push(`     warning ${w.action !== undefined ? `[${w.action}] ` : ""}${w.path}: ${w.message}`);
  return lines.join("\n");
}

export async function lintCommand(args: string[], out: (s: string) => void = (s) => process.stdout.write(s + "\n")): Promise<number> {
  let json = false;
  let quiet = false;
  let flowType: FlowType | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--quiet" || a === "-q") quiet = true;
    else if (a === "--type") {
      const t = parseFlowType(args[++i]);
      if (!t) {
        out(`flowsim lint: unknown flow type "${args[i]}" (e.g. CONTACT_FLOW, CUSTOMER_QUEUE, MODULE)`);
        return 2;
      }
      flowType = t;
    } else if (a.startsWith("-")) {
      out(`flowsim lint: unknown option ${a}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0) {
    out("usage: flowsim lint <files or dirs...> [--json] [--type FLOW_TYPE] [--quiet]");
    return 2;
  }
  const reports = await lintFiles(await collectFiles(paths), flowType);
  if (json) out(JSON.stringify(reports, null, 2));
  else {
    for (const r of reports) if (!quiet || !r.ok) out(formatReport(quiet ? { ...r, warnings: [] } : r));
    const failed = reports.filter((r) => !r.ok).length;
    out(`${reports.length} file${reports.length === 1 ? "" : "s"}: ${reports.length - failed} ok, ${failed} with errors`);
  }
  return reports.some((r) => !r.ok) ? 1 : 0;
}
