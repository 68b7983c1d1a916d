/**
 * Routing at scale: N contacts queued behind 1,000 agents who are all busy, then agents
 * changing status while the queue stays full (an agent becomes Available and is offered a
 * contact at once; it goes Offline and the offer goes back). Both should cost the same
 * whatever N is: the router works from indexes, not by rescanning queues and agents.
 */
import { performance } from "node:perf_hooks";
import { Runtime } from "../../simulators/connect/runtime/runtime.js";
import { VirtualClock } from "../../simulators/kernel/clock.js";
import { addProfile, addUser, queueingFlow } from "../../simulators/connect/runtime/testing-agents.js";

type Record = (name: string, value: string) => void;

const AGENTS = 1_000;
/** Agents beyond the busy ones, whose status changes are timed. */
const SWITCHERS = 50;

async function routingAt(record: Record, queued: number, statusChanges: number): Promise<void> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9));
  const rt = new Runtime({ clock });
  const queue = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Chat", queues: [{ queueId: queue.id, channel: "CHAT" }], concurrency: { CHAT: 1 } });
  const flow = queueingFlow(rt, "to-support", queue.id);
  // Every agent takes a chat and keeps it: the queue behind them only grows.
  for (let i = 0; i < AGENTS; i++) {
    const user = addUser(rt, { name: `agent-${i}`, profile, available: true });
    const contact = rt.startContact({ channel: "CHAT", flow });
    await clock.settle();
    rt.lifecycle.accept(user.id, contact.id);
  }
  await clock.settle();
  const switchers = Array.from({ length: SWITCHERS }, (_, i) => addUser(rt, { name: `switcher-${i}`, profile }));

  const start = performance.now();
  for (let i = 0; i < queued; i++) {
    rt.startContact({ channel: "CHAT", flow });
    if (i % 100 === 99) await clock.settle();
  }
  await clock.settle();
  const queuing = performance.now() - start;
  const waiting = rt.queues.waitingIn(queue.id).filter((c) => c.state === "QUEUED").length;

  const took: number[] = [];
  for (let i = 0; i < statusChanges; i++) {
    const user = switchers[i % SWITCHERS];
    const t = performance.now();
    rt.agents.setStatus(user.id, i % (2 * SWITCHERS) < SWITCHERS ? rt.agents.available : rt.agents.offline);
    took.push(performance.now() - t);
  }
  took.sort((a, b) => a - b);
  const mean = took.reduce((a, b) => a + b, 0) / took.length;
  record(`routing: queue ${queued.toLocaleString()} chats behind ${AGENTS.toLocaleString()} busy agents (${waiting.toLocaleString()} wait)`, `${Math.round(queued / (queuing / 1000)).toLocaleString()} contacts/s`);
  record(`routing: agent status change with ${waiting.toLocaleString()} waiting (${statusChanges})`, `${mean.toFixed(3)} ms each, p99 ${took[Math.floor(took.length * 0.99)].toFixed(2)} ms, slowest ${took.at(-1)!.toFixed(1)} ms (GC and a shared machine included)`);
}

export async function routingScale(record: Record, quick: boolean): Promise<void> {
  for (const n of quick ? [1_000, 5_000] : [1_000, 5_000, 10_000]) await routingAt(record, n, quick ? 200 : 1_000);
}
