/**
 * Transfers: an agent's quick connect (the quick connect's transfer flow runs and decides
 * where the contact goes) and the TransferContact API (tasks and email, to a queue or an
 * agent through a flow).
 *
 * Decisions where the references are silent:
 * - A transfer of a call, task or email makes a new contact segment (InitiationMethod
 *   TRANSFER, PreviousContactId the transferred contact) that runs the transfer flow. A
 *   chat keeps its contact: its transcript and participant tokens belong to it.
 * - A quick-connect transfer succeeds when its flow puts the contact in a queue (or, for
 *   calls, hands it to an agent with Transfer to agent). Any other end — an error branch
 *   that leads to a disconnect, a flow that just ends — is a failed transfer (seed 002: "a
 *   quick connect whose flow contains a block that fails makes the transfer fail"): the
 *   contact stays with the agent, and a chat gets transfer.failed. On success the agent
 *   leaves (after-contact work) and a chat gets transfer.succeeded.
 * - TransferContact is asynchronous, as in Connect: the transferred contact ends at once
 *   (its agent goes to after-contact work) and the new segment runs the flow on its own. A
 *   scheduled task transferred this way is delivered at once (seed 002).
 * - Phone-number quick connects transfer calls only; the outside leg is not simulated, so
 *   the call leaves the instance: the agent goes to after-contact work and the contact ends.
 */
import type { FlowResult } from "../flow/interpreter.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { Contact, QueueRef } from "../flow/contact.js";
import type { AgentService, AgentState } from "./agents.js";
import { RequestRefused } from "./refusals.js";
import type { ContactLifecycle } from "./lifecycle.js";
import type { Router } from "./routing.js";
import type { ContactSession, RuntimeContext } from "./context.js";
import { BoundedMemory } from "../../kernel/bounded-memory.js";
import { CLIENT_TOKEN_RETENTION_MS, CLIENT_TOKENS_KEPT } from "./client-tokens.js";
import { aFlowOfType } from "../flow/flow-types.js";

/** "A contact cannot be transferred more than 11 times." */
export const MAX_TRANSFERS = 11;

const TRANSFER_FLOW_TYPES = ["CONTACT_FLOW", "AGENT_TRANSFER", "QUEUE_TRANSFER"];

interface PendingTransfer {
  via: "quick-connect" | "api";
  /** The contact that was transferred (the same contact for a chat). */
  fromContactId: string;
  /** The agent that transferred it (quick connects). */
  userId?: string;
  target?: QueueRef;
  /** What a failed same-contact transfer restores. */
  previous?: { state: Contact["state"]; targetQueue?: QueueRef };
}

export interface TransferOutcome {
  ok: boolean;
  detail: string;
  at: number;
}

interface TransferHost extends RuntimeContext {
  readonly agents: AgentService;
  readonly routing: Router;
  readonly lifecycle: ContactLifecycle;
}

export class TransferService {
  /** Transfer flows running, by the contact they run on. */
  private readonly pending = new Map<string, PendingTransfer>();
  /** The last transfer outcome of each transferred contact (for the control plane). */
  private readonly outcomes = new Map<string, TransferOutcome>();
  /** TransferContact ClientTokens: a retried request gets the segment the first one made. */
  private readonly tokens: BoundedMemory<string>;

  constructor(private readonly rt: TransferHost) {
    this.tokens = new BoundedMemory(rt.clock, CLIENT_TOKEN_RETENTION_MS, CLIENT_TOKENS_KEPT);
    rt.events.on((event) => {
      if (event.type === "contact.ended" && this.pending.has(event.contact.id)) this.settle(event.contact.id, false, "the contact ended during the transfer flow");
    });
  }

  outcome(contactId: string): TransferOutcome | undefined {
    return this.outcomes.get(contactId);
  }

  /** Drops the transfer outcome of a contact that is over (ended-contacts.ts decides when). */
  forget(contactId: string): void {
    this.outcomes.delete(contactId);
  }

  inProgress(contactId: string): boolean {
    for (const p of this.pending.values()) if (p.fromContactId === contactId) return true;
    return this.pending.has(contactId);
  }

  /** The transfer flow and destination a quick connect stands for. */
  private resolveQuickConnect(ref: string): { flow?: LoadedFlow; target?: QueueRef; phone?: string; name: string } {
    const qc = this.rt.resources.quickConnects.find(ref);
    if (!qc) throw new RequestRefused("not-found", `no quick connect ${ref}`);
    if (qc.type === "PHONE_NUMBER") return { phone: qc.phone?.phoneNumber, name: qc.name };
    const config = qc.type === "QUEUE" ? qc.queue : qc.user;
    if (!config) throw new RequestRefused("invalid", `quick connect ${qc.name} has no ${qc.type.toLowerCase()} configuration`);
    const target = qc.type === "QUEUE" ? this.rt.resources.queues.get(qc.queue!.queueId) : this.rt.findAgentQueue(qc.user!.userId);
    if (!target) throw new RequestRefused("not-found", `the ${qc.type === "QUEUE" ? "queue" : "user"} of quick connect ${qc.name} does not exist`);
    const flow = this.rt.findFlow(config.contactFlowId, "flow");
    if (!flow) throw new RequestRefused("not-found", `the transfer flow ${config.contactFlowId} of quick connect ${qc.name} is not published`);
    return { flow, target, name: qc.name };
  }

