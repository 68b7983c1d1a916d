import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { harness } from "./flow-testing.js";
import { addProfile, addUser, queueingFlow } from "./testing-agents.js";
import type { Channel } from "../flow/model.js";
import type { Contact } from "../flow/contact.js";
import type { Runtime } from "./runtime.js";

/**
 * The router works from indexes and looks only at what changed; these runs check it never
 * misses an offer that a scan of every agent and every queue (the router's rules, read
 * straight from the runtime) would make, whatever happens in between.
 */
function missedOffer(rt: Runtime): string | undefined {
  const now = rt.clock.now();
  for (const agent of rt.agents.all()) {
    const profile = rt.agents.profileOf(agent.userId);
    const lines = [{ queueId: `agent/${agent.userId}`, channel: undefined as Channel | undefined, delay: 0 }, ...(profile?.queues ?? []).map((e) => ({ queueId: e.queueId, channel: e.channel as Channel | undefined, delay: e.delay }))];
    for (const { queueId, channel, delay } of lines) {
      for (const contact of rt.queues.waitingIn(queueId)) {
        const info = rt.routing.peek(contact.id);
        if (channel && contact.channel !== channel) continue;
        if (contact.state !== "QUEUED" || contact.ended || info?.offeredTo || info?.transferPending || info?.rejectedBy.has(agent.userId)) continue;
        if (agent.slots.has(contact.id) || rt.agents.whyNot(agent, contact.channel)) continue;
        if ((contact.enqueueTimestamp ?? contact.initiationTimestamp) + delay * 1000 > now) continue;
        return `${rt.agents.user(agent.userId)?.name} could be offered ${contact.id} from ${queueId}`;
      }
    }
  }
  return undefined;
}

const CHANNELS: Channel[] = ["CHAT", "TASK"];

const op = fc.oneof(
  fc.record({ kind: fc.constant("contact" as const), queue: fc.nat(2), channel: fc.constantFrom(...CHANNELS), priority: fc.option(fc.integer({ min: 1, max: 3 })) }),
  fc.record({ kind: fc.constant("status" as const), agent: fc.nat(3), to: fc.constantFrom("Available", "Offline", "Lunch") }),
  fc.record({ kind: fc.constantFrom("accept" as const, "reject" as const, "complete" as const, "leave" as const), agent: fc.nat(3) }),
  fc.record({ kind: fc.constant("end" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("reprioritize" as const), pick: fc.nat(), priority: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("advance" as const), seconds: fc.constantFrom(1, 5, 12, 25) }),
);

const profileSpec = fc.record({
  entries: fc.uniqueArray(fc.record({ queue: fc.nat(2), channel: fc.constantFrom(...CHANNELS), priority: fc.integer({ min: 1, max: 3 }), delay: fc.constantFrom(0, 0, 10) }), { minLength: 1, maxLength: 4, selector: (e) => `${e.queue}/${e.channel}` }),
  chat: fc.integer({ min: 1, max: 2 }),
  task: fc.integer({ min: 0, max: 2 }),
  anyChannel: fc.boolean(),
});

test("whatever agents, customers and time do, no offer that the routing rules allow is left unmade", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(profileSpec, { minLength: 1, maxLength: 3 }), fc.array(op, { minLength: 10, maxLength: 60, size: "max" }), async (profiles, ops) => {
      const h = harness();
      const rt = h.runtime;
      const queues = [0, 1, 2].map((i) => rt.addQueue({ name: `q${i}` }));
      const flows = queues.map((q, i) => queueingFlow(rt, `to-q${i}`, q.id));
      const lunch = rt.agents.addStatus({ name: "Lunch" });
      const agents = [0, 1, 2, 3].map((i) => {
        const p = profiles[i % profiles.length];
        const profile = addProfile(rt, {
          name: `p${i}`,
          queues: p.entries.filter((e) => e.channel === "CHAT" || p.task > 0).map((e) => ({ queueId: queues[e.queue].id, channel: e.channel, priority: e.priority, delay: e.delay })),
          concurrency: { CHAT: p.chat, ...(p.task > 0 ? { TASK: p.task } : {}) },
          anyChannel: p.anyChannel ? ["CHAT", "TASK"] : [],
        });
        return addUser(rt, { name: `agent${i}`, profile, available: i < 2 });
      });
      const contacts: Contact[] = [];
      /** The first agent from `i` on holding a slot in `state`, and that slot's contact. */
      const holding = (i: number, state: string) => {
        for (let k = 0; k < agents.length; k++) {
          const user = agents[(i + k) % agents.length];
          const slot = [...rt.agents.state(user.id)!.slots.values()].find((s) => s.state === state);
          if (slot) return { userId: user.id, contactId: slot.contactId };
        }
        return undefined;
      };
      for (const o of ops) {
        if (o.kind === "contact") {
          const c = rt.startContact({ channel: o.channel, flow: flows[o.queue] });
          if (o.priority !== null) c.queuePriority = o.priority;
          contacts.push(c);
        } else if (o.kind === "status") {
          rt.agents.setStatus(agents[o.agent].id, o.to === "Available" ? rt.agents.available : o.to === "Offline" ? rt.agents.offline : lunch);
        } else if (o.kind === "accept" || o.kind === "reject") {
          const held = holding(o.agent, "offered");
          if (held) rt.lifecycle[o.kind](held.userId, held.contactId);
        } else if (o.kind === "complete") {
          const held = holding(o.agent, "acw");
          if (held) rt.lifecycle.completeAcw(held.userId, held.contactId);
        } else if (o.kind === "leave") {
          const held = holding(o.agent, "connected");
          if (held) rt.lifecycle.leave(held.userId, held.contactId);
        } else if (o.kind === "end" && contacts.length > 0) {
          await rt.disconnect(contacts[o.pick % contacts.length], "test: gone");
        } else if (o.kind === "reprioritize" && contacts.length > 0) {
          contacts[o.pick % contacts.length].queuePriority = o.priority;
        } else if (o.kind === "advance") {
          await h.advance(o.seconds * 1000);
        }
        await h.settle();
        assert.equal(missedOffer(rt), undefined, `after ${JSON.stringify(o)}`);
      }
    }),
    { numRuns: 100 },
  );
});
