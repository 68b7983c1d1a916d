/**
 * Speed and memory figures for flowsim, printed as a table. Not a test: machines are
 * shared and noisy, so nothing here passes or fails — compare runs on the same machine.
 *
 * Usage: npm run bench [-- [--quick] [name...]]
 *   names pick benches (e.g. `npm run bench -- chats throughput`); `--list` lists them.
 *   The wire benches take more options; see scripts/bench/chats.ts and throughput.ts.
 */
import { readdirSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ConnectClient, StartChatContactCommand } from "@aws-sdk/client-connect";
import { ConnectParticipantClient, CreateParticipantConnectionCommand, SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { loadFlowFile, loadFlowDocument } from "../simulators/connect/flow/load.js";
import { corpusDir } from "../simulators/connect/flow/corpus.js";
import { Runtime } from "../simulators/connect/runtime/runtime.js";
import { VirtualClock } from "../simulators/kernel/clock.js";
import { startSimulator } from "../simulators/connect/api/server.js";
import type { FlowDocument } from "../simulators/connect/flow/model.js";
import { instanceCost, scenarioThroughput } from "./bench-scenarios.js";
import { soak } from "./bench/soak.js";
import { testCaseThroughput } from "./bench-test-cases.js";
import { stackFloor } from "./bench/stack-floor.js";
import { routingScale } from "./bench/routing.js";
import { sendMessageThroughput } from "./bench/throughput.js";
import { heartbeatCost } from "./bench/heartbeats.js";
import { CHATS_VALUE_FLAGS, chatsOptions, manyChats } from "./bench/chats.js";

const quick = process.argv.includes("--quick");
const record = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);
const ms = (t: number) => `${t.toFixed(1)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function corpusLoading(): Promise<void> {
  const dir = corpusDir();
  if (!dir) return record("corpus: load + validate", "skipped (no corpus)");
  const files = readdirSync(join(dir, "connect")).filter((f) => f.endsWith(".json")).map((f) => join(dir, "connect", f));
  const rounds = quick ? 1 : 5;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const f of files) await loadFlowFile(f);
  const elapsed = performance.now() - start;
  record(`corpus: load + validate ${files.length} exports × ${rounds}`, `${ms(elapsed / (files.length * rounds))} per flow`);
}

/** A flow that loops 100 times over an attribute write and a Compare, then disconnects. */
function busyFlow(): FlowDocument {
  return {
    Version: "2019-10-30",
    StartAction: "loop",
    Metadata: { type: "contactFlow", name: "busy" },
    Actions: [
      { Identifier: "loop", Type: "Loop", Parameters: { LoopCount: "100" }, Transitions: { NextAction: "bye", Conditions: [{ NextAction: "set", Condition: { Operator: "Equals", Operands: ["ContinueLooping"] } }, { NextAction: "bye", Condition: { Operator: "Equals", Operands: ["DoneLooping"] } }] } },
      { Identifier: "set", Type: "UpdateContactAttributes", Parameters: { Attributes: { counter: "$.Loop.Index", channel: "$.Channel" } }, Transitions: { NextAction: "check", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "check", Type: "Compare", Parameters: { ComparisonValue: "$.Attributes.channel" }, Transitions: { NextAction: "loop", Conditions: [{ NextAction: "loop", Condition: { Operator: "Equals", Operands: ["CHAT"] } }], Errors: [{ NextAction: "loop", ErrorType: "NoMatchingCondition" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  };
}

async function engineThroughput(): Promise<void> {
  const clock = new VirtualClock(0);
  const runtime = new Runtime({ clock });
  const flow = runtime.publish(loadFlowDocument(busyFlow(), "busy.json"));
  const contacts = quick ? 20 : 200;
  const start = performance.now();
  // The sessions are held here: once over, the runtime keeps only the most recent ones.
  const sessions = Array.from({ length: contacts }, () => runtime.requireSession(runtime.startContact({ channel: "CHAT", flow }).id));
  await Promise.all(sessions.map((s) => s.idle));
  const elapsed = performance.now() - start;
  const actions = sessions.reduce((n, s) => n + s.trace.filter((t) => t.kind === "action").length, 0);
  record(`engine: ${contacts} contacts × ${actions / contacts} actions`, `${Math.round(actions / (elapsed / 1000)).toLocaleString()} actions/s`);
}

/** A chat flow that waits for the customer, for the virtual-time and memory figures. */
function waitingFlow(minutes: number): FlowDocument {
  return {
    Version: "2019-10-30",
    StartAction: "hello",
    Metadata: { type: "contactFlow", name: `wait-${minutes}` },
    Actions: [
      { Identifier: "hello", Type: "MessageParticipant", Parameters: { Text: "Hello, one moment please." }, Transitions: { NextAction: "wait" } },
      { Identifier: "wait", Type: "Wait", Parameters: { TimeLimitSeconds: String(minutes * 60) }, Transitions: { NextAction: "bye", Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  };
}

async function virtualTime(): Promise<void> {
  for (const minutes of [2, 480]) {
    const clock = new VirtualClock(0);
    const runtime = new Runtime({ clock });
    const flow = runtime.publish(loadFlowDocument(waitingFlow(minutes), `wait-${minutes}.json`));
    const contacts = quick ? 50 : 500;
    const chats = Array.from({ length: contacts }, () => runtime.startChat({ flow, displayName: "Customer" }).contact);
    await clock.settle();
    const start = performance.now();
    await clock.advance(minutes * 60_000);
    const ended = chats.filter((c) => c.ended).length;
    record(`virtual clock: ${contacts} chats wait ${minutes} min, all end (${ended})`, ms(performance.now() - start));
  }
}

async function memoryPerContact(): Promise<void> {
  const clock = new VirtualClock(0);
  const runtime = new Runtime({ clock });
  const flow = runtime.publish(loadFlowDocument(waitingFlow(60), "mem.json"));
  const contacts = quick ? 500 : 5000;
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < contacts; i++) runtime.startChat({ flow, displayName: "Customer" });
  await clock.settle();
  global.gc?.();
  const after = process.memoryUsage().heapUsed;
  record(`memory: ${contacts} live chats waiting${global.gc ? "" : " (run with --expose-gc for exact figures)"}`, `${((after - before) / contacts / 1024).toFixed(1)} KiB per chat`);
}

async function wireLatency(): Promise<void> {
  const sim = await startSimulator({ port: 0 });
  const common = { region: sim.region, endpoint: sim.endpoint, credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, maxAttempts: 1 };
  const connect = new ConnectClient(common);
  const participant = new ConnectParticipantClient(common);
  const flow = sim.runtime.publish(loadFlowDocument(waitingFlow(60), "wire.json"));
  const starts: number[] = [];
  const sends: number[] = [];
  const chats = quick ? 20 : 100;
  for (let i = 0; i < chats; i++) {
    let t = performance.now();
    const chat = await connect.send(new StartChatContactCommand({ InstanceId: sim.instanceId, ContactFlowId: flow.id, ParticipantDetails: { DisplayName: "Customer" } }));
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ["CONNECTION_CREDENTIALS"] }));
    starts.push(performance.now() - t);
    t = performance.now();
    await participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: "text/plain", Content: "hello" }));
    sends.push(performance.now() - t);
  }
  record(`wire: StartChatContact + CreateParticipantConnection (${chats})`, `p50 ${ms(percentile(starts, 50))}, p95 ${ms(percentile(starts, 95))}`);
  record(`wire: SendMessage (${chats})`, `p50 ${ms(percentile(sends, 50))}, p95 ${ms(percentile(sends, 95))}`);
  connect.destroy();
  participant.destroy();
  await sim.close();
}

/** Every bench by name, in the order a full run takes them. */
const BENCHES: { name: string; run: () => Promise<void> }[] = [
  { name: "corpus", run: corpusLoading },
  { name: "engine", run: engineThroughput },
  { name: "virtual-time", run: virtualTime },
  { name: "memory", run: memoryPerContact },
  { name: "wire", run: wireLatency },
  { name: "routing", run: () => routingScale(record, quick) },
  { name: "soak", run: () => soak(record, quick) },
  { name: "instances", run: () => instanceCost(record, quick) },
  { name: "scenarios", run: () => scenarioThroughput(record, quick) },
  { name: "floor", run: () => stackFloor(record, quick) },
  { name: "test-cases", run: () => testCaseThroughput(record, quick) },
  { name: "throughput", run: () => sendMessageThroughput(record, { quick, simNodeArgs: chatsOptions(process.argv, quick).simNodeArgs }) },
  { name: "chats", run: () => manyChats(record, chatsOptions(process.argv, quick)) },
  { name: "heartbeats", run: () => heartbeatCost(record, quick) },
];

if (process.argv.includes("--list")) {
  console.log(BENCHES.map((b) => b.name).join("\n"));
  process.exit(0);
}
// Bare words are bench names, except the values of the chats bench's --chats, --rate and --seconds.
const args = process.argv.slice(2);
const names = args.filter((a, i) => !a.startsWith("--") && !CHATS_VALUE_FLAGS.includes(args[i - 1]));
const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length) {
  console.error(`no bench named ${unknown.join(", ")}; there are: ${BENCHES.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

const machine = cpus();
console.log(`flowsim benchmarks — node ${process.version}, ${machine.length} × ${machine[0]?.model.trim() ?? "unknown CPU"}, ${quick ? "quick" : "full"} run\n`);
for (const bench of BENCHES) if (names.length === 0 || names.includes(bench.name)) await bench.run();
