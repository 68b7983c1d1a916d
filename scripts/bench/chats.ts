/**
 * Many concurrent chats on websockets: N chats on a simulator in a child process, each with
 * its customer and its agent on ChatJS-like sockets, then messages at a target aggregate
 * rate for a bounded time. Prints delivery latency at the receiving socket, messages lost
 * and duplicated, and the simulator's peak RSS (read from /proc by this process), beside
 * the goals of issue 13: p99 < 20 ms, 0 lost, RSS < 2 GiB. Since on a shared machine the
 * figures depend on who else runs, it also prints the CPU each side and the rest of the
 * machine used, and both sides' event-loop delays (a stall on either shows as latency).
 *
 * Options (flag or environment variable; every value is clamped to its bounds):
 *   --chats N    FLOWSIM_BENCH_CHATS    concurrent chats (default 10,000, quick 300; 1–10,000)
 *   --rate N     FLOWSIM_BENCH_RATE     messages per second, all chats together (default 4,000, quick 1,000; 1–20,000)
 *   --seconds N  FLOWSIM_BENCH_SECONDS  how long messages are sent (default 20, quick 5; 1–120)
 *   --cpu-prof   profile the simulator child (node --cpu-prof) into reports/profiles/
 *   --pin        the simulator on core 0, this load generator on core 1 (taskset): on a small
 *                machine it shows what is the simulator's latency and what the scheduler's
 * e.g. `npm run bench -- chats --chats 1000 --seconds 5`.
 */
