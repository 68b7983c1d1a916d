/**
 * Contacts and the flows that drive them: a contact is created and its flow started (now,
 * at its scheduled time, or when its starter says), each further flow runs after the ones
 * before it, and a flow's end decides what happens to the contact. Engine faults end the
 * contact and are kept on its session, never taken for a flow outcome.
 */
import type { Contact, InitiationMethod } from "../flow/contact.js";
import { HostError } from "../flow/host.js";
import { runFlow, type FlowResult } from "../flow/interpreter.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { ContactSession, RuntimeContext, StartContactOptions } from "./context.js";
import type { ContactLifecycle } from "./lifecycle.js";
import type { TransferService } from "./transfers.js";

interface ContactFlowsHost extends RuntimeContext {
  readonly lifecycle: ContactLifecycle;
  readonly transfers: TransferService;
}

export class ContactFlows {
  constructor(private readonly rt: ContactFlowsHost) {}

  /** Creates a contact and starts its flow. The flow runs on; await `whenIdle` to let it reach its first wait. */
  start(options: StartContactOptions): Contact {
    const flow = typeof options.flow === "string" ? this.rt.findFlow(options.flow, "flow") : options.flow;
    if (!flow) throw new HostError(`no published flow matches "${options.flow}"`);
    const defaultMethod: InitiationMethod = options.channel === "VOICE" ? "INBOUND" : "API";
    const session = this.rt.newContact(options.channel, options.initiationMethod ?? defaultMethod, {
      previousContactId: options.previousContactId,
      relatedContactId: options.relatedContactId,
      initialContactId: options.previousContactId ? this.rt.findContact(options.previousContactId)?.initialContactId : undefined,
    });
    const c = session.contact;
    Object.assign(c.attributes, options.attributes ?? {});
    c.customerEndpoint = options.customerEndpoint;
    c.systemEndpoint = options.systemEndpoint;
    c.name = options.name;
    c.description = options.description;
    Object.assign(c.references, options.references ?? {});
    c.initialMessage = options.initialMessage;
    Object.assign(c.segmentAttributes, options.segmentAttributes ?? {});
    c.customerId = options.customerId;
    c.taskTemplateId = options.taskTemplateId;
    options.beforeFlow?.(c);
    this.rt.events.emit({ type: "contact.started", contact: c });
    if (options.scheduledAt !== undefined && options.scheduledAt > this.rt.clock.now()) {
      c.state = "SCHEDULED";
      c.scheduledTimestamp = options.scheduledAt;
      session.scheduledFlow = flow;
      this.rt.clock.schedule(options.scheduledAt - this.rt.clock.now(), () => {
        // A rescheduled task (UpdateContactSchedule) is delivered by its new timer instead.
        if (c.state === "SCHEDULED" && c.scheduledTimestamp === options.scheduledAt) this.run(session, flow, "scheduled");
      }, `scheduled ${c.channel.toLowerCase()} ${c.id}`);
    } else if (options.holdFlow) {
      options.holdFlow(() => this.run(session, flow, "start"));
    } else {
      this.run(session, flow, "start");
    }
    return c;
  }

  /** Starts `flow` for a contact, one after another with whatever ran before. */
  run(session: ContactSession, flow: LoadedFlow, reason: string, startAt?: string): void {
    session.idle = session.idle.then(() => this.runAndHandle(session, flow, reason, startAt));
  }

  private async runAndHandle(session: ContactSession, flow: LoadedFlow, reason: string, startAt?: string): Promise<void> {
    const contact = session.contact;
    if (contact.ended || !this.rt.lifecycle.mayStart(session, flow)) return;
    if (contact.state === "INITIATED" || contact.state === "SCHEDULED") contact.state = "IN_FLOW";
    const abort = new AbortController();
    session.flowAbort = abort;
    let result: FlowResult;
    try {
      result = await runFlow(flow, contact, this.rt, { signal: abort.signal, reason, startAt });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      session.engineErrors.push(error);
      this.rt.events.emit({ type: "engine.error", contact, error });
      await this.rt.disconnect(contact, `flowsim engine error: ${error.message}`);
      return;
    } finally {
      if (session.flowAbort === abort) session.flowAbort = undefined;
    }
    this.rt.events.emit({ type: "flow.finished", contact, result });
    await this.afterFlow(session, result);
  }

  /** What a flow's end means for its contact, by flow type (reference §1.6, §5.5). */
  private async afterFlow(session: ContactSession, result: FlowResult): Promise<void> {
    const contact = session.contact;
    if (contact.ended || result.reason === "interrupted" || result.reason === "disconnected") return;
    // A transfer flow's end is the transfer's to handle; with an agent, the contact stays with it.
    if ((await this.rt.transfers.afterFlow(session, result)) || this.rt.lifecycle.withAgent(contact)) return;
    const type = result.flow.flowType;
    if (result.reason === "queued") {
      const queueFlowRef = contact.disabledHooks.CustomerQueue ? undefined : contact.eventHooks.CustomerQueue;
      if (queueFlowRef) {
        const queueFlow = this.rt.findFlow(queueFlowRef, "flow");
        if (queueFlow) this.run(session, queueFlow, "customer-queue");
        else this.note(contact, `customer queue flow "${queueFlowRef}" is not published; the contact waits in queue without one`);
      }
      return;
    }
    if (type === "CUSTOMER_QUEUE") {
      // The queue flow only shapes the wait; the contact stays queued until routed.
      if (result.reason === "ended" && result.resumePoint && contact.state === "QUEUED") this.run(session, result.flow, "resume", result.resumePoint);
      return;
    }
    if (type === "CONTACT_FLOW" || type === "AGENT_TRANSFER" || type === "QUEUE_TRANSFER" || type === "MODULE") {
      if (contact.state === "QUEUED" || contact.state === "CONNECTED" || contact.state === "CONNECTING") return;
      // "if a flow ends before the contact is put into queue, ending the flow results in the contact being ended"
      await this.rt.disconnect(contact, result.reason === "ended" ? "the flow ended before the contact was queued" : `flow ended: ${result.detail ?? result.reason}`);
    }
  }

  private note(contact: Contact, detail: string): void {
    this.rt.trace(contact, { kind: "note", at: this.rt.clock.now(), contactId: contact.id, detail });
  }
}
