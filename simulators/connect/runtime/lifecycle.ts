/**
 * A contact's life with an agent (reference §3.2, §5.4, §5.9; seed 000): accept →
 * agent whisper → out of queue → customer whisper → connected (a chat gets the agent as a
 * participant) → the agent leaves or the contact ends → after-contact work → done. Event
 * hooks run their flows on the way: AgentWhisper and CustomerWhisper before the join,
 * CustomerRemaining when the agent leaves a chat the customer is still in, and the guide
 * hooks DefaultAgentUI (connected) and DisconnectAgentUI (after-contact work).
 *
 * Decisions where the references are silent:
 * - Accepting interrupts whatever flow the contact runs (its customer queue flow) and a
 *   customer queue flow that had not started yet never does.
 * - A whisper flow still running after 2 minutes ("Whispers can be a maximum of 2 minutes
 *   long") is stopped and the contact is disconnected.
 * - Customer whispers are skipped for tasks and email: nobody is there to hear them.
 * - A call with no whisper hook set gets the instance's "Default agent whisper" /
 *   "Default customer whisper" flow when one is published (default flows "run when no flow
 *   of that type was set"); chats have no default whisper, as documented, and tasks none.
 * - The disconnect flow (CustomerRemaining) runs on the same contact; only chat has a
 *   customer who can remain, so for calls and tasks the agent leaving ends the contact.
 * - A guide is a CHAT contact (segment attribute connect:Subtype = connect:Guide, started
 *   by the flow's hook, InitiationMethod FLOW) whose RelatedContactId is the customer
 *   contact; the agent is its only participant and it holds no routing slot. Completing
 *   after-contact work ends the guides still open for that contact.
 */
import { EVENT, type Participant } from "./chat.js";
import type { Contact, EventHook } from "../flow/contact.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { AgentService, AgentSlot, AgentState } from "./agents.js";
import { RequestRefused } from "./refusals.js";
import type { Router } from "./routing.js";
import type { ContactSession, RuntimeContext } from "./context.js";
import type { ContactQueues } from "./queues.js";

/** "Whispers can be a maximum of 2 minutes long." */
export const WHISPER_LIMIT_MS = 120_000;

export const GUIDE_SUBTYPE = "connect:Guide";

interface LifecycleHost extends RuntimeContext {
  readonly agents: AgentService;
  readonly routing: Router;
  readonly queues: ContactQueues;
}

export class ContactLifecycle {
  constructor(private readonly rt: LifecycleHost) {
    rt.events.on((event) => {
      if (event.type === "contact.ended") this.onEnded(event.contact);
      else if (event.type === "chat.left") this.onChatLeft(event.contactId, event.participant);
    });
  }

  private now(): number {
    return this.rt.clock.now();
  }

  private requireSlot(agent: AgentState, contactId: string): AgentSlot {
    const slot = agent.slots.get(contactId);
    if (!slot) throw new RequestRefused("not-found", `${this.rt.agents.nameOf(agent)} holds no contact ${contactId}`);
    return slot;
  }

  private note(contact: Contact, detail: string): void {
    this.rt.trace(contact, { kind: "note", at: this.now(), contactId: contact.id, detail });
  }

  /** A hook's flow, unless the hook is unset or disabled; a hook naming an unpublished flow is noted and skipped. */
  private hookFlow(contact: Contact, hook: EventHook, fallback?: string): LoadedFlow | undefined {
    if (contact.disabledHooks[hook]) return undefined;
    const ref = contact.eventHooks[hook];
    if (!ref) return fallback ? this.rt.findFlow(fallback, "flow") : undefined;
    const flow = this.rt.findFlow(ref, "flow");
    if (!flow) this.note(contact, `the ${hook} flow "${ref}" is not published; it does not run`);
    return flow;
  }

  private fault(contact: Contact, err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.rt.session(contact.id)?.engineErrors.push(error);
    this.rt.events.emit({ type: "engine.error", contact, error });
    void this.rt.disconnect(contact, `flowsim engine error: ${error.message}`);
  }

  // ---- offers -----------------------------------------------------------------------

  /** The agent accepts an offered contact; the join (whispers, then connected) goes on in the background. */
  accept(userRef: string, contactId: string): void {
    const agent = this.rt.agents.requireAgent(userRef);
    const slot = this.requireSlot(agent, contactId);
    if (slot.state !== "offered") throw new RequestRefused("conflict", `contact ${contactId} is not ringing at ${this.rt.agents.nameOf(agent)}: it is ${slot.state}`);
    const contact = this.rt.findContact(contactId)!;
    this.rt.routing.takeOffer(agent.userId, contactId);
    const info = this.rt.routing.info(contactId);
    const now = this.now();
    slot.state = "joining";
    slot.acceptedAt = now;
    info.acceptedAt = now;
    info.agentPhase = "joining";
    contact.agentId = agent.userId;
    contact.lastUpdateTimestamp = now;
    const session = this.rt.requireSession(contactId);
    const before = session.idle;
    // "Customer queue flows are interruptible": the agent takes the contact out of it.
    session.flowAbort?.abort();
    void this.join(agent, slot, contact, session, before).catch((err) => this.fault(contact, err));
  }

