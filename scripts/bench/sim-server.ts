/**
 * The child process of the wire benches: a simulator as `flowsim serve` starts it (virtual
 * clock, loopback only, default resources), plus what the chats need, made before it
 * answers as a flows folder would be: a queue, a flow that queues every chat there, and
 * `agents` available agents whose routing profile takes `perAgent` chats at once. Nothing
 * else runs in this process, so its CPU and memory are the simulator's.
 *
 * Usage (by child.ts): sim-server.ts <agents> <perAgent>
 */
import { startSimulator } from "../../simulators/connect/api/server.js";
import { addProfile, addUser, queueingFlow } from "../../simulators/connect/runtime/testing-agents.js";
import { serveParent } from "./child.js";

export interface SimReady {
  type: "ready";
  endpoint: string;
  instanceId: string;
  region: string;
  flowId: string;
  /** The agents' user ids. */
  agents: string[];
}

const agents = Math.max(0, Math.min(10_000, Number(process.argv[2] ?? 0)));
const perAgent = Math.max(1, Math.min(10, Number(process.argv[3] ?? 1)));

const sim = await startSimulator({ port: 0, host: "127.0.0.1" });
const rt = sim.runtime;
const queue = rt.addQueue({ name: "Bench" });
const profile = addProfile(rt, { name: "Bench chat", queues: [{ queueId: queue.id, channel: "CHAT" }], concurrency: { CHAT: perAgent } });
const flow = queueingFlow(rt, "bench-to-queue", queue.id);
const users = Array.from({ length: agents }, (_, i) => addUser(rt, { name: `bench-agent-${i}`, profile, available: true }).id);
await rt.whenIdle();

serveParent(() => sim.close());
const ready: SimReady = { type: "ready", endpoint: sim.endpoint, instanceId: sim.instanceId, region: sim.region, flowId: flow.id, agents: users };
process.send!(ready);
