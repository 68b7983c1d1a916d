/**
 * What a heartbeat costs the simulator: chats with both sockets open (chat-set.ts), then
 * alternating windows where the sockets only keep ChatJS's own beat (`aws/ping` and
 * `aws/heartbeat` every 10 s) and where every socket sends the pair 20 times as often. The
 * simulator's extra CPU over the extra pairs is its CPU per pair, split into its own code
 * and the kernel's (the read and the write of each answer). In CPU time, not latency: on
 * this shared machine the neighbours change the one far more than the other. Medians of
 * alternating rounds, so a neighbour's burst spoils a round, not the figure.
 */
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { startChild, type ChildServer } from "./child.js";
import { ChatSet } from "./chat-set.js";
import { CHATJS_BEAT } from "./chat-socket.js";
import { percentileOf } from "./stats.js";
import type { SimReady } from "./sim-server.js";

type Record = (name: string, value: string) => void;

const PER_AGENT = 10;
/** 20 times ChatJS's 10 s: enough pairs per window to measure, few enough for the load generator. */
const FAST_BEAT_MS = 500;

const median = (xs: number[]) => percentileOf(Float64Array.from(xs).sort(), 50);

interface Window {
  user: number;
  system: number;
  seconds: number;
}

async function cpuOver(sim: ChildServer<SimReady>, ms: number): Promise<Window> {
  const a = sim.cpuTimes();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = sim.cpuTimes();
  return { user: b.user - a.user, system: b.system - a.system, seconds: (performance.now() - t0) / 1000 };
}

export async function heartbeatCost(record: Record, quick: boolean): Promise<void> {
  const count = quick ? 200 : 1_000;
  const rounds = quick ? 1 : 3;
  const windowMs = quick ? 5_000 : 10_000;
  let sim: ChildServer<SimReady> | undefined;
  let chats: ChatSet | undefined;
  let beat: NodeJS.Timeout | undefined;
  try {
    sim = await startChild<SimReady>(fileURLToPath(new URL("./sim-server.ts", import.meta.url)), [String(Math.ceil(count / PER_AGENT)), String(PER_AGENT)]);
    chats = new ChatSet(sim.ready);
    await chats.open(count);
    const sockets = chats.sockets.map((s) => s.ws);
    // The setup's work (flows, routing) settles before anything is measured.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    let fast = false;
    let pairs = 0;
    beat = setInterval(() => {
      if (!fast) return;
      for (const ws of sockets) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        for (const frame of CHATJS_BEAT) ws.send(frame);
        pairs++;
      }
    }, FAST_BEAT_MS);
    const perPair: { user: number; system: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      fast = false;
      const slow = await cpuOver(sim, windowMs);
      fast = true;
      const before = pairs;
      const hot = await cpuOver(sim, windowMs);
      // ChatJS's own beat runs in both windows and cancels out.
      const extra = pairs - before;
      const rate = (s: number, w: Window) => s / w.seconds;
      perPair.push({
        user: ((rate(hot.user, hot) - rate(slow.user, slow)) * hot.seconds) / extra,
        system: ((rate(hot.system, hot) - rate(slow.system, slow)) * hot.seconds) / extra,
      });
    }
    const user = median(perPair.map((p) => p.user)) * 1e6;
    const system = median(perPair.map((p) => p.system)) * 1e6;
    record(
      `heartbeats: simulator CPU per aws/ping + aws/heartbeat pair (${sockets.length.toLocaleString()} sockets)`,
      `${(user + system).toFixed(1)} µs (its code ${user.toFixed(1)}, kernel ${system.toFixed(1)}); median of ${rounds} round${rounds === 1 ? "" : "s"} of ${windowMs / 1000} s, each socket beating every ${FAST_BEAT_MS} ms against every 10 s`,
    );
  } finally {
    clearInterval(beat);
    chats?.close();
    await sim?.stop();
  }
}
