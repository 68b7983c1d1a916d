/**
 * Routing: offers waiting contacts to agents. It runs whenever a contact is queued, an
 * agent becomes Available or frees a slot, and when a routing-profile delay runs out.
 *
 * Which contact an agent is offered: among the queues of its routing profile (for the
 * channels it can take now) and its own agent queue, the contact with the best queue
 * priority in the profile (1 first), then the best contact priority (`QueuePriority`,
 * 1 first), then the oldest routing age (time in queue plus `QueueTimeAdjustmentSeconds`).
 * A profile queue's `delay` keeps a contact from this profile's agents until it has
 * waited that long. Which agent goes first: the one that has waited longest since it
 * became Available or last got a contact.
 *
 * Nothing is rescanned: queued contacts and available agents sit in per-line indexes
 * (routing-lines.ts), and a pass looks only at the agents and lines that changed since the
 * last one found nothing to offer — what it offers is what a full scan would.
 *
 * Decisions where the references are silent:
 * - Agent queues come before every profile queue (priority 0, no delay): a contact sent to
 *   one agent waits for that agent only.
 * - An offer rings for 20 seconds (`offerTimeoutMs`, per channel); unanswered it is missed:
 *   the contact goes back to its queue and the agent to the Missed state.
 * - A rejected contact goes back to its queue and is offered to other agents; the agent
 *   that rejected it is not offered it again while it stays in that queue.
 * - Auto-accept (the user's PhoneConfig.AutoAccept) applies to calls only, as the setting
 *   lives in the phone configuration.
 */
import { CHANNELS, type Channel } from "../flow/model.js";
import type { Timer } from "../../kernel/clock.js";
import type { Contact } from "../flow/contact.js";
import type { AgentService, AgentSlot, AgentState } from "./agents.js";
import type { RuntimeContext } from "./context.js";
import { IndexedHeap } from "../../kernel/indexed-heap.js";
import { Line, lineKey, ranksBefore, type Excluded, type Service, type Waiting } from "./routing-lines.js";

export const DEFAULT_OFFER_TIMEOUT_MS = 20_000;

/** Agent queues rank above any routing-profile queue (whose priorities start at 1). */
const AGENT_QUEUE_PRIORITY = 0;

/** What the router and the lifecycle know about a contact beyond the contact data. */
export interface ContactRouting {
  /** The agent the contact is ringing at. */
  offeredTo?: string;
  /** Agents that rejected it during its current stay in queue. */
  rejectedBy: Set<string>;
  /** AcceptedByAgentTimestamp (epoch ms). */
  acceptedAt?: number;
  /** AfterContactWorkStartTimestamp / EndTimestamp of the agent that last had the contact. */
  acwStartedAt?: number;
  acwEndedAt?: number;
  /** Where the contact is with its agent: being joined (whispers), connected, or left by the agent. */
  agentPhase?: "joining" | "connected" | "left";
  /** The whisper hook whose flow runs now (an agent whisper on a chat stays out of the customer's transcript). */
  whisper?: "AgentWhisper" | "CustomerWhisper";
  /** A transfer flow decides where the contact goes; routing waits for its outcome (set through `setTransferPending`). */
  transferPending?: boolean;
  /** Transfers of a chat, which keeps its contact across them (other channels count TRANSFER segments). */
  transfers?: number;
  /** DescribeContact's DisconnectReason, when the runtime knows it. */
  disconnectCode?: string;
  /** Set on a step-by-step guide contact: the agent it is shown to and the hook that started it. */
  guide?: { userId: string; hook: string };
}

/** The lifecycle accepts for agents that auto-accept (lifecycle.ts builds on this file, not the reverse). */
interface RoutingHost extends RuntimeContext {
  readonly agents: AgentService;
  readonly lifecycle: { accept(userRef: string, contactId: string): void };
}

export class Router {
  /** How long an offer rings before it is missed, by channel. */
  readonly offerTimeoutMs: Record<Channel, number> = { VOICE: DEFAULT_OFFER_TIMEOUT_MS, CHAT: DEFAULT_OFFER_TIMEOUT_MS, TASK: DEFAULT_OFFER_TIMEOUT_MS, EMAIL: DEFAULT_OFFER_TIMEOUT_MS };
  private readonly infos = new Map<string, ContactRouting>();
  private readonly lines = new Map<string, Line>();
  /** Every contact in a queue, offered or not, by id. */
  private readonly queued = new Map<string, Waiting>();
  /** The lines each agent can take contacts from now, and how it serves each. */
  private readonly memberships = new Map<AgentState, Map<Line, Service>>();
  /**
   * What may have changed since routing last found nothing to offer: agents that may now
   * have a contact (longest waiting first), and lines that may now have one for an agent.
   * Everything else is as it was then, so a pass looks at these alone.
   */
  private readonly dirtyAgents = new IndexedHeap<AgentState>((a, b) => a.order < b.order);
  private readonly dirtyLines = new Set<Line>();
  /** Lines with an agent that serves them with a delay: the delay timer watches these. */
  private readonly delayedLines = new Set<Line>();
  private arrivals = 0;
  private running = false;
  private delayTimer?: Timer;
  private readonly excluded: Excluded = (agent, contact) => agent.slots.has(contact.id) || !!this.infos.get(contact.id)?.rejectedBy.has(agent.userId);

