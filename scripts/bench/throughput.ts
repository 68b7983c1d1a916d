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
import { percentileOf } from "./stats.js";
import { machineBusySeconds } from "./machine.js";

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
  /** What other processes on the machine used meanwhile. */
  otherCores: number;
}

async function measure(child: ChildServer<unknown>, send: (i: number) => Promise<Reply>, durationMs: number): Promise<Measured> {
  const cpu0 = child.cpuSeconds();
  const own0 = process.cpuUsage();
  const busy0 = machineBusySeconds();
  const t0 = performance.now();
  const result = await closedLoop(send, CONCURRENCY, durationMs);
  const wall = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const serverCores = (child.cpuSeconds() - cpu0) / wall;
  const generatorCores = (own.user + own.system) / 1e6 / wall;
  return { result, serverCores, generatorCores, otherCores: (machineBusySeconds() - busy0) / wall - serverCores - generatorCores };
}

const median = (xs: number[]) => percentileOf(Float64Array.from(xs).sort(), 50);

export async function sendMessageThroughput(record: Record, options: ThroughputOptions): Promise<void> {
  const durationMs = options.quick ? 2_000 : 3_000;
  const rounds = options.quick ? 1 : 5;
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
    // Medians: a neighbour's burst on this shared machine spoils a round, not the figure.
    const simRate = median(simRuns.map((m) => m.result.perSecond));
    const bareRate = median(bareRuns.map((m) => m.result.perSecond));
    // Each round's two runs follow each other, so their ratio shares the machine's conditions.
    const ratios = simRuns.map((m, i) => m.result.perSecond / bareRuns[i].result.perSecond);
    const ratio = median(ratios);
    const failed = [...simRuns, ...bareRuns].reduce((n, m) => n + m.result.failed, 0);
    // CPU time per request depends less on what the neighbours leave than requests per second do.
    const cores = (runs: Measured[]) => {
      const server = median(runs.map((m) => m.serverCores));
      return `${Math.round(median(runs.map((m) => m.serverCores / m.result.perSecond)) * 1e6)} µs CPU each; server ${server.toFixed(2)} cores, generator ${median(runs.map((m) => m.generatorCores)).toFixed(2)}, other work ${median(runs.map((m) => m.otherCores)).toFixed(2)}`;
    };
    const how = `${CONCURRENCY} at a time, medians of ${rounds} alternating rounds of ${durationMs / 1000} s, raw keep-alive client`;
    record(`throughput: SendMessage, ${CHATS} chats with both sockets`, `${Math.round(simRate).toLocaleString()} req/s (${cores(simRuns)})`);
    record("throughput: bare node:http, same request and reply size", `${Math.round(bareRate).toLocaleString()} req/s (${cores(bareRuns)})`);
    // The server-side view: bare's CPU per request over SendMessage's. Requests per second can be
    // capped by the generator (it shares the machine), CPU per request cannot.
    const perRequest = (runs: Measured[]) => median(runs.map((m) => m.serverCores / m.result.perSecond));
    const cpuRatio = perRequest(bareRuns) / perRequest(simRuns);
    const spread = rounds > 1 ? `, rounds ${Math.round(Math.min(...ratios) * 100)}–${Math.round(Math.max(...ratios) * 100)}%` : "";
    record(`throughput: SendMessage ÷ bare node:http (goal ≥ ${GOAL * 100}%)`, `${(ratio * 100).toFixed(0)}%${spread} — ${ratio >= GOAL ? "goal met" : "goal missed"} (${how}${failed ? `; ${failed} requests failed` : ""}); by server CPU per request ${(cpuRatio * 100).toFixed(0)}%`);
  } finally {
    for (const load of loads) load.close();
    chats?.close();
    await sim?.stop();
    await bare?.stop();
  }
}
