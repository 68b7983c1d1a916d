/**
 * Agents: the users of the instance as the router sees them — their status, the slots
 * they hold (contacts offered, being joined, connected, or in after-contact work), and
 * what their routing profile lets them take. Routing (routing.ts) decides who gets which
 * contact; the contact lifecycle (lifecycle.ts) moves slots along.
 *
 * Decisions where the references are silent:
 * - A user starts Offline, as a new Connect user does until it sets a status.
 * - A missed offer puts the agent in the error state `Missed` (CCP's "Missed"): it gets no
 *   contact until a status is set again (control plane or PutUserStatus).
 * - After-contact work holds the slot: the agent gets no other contact on that slot, and
 *   it counts as "working on" its channel for cross-channel rules.
 * - Cross-channel: while an agent holds a contact of channel X, it can be offered another
 *   channel only if X's CrossChannelBehavior is ROUTE_ANY_CHANNEL ("allow other channels at
 *   the same time", seed 002); unset means ROUTE_CURRENT_CHANNEL_ONLY, the console default.
 */
import type { Channel } from "../flow/model.js";
import type { QueueMetrics } from "../flow/responders.js";
import type { Prompt } from "../flow/host.js";
import type { QueueRef } from "../flow/contact.js";
import type { Timer } from "../../kernel/clock.js";
import { IdGenerator } from "../../kernel/ids.js";
import { Store, type RoutingProfileResource, type UserResource } from "./resources.js";
import { RequestRefused } from "./refusals.js";
import type { RuntimeContext } from "./context.js";
import { aContactOn } from "../flow/flow-types.js";

export type AgentStatusType = "ROUTABLE" | "CUSTOM" | "OFFLINE";

export interface AgentStatusResource {
  id: string;
  arn: string;
  name: string;
  description?: string;
  type: AgentStatusType;
  state: "ENABLED" | "DISABLED";
  displayOrder?: number;
  tags: Record<string, string>;
  lastModified: number;
}

export type SlotState = "offered" | "joining" | "connected" | "acw";

/** One contact an agent holds. */
export interface AgentSlot {
  contactId: string;
  channel: Channel;
  state: SlotState;
  offeredAt: number;
  /** When an unanswered offer counts as missed. */
  expiresAt?: number;
  acceptedAt?: number;
  connectedAt?: number;
  acwAt?: number;
  /** The agent's chat participant, once joined. */
  participantId?: string;
  /** Offer expiry, or the after-contact-work time limit. */
  timer?: Timer;
  /** What flows played to the agent on this contact (the agent hold flow), with when. */
  heard?: (Prompt & { at: number })[];
}

export interface AgentState {
  userId: string;
  status: AgentStatusResource;
  statusSince: number;
  /** Set by a missed offer; cleared by the next status change. */
  error?: { name: "Missed"; since: number; contactId: string };
  /** A status set while handling contacts ("sets the agent's next status"), applied when the last slot clears. */
  nextStatus?: AgentStatusResource;
  slots: Map<string, AgentSlot>;
  /** Step-by-step guide contacts shown to this agent (not routed, hold no slot). */
  guides: Set<string>;
  /** Routing order: the lowest has waited longest for a contact. */
  order: number;
}

/** Routing runs again when an agent's status changes (routing.ts builds on this file, not the reverse). */
interface AgentHost extends RuntimeContext {
  readonly routing: { withdrawOffersOf(userId: string, why: string): void; agentChanged(agent: AgentState): void; route(): void };
}

/** A slot counts against concurrency from the offer until after-contact work is done. */
const HOLDS_SLOT: readonly SlotState[] = ["offered", "joining", "connected", "acw"];

/** Status ids that do not depend on the order ids are drawn in (the default statuses exist from the start). */
function stableId(instanceId: string, name: string): string {
  return new IdGenerator(`${instanceId}:agent-status:${name}`).uuid();
}

export class AgentService {
  readonly statuses = new Store<AgentStatusResource>();
  private readonly agents = new Map<string, AgentState>();
  private orderSeq = 0;

  constructor(private readonly rt: AgentHost) {
    for (const [name, type, order] of [["Available", "ROUTABLE", 1], ["Offline", "OFFLINE", 2]] as const) {
      const id = stableId(rt.instance.id, name);
      this.statuses.add({ id, arn: this.statusArn(id), name, type, state: "ENABLED", displayOrder: order, tags: {}, lastModified: rt.clock.now() });
    }
  }

  statusArn(id: string): string {
    return this.rt.resources.arn("agent-state", id);
  }

