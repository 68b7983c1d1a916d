/**
 * Contacts waiting in queues: each queue's waiting list, oldest first, the checks a queue
 * makes before it takes a contact (it exists, is enabled, has room), and the figures a flow
 * reads about it. Flows fill the lists (Transfer to queue, callbacks); routing empties them.
 */
import type { Contact, QueueRef } from "../flow/contact.js";
import type { EnqueueResult } from "../flow/host.js";
import type { QueueMetrics } from "../flow/responders.js";
import type { AgentService } from "./agents.js";
import type { RuntimeContext } from "./context.js";

interface QueuesHost extends RuntimeContext {
  readonly agents: AgentService;
}

export class ContactQueues {
  /** Contact ids waiting in each queue, oldest first (a Set keeps insertion order and drops one in O(1)). */
  private readonly queued = new Map<string, Set<string>>();

  constructor(private readonly rt: QueuesHost) {}

  /** Transfer to queue: refused while the contact is already in a queue or with an agent. */
  enqueue(contact: Contact, queue: QueueRef): EnqueueResult {
    if (contact.queue && (contact.state === "QUEUED" || contact.state === "CONNECTED" || contact.state === "CONNECTING")) {
      return { kind: "error", reason: "the contact is already in a queue" };
    }
    return this.place(contact, queue);
  }

  /** A customer queue flow moves its waiting contact to another queue. */
  requeue(contact: Contact, queue: QueueRef): EnqueueResult {
    if (contact.state !== "QUEUED") return { kind: "error", reason: "the contact is not waiting in a queue" };
    return this.place(contact, queue);
  }

  /** Puts the contact at the back of the queue, out of any queue it waited in before. */
  place(contact: Contact, queue: QueueRef): EnqueueResult {
    if (!queue.agentId) {
      const q = this.rt.resources.queues.get(queue.id);
      if (!q) return { kind: "error", reason: `queue ${queue.name || queue.id} does not exist` };
      if (q.status === "DISABLED") return { kind: "error", reason: `queue ${q.name} is disabled` };
      if (q.maxContacts !== undefined && (this.queued.get(q.id)?.size ?? 0) >= q.maxContacts) return { kind: "at-capacity" };
    }
    this.leave(contact);
    // "The buffer is automatically cleared ... when transferring to an agent or queue."
    this.rt.session(contact.id)?.inputs.dtmfBuffer().clear();
    contact.queue = queue;
    contact.state = "QUEUED";
    contact.enqueueTimestamp = this.rt.clock.now();
    const list = this.queued.get(queue.id) ?? new Set<string>();
    list.add(contact.id);
    this.queued.set(queue.id, list);
    this.rt.events.emit({ type: "contact.queued", contact, queue });
    return { kind: "queued" };
  }

  /** Takes the contact out of its queue's waiting list (routed to an agent, or gone). */
  leave(contact: Contact): void {
    if (!contact.queue) return;
    const list = this.queued.get(contact.queue.id);
    list?.delete(contact.id);
    if (list?.size === 0) this.queued.delete(contact.queue.id);
  }

  /** Contacts waiting in a queue, oldest first. */
  waitingIn(queueId: string): Contact[] {
    return [...(this.queued.get(queueId) ?? [])].map((id) => this.rt.requireSession(id).contact);
  }

  /** The queue's figures now (contacts waiting, agents by state): what a metrics block reads unless a rule answers. */
  liveMetrics(queue: QueueRef, channel?: string): QueueMetrics {
    const waiting = this.waitingIn(queue.id);
    const oldest = waiting.reduce((min, c) => Math.min(min, c.enqueueTimestamp ?? this.rt.clock.now()), this.rt.clock.now());
    return {
      queue: { Name: queue.name, ARN: queue.arn, Size: waiting.length, OldestContactAge: Math.round((this.rt.clock.now() - oldest) / 1000) },
      agents: this.rt.agents.agentMetrics(queue, channel),
    };
  }
}