  /** An agent transfers a contact it is connected to with a quick connect. Returns the contact running the transfer flow. */
  quickConnect(agent: AgentState, contactId: string, quickConnectRef: string): Contact {
    const slot = agent.slots.get(contactId);
    if (!slot) throw new RequestRefused("not-found", `the agent holds no contact ${contactId}`);
    if (slot.state !== "connected") throw new RequestRefused("conflict", `the agent is not connected to contact ${contactId}: it is ${slot.state}`);
    const contact = this.rt.findContact(contactId)!;
    if (this.inProgress(contactId)) throw new RequestRefused("conflict", `a transfer of contact ${contactId} is already under way`);
    const qc = this.resolveQuickConnect(quickConnectRef);
    if (qc.phone !== undefined) {
      if (contact.channel !== "VOICE") throw new RequestRefused("invalid", `quick connect ${qc.name} dials a phone number: only calls can be transferred to one`);
      this.rt.routing.info(contact.id).agentPhase = "left";
      this.rt.lifecycle.enterAcw(agent, slot, contact);
      this.rt.routing.info(contact.id).disconnectCode = "THIRD_PARTY_DISCONNECT";
      this.record(contact.id, true, `transferred to ${qc.phone}`);
      void this.rt.disconnect(contact, `transferred to the outside number ${qc.phone}`);
      return contact;
    }
    if (this.chainTransfers(contact) >= MAX_TRANSFERS) throw new RequestRefused("quota", `contact ${contactId} was already transferred ${MAX_TRANSFERS} times`);
    return this.start(contact, qc.flow!, qc.target, { via: "quick-connect", fromContactId: contact.id, userId: agent.userId, target: qc.target });
  }

  /** TransferContact: a task or email to a queue or an agent, through a flow. Returns the new contact segment. */
  transferContact(contact: Contact, request: { flow: LoadedFlow; queue?: QueueRef; userId?: string; clientToken?: string }): Contact {
    const earlier = request.clientToken ? this.rt.findContact(this.tokens.get(request.clientToken) ?? "") : undefined;
    if (earlier) return earlier;
    if (contact.channel !== "TASK" && contact.channel !== "EMAIL") throw new RequestRefused("invalid", `Only TASK and EMAIL contacts can be transferred; contact ${contact.id} is ${contact.channel}`);
    if (contact.ended) throw new RequestRefused("invalid", `contact ${contact.id} is not active`);
    if (!TRANSFER_FLOW_TYPES.includes(request.flow.flowType)) {
      throw new RequestRefused("invalid", `flow ${request.flow.name} is ${aFlowOfType(request.flow.flowType)}; a transfer runs an inbound, transfer to agent or transfer to queue flow`);
    }
    if (this.chainTransfers(contact) >= MAX_TRANSFERS) throw new RequestRefused("quota", `contact ${contact.id} was already transferred ${MAX_TRANSFERS} times`);
    if (this.inProgress(contact.id)) throw new RequestRefused("conflict", `a transfer of contact ${contact.id} is already under way`);
    const target = request.queue ?? (request.userId ? this.rt.findAgentQueue(request.userId) : undefined);
    const segment = this.start(contact, request.flow, target, { via: "api", fromContactId: contact.id, target });
    if (request.clientToken) this.tokens.set(request.clientToken, segment.id);
    // Handed over: the old segment ends and its agent (if any) moves to after-contact work.
    this.rt.routing.info(contact.id).disconnectCode = "API";
    void this.rt.disconnect(contact, `transferred (TransferContact) as contact ${segment.id}`);
    return segment;
  }

  /** Transfers made along a contact chain (TRANSFER segments before this one). */
  private chainTransfers(contact: Contact): number {
    let n = this.rt.routing.peek(contact.id)?.transfers ?? 0;
    let c: Contact | undefined = contact;
    const seen = new Set<string>();
    while (c && !seen.has(c.id)) {
      seen.add(c.id);
      if (c.initiationMethod === "TRANSFER") n++;
      c = c.previousContactId ? this.rt.findContact(c.previousContactId) : undefined;
    }
    return n;
  }