  /** A custom (non-productive) status such as Lunch or Training. */
  addStatus(init: { name: string; description?: string; state?: "ENABLED" | "DISABLED"; displayOrder?: number; tags?: Record<string, string> }): AgentStatusResource {
    const id = this.rt.ids.uuid();
    return this.statuses.add({
      id,
      arn: this.statusArn(id),
      name: init.name,
      description: init.description,
      type: "CUSTOM",
      state: init.state ?? "ENABLED",
      displayOrder: init.displayOrder,
      tags: init.tags ?? {},
      lastModified: this.rt.clock.now(),
    });
  }

  get available(): AgentStatusResource {
    return this.statuses.all().find((s) => s.type === "ROUTABLE")!;
  }

  get offline(): AgentStatusResource {
    return this.statuses.all().find((s) => s.type === "OFFLINE")!;
  }

  user(userId: string): UserResource | undefined {
    return this.rt.resources.users.get(userId);
  }

  /** A user by id, ARN or username. */
  findUser(ref: string): UserResource | undefined {
    return this.rt.resources.users.find(ref);
  }

  /** The agent a request names (user id, ARN or username); refused for an unknown user. */
  requireAgent(userRef: string): AgentState {
    const user = this.findUser(userRef);
    const agent = user ? this.state(user.id) : undefined;
    if (!agent) throw new RequestRefused("not-found", `no user ${userRef}`);
    return agent;
  }

  nameOf(agent: AgentState): string {
    return this.user(agent.userId)?.name ?? agent.userId;
  }

  /** What a chat shows for the agent: the first name, else the username. */
  displayName(agent: AgentState): string {
    const user = this.user(agent.userId);
    return user?.firstName || user?.name || agent.userId;
  }

  /** The agent state of a user (created Offline on first use); undefined for an unknown user. */
  state(userId: string): AgentState | undefined {
    const existing = this.agents.get(userId);
    if (existing) {
      if (!this.user(userId)) {
        this.agents.delete(userId);
        return undefined;
      }
      return existing;
    }
    if (!this.user(userId)) return undefined;
    const state: AgentState = { userId, status: this.offline, statusSince: this.rt.clock.now(), slots: new Map(), guides: new Set(), order: this.nextOrder() };
    this.agents.set(userId, state);
    return state;
  }

  /** Every user of the instance as an agent. */
  all(): AgentState[] {
    return this.rt.resources.users.all().map((u) => this.state(u.id)!);
  }

  nextOrder(): number {
    return ++this.orderSeq;
  }

  profileOf(userId: string): RoutingProfileResource | undefined {
    const user = this.user(userId);
    return user ? this.rt.resources.routingProfiles.get(user.routingProfileId) : undefined;
  }

  /** Where the agent holds this contact, if it does. */
  slotOf(userId: string, contactId: string): AgentSlot | undefined {
    return this.agents.get(userId)?.slots.get(contactId);
  }

  /** Agents holding a slot for this contact. */
  holdersOf(contactId: string): { agent: AgentState; slot: AgentSlot }[] {
    const out: { agent: AgentState; slot: AgentSlot }[] = [];
    for (const agent of this.agents.values()) {
      const slot = agent.slots.get(contactId);
      if (slot) out.push({ agent, slot });
    }
    return out;
  }

  /** The agent name flows read as `$.Agent.*`. */
  agentData(userId: string): { UserName: string; FirstName?: string; LastName?: string; ARN: string } | undefined {
    const user = this.rt.resources.users.find(userId);
    return user ? { UserName: user.name, FirstName: user.firstName, LastName: user.lastName, ARN: user.arn } : undefined;
  }

  /** The agent's personal queue ("a queue for each agent"), addressed `.../queue/agent/<userId>`. */
  agentQueue(ref: string): QueueRef | undefined {
    const user = this.rt.resources.users.find(ref);
    if (!user) return undefined;
    return { id: `agent/${user.id}`, arn: this.rt.resources.arn("queue", `agent/${user.id}`), name: user.name, agentId: user.id };
  }

  /** Whether routing may offer this agent a contact of `channel` now; else why not. */
  whyNot(agent: AgentState, channel: Channel): string | undefined {
    if (agent.error) return `the agent is in the ${agent.error.name} state`;
    if (agent.status.type !== "ROUTABLE") return `the agent's status is ${agent.status.name}`;
    if (agent.nextStatus) return `the agent's next status is ${agent.nextStatus.name}`;
    const profile = this.profileOf(agent.userId);
    if (!profile) return "the agent has no routing profile";
    const concurrency = profile.mediaConcurrencies.find((m) => m.Channel === channel)?.Concurrency ?? 0;
    if (concurrency <= 0) return `the routing profile ${profile.name} does not take ${channel} contacts`;
    const held = [...agent.slots.values()].filter((s) => HOLDS_SLOT.includes(s.state));
    const same = held.filter((s) => s.channel === channel).length;
    if (same >= concurrency) return `the agent already holds ${same} ${channel} contact(s), the routing profile's concurrency`;
    for (const other of new Set(held.map((s) => s.channel))) {
      if (other === channel) continue;
      const behaviour = profile.mediaConcurrencies.find((m) => m.Channel === other)?.CrossChannelBehavior?.BehaviorType ?? "ROUTE_CURRENT_CHANNEL_ONLY";
      if (behaviour !== "ROUTE_ANY_CHANNEL") return `the agent is working on ${aContactOn(other)} and ${other} does not allow other channels at the same time`;
    }
    return undefined;
  }

