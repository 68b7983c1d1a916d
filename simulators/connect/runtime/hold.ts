/**
 * Hold on calls (reference §3.1 hold flows, §5.9 CustomerHold / AgentHold hooks, §2.3 Hold
 * customer or agent). While the customer is on hold the contact's customer hold flow plays
 * to the caller: its prompts are the contact's prompts, as any flow's, and its Loop prompts
 * loop on the clock. While the agent is on hold the agent hold flow plays to the agent: its
 * prompts go to the agent's slot (`heard`), never to the caller. A hook that is not set
 * falls back to the instance's "Default customer hold" / "Default agent hold" flow. Both
 * flows run on the held contact, so their paths are in its trace.
 *
 * Decisions where the references are silent:
 * - The agent's Hold button ("on hold with a customer") puts both on hold: the caller hears
 *   the customer hold flow and the agent the agent hold flow. Resume stops both.
 * - Hold customer or agent sets one state for the call the contact was transferred from
 *   (PreviousContactId) or, failing that, for the contact itself: CustomerOnHold holds the
 *   customer only (the agent talks to the transfer's destination), AgentOnHold the agent
 *   only (the customer talks to it), OffHold neither. With no agent connected to either
 *   call there is no leg to hold; the block only records the state (flow/actions/hold.ts).
 * - A hold flow ending on its own leaves silence until the call comes off hold; Loop prompts
 *   interrupted by InterruptFrequencySeconds resume after End flow / Resume, as in a
 *   customer queue flow.
 * - The agent leaving the call (after-contact work) or the call ending ends the hold.
 * - DescribeContact's AgentInfo.AgentInitiatedHoldDuration counts the time the agent's own
 *   Hold held the call; holds a flow puts on do not count.
 */
import { runFlow } from "../flow/interpreter.js";
import type { FlowHost, Prompt } from "../flow/host.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { Contact } from "../flow/contact.js";
import type { AgentService, AgentSlot, AgentState } from "./agents.js";
import { RequestRefused } from "./refusals.js";
import type { RuntimeContext } from "./context.js";
import { aContactOn } from "../flow/flow-types.js";

export type HoldParty = "customer" | "agent";
export type ParticipantHoldState = "AgentOnHold" | "CustomerOnHold" | "OffHold";

const HOOKS = { customer: "CustomerHold", agent: "AgentHold" } as const;
const DEFAULT_FLOWS = { customer: "Default customer hold", agent: "Default agent hold" } as const;

interface Leg {
  flow?: LoadedFlow;
  abort: AbortController;
}

/** A call on hold now. */
export interface CallHold {
  contactId: string;
  /** The agent connected to the call. */
  userId: string;
  customer: boolean;
  agent: boolean;
  since: number;
  /** Set while the agent's own Hold holds the call (for AgentInitiatedHoldDuration). */
  agentInitiatedSince?: number;
  legs: Partial<Record<HoldParty, Leg>>;
}

interface HoldHost extends RuntimeContext {
  readonly agents: AgentService;
}

export class HoldService {
  private readonly holds = new Map<string, CallHold>();
  /** Agent-initiated hold time per contact, in ms, of holds that have ended. */
  private readonly agentInitiatedMs = new Map<string, number>();

  constructor(private readonly rt: HoldHost) {
    rt.events.on((event) => {
      if (event.type === "contact.ended") this.end(event.contact, "the call ended");
      else if (event.type === "agent.acw") this.end(event.contact, "the agent left the call");
    });
  }

  /** The hold of a call, if it is on hold now. */
  state(contactId: string): Omit<CallHold, "legs"> | undefined {
    const hold = this.holds.get(contactId);
    if (!hold) return undefined;
    const { legs: _legs, ...rest } = hold;
    return rest;
  }

  /** Seconds the agent's own Hold held the call so far; undefined if it never did. */
  agentInitiatedHoldSeconds(contactId: string): number | undefined {
    const ended = this.agentInitiatedMs.get(contactId);
    const since = this.holds.get(contactId)?.agentInitiatedSince;
    if (ended === undefined && since === undefined) return undefined;
    return Math.round(((ended ?? 0) + (since === undefined ? 0 : this.rt.clock.now() - since)) / 1000);
  }

  // ---- the agent's Hold and Resume buttons ---------------------------------------------

  /** The agent puts the caller on hold. */
  hold(userRef: string, contactId: string): void {
    const { agent, contact } = this.onCall(userRef, contactId);
    if (this.holds.get(contactId)?.customer) throw new RequestRefused("conflict", `the caller on contact ${contactId} is already on hold`);
    this.apply(contact, agent.userId, { customer: true, agent: true }, "the agent put the call on hold", true);
  }

  /** The agent takes the call off hold: both hold flows stop and the call goes on. */
  resume(userRef: string, contactId: string): void {
    const { agent, contact } = this.onCall(userRef, contactId);
    if (!this.holds.has(contactId)) throw new RequestRefused("conflict", `contact ${contactId} is not on hold`);
    this.apply(contact, agent.userId, { customer: false, agent: false }, "the agent resumed the call", false);
  }

  private onCall(userRef: string, contactId: string): { agent: AgentState; slot: AgentSlot; contact: Contact } {
    const agent = this.rt.agents.requireAgent(userRef);
    const slot = agent.slots.get(contactId);
    const name = this.rt.agents.nameOf(agent);
    if (!slot) throw new RequestRefused("not-found", `${name} holds no contact ${contactId}`);
    const contact = this.rt.findContact(contactId)!;
    // "Hold customer or agent" and "Set hold flow" are voice only (reference §3.4).
    if (contact.channel !== "VOICE") throw new RequestRefused("invalid", `only calls can be put on hold: contact ${contactId} is ${aContactOn(contact.channel)}`);
    if (slot.state !== "connected") throw new RequestRefused("conflict", `${name} is not connected to contact ${contactId}: it is ${slot.state}`);
    return { agent, slot, contact };
  }

