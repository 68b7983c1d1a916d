/**
 * What a wire bench's figures depend on besides the code: cores, CPU model, Node version, and
 * the open-file limit, which caps how many sockets one process may hold (each chat needs two
 * in the simulator and two in the load generator).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** USER_HZ: the unit of /proc/stat and /proc/<pid>/stat, 100 on every Linux Node runs on. */
export const TICKS_PER_SECOND = 100;

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

/**
 * CPU seconds the whole machine has spent busy (all cores, all processes) since boot; NaN
 * where /proc is missing. Over a window, minus what the bench's own processes used, it is
 * what other work on a shared machine took from the figures.
 */
export function machineBusySeconds(): number {
  try {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    const ticks = fields.slice(0, 8).map(Number);
    return (ticks.reduce((a, b) => a + b, 0) - ticks[3] - ticks[4]) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

export function describeMachine(): string {
  const limit = openFileLimit();
  return `${cpus().length} cores, ${cpuModel()}, node ${process.version}${Number.isFinite(limit) ? `, ≤ ${limit.toLocaleString()} open files per process` : ""}`;
}

/**
 * Pins a process (all its threads) to one core with `taskset`, so that a simulator and the
 * load generator measuring it stop taking turns on the same cores: on a small machine their
 * scheduling otherwise shows up as latency. Throws, saying why, where it cannot.
 */
export function pinToCore(pid: number, core: number): void {
  if (cpus().length < 2) throw new Error(`--pin needs 2 cores or more (this machine has ${cpus().length})`);
  const run = spawnSync("taskset", ["-a", "-p", "-c", String(core), String(pid)], { encoding: "utf8" });
  if (run.error) throw new Error(`--pin needs taskset (util-linux): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`taskset could not pin process ${pid} to core ${core}: ${run.stderr.trim()}`);
}