  /**
   * Sets a status. A routable status applies at once (and clears Missed); any other status
   * waits as the next status while the agent still holds connected contacts or ACW, as
   * PutUserStatus documents. Offers still ringing go back to their queues.
   */
  setStatus(userId: string, status: AgentStatusResource): AgentState {
    const agent = this.state(userId);
    if (!agent) throw new Error(`no user ${userId}`);
    const now = this.rt.clock.now();
    agent.error = undefined;
    if (status.type !== "ROUTABLE") this.rt.routing.withdrawOffersOf(userId, `the agent set its status to ${status.name}`);
    const busy = [...agent.slots.values()].some((s) => s.state !== "offered");
    if (status.type !== "ROUTABLE" && busy) {
      agent.nextStatus = status.id === agent.status.id ? undefined : status;
    } else {
      const becameRoutable = status.type === "ROUTABLE" && agent.status.type !== "ROUTABLE";
      agent.nextStatus = undefined;
      if (agent.status.id !== status.id) agent.statusSince = now;
      agent.status = status;
      if (becameRoutable) agent.order = this.nextOrder();
    }
    this.emitStatus(agent);
    this.rt.routing.agentChanged(agent);
    this.rt.routing.route();
    return agent;
  }

  /** A missed offer: the agent stops receiving contacts until a status is set. */
  markMissed(agent: AgentState, contactId: string): void {
    agent.error = { name: "Missed", since: this.rt.clock.now(), contactId };
    this.emitStatus(agent);
    this.rt.routing.agentChanged(agent);
  }

  /** A slot is gone: apply a waiting next status once nothing is left, and move the agent to the back of the line. */
  released(agent: AgentState): void {
    agent.order = this.nextOrder();
    if (agent.nextStatus && ![...agent.slots.values()].some((s) => s.state !== "offered")) {
      agent.status = agent.nextStatus;
      agent.statusSince = this.rt.clock.now();
      agent.nextStatus = undefined;
      this.emitStatus(agent);
    }
    this.rt.routing.agentChanged(agent);
  }

  private emitStatus(agent: AgentState): void {
    this.rt.events.emit({ type: "agent.status", userId: agent.userId, status: agent.status.name, nextStatus: agent.nextStatus?.name, error: agent.error?.name });
  }

  /** Agents a queue's figures count: those whose routing profile serves it (on `channel`), or the owner of an agent queue. */
  private agentsFor(queue: QueueRef, channel?: string): AgentState[] {
    if (queue.agentId) {
      const one = this.state(queue.agentId);
      return one ? [one] : [];
    }
    return this.all().filter((a) => this.profileOf(a.userId)?.queues.some((q) => q.queueId === queue.id && (!channel || q.channel === channel)));
  }

  /**
   * Agent figures for a queue as Check staffing / Get queue metrics read them: Online (any
   * status but Offline), Available (could be offered a contact now), Staffed (Available or
   * handling contacts), AfterContactWork, Busy (on a contact), Missed, NonProductive (a
   * custom status and no contact).
   */
  agentMetrics(queue: QueueRef, channel?: string): QueueMetrics["agents"] {
    const out = { Online: 0, Available: 0, Staffed: 0, AfterContactWork: 0, Busy: 0, Missed: 0, NonProductive: 0 };
    for (const agent of this.agentsFor(queue, channel)) {
      const slots = [...agent.slots.values()];
      const onContact = slots.some((s) => s.state === "joining" || s.state === "connected");
      const inAcw = slots.some((s) => s.state === "acw");
      const channels = channel ? [channel as Channel] : (this.profileOf(agent.userId)?.mediaConcurrencies.map((m) => m.Channel) ?? []);
      const canTake = channels.some((c) => this.whyNot(agent, c) === undefined);
      if (agent.status.type !== "OFFLINE") out.Online++;
      if (canTake) out.Available++;
      if (agent.status.type === "ROUTABLE" || onContact || inAcw) out.Staffed++;
      if (inAcw) out.AfterContactWork++;
      if (onContact) out.Busy++;
      if (agent.error) out.Missed++;
      if (agent.status.type === "CUSTOM" && slots.length === 0) out.NonProductive++;
    }
    return out;
  }
}