  private start(contact: Contact, flow: LoadedFlow, target: QueueRef | undefined, pending: PendingTransfer): Contact {
    if (contact.channel === "CHAT") {
      const session = this.rt.requireSession(contact.id);
      pending.previous = { state: contact.state, targetQueue: contact.targetQueue };
      this.pending.set(contact.id, pending);
      const info = this.rt.routing.info(contact.id);
      this.rt.routing.setTransferPending(contact.id, true);
      info.transfers = (info.transfers ?? 0) + 1;
      contact.state = "IN_FLOW";
      if (target) contact.targetQueue = target;
      contact.lastUpdateTimestamp = this.rt.clock.now();
      this.rt.runFlowFor(session, flow, "transfer");
      return contact;
    }
    return this.rt.startContact({
      channel: contact.channel,
      flow,
      initiationMethod: "TRANSFER",
      previousContactId: contact.id,
      relatedContactId: contact.relatedContactId,
      name: contact.name,
      description: contact.description,
      attributes: { ...contact.attributes },
      references: structuredClone(contact.references),
      segmentAttributes: structuredClone(contact.segmentAttributes),
      customerEndpoint: contact.customerEndpoint,
      systemEndpoint: contact.systemEndpoint,
      customerId: contact.customerId,
      taskTemplateId: contact.taskTemplateId,
      beforeFlow: (segment) => {
        segment.targetQueue = target ?? contact.targetQueue;
        segment.tags = { ...contact.tags };
        segment.eventHooks = { ...contact.eventHooks };
        segment.disabledHooks = { ...contact.disabledHooks };
        this.rt.routing.setTransferPending(segment.id, true);
        this.pending.set(segment.id, pending);
      },
    });
  }

  private record(contactId: string, ok: boolean, detail: string): void {
    this.outcomes.set(contactId, { ok, detail, at: this.rt.clock.now() });
    this.rt.events.emit({ type: "transfer.ended", contactId, ok, detail });
  }

  /** A transfer flow ended (or its contact did): the outcome, once. */
  private settle(contactId: string, ok: boolean, detail: string): PendingTransfer | undefined {
    const pending = this.pending.get(contactId);
    if (!pending) return undefined;
    this.pending.delete(contactId);
    this.rt.routing.setTransferPending(contactId, false);
    this.record(pending.fromContactId, ok, detail);
    if (!ok && pending.via === "quick-connect") {
      const from = this.rt.findContact(pending.fromContactId);
      if (from) this.rt.trace(from, { kind: "note", at: this.rt.clock.now(), contactId: from.id, detail: `transfer failed: ${detail}; the contact stays with its agent` });
    }
    return pending;
  }

  /** Handles the end of a transfer flow; false leaves the rest to the runtime (e.g. start the customer queue flow). */
  async afterFlow(session: ContactSession, result: FlowResult): Promise<boolean> {
    const contact = session.contact;
    if (!this.pending.has(contact.id)) return false;
    const delivered = result.reason === "queued" || result.reason === "transferred";
    const detail = delivered ? `${result.reason}${result.detail ? `: ${result.detail}` : ""}` : `the transfer flow ${result.flow.name} ended (${result.reason}${result.detail ? `: ${result.detail}` : ""}) without queueing the contact`;
    const pending = this.settle(contact.id, delivered, detail)!;
    if (pending.via === "api") {
      if (result.reason === "transferred") return this.toAgent(contact, pending.target);
      this.rt.routing.route();
      return false;
    }
    const from = this.rt.findContact(pending.fromContactId)!;
    const agent = pending.userId ? this.rt.agents.state(pending.userId) : undefined;
    const slot = agent?.slots.get(from.id);
    if (!delivered) {
      if (contact === from) {
        if (!contact.ended) {
          contact.state = pending.previous!.state;
          contact.targetQueue = pending.previous!.targetQueue;
          this.rt.lifecycle.transferEvent(contact.id, false);
        }
      } else if (!contact.ended) {
        this.rt.routing.info(contact.id).disconnectCode = "CONTACT_FLOW_DISCONNECT";
        await this.rt.disconnect(contact, `transfer failed: ${detail}`);
      }
      return true;
    }
    // Delivered: the agent leaves the transferred contact for after-contact work.
    if (agent && slot && (slot.state === "connected" || slot.state === "joining")) {
      this.rt.routing.info(from.id).agentPhase = "left";
      this.rt.lifecycle.enterAcw(agent, slot, from);
      if (from.channel === "CHAT") {
        this.rt.lifecycle.transferEvent(from.id, true);
        if (slot.participantId) this.rt.chats.leave(from.id, slot.participantId, "the agent transferred the chat");
      }
    }
    if (from !== contact && !from.ended) {
      this.rt.routing.info(from.id).disconnectCode = "AGENT_DISCONNECT";
      await this.rt.disconnect(from, `transferred as contact ${contact.id}`);
    }
    if (result.reason === "transferred") return this.toAgent(contact, pending.target);
    this.rt.routing.route();
    return false;
  }

  /**
   * Transfer to agent ends the transfer flow: the contact goes to the agent's queue, and
   * "If the agent is already with someone else, the contact is disconnected."
   */
  private async toAgent(contact: Contact, target: QueueRef | undefined): Promise<boolean> {
    const userId = target?.agentId;
    const agent = userId ? this.rt.agents.state(userId) : undefined;
    const why = !agent ? "the transfer names no agent" : this.rt.agents.whyNot(agent, contact.channel);
    if (why || !target) {
      this.rt.routing.info(contact.id).disconnectCode = "CONTACT_FLOW_DISCONNECT";
      await this.rt.disconnect(contact, `Transfer to agent: ${why}`);
      return true;
    }
    const result = await this.rt.enqueue(contact, target);
    if (result.kind !== "queued") await this.rt.disconnect(contact, `Transfer to agent failed: ${result.kind === "error" ? result.reason : "at capacity"}`);
    return true;
  }
}