  constructor(private readonly rt: RoutingHost) {
    rt.events.on((event) => {
      if (event.type === "contact.queued") {
        // Queued again (requeue, transfer): earlier offers and rejections belong to the previous stay.
        this.withdrawOffer(event.contact.id, "the contact moved to another queue");
        this.info(event.contact.id).rejectedBy.clear();
        this.arrive(event.contact);
        this.route();
      } else if (event.type === "contact.ended") {
        this.depart(event.contact.id);
      }
    });
  }

  info(contactId: string): ContactRouting {
    let info = this.infos.get(contactId);
    if (!info) {
      info = { rejectedBy: new Set() };
      this.infos.set(contactId, info);
    }
    return info;
  }

  peek(contactId: string): ContactRouting | undefined {
    return this.infos.get(contactId);
  }

  /** Drops what routing knew about a contact that is over (ended-contacts.ts decides when). */
  forget(contactId: string): void {
    this.infos.delete(contactId);
  }

  /** A transfer flow decides where the contact goes: until it has, routing leaves the contact alone. */
  setTransferPending(contactId: string, pending: boolean): void {
    this.info(contactId).transferPending = pending;
    const w = this.queued.get(contactId);
    if (w) this.sync(w);
  }

  /**
   * What the agent can take may have changed (status, slots, order): its place in every
   * line is brought up to date, and it is looked at in the next pass.
   */
  agentChanged(agent: AgentState): void {
    const now = new Map<Line, Service>();
    if (this.rt.agents.user(agent.userId)) {
      for (const { queueId, channel, service } of this.servicesOf(agent)) {
        if (this.rt.agents.whyNot(agent, channel)) continue;
        // An agent's own queue has a line only while a contact has waited in it (see `arrive`).
        const line = queueId.startsWith("agent/") ? this.lines.get(lineKey(queueId, channel)) : this.lineFor(queueId, channel);
        if (line) now.set(line, service);
      }
    }
    for (const line of this.memberships.get(agent)?.keys() ?? []) if (!now.has(line)) this.leaveLine(line, agent);
    for (const [line, service] of now) {
      line.serve(agent, service);
      this.watchDelays(line);
    }
    if (now.size > 0) {
      this.memberships.set(agent, now);
      if (this.dirtyAgents.has(agent)) this.dirtyAgents.update(agent);
      else this.dirtyAgents.push(agent);
    } else {
      this.memberships.delete(agent);
      this.dirtyAgents.delete(agent);
    }
  }

  /** Routing profiles or users changed: every agent's lines are worked out again. */
  resync(): void {
    for (const agent of new Set([...this.memberships.keys(), ...this.rt.agents.all()])) this.agentChanged(agent);
  }