  reject(userRef: string, contactId: string): void {
    const agent = this.rt.agents.requireAgent(userRef);
    const slot = this.requireSlot(agent, contactId);
    if (slot.state !== "offered") throw new RequestRefused("conflict", `contact ${contactId} is not ringing at ${this.rt.agents.nameOf(agent)}: it is ${slot.state}`);
    this.rt.routing.reject(agent.userId, contactId);
  }

  private joining(agent: AgentState, slot: AgentSlot, contact: Contact): boolean {
    return !contact.ended && agent.slots.get(contact.id) === slot && slot.state === "joining";
  }

  private async join(agent: AgentState, slot: AgentSlot, contact: Contact, session: ContactSession, before: Promise<void>): Promise<void> {
    await before;
    if (!this.joining(agent, slot, contact)) return;
    // "The agent whisper flow runs first, before the customer is taken out of queue."
    if (!(await this.whisper(session, "AgentWhisper")) || !this.joining(agent, slot, contact)) return;
    this.rt.queues.leave(contact);
    if (contact.channel === "VOICE" || contact.channel === "CHAT") {
      if (!(await this.whisper(session, "CustomerWhisper")) || !this.joining(agent, slot, contact)) return;
    }
    this.connect(agent, slot, contact);
  }

  /** Runs a whisper hook's flow to its end (at most 2 minutes); false when the contact did not survive it. */
  private async whisper(session: ContactSession, hook: "AgentWhisper" | "CustomerWhisper"): Promise<boolean> {
    const contact = session.contact;
    const fallback = contact.channel === "VOICE" ? (hook === "AgentWhisper" ? "Default agent whisper" : "Default customer whisper") : undefined;
    const flow = this.hookFlow(contact, hook, fallback);
    if (!flow) return !contact.ended;
    let late = false;
    const limit = this.rt.clock.schedule(WHISPER_LIMIT_MS, () => {
      late = true;
      session.flowAbort?.abort();
    }, `${hook} limit for ${contact.id}`);
    const info = this.rt.routing.info(contact.id);
    info.whisper = hook;
    this.rt.runFlowFor(session, flow, `event-hook:${hook}`);
    await session.idle;
    info.whisper = undefined;
    limit.cancel();
    if (late && !contact.ended) {
      this.rt.routing.info(contact.id).disconnectCode = "CONTACT_FLOW_DISCONNECT";
      await this.rt.disconnect(contact, `the ${hook} flow ran longer than 2 minutes`);
    }
    return !contact.ended;
  }

  private connect(agent: AgentState, slot: AgentSlot, contact: Contact): void {
    const now = this.now();
    contact.state = "CONNECTED";
    contact.connectedToAgentTimestamp = now;
    contact.lastUpdateTimestamp = now;
    slot.state = "connected";
    slot.connectedAt = now;
    this.rt.routing.info(contact.id).agentPhase = "connected";
    const chat = contact.channel === "CHAT" ? this.rt.chats.get(contact.id) : undefined;
    if (chat && !chat.ended) slot.participantId = this.rt.chats.join(contact.id, { role: "AGENT", displayName: this.rt.agents.displayName(agent), userId: agent.userId }).id;
    this.rt.events.emit({ type: "agent.connected", userId: agent.userId, contact });
    this.startGuide(agent, contact, "DefaultAgentUI");
  }

  /** The agent's chat participant on a contact (its token opens participant connections). */
  participantOf(userRef: string, contactId: string): Participant {
    const agent = this.rt.agents.requireAgent(userRef);
    const slot = agent.slots.get(contactId);
    const guide = agent.guides.has(contactId);
    if (!slot && !guide) throw new RequestRefused("not-found", `${this.rt.agents.nameOf(agent)} holds no contact ${contactId}`);
    const chat = this.rt.chats.get(contactId);
    if (!chat) throw new RequestRefused("invalid", `contact ${contactId} is not a chat`);
    const participant = [...chat.participants.values()].find((p) => p.role === "AGENT" && p.userId === agent.userId && (guide || p.id === slot?.participantId));
    if (!participant) throw new RequestRefused("conflict", `${this.rt.agents.nameOf(agent)} has not joined chat ${contactId} (the contact is ${slot?.state ?? "not connected"})`);
    return participant;
  }