import { performance, monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { LOOP_RESOLUTION_MS, loopLateness, startChild, type ChildServer } from "./child.js";
import { ChatSet } from "./chat-set.js";
import { HttpLoad } from "./http-load.js";
import { MessageDrive } from "./message-drive.js";
import { describeMachine, machineBusySeconds, openFileLimit, pinToCore } from "./machine.js";
import { GiB, MiB, ms, numberOption, summarise } from "./stats.js";
import type { SimReady } from "./sim-server.js";

type Record = (name: string, value: string) => void;

export interface ChatsOptions {
  chats: number;
  rate: number;
  seconds: number;
  /** How long after the last answer a message may still arrive before it counts as lost. */
  graceMs: number;
  simNodeArgs: string[];
  pin: boolean;
}

/** Flags of this bench that take a value (bench.ts must not read their values as bench names). */
export const CHATS_VALUE_FLAGS = ["--chats", "--rate", "--seconds"];
/** Chats per agent: the most a routing profile allows for chat. */
const PER_AGENT = 10;
/** File descriptors each process keeps for other things than chat sockets (HTTP sockets, files, pipes). */
const FD_RESERVE = 600;
/** Setup of 10,000 chats takes a few minutes on two cores; beyond this something is wrong. */
const SETUP_LIMIT_MS = 15 * 60_000;
const GOALS = { p99Ms: 20, rssBytes: 2 * GiB };
/** Long enough to see every socket's heartbeat once or more. */
const IDLE_MS = 10_000;

export function chatsOptions(argv: readonly string[], quick: boolean): ChatsOptions {
  const env = process.env;
  return {
    chats: numberOption(argv, env, { flag: "chats", env: "FLOWSIM_BENCH_CHATS", fallback: quick ? 300 : 10_000, min: 1, max: 10_000 }),
    rate: numberOption(argv, env, { flag: "rate", env: "FLOWSIM_BENCH_RATE", fallback: quick ? 1_000 : 4_000, min: 1, max: 20_000 }),
    seconds: numberOption(argv, env, { flag: "seconds", env: "FLOWSIM_BENCH_SECONDS", fallback: quick ? 5 : 20, min: 1, max: 120 }),
    graceMs: 5_000,
    simNodeArgs: argv.includes("--cpu-prof") ? ["--cpu-prof", "--cpu-prof-dir", "reports/profiles"] : [],
    pin: argv.includes("--pin"),
  };
}

function withDeadline<T>(work: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${limitMs / 1000} s`)), limitMs)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const goal = (met: boolean) => (met ? "goal met" : "goal missed");

export async function manyChats(record: Record, options: ChatsOptions): Promise<void> {
  // Two sockets per chat in each process, under the per-process open-file limit.
  const socketCap = Math.max(1, Math.floor((openFileLimit() - FD_RESERVE) / 2));
  const count = Math.min(options.chats, socketCap);
  record("chats: machine", describeMachine());
  if (count < options.chats) record(`chats: ${count.toLocaleString()} of the ${options.chats.toLocaleString()} asked for`, "the open-file limit caps them: each chat holds 2 sockets in the simulator and 2 here");
  const agents = Math.ceil(count / PER_AGENT);
  let sim: ChildServer<SimReady> | undefined;
  let chats: ChatSet | undefined;
  let load: HttpLoad | undefined;
  let peakRss = 0;
  const sampler = setInterval(() => void sim?.memory().then((m) => (peakRss = Math.max(peakRss, m.rss))), 250);
  try {
    sim = await startChild<SimReady>(fileURLToPath(new URL("./sim-server.ts", import.meta.url)), [String(agents), String(PER_AGENT)], { nodeArgs: options.simNodeArgs });
    if (options.pin) {
      pinToCore(sim.pid, 0);
      pinToCore(process.pid, 1);
      record("chats: pinned", "simulator on core 0, load generator on core 1");
    }
    const drive = new MessageDrive(options.rate, options.seconds);
    chats = new ChatSet(sim.ready, drive.onItem);
    const setupStart = performance.now();
    process.stderr.write(`chats: setting up ${count.toLocaleString()} chats with ${agents.toLocaleString()} agents...\n`);
    await withDeadline(chats.open(count), SETUP_LIMIT_MS, "setting up the chats");
    const setupSeconds = (performance.now() - setupStart) / 1000;
    const afterSetup = await sim.memory();
    record(
      `chats: set up ${count.toLocaleString()} chats, ${agents.toLocaleString()} agents × ${PER_AGENT}`,
      `${setupSeconds.toFixed(1)} s (${Math.round(count / setupSeconds)} chats/s; SDK, control plane, ${chats.openSockets.toLocaleString()} ChatJS-like sockets); simulator RSS ${(afterSetup.rss / MiB).toFixed(0)} MiB`,
    );
    // What the sockets cost before any message: ChatJS's ping and heartbeat, 2 frames per socket every 10 s.
    const idle0 = sim.cpuSeconds();
    const idleStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleCores = (sim.cpuSeconds() - idle0) / ((performance.now() - idleStart) / 1000);
    record("chats: simulator CPU with every socket open, no messages", `${idleCores.toFixed(2)} cores (heartbeats: ${Math.round((chats.openSockets * 2) / 10).toLocaleString()} frames/s in, as many out)`);

    load = new HttpLoad(sim.ready.endpoint, 256);
    drive.attach(chats.chats, load);
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const cpu0 = sim.cpuSeconds();
    const own0 = process.cpuUsage();
    const busy0 = machineBusySeconds();
    await sim.loopDelay();
    const t0 = performance.now();
    await drive.sendAll();
    const simLoop = await sim.loopDelay();
    const wall = (performance.now() - t0) / 1000;
    const simCores = (sim.cpuSeconds() - cpu0) / wall;
    const own = process.cpuUsage(own0);
    const ownCores = (own.user + own.system) / 1e6 / wall;
    const otherCores = (machineBusySeconds() - busy0) / wall - simCores - ownCores;
    loop.disable();
    const figures = await drive.settle(options.graceMs);
    const memory = await sim.memory();
    peakRss = Math.max(peakRss, memory.rss, memory.peak);

    const delivery = summarise(figures.latencies);
    const replies = summarise(figures.replies);
    record(
      `chats: SendMessage, ${options.rate.toLocaleString()} msg/s asked for ${options.seconds} s`,
      `${Math.round(figures.achievedRate).toLocaleString()} msg/s sent (raw HTTP: the SDK would be the bottleneck), ${figures.accepted.toLocaleString()} accepted, ${figures.failed} failed${figures.firstFailure ? ` (first: ${figures.firstFailure})` : ""}, ${figures.late.toLocaleString()} sent > 5 ms late; answered in p50 ${ms(replies.p50)}, p99 ${ms(replies.p99)}`,
    );
    record(`chats: delivery, send → other side's socket (goal p99 < ${GOALS.p99Ms} ms)`, `p50 ${ms(delivery.p50)}, p99 ${ms(delivery.p99)}, max ${ms(delivery.max)} over ${delivery.count.toLocaleString()} — ${goal(delivery.p99 < GOALS.p99Ms)}`);
    record(
      "chats: lost, duplicated, in the wrong chat (goal 0 lost)",
      `${figures.lost} lost (not received ${options.graceMs / 1000} s after the last answer), ${figures.duplicates} duplicated, ${figures.wrongChat} in the wrong chat — ${goal(figures.lost === 0 && figures.duplicates === 0 && figures.wrongChat === 0)}`,
    );
    record("chats: simulator peak RSS (goal < 2 GiB)", `${(peakRss / GiB).toFixed(2)} GiB (from /proc, sampled and VmHWM) — ${goal(peakRss < GOALS.rssBytes)}`);
    record(
      "chats: CPU while sending (1.00 = one core)",
      `simulator ${simCores.toFixed(2)}, load generator ${ownCores.toFixed(2)}, other work on the machine ${otherCores.toFixed(2)}`,
    );
    // A stalled event loop on either side shows in the latencies; these say which side stalled.
    record(
      "chats: event-loop delay while sending, p99 / max",
      `simulator ${ms(simLoop.p99)} / ${ms(simLoop.max)}, load generator ${ms(loopLateness(loop.percentile(99)))} / ${ms(loopLateness(loop.max))} (generator heap ${(process.memoryUsage().heapUsed / MiB).toFixed(0)} MiB)`,
    );
  } finally {
    clearInterval(sampler);
    load?.close();
    chats?.close();
    await sim?.stop();
  }
}
