/** The text report of a test-case file run: one line per test case, details indented below it. */
import type { FileResult } from "./file-result.js";

const LABEL: Record<FileResult["status"], string> = { PASSED: "PASS", FAILED: "FAIL", STOPPED: "STOP", INVALID: "INVALID", ERROR: "ERROR" };

export function formatResult(r: FileResult): string {
  const o = r.observations;
  const counts = o ? ` ${o.passed}/${o.total} observations passed` : "";
  const lines = [`${LABEL[r.status].padEnd(7)} ${r.name} (${r.file})${counts}`];
  if (r.failure) lines.push(`        ${r.failure.observation ? `observation "${r.failure.observation}" ` : ""}${r.failure.reason}`);
  for (const p of r.problems ?? []) lines.push(`        ${p}`);
  if (r.created?.length) lines.push(`        created: ${r.created.join(", ")}`);
  for (const w of r.warnings ?? []) lines.push(`        warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

export function formatTotals(results: FileResult[]): string {
  if (results.length === 0) return "no test case files found\n";
  const count = (status: FileResult["status"]) => results.filter((r) => r.status === status).length;
  const parts = [`${count("PASSED")} passed`, `${count("FAILED")} failed`];
  for (const status of ["STOPPED", "INVALID", "ERROR"] as const) if (count(status)) parts.push(`${count(status)} ${status.toLowerCase()}`);
  return `${parts.join(", ")} (${results.length} test case${results.length === 1 ? "" : "s"})\n`;
}