  // ---- leaving and after-contact work -----------------------------------------------

  /** The agent disconnects from a contact: after-contact work, and for a chat the customer may stay (disconnect flow). */
  leave(userRef: string, contactId: string): void {
    const agent = this.rt.agents.requireAgent(userRef);
    const slot = this.requireSlot(agent, contactId);
    if (slot.state !== "connected") throw new RequestRefused("conflict", `${this.rt.agents.nameOf(agent)} is not connected to contact ${contactId}: it is ${slot.state}`);
    const contact = this.rt.findContact(contactId)!;
    const participant = slot.participantId ? this.rt.chats.get(contactId)?.participants.get(slot.participantId) : undefined;
    // A chat agent leaves through the transcript (participant.left); onChatLeft takes it from there.
    if (participant && participant.state === "joined") this.rt.chats.leave(contactId, participant.id, "the agent left the chat");
    else this.agentLeft(agent, slot, contact);
  }

  private onChatLeft(contactId: string, participant: Participant): void {
    const contact = this.rt.findContact(contactId);
    if (!contact) return;
    if (participant.role === "AGENT" && participant.userId) {
      const agent = this.rt.agents.state(participant.userId);
      const slot = agent?.slots.get(contactId);
      if (agent && slot?.state === "connected" && slot.participantId === participant.id) this.agentLeft(agent, slot, contact);
      return;
    }
    if (participant.role === "CUSTOMER" && !contact.ended) {
      this.rt.routing.info(contactId).disconnectCode = "CUSTOMER_DISCONNECT";
      void this.rt.disconnect(contact, "the customer left the chat");
    }
  }

  private agentLeft(agent: AgentState, slot: AgentSlot, contact: Contact): void {
    this.rt.routing.info(contact.id).agentPhase = "left";
    this.enterAcw(agent, slot, contact);
    if (contact.ended) return;
    const customerStays = contact.channel === "CHAT" && this.rt.chats.joined(contact.id, "CUSTOMER").length > 0;
    const flow = customerStays ? this.hookFlow(contact, "CustomerRemaining") : undefined;
    if (flow) {
      // Out of the agent's hands: the disconnect flow may queue the contact again.
      contact.state = "IN_FLOW";
      contact.lastUpdateTimestamp = this.now();
      this.rt.runFlowFor(this.rt.requireSession(contact.id), flow, "event-hook:CustomerRemaining");
      return;
    }
    this.rt.routing.info(contact.id).disconnectCode = "AGENT_DISCONNECT";
    void this.rt.disconnect(contact, "the agent disconnected");
  }

  /** The slot goes to after-contact work (ACW); DisconnectAgentUI starts its guide. */
  enterAcw(agent: AgentState, slot: AgentSlot, contact: Contact): void {
    if (slot.state === "acw") return;
    slot.state = "acw";
    slot.acwAt = this.now();
    const info = this.rt.routing.info(contact.id);
    info.acwStartedAt = slot.acwAt;
    info.acwEndedAt = undefined;
    slot.timer?.cancel();
    slot.timer = undefined;
    const limit = this.rt.agents.user(agent.userId)?.phoneConfig.AfterContactWorkTimeLimit ?? 0;
    if (limit > 0) {
      slot.timer = this.rt.clock.schedule(limit * 1000, () => {
        if (agent.slots.get(contact.id) === slot && slot.state === "acw") this.finishAcw(agent, slot);
      }, `after contact work limit of ${this.rt.agents.nameOf(agent)} on ${contact.id}`);
    }
    this.rt.events.emit({ type: "agent.acw", userId: agent.userId, contact });
    this.startGuide(agent, contact, "DisconnectAgentUI");
  }

  /** The agent clears the contact: its slot is free again. */
  completeAcw(userRef: string, contactId: string): void {
    const agent = this.rt.agents.requireAgent(userRef);
    const slot = this.requireSlot(agent, contactId);
    if (slot.state !== "acw") throw new RequestRefused("conflict", `contact ${contactId} is ${slot.state} at ${this.rt.agents.nameOf(agent)}, not in after contact work`);
    this.finishAcw(agent, slot);
  }

  private finishAcw(agent: AgentState, slot: AgentSlot): void {
    slot.timer?.cancel();
    agent.slots.delete(slot.contactId);
    this.rt.routing.info(slot.contactId).acwEndedAt = this.now();
    for (const guideId of [...agent.guides]) {
      const guide = this.rt.findContact(guideId);
      if (guide && guide.relatedContactId === slot.contactId && !guide.ended) void this.rt.disconnect(guide, "after contact work completed");
    }
    this.rt.events.emit({ type: "agent.acw.completed", userId: agent.userId, contactId: slot.contactId });
    this.rt.agents.released(agent);
    this.rt.routing.route();
  }

