/**
 * The router's indexes. A line is one queue on one channel (an agent's own queue has a line
 * per channel): the contacts waiting in it that can be offered now, best first and by
 * arrival, and the agents who could take one of them now, longest waiting first. An offer,
 * a new contact or a status change touches only the lines involved, in O(log n) each.
 */
import type { Channel } from "../flow/model.js";
import type { Contact } from "../flow/contact.js";
import type { AgentState } from "./agents.js";
import { IndexedHeap } from "../../kernel/indexed-heap.js";

/** A queued contact as its line ranks it. */
export interface Waiting {
  readonly contact: Contact;
  /** Its line (another object once an emptied line was dropped and made again). */
  line: Line;
  /** Arrival in the queue: ties go to the earlier (an offer handed back keeps its place). */
  readonly seq: number;
  readonly enqueuedAt: number;
  /** QueuePriority, 1 first. */
  priority: number;
  /** Routing age reference: enqueue time minus the time adjustment (smaller = older). */
  since: number;
}

/** How an agent serves a line: from its own queue, or from an entry of its routing profile. */
export interface Service {
  /** The profile's queue priority (agent queues rank above every profile queue). */
  priority: number;
  /** The profile's delay: a contact is this agent's only once it has waited this long. */
  delayMs: number;
  /** Which entry of the profile (−1 for the agent's own queue): ties go to the earlier. */
  entry: number;
}

export const lineKey = (queueId: string, channel: Channel) => `${queueId}\u0000${channel}`;

/** Whether `a` (served as `sa`) is offered before `b` (served as `sb`): queue priority, contact priority, routing age, profile entry, arrival. */
export function ranksBefore(sa: Service, a: Waiting, sb: Service, b: Waiting): boolean {
  return (sa.priority - sb.priority || a.priority - b.priority || a.since - b.since || sa.entry - sb.entry || a.seq - b.seq) < 0;
}

/** What keeps one agent from one contact whatever the line says: it rejected it, or still holds it (after-contact work). */
export type Excluded = (agent: AgentState, contact: Contact) => boolean;

export class Line {
  /** Contacts that can be offered now, best first. */
  private readonly waiting = new IndexedHeap<Waiting>((a, b) => (a.priority - b.priority || a.since - b.since || a.seq - b.seq) < 0);
  /** The same contacts by arrival: the oldest says whether any has waited out a delay. */
  private readonly arrivals = new IndexedHeap<Waiting>((a, b) => a.seq < b.seq);
  /** Agents who could take a contact of this line now, longest waiting first. */
  private readonly agents = new IndexedHeap<AgentState>((a, b) => a.order < b.order);
  private readonly services = new Map<AgentState, Service>();
  /** How many of the agents serve with each delay. */
  private readonly delays = new Map<number, number>();

  constructor(
    readonly key: string,
    readonly channel: Channel,
  ) {}

  get empty(): boolean {
    return this.waiting.size === 0 && this.agents.size === 0;
  }

  /** Whether an agent of this line waits for contacts to age (a profile delay). */
  get delayed(): boolean {
    for (const delayMs of this.delays.keys()) if (delayMs > 0) return true;
    return false;
  }

  admit(w: Waiting): void {
    if (this.waiting.has(w)) return;
    this.waiting.push(w);
    this.arrivals.push(w);
  }

  withdraw(w: Waiting): void {
    this.waiting.delete(w);
    this.arrivals.delete(w);
  }

  holds(w: Waiting): boolean {
    return this.waiting.has(w);
  }

  /** Puts a contact back in order after its priority or time adjustment changed. */
  rerank(w: Waiting): void {
    this.waiting.update(w);
  }

  /** Adds the agent, or updates how it serves and where it stands after its order changed. */
  serve(agent: AgentState, service: Service): void {
    const before = this.services.get(agent);
    if (before) this.count(before.delayMs, -1);
    this.services.set(agent, service);
    this.count(service.delayMs, 1);
    if (this.agents.has(agent)) this.agents.update(agent);
    else this.agents.push(agent);
  }

  leave(agent: AgentState): void {
    const service = this.services.get(agent);
    if (!service) return;
    this.count(service.delayMs, -1);
    this.services.delete(agent);
    this.agents.delete(agent);
  }

  /** The best contact the agent may be offered here now: waited out its delay, and not excluded. */
  bestFor(agent: AgentState, service: Service, now: number, excluded: Excluded): Waiting | undefined {
    const oldest = this.arrivals.peek();
    if (!oldest || oldest.enqueuedAt + service.delayMs > now) return undefined;
    for (const w of this.waiting.ordered()) {
      if (w.enqueuedAt + service.delayMs <= now && !excluded(agent, w.contact)) return w;
    }
    return undefined;
  }

  /** The longest-waiting agent of this line that has a contact here now, with how it serves. */
  firstTaker(now: number, excluded: Excluded): AgentState | undefined {
    if (this.waiting.size === 0) return undefined;
    for (const agent of this.agents.ordered()) {
      if (this.bestFor(agent, this.services.get(agent)!, now, excluded)) return agent;
    }
    return undefined;
  }

  /** When a contact here next waits out a delay for an agent that could take it (undefined: none will). */
  nextDue(now: number, excluded: Excluded): number | undefined {
    let next: number | undefined;
    for (const [delayMs, count] of this.delays) {
      if (delayMs <= 0 || count === 0) continue;
      for (const w of this.arrivals.ordered()) {
        const due = w.enqueuedAt + delayMs;
        if (next !== undefined && due >= next) break;
        if (due > now && this.takenWithDelay(delayMs, w, excluded)) {
          next = due;
          break;
        }
      }
    }
    return next;
  }

  /** Whether an agent serving with this delay could take the contact once it is due. */
  private takenWithDelay(delayMs: number, w: Waiting, excluded: Excluded): boolean {
    for (const [agent, service] of this.services) if (service.delayMs === delayMs && !excluded(agent, w.contact)) return true;
    return false;
  }

  private count(delayMs: number, by: number): void {
    const n = (this.delays.get(delayMs) ?? 0) + by;
    if (n > 0) this.delays.set(delayMs, n);
    else this.delays.delete(delayMs);
  }
}
