/**
 * What a wire bench's figures depend on besides the code: cores, CPU model, Node version, and
 * the open-file limit, which caps how many sockets one process may hold (each chat needs two
 * in the simulator and two in the load generator).
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** The soft limit on open files of this process (children inherit it); Infinity when unknown. */
export function openFileLimit(): number {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === "unlimited" ? Infinity : Number(soft);
  } catch {
    return Infinity;
  }
}

function cpuModel(): string {
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1];
    if (model) return model.trim();
  } catch {
    // Not Linux: the model Node reports.
  }
  return cpus()[0]?.model.trim() ?? "unknown CPU";
}

export function describeMachine(): string {
  const limit = openFileLimit();
  return `${cpus().length} cores, ${cpuModel()}, node ${process.version}${Number.isFinite(limit) ? `, ≤ ${limit.toLocaleString()} open files per process` : ""}`;
}
