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
import type { Channel } from "../flow/model.js";
import type { Timer } from "../../kernel/clock.js";
import type { Contact } from "../flow/contact.js";
import type { AgentService, AgentSlot, AgentState } from "./agents.js";
import type { RuntimeContext } from "./context.js";
import type { ContactQueues } from "./queues.js";

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
  /** A transfer flow decides where the contact goes; routing waits for its outcome. */
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
  readonly queues: ContactQueues;
  readonly lifecycle: { accept(userRef: string, contactId: string): void };
}

interface Candidate {
  contact: Contact;
  queuePriority: number;
  /** Routing age reference: enqueue time minus the time adjustment (smaller = older). */
  since: number;
  seq: number;
}

export class Router {
  /** How long an offer rings before it is missed, by channel. */
  readonly offerTimeoutMs: Record<Channel, number> = { VOICE: DEFAULT_OFFER_TIMEOUT_MS, CHAT: DEFAULT_OFFER_TIMEOUT_MS, TASK: DEFAULT_OFFER_TIMEOUT_MS, EMAIL: DEFAULT_OFFER_TIMEOUT_MS };
  private readonly infos = new Map<string, ContactRouting>();
  private running = false;
  private again = false;
  private delayTimer?: Timer;

  constructor(private readonly rt: RoutingHost) {
    rt.events.on((event) => {
      if (event.type === "contact.queued") {
        // Queued again (requeue, transfer): earlier offers and rejections belong to the previous stay.
        this.withdrawOffer(event.contact.id, "the contact moved to another queue");
        this.info(event.contact.id).rejectedBy.clear();
        this.route();
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

  /** Makes every offer that can be made now. Re-entrant calls fold into the running pass. */
  route(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        while (this.offerOne()) {
          /* one offer per agent per round, longest-waiting agent first */
        }
      } while (this.again);
    } finally {
      this.running = false;
    }
    this.scheduleDelayCheck();
  }

  /** Offers the best contact to the first agent (longest waiting) that has one; false when none can. */
  private offerOne(): boolean {
    const agents = this.rt.agents.all().sort((a, b) => a.order - b.order);
    for (const agent of agents) {
      const best = this.candidatesFor(agent).ready[0];
      if (best) {
        this.offer(agent, best.contact);
        return true;
      }
    }
    return false;
  }

  /** Contacts this agent could be offered now (best first), and when the next delayed one becomes eligible. */
  candidatesFor(agent: AgentState): { ready: Candidate[]; nextDueAt?: number } {
    const now = this.rt.clock.now();
    const profile = this.rt.agents.profileOf(agent.userId);
    const ready: Candidate[] = [];
    let nextDueAt: number | undefined;
    const consider = (contact: Contact, queuePriority: number, delaySeconds: number, seq: number) => {
      if (contact.state !== "QUEUED" || contact.ended) return;
      const info = this.infos.get(contact.id);
      if (info?.offeredTo || info?.transferPending || info?.rejectedBy.has(agent.userId)) return;
      // The agent still has it in after-contact work (a chat it transferred, or left to the disconnect flow).
      if (agent.slots.has(contact.id)) return;
      if (this.rt.agents.whyNot(agent, contact.channel)) return;
      const enqueued = contact.enqueueTimestamp ?? contact.initiationTimestamp;
      const due = enqueued + delaySeconds * 1000;
      if (due > now) {
        nextDueAt = nextDueAt === undefined ? due : Math.min(nextDueAt, due);
        return;
      }
      ready.push({ contact, queuePriority, since: enqueued - contact.queueTimeAdjustmentSeconds * 1000, seq });
    };
    let seq = 0;
    for (const contact of this.rt.queues.waitingIn(`agent/${agent.userId}`)) consider(contact, AGENT_QUEUE_PRIORITY, 0, seq++);
    for (const entry of profile?.queues ?? []) {
      for (const contact of this.rt.queues.waitingIn(entry.queueId)) {
        if (contact.channel === entry.channel) consider(contact, entry.priority, entry.delay, seq++);
      }
    }
    ready.sort((a, b) => a.queuePriority - b.queuePriority || a.contact.queuePriority - b.contact.queuePriority || a.since - b.since || a.seq - b.seq);
    return { ready, nextDueAt };
  }

  /** One timer for the earliest routing-profile delay still running. */
  private scheduleDelayCheck(): void {
    this.delayTimer?.cancel();
    this.delayTimer = undefined;
    let next: number | undefined;
    for (const agent of this.rt.agents.all()) {
      const due = this.candidatesFor(agent).nextDueAt;
      if (due !== undefined) next = next === undefined ? due : Math.min(next, due);
    }
    if (next === undefined) return;
    this.delayTimer = this.rt.clock.schedule(Math.max(0, next - this.rt.clock.now()), () => this.route(), "routing profile delay");
  }

  private offer(agent: AgentState, contact: Contact): void {
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
    if (outcome !== "accepted") {
      agent.slots.delete(contactId);
      const contact = this.rt.findContact(contactId);
      if (contact && !contact.ended && contact.state === "CONNECTING" && contact.queue) {
        contact.state = "QUEUED";
        contact.lastUpdateTimestamp = this.rt.clock.now();
      }
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