  // ---- Hold customer or agent (UpdatePreviousContactParticipantState) -------------------

  /** The block's state for the call `contact` came from, or for `contact` itself. */
  participantState(contact: Contact, state: ParticipantHoldState): void {
    const previous = contact.previousContactId ? this.rt.findContact(contact.previousContactId) : undefined;
    const call = [previous, contact].find((c): c is Contact => !!c && !c.ended && c.channel === "VOICE" && !!this.connectedAgent(c));
    if (!call) {
      this.note(contact, `Hold customer or agent (${state}): no agent is connected to this call or the one it came from, so nobody is put on or off hold`);
      return;
    }
    const want = { customer: state === "CustomerOnHold", agent: state === "AgentOnHold" };
    this.apply(call, this.connectedAgent(call)!.userId, want, `Hold customer or agent: ${state}${call === contact ? "" : ` (from contact ${contact.id})`}`, false);
  }

  private connectedAgent(contact: Contact): AgentState | undefined {
    return this.rt.agents.holdersOf(contact.id).find(({ slot }) => slot.state === "connected")?.agent;
  }

  // ---- legs ---------------------------------------------------------------------------

  private apply(contact: Contact, userId: string, want: Record<HoldParty, boolean>, why: string, agentInitiated: boolean): void {
    const now = this.rt.clock.now();
    let hold = this.holds.get(contact.id);
    if (!want.customer && !want.agent) {
      if (hold) this.release(contact, hold, why);
      return;
    }
    if (!hold) {
      hold = { contactId: contact.id, userId, customer: false, agent: false, since: now, legs: {} };
      this.holds.set(contact.id, hold);
    }
    if (agentInitiated && hold.agentInitiatedSince === undefined) hold.agentInitiatedSince = now;
    for (const party of ["customer", "agent"] as const) {
      if (want[party] && !hold.legs[party]) this.startLeg(contact, hold, party);
      else if (!want[party] && hold.legs[party]) this.stopLeg(hold, party);
      hold[party] = want[party];
    }
    this.note(contact, `on hold: ${[want.customer ? "the customer" : "", want.agent ? "the agent" : ""].filter(Boolean).join(" and ")} (${why})`);
  }

  private end(contact: Contact, why: string): void {
    const hold = this.holds.get(contact.id);
    if (hold) this.release(contact, hold, why);
  }

  private release(contact: Contact, hold: CallHold, why: string): void {
    this.stopLeg(hold, "customer");
    this.stopLeg(hold, "agent");
    if (hold.agentInitiatedSince !== undefined) {
      this.agentInitiatedMs.set(contact.id, (this.agentInitiatedMs.get(contact.id) ?? 0) + this.rt.clock.now() - hold.agentInitiatedSince);
    }
    this.holds.delete(contact.id);
    this.note(contact, `off hold (${why})`);
  }

  private startLeg(contact: Contact, hold: CallHold, party: HoldParty): void {
    const flow = this.hookFlow(contact, party);
    const leg: Leg = { flow, abort: new AbortController() };
    hold.legs[party] = leg;
    if (!flow) return;
    const host = party === "customer" ? this.rt : this.agentEar(hold);
    void this.runLeg(contact, flow, host, leg, party);
  }

  private stopLeg(hold: CallHold, party: HoldParty): void {
    hold.legs[party]?.abort.abort();
    delete hold.legs[party];
  }

  /** The hook's flow; an unset hook means the instance's default hold flow (when published). */
  private hookFlow(contact: Contact, party: HoldParty): LoadedFlow | undefined {
    const hook = HOOKS[party];
    if (contact.disabledHooks[hook]) return undefined;
    const ref = contact.eventHooks[hook];
    const flow = this.rt.findFlow(ref ?? DEFAULT_FLOWS[party], "flow");
    if (!flow) this.note(contact, ref ? `the ${hook} flow "${ref}" is not published; nothing plays to the ${party} on hold` : `no ${hook} flow is set and "${DEFAULT_FLOWS[party]}" is not published; nothing plays to the ${party} on hold`);
    return flow;
  }

  /** The runtime as the agent hold flow sees it: what it says is heard by the agent, not the caller. */
  private agentEar(hold: CallHold): FlowHost {
    const rt = this.rt;
    const say = async (_contact: Contact, prompt: Prompt): Promise<void> => {
      const slot = rt.agents.slotOf(hold.userId, hold.contactId);
      if (slot) (slot.heard ??= []).push({ ...prompt, at: rt.clock.now() });
    };
    return new Proxy(rt, {
      get(target, prop) {
        if (prop === "say") return say;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  private async runLeg(contact: Contact, flow: LoadedFlow, host: FlowHost, leg: Leg, party: HoldParty): Promise<void> {
    let startAt: string | undefined;
    for (;;) {
      try {
        const result = await runFlow(flow, contact, host, { signal: leg.abort.signal, reason: startAt ? "resume" : `event-hook:${HOOKS[party]}`, startAt });
        // Loop prompts interrupted, then End flow / Resume: the prompts start again.
        if (result.reason !== "ended" || !result.resumePoint || leg.abort.signal.aborted || contact.ended) return;
        startAt = result.resumePoint;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        this.rt.session(contact.id)?.engineErrors.push(error);
        this.rt.events.emit({ type: "engine.error", contact, error });
        await this.rt.disconnect(contact, `flowsim engine error: ${error.message}`);
        return;
      }
    }
  }

  private note(contact: Contact, detail: string): void {
    this.rt.trace(contact, { kind: "note", at: this.rt.clock.now(), contactId: contact.id, detail });
  }
}