  /** Makes every offer that can be made now. A call while a pass runs is part of that pass. */
  route(): void {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.nextOffer(); next; next = this.nextOffer()) this.offer(next.agent, next.waiting);
    } finally {
      this.running = false;
    }
    this.scheduleDelayCheck();
  }

  /** The longest-waiting agent that has a contact now, and its best contact. */
  private nextOffer(): { agent: AgentState; waiting: Waiting } | undefined {
    let next: { agent: AgentState; waiting: Waiting } | undefined;
    while (!next && this.dirtyAgents.size > 0) {
      const agent = this.dirtyAgents.peek()!;
      const waiting = this.bestFor(agent);
      if (waiting) next = { agent, waiting };
      else this.dirtyAgents.delete(agent);
    }
    const now = this.rt.clock.now();
    for (const line of this.dirtyLines) {
      const agent = line.firstTaker(now, this.excluded);
      if (!agent) {
        this.dirtyLines.delete(line);
        this.dropIfEmpty(line);
      } else if (!next || agent.order < next.agent.order) {
        next = { agent, waiting: this.bestFor(agent)! };
      }
    }
    return next;
  }

  /** The contact this agent is offered next: the best of its lines. */
  private bestFor(agent: AgentState): Waiting | undefined {
    const now = this.rt.clock.now();
    let best: { waiting: Waiting; service: Service } | undefined;
    for (const [line, service] of this.memberships.get(agent) ?? []) {
      const waiting = line.bestFor(agent, service, now, this.excluded);
      if (waiting && (!best || ranksBefore(service, waiting, best.service, best.waiting))) best = { waiting, service };
    }
    return best?.waiting;
  }

  /** Which lines the agent serves: its own queue on every channel, then its routing profile's queues. */
  private servicesOf(agent: AgentState): { queueId: string; channel: Channel; service: Service }[] {
    const own = CHANNELS.map((channel) => ({ queueId: `agent/${agent.userId}`, channel, service: { priority: AGENT_QUEUE_PRIORITY, delayMs: 0, entry: -1 } }));
    const profile = this.rt.agents.profileOf(agent.userId)?.queues ?? [];
    return [...own, ...profile.map((e, entry) => ({ queueId: e.queueId, channel: e.channel, service: { priority: e.priority, delayMs: e.delay * 1000, entry } }))];
  }

  private lineFor(queueId: string, channel: Channel): Line {
    const key = lineKey(queueId, channel);
    let line = this.lines.get(key);
    if (!line) {
      line = new Line(key, channel);
      this.lines.set(key, line);
    }
    return line;
  }

  private leaveLine(line: Line, agent: AgentState): void {
    line.leave(agent);
    this.watchDelays(line);
    this.dropIfEmpty(line);
  }

  private watchDelays(line: Line): void {
    if (line.delayed) this.delayedLines.add(line);
    else this.delayedLines.delete(line);
  }

  private dropIfEmpty(line: Line): void {
    if (!line.empty || this.dirtyLines.has(line) || this.lines.get(line.key) !== line) return;
    this.lines.delete(line.key);
    this.delayedLines.delete(line);
  }

  /** The contact was placed in a queue (first time, or again): it takes its place at the back of its line. */
  private arrive(contact: Contact): void {
    this.depart(contact.id);
    const queue = contact.queue!;
    const enqueuedAt = contact.enqueueTimestamp ?? contact.initiationTimestamp;
    const line = this.lineFor(queue.id, contact.channel);
    const w: Waiting = { contact, line, seq: ++this.arrivals, enqueuedAt, priority: contact.queuePriority, since: enqueuedAt - contact.queueTimeAdjustmentSeconds * 1000 };
    this.queued.set(contact.id, w);
    contact.onRoutingRankChange = () => this.rerank(w);
    this.sync(w);
    // A contact sent to one agent: that agent's line exists from now on.
    if (queue.agentId) {
      const owner = this.rt.agents.state(queue.agentId);
      if (owner) this.agentChanged(owner);
    }
  }

  /** The contact is out of its queue for good (taken by an agent, or ended). */
  private depart(contactId: string): void {
    const w = this.queued.get(contactId);
    if (!w) return;
    this.queued.delete(contactId);
    w.contact.onRoutingRankChange = undefined;
    w.line.withdraw(w);
    this.dropIfEmpty(w.line);
  }

  private rerank(w: Waiting): void {
    w.priority = w.contact.queuePriority;
    w.since = w.enqueuedAt - w.contact.queueTimeAdjustmentSeconds * 1000;
    w.line.rerank(w);
  }

  /** Puts a queued contact in its line when it can be offered now, takes it out when it cannot. */
  private sync(w: Waiting): void {
    const c = w.contact;
    const info = this.infos.get(c.id);
    const offerable = this.queued.get(c.id) === w && c.state === "QUEUED" && !c.ended && !info?.offeredTo && !info?.transferPending;
    if (!offerable) {
      w.line.withdraw(w);
      return;
    }
    if (w.line.holds(w)) return;
    // Its line may have been dropped while the contact rang at an agent.
    w.line = this.lineFor(c.queue!.id, c.channel);
    w.line.admit(w);
    this.dirtyLines.add(w.line);
  }

  /** One timer for the earliest routing-profile delay still running. */
  private scheduleDelayCheck(): void {
    this.delayTimer?.cancel();
    this.delayTimer = undefined;
    const now = this.rt.clock.now();
    let next: number | undefined;
    for (const line of this.delayedLines) {
      const due = line.nextDue(now, this.excluded);
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    if (next === undefined) return;
    this.delayTimer = this.rt.clock.schedule(Math.max(0, next - now), () => {
      for (const line of this.delayedLines) this.dirtyLines.add(line);
      this.route();
    }, "routing profile delay");
  }

  private offer(agent: AgentState, waiting: Waiting): void {
    const contact = waiting.contact;
    const now = this.rt.clock.now();
    const timeout = this.offerTimeoutMs[contact.channel] ?? DEFAULT_OFFER_TIMEOUT_MS;
    const slot: AgentSlot = { contactId: contact.id, channel: contact.channel, state: "offered", offeredAt: now, expiresAt: now + timeout };
    slot.timer = this.rt.clock.schedule(timeout, () => this.miss(agent.userId, contact.id), `offer of ${contact.channel.toLowerCase()} ${contact.id} to ${this.rt.agents.user(agent.userId)?.name ?? agent.userId}`);
    agent.slots.set(contact.id, slot);
    agent.order = this.rt.agents.nextOrder();
    this.info(contact.id).offeredTo = agent.userId;
    // Being routed to an agent: a queue-to-queue transfer now fails, as the block documents.
    contact.state = "CONNECTING";
    contact.lastUpdateTimestamp = now;
    this.sync(waiting);
    this.agentChanged(agent);
    this.rt.events.emit({ type: "agent.offer", userId: agent.userId, contact, expiresAt: slot.expiresAt! });
    const user = this.rt.agents.user(agent.userId);
    if (user?.phoneConfig.AutoAccept && contact.channel === "VOICE") {
      // After the current step (the flow that queued the contact is still returning).
      void Promise.resolve().then(() => {
        try {
          if (this.rt.agents.slotOf(agent.userId, contact.id)?.state === "offered") this.rt.lifecycle.accept(agent.userId, contact.id);
        } catch (err) {
          // The offer changed hands in between (withdrawn, contact ended): nothing to accept.
          this.rt.trace(contact, { kind: "note", at: this.rt.clock.now(), contactId: contact.id, detail: `auto-accept did not happen: ${err instanceof Error ? err.message : String(err)}` });
        }
      });
    }
  }

  /** Ends a ringing offer: the slot goes and the contact is back in its queue (unless it has ended). */
  private endOffer(userId: string, contactId: string, outcome: "accepted" | "rejected" | "missed" | "withdrawn"): AgentSlot | undefined {
    const agent = this.rt.agents.state(userId);
    const slot = agent?.slots.get(contactId);
    if (!agent || !slot || slot.state !== "offered") return undefined;
    slot.timer?.cancel();
    slot.timer = undefined;
    const info = this.info(contactId);
    if (info.offeredTo === userId) info.offeredTo = undefined;
    if (outcome === "accepted") {
      this.depart(contactId);
    } else {
      agent.slots.delete(contactId);
      const contact = this.rt.findContact(contactId);
      if (contact && !contact.ended && contact.state === "CONNECTING" && contact.queue) {
        contact.state = "QUEUED";
        contact.lastUpdateTimestamp = this.rt.clock.now();
      }
      const w = this.queued.get(contactId);
      if (w) this.sync(w);
      this.agentChanged(agent);
    }
    this.rt.events.emit({ type: "agent.offer.ended", userId, contactId, outcome });
    return slot;
  }

  /** The agent took the offer: the slot stays, the lifecycle joins the contact. */
  takeOffer(userId: string, contactId: string): AgentSlot | undefined {
    return this.endOffer(userId, contactId, "accepted");
  }

  reject(userId: string, contactId: string): boolean {
    const slot = this.endOffer(userId, contactId, "rejected");
    if (!slot) return false;
    this.info(contactId).rejectedBy.add(userId);
    this.route();
    return true;
  }

  private miss(userId: string, contactId: string): void {
    const agent = this.rt.agents.state(userId);
    if (!agent || !this.endOffer(userId, contactId, "missed")) return;
    this.rt.agents.markMissed(agent, contactId);
    this.route();
  }

  /** Takes back an offer still ringing (the contact ended or moved, the agent went away). */
  withdrawOffer(contactId: string, why: string): void {
    const userId = this.infos.get(contactId)?.offeredTo;
    if (!userId) return;
    if (this.endOffer(userId, contactId, "withdrawn")) {
      const contact = this.rt.findContact(contactId);
      if (contact) this.rt.trace(contact, { kind: "note", at: this.rt.clock.now(), contactId, detail: `offer to ${this.rt.agents.user(userId)?.name ?? userId} withdrawn: ${why}` });
    }
  }

  withdrawOffersOf(userId: string, why: string): void {
    const agent = this.rt.agents.state(userId);
    for (const slot of [...(agent?.slots.values() ?? [])]) if (slot.state === "offered") this.withdrawOffer(slot.contactId, why);
  }
}
