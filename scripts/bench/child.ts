/**
 * A server under test in a child process, so the load generator never shares its event loop
 * or its CPU time with what it measures. The child says `ready` over IPC; the parent reads
 * its memory and CPU from /proc (nothing the child does can make those look better), and
 * stops it with a `stop` message so a `--cpu-prof` profile gets written, killing it if it
 * does not go in time. Every child started is stopped when the bench process exits, however
 * it exits.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { TICKS_PER_SECOND } from "./machine.js";

export interface ChildServer<Ready> {
  pid: number;
  ready: Ready;
  /** Resident memory now and at its peak (VmHWM), in bytes; from the child itself where /proc is missing. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** CPU seconds (user + system) the child has used so far; NaN where /proc is missing. */
  cpuSeconds(): number;
  /** The same, split: in the process's own code and in the kernel on its behalf (system calls: reads, writes). */
  cpuTimes(): { user: number; system: number };
  /** The child's event-loop delay since the last call (p99 and max, ms): how long it kept a client waiting at worst. */
  loopDelay(): Promise<{ p99: number; max: number }>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function procStatus(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib("VmRSS"), peak: kib("VmHWM") };
  } catch {
    return undefined;
  }
}

function procCpuTimes(pid: number): { user: number; system: number } {
  try {
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
  } catch {
    return { user: NaN, system: NaN };
  }
}

function procCpuSeconds(pid: number): number {
  const { user, system } = procCpuTimes(pid);
  return user + system;
}

/**
 * Starts `module` (a TypeScript file, run with tsx) with `args`, and waits for its first IPC
 * message `{type: "ready", ...}`. `nodeArgs` go to node (e.g. `--cpu-prof`).
 */
export async function startChild<Ready>(module: string, args: string[], options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<ChildServer<Ready>> {
  const child = fork(module, args, { execArgv: ["--import", "tsx", ...(options.nodeArgs ?? [])], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  live.add(child);
  child.once("exit", () => live.delete(child));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${module} was not ready within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${module} exited (${code}) before it was ready`)));
    child.on("message", (m: { type?: string }) => {
      if (m?.type !== "ready") return;
      clearTimeout(timer);
      resolve(m as Ready);
    });
  }).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });
  const pid = child.pid!;
  return {
    pid,
    ready,
    memory: async () => procStatus(pid) ?? (await ask<{ rss: number }>(child, "memory").then((m) => ({ rss: m.rss, peak: m.rss }))),
    cpuSeconds: () => procCpuSeconds(pid),
    cpuTimes: () => procCpuTimes(pid),
    loopDelay: () => ask<{ p99: number; max: number }>(child, "loop"),
    stop: () => stopChild(child),
  };
}

/** Asks the child (see serveParent) and waits for its answer of the same type. */
function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    if (!child.connected) return reject(new Error("the child has gone"));
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== type) return;
      child.off("message", onMessage);
      resolve(m as T);
    };
    child.on("message", onMessage);
    child.send({ type });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.send({ type: "stop" });
  // Writing the CPU profile of a few busy minutes (--cpu-prof) takes a while; a child stuck longer is killed.
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  await exited;
  clearTimeout(timer);
}

/** Sampling period of the event-loop delay histograms. */
export const LOOP_RESOLUTION_MS = 10;

/** A histogram value (ns) of monitorEventLoopDelay as lateness in ms: it records whole sampling periods. */
export function loopLateness(ns: number): number {
  return Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
}

/**
 * The child's side: answers `memory` and `loop` (its event-loop delay since the last
 * `loop`), and on `stop` (or when the parent goes away) runs `close` and exits, so no child
 * outlives its bench.
 */
export function serveParent(close: () => Promise<void>): void {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 5_000))]).catch(() => undefined);
    process.exit(0);
  };
  process.on("message", (m: { type?: string }) => {
    if (m?.type === "memory") process.send?.({ type: "memory", rss: process.memoryUsage().rss });
    else if (m?.type === "loop") {
      process.send?.({ type: "loop", p99: loopLateness(loop.percentile(99)), max: loopLateness(loop.max) });
      loop.reset();
    } else if (m?.type === "stop") void stop();
  });
  process.once("disconnect", () => void stop());
}
