/**
 * SendMessage throughput against a yardstick: the same load generator (one keep-alive agent,
 * fixed concurrency, fixed duration) drives SendMessage on a simulator whose chats have
 * their customer and agent sockets connected (delivering to them is part of the cost), then
 * a bare `node:http` server that reads the body and answers a JSON of the same size. Both
 * servers are child processes; rounds alternate between them so a neighbour's load on this
 * shared machine falls on both. The goal is a ratio of at least 50%.
 */
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { startChild, type ChildServer } from "./child.js";
import { ChatSet } from "./chat-set.js";
import { closedLoop, HttpLoad, type ClosedLoopResult, type Reply } from "./http-load.js";
import type { SimReady } from "./sim-server.js";
import type { BareReady } from "./bare-server.js";

type Record = (name: string, value: string) => void;

export interface ThroughputOptions {
  quick: boolean;
  /** Extra node arguments for the simulator child (`--cpu-prof`...). */
  simNodeArgs: string[];
}

const CHATS = 20;
const CONCURRENCY = 32;
const GOAL = 0.5;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Measured {
  result: ClosedLoopResult;
  /** The server child's CPU use over the window, in cores (1 = one core fully busy). */
  serverCores: number;
  generatorCores: number;
}

async function measure(child: ChildServer<unknown>, send: (i: number) => Promise<Reply>, durationMs: number): Promise<Measured> {
  const cpu0 = child.cpuSeconds();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await closedLoop(send, CONCURRENCY, durationMs);
  const wall = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  return { result, serverCores: (child.cpuSeconds() - cpu0) / wall, generatorCores: (own.user + own.system) / 1e6 / wall };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function sendMessageThroughput(record: Record, options: ThroughputOptions): Promise<void> {
  const durationMs = options.quick ? 2_000 : 5_000;
  const rounds = options.quick ? 1 : 2;
  let sim: ChildServer<SimReady> | undefined;
  let bare: ChildServer<BareReady> | undefined;
  let chats: ChatSet | undefined;
  const loads: HttpLoad[] = [];
  try {
    sim = await startChild<SimReady>(here("./sim-server.ts"), [String(CHATS / 2), "2"], { nodeArgs: options.simNodeArgs });
    chats = new ChatSet(sim.ready);
    await chats.open(CHATS);
    const tokens = chats.chats.flatMap((c) => [c.tokens.CUSTOMER, c.tokens.AGENT]);
    const simLoad = new HttpLoad(sim.ready.endpoint, CONCURRENCY);
    loads.push(simLoad);
    const toSim = (i: number) => simLoad.sendMessage(tokens[i % tokens.length], `throughput ${i}`);
    const sample = await toSim(0);
    if (sample.status !== 200) throw new Error(`SendMessage answered ${sample.status}: ${sample.body}`);

    bare = await startChild<BareReady>(here("./bare-server.ts"), [String(Buffer.byteLength(sample.body))]);
    const bareLoad = new HttpLoad(bare.ready.endpoint, CONCURRENCY);
    loads.push(bareLoad);
    // The same request as SendMessage's, bearer header and body alike.
    const toBare = (i: number) => bareLoad.sendMessage(tokens[i % tokens.length], `throughput ${i}`);

    // Warm both up so neither is measured while its code is still being compiled.
    await closedLoop(toSim, CONCURRENCY, 1_000);
    await closedLoop(toBare, CONCURRENCY, 1_000);
    const simRuns: Measured[] = [];
    const bareRuns: Measured[] = [];
    for (let r = 0; r < rounds; r++) {
      simRuns.push(await measure(sim, toSim, durationMs));
      bareRuns.push(await measure(bare, toBare, durationMs));
    }
    const simRate = mean(simRuns.map((m) => m.result.perSecond));
    const bareRate = mean(bareRuns.map((m) => m.result.perSecond));
    const failed = [...simRuns, ...bareRuns].reduce((n, m) => n + m.result.failed, 0);
    // CPU time per request does not depend on how much CPU the neighbours left: the steadier figure on a shared machine.
    const cores = (runs: Measured[]) => {
      const server = mean(runs.map((m) => m.serverCores));
      return `${Math.round((server / mean(runs.map((m) => m.result.perSecond))) * 1e6)} µs CPU each; server ${server.toFixed(2)} cores, generator ${mean(runs.map((m) => m.generatorCores)).toFixed(2)}`;
    };
    const how = `${CONCURRENCY} at a time, ${rounds} × ${durationMs / 1000} s, raw keep-alive client`;
    record(`throughput: SendMessage, ${CHATS} chats with both sockets`, `${Math.round(simRate).toLocaleString()} req/s (${cores(simRuns)})`);
    record("throughput: bare node:http, same request and reply size", `${Math.round(bareRate).toLocaleString()} req/s (${cores(bareRuns)})`);
    record(`throughput: SendMessage ÷ bare node:http (goal ≥ ${GOAL * 100}%)`, `${((simRate / bareRate) * 100).toFixed(0)}% — ${simRate / bareRate >= GOAL ? "goal met" : "goal missed"} (${how}${failed ? `; ${failed} requests failed` : ""})`);
  } finally {
    for (const load of loads) load.close();
    chats?.close();
    await sim?.stop();
    await bare?.stop();
  }
}