  private onEnded(contact: Contact): void {
    this.rt.routing.withdrawOffer(contact.id, "the contact ended");
    for (const { agent, slot } of this.rt.agents.holdersOf(contact.id)) {
      if (slot.state === "joining" || slot.state === "connected") {
        this.rt.routing.info(contact.id).agentPhase = "left";
        this.enterAcw(agent, slot, contact);
      }
    }
    const guide = this.rt.routing.peek(contact.id)?.guide;
    if (guide) this.rt.agents.state(guide.userId)?.guides.delete(contact.id);
    this.rt.routing.route();
  }

  /** StopContact: any chat or task, in any state. */
  async stop(contact: Contact, code?: string): Promise<void> {
    this.rt.routing.info(contact.id).disconnectCode = code ?? "API";
    await this.rt.disconnect(contact, code ? `StopContact (${code})` : "StopContact");
  }

  // ---- guides -----------------------------------------------------------------------

  /** Starts the step-by-step guide a DefaultAgentUI / DisconnectAgentUI hook names, shown to the agent. */
  private startGuide(agent: AgentState, contact: Contact, hook: "DefaultAgentUI" | "DisconnectAgentUI"): void {
    const flow = this.hookFlow(contact, hook);
    if (!flow) return;
    const displayName = this.rt.agents.displayName(agent);
    const guide = this.rt.startContact({
      channel: "CHAT",
      flow,
      initiationMethod: "FLOW",
      relatedContactId: contact.id,
      segmentAttributes: { "connect:Subtype": { ValueString: GUIDE_SUBTYPE } },
      beforeFlow: (g) => {
        g.agentId = agent.userId;
        this.rt.routing.info(g.id).guide = { userId: agent.userId, hook };
        this.rt.chats.open({ contactId: g.id, initialContactId: g.initialContactId, supportedContentTypes: ["text/plain"], durationMinutes: 25 * 60 });
        this.rt.chats.join(g.id, { role: "AGENT", displayName, userId: agent.userId });
      },
    });
    agent.guides.add(guide.id);
    this.rt.events.emit({ type: "guide.started", userId: agent.userId, guide, related: contact, hook });
  }

  /** The agent answers the view a guide shows (Submit, Cancel, or any action of the view). */
  answerGuide(userRef: string, guideId: string, action: string, viewResultData?: unknown): void {
    const agent = this.rt.agents.requireAgent(userRef);
    const guide = this.rt.findContact(guideId);
    if (!guide || this.rt.routing.peek(guideId)?.guide?.userId !== agent.userId) throw new RequestRefused("not-found", `${this.rt.agents.nameOf(agent)} has no guide ${guideId}`);
    if (guide.ended) throw new RequestRefused("conflict", `guide ${guideId} has ended`);
    if (!this.rt.deliverInput(guideId, { kind: "view-result", action, viewResultData })) {
      throw new RequestRefused("conflict", `guide ${guideId} is not showing a view now`);
    }
  }

  /** Guides shown to an agent that are still open. */
  guidesOf(agent: AgentState): Contact[] {
    return [...agent.guides].map((id) => this.rt.findContact(id)).filter((c): c is Contact => !!c && !c.ended);
  }

  // ---- the runtime's flow hooks -------------------------------------------------------

  /** Whether a flow may start on a contact now: a customer queue flow never starts once an agent has the contact. */
  mayStart(session: ContactSession, flow: LoadedFlow): boolean {
    if (flow.flowType !== "CUSTOMER_QUEUE" || !this.withAgent(session.contact)) return true;
    this.note(session.contact, `customer queue flow ${flow.name} not started: an agent already has the contact`);
    return false;
  }

  /** An agent is joining or connected to the contact: a flow ending leaves the contact with its agent. */
  withAgent(contact: Contact): boolean {
    const phase = this.rt.routing.peek(contact.id)?.agentPhase;
    return phase === "joining" || phase === "connected";
  }

  /** Posts a transfer.succeeded / transfer.failed event to a chat. */
  transferEvent(contactId: string, ok: boolean): void {
    const chat = this.rt.chats.get(contactId);
    if (!chat || chat.ended) return;
    this.rt.chats.post(chat, { Type: "EVENT", ContentType: ok ? EVENT.transferSucceeded : EVENT.transferFailed, ParticipantRole: "SYSTEM", DisplayName: "SYSTEM_MESSAGE", ParticipantId: "SYSTEM" });
  }
}
