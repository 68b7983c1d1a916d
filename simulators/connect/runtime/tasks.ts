/**
 * Contacts started through the API that are not chats: tasks (StartTaskContact, with
 * task templates and scheduling; UpdateContactSchedule) and outbound calls
 * (StartOutboundVoiceContact). The API layer checks the request's shape; the rules of the
 * service live here.
 *
 * Decisions where the references are silent:
 * - Task template rules are seed 002's, the very rules the Create task block applies
 *   (task-template-fields.ts); here a reference given for a template field must also have
 *   the field's type.
 * - ContactFlowId and a template's flow must be inbound flows; a quick connect brings its
 *   own transfer flow and destination (the task starts with that working queue).
 * - A ClientToken seen again within 7 days returns the contact it started.
 * - StartOutboundVoiceContact starts a call whose callee answers at once (InitiationMethod
 *   API, as the reference lists it): the flow runs straight away, and the control plane's
 *   voice caller drives it from there.
 */
import type { Reference, SegmentAttributeValue, Contact, QueueRef } from "../flow/contact.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import { RequestRefused } from "./refusals.js";
import { describeTime } from "../../kernel/clock-limits.js";
import { BoundedMemory } from "../../kernel/bounded-memory.js";
import { CLIENT_TOKEN_RETENTION_MS, CLIENT_TOKENS_KEPT } from "./client-tokens.js";
import type { TaskTemplateResource } from "./resources.js";
import type { RuntimeContext } from "./context.js";
import { applyTemplateFields, CREATE_REFERENCE_TYPES, type TaskDraft } from "../flow/task-template-fields.js";
import { aFlowOfType } from "../flow/flow-types.js";

/** "There can be a maximum of 12 linked task contacts in a chain." */
export const MAX_CHAIN = 12;
/** ScheduledTime "up to 6 days in future". */
export const MAX_SCHEDULE_AHEAD_MS = 6 * 24 * 3600 * 1000;
export const MAX_TASK_ATTACHMENTS = 5;

export interface TaskStartRequest {
  name: string;
  description?: string;
  contactFlowId?: string;
  quickConnectId?: string;
  taskTemplateId?: string;
  previousContactId?: string;
  relatedContactId?: string;
  attributes?: Record<string, string>;
  references?: Record<string, Reference>;
  /** Epoch ms. */
  scheduledAt?: number;
  segmentAttributes?: Record<string, SegmentAttributeValue>;
  attachments?: { FileName: string; S3Url: string }[];
  clientToken?: string;
}

export interface OutboundVoiceRequest {
  destination: string;
  contactFlowId: string;
  queueId?: string;
  source?: string;
  name?: string;
  description?: string;
  attributes?: Record<string, string>;
  references?: Record<string, Reference>;
  relatedContactId?: string;
  clientToken?: string;
}

export class TaskService {
  /** The contact each ClientToken made. */
  private readonly tokens: BoundedMemory<string>;

  constructor(private readonly rt: RuntimeContext) {
    this.tokens = new BoundedMemory(rt.clock, CLIENT_TOKEN_RETENTION_MS, CLIENT_TOKENS_KEPT);
  }

  private known(operation: string, token: string | undefined): Contact | undefined {
    const contactId = token ? this.tokens.get(`${operation}:${token}`) : undefined;
    return contactId === undefined ? undefined : this.rt.findContact(contactId);
  }

  private remember(operation: string, token: string | undefined, contact: Contact): void {
    if (token) this.tokens.set(`${operation}:${token}`, contact.id);
  }

  private flow(ref: string, what: string, types: readonly string[]): LoadedFlow {
    const flow = this.rt.findFlow(ref, "flow");
    if (!flow) throw new RequestRefused("not-found", `${what} ${ref} not found`);
    if (!types.includes(flow.flowType)) throw new RequestRefused("invalid", `${what} ${flow.name} is ${aFlowOfType(flow.flowType)}; it must be ${types.join(" or ")}`);
    return flow;
  }

  private contact(ref: string, what: string): Contact {
    const contact = this.rt.findContact(ref);
    if (!contact) throw new RequestRefused("not-found", `${what} ${ref} not found`);
    return contact;
  }

  private checkReferences(references: Record<string, Reference>): void {
    for (const [name, ref] of Object.entries(references)) {
      if (!(CREATE_REFERENCE_TYPES as readonly string[]).includes(ref.Type)) {
        throw new RequestRefused("invalid", `Reference ${name} has type ${ref.Type}; a contact is created with ${CREATE_REFERENCE_TYPES.join(", ")} references only`);
      }
      if (!ref.Value) throw new RequestRefused("invalid", `Reference ${name} (${ref.Type}) has no Value`);
    }
  }

  private checkSchedule(at: number): void {
    const now = this.rt.clock.now();
    // Epoch seconds arrive rounded: a time within the current second is not in the past.
    if (at < Math.floor(now / 1000) * 1000) throw new RequestRefused("invalid", `ScheduledTime ${describeTime(at)} is in the past`);
    if (at > now + MAX_SCHEDULE_AHEAD_MS) throw new RequestRefused("invalid", `ScheduledTime ${describeTime(at)} is more than 6 days ahead`);
  }

  /** Seed 002's template rules (shared with the Create task block); fills `draft` with defaults. */
  private applyTemplate(template: TaskTemplateResource, draft: TaskDraft): void {
    const bad = applyTemplateFields(template.fields, draft, { checkReferenceTypes: true });
    if (!bad) return;
    switch (bad.kind) {
      case "reference-type":
        throw new RequestRefused("invalid", `Reference ${bad.field} must have type ${bad.expected} (template field of type ${bad.fieldType}), not ${bad.given}`);
      case "read-only":
        throw new RequestRefused("invalid", `Task template field ${bad.field} is read-only: the request cannot fill it`);
      case "default-not-a-date":
        throw new RequestRefused("invalid", `the default of template field ${bad.field} is not a date`);
      case "required":
        throw new RequestRefused("invalid", `Task template field ${bad.field} is required and has no value`);
    }
  }

  /** StartTaskContact. */
  startTask(req: TaskStartRequest): Contact {
    const again = this.known("task", req.clientToken);
    if (again) return again;
    const given = [req.contactFlowId && "ContactFlowId", req.quickConnectId && "QuickConnectId", req.taskTemplateId && "TaskTemplateId"].filter(Boolean);
    if (given.length > 1) throw new RequestRefused("invalid", `Give only one of ContactFlowId, QuickConnectId or TaskTemplateId (got ${given.join(", ")}): the flow to run must be unambiguous`);
    if (given.length === 0) throw new RequestRefused("invalid", "One of ContactFlowId, QuickConnectId or TaskTemplateId is required");

    let flow: LoadedFlow;
    let target: QueueRef | undefined;
    let template: TaskTemplateResource | undefined;
    if (req.contactFlowId) flow = this.flow(req.contactFlowId, "Contact flow", ["CONTACT_FLOW"]);
    else if (req.quickConnectId) {
      const qc = this.rt.resources.quickConnects.find(req.quickConnectId);
      if (!qc) throw new RequestRefused("not-found", `Quick connect ${req.quickConnectId} not found`);
      if (qc.type === "PHONE_NUMBER" || !(qc.queue ?? qc.user)) throw new RequestRefused("invalid", `Quick connect ${qc.name} is of type ${qc.type}; a task goes to a queue or a user`);
      target = qc.type === "QUEUE" ? this.rt.resources.queues.get(qc.queue!.queueId) : this.rt.findAgentQueue(qc.user!.userId);
      if (!target) throw new RequestRefused("not-found", `The destination of quick connect ${qc.name} does not exist`);
      flow = this.flow((qc.queue ?? qc.user)!.contactFlowId, "Transfer flow", ["QUEUE_TRANSFER", "AGENT_TRANSFER", "CONTACT_FLOW"]);
    } else {
      template = this.rt.resources.taskTemplates.find(req.taskTemplateId!);
      if (!template) throw new RequestRefused("not-found", `Task template ${req.taskTemplateId} not found`);
      if (template.status === "INACTIVE") throw new RequestRefused("invalid", `Task template ${template.name} is INACTIVE`);
      if (!template.contactFlowId) throw new RequestRefused("invalid", `Task template ${template.name} has no flow: give ContactFlowId instead`);
      flow = this.flow(template.contactFlowId, "The template's contact flow", ["CONTACT_FLOW"]);
    }

    let initialContactId: string | undefined;
    if (req.previousContactId) {
      initialContactId = this.contact(req.previousContactId, "Previous contact").initialContactId;
      const chain = this.rt.allSessions().filter((s) => s.contact.initialContactId === initialContactId).length;
      if (chain >= MAX_CHAIN) throw new RequestRefused("quota", `There can be a maximum of ${MAX_CHAIN} linked contacts in a chain; ${req.previousContactId}'s chain has ${chain}`);
    }
    const related = req.relatedContactId ? this.contact(req.relatedContactId, "Related contact") : undefined;

    const draft: TaskDraft = { name: req.name, description: req.description, scheduledAt: req.scheduledAt, references: { ...(req.references ?? {}) } };
    this.checkReferences(draft.references);
    if (template) this.applyTemplate(template, draft);
    if (draft.scheduledAt !== undefined) this.checkSchedule(draft.scheduledAt);
    const attachments = req.attachments ?? [];
    if (attachments.length > MAX_TASK_ATTACHMENTS) throw new RequestRefused("invalid", `A task has at most ${MAX_TASK_ATTACHMENTS} attachments`);
    for (const a of attachments) draft.references[a.FileName] = { Type: "ATTACHMENT", Value: a.S3Url, Status: "APPROVED" };

    const contact = this.rt.startContact({
      channel: "TASK",
      flow,
      initiationMethod: "API",
      name: draft.name,
      description: draft.description,
      // "Copies contact attributes from the related task contact to the new contact."
      attributes: { ...(related?.attributes ?? {}), ...(req.attributes ?? {}) },
      references: draft.references,
      previousContactId: req.previousContactId,
      relatedContactId: req.relatedContactId,
      taskTemplateId: template?.id,
      segmentAttributes: req.segmentAttributes,
      scheduledAt: draft.scheduledAt,
      beforeFlow: (c) => {
        if (target) c.targetQueue = target;
      },
    });
    this.remember("task", req.clientToken, contact);
    return contact;
  }

  /** UpdateContactSchedule: a scheduled task not yet delivered (API or Create task block) gets a new time (seed 002). */
  reschedule(contactId: string, at: number): Contact {
    const contact = this.contact(contactId, "Contact");
    const session = this.rt.requireSession(contact.id);
    const flow = session.scheduledFlow;
    if (contact.channel !== "TASK" || !flow) throw new RequestRefused("invalid", `Contact ${contactId} is not a scheduled task`);
    if (contact.state !== "SCHEDULED") throw new RequestRefused("invalid", `Task ${contactId} was already delivered; only a task that has not been delivered can be rescheduled`);
    this.checkSchedule(at);
    contact.scheduledTimestamp = at;
    contact.lastUpdateTimestamp = this.rt.clock.now();
    this.rt.clock.schedule(Math.max(0, at - this.rt.clock.now()), () => {
      if (contact.state === "SCHEDULED" && contact.scheduledTimestamp === at) this.rt.runFlowFor(session, flow, "scheduled");
    }, `scheduled task ${contact.id}`);
    return contact;
  }

  /** StartOutboundVoiceContact. */
  startOutboundVoice(req: OutboundVoiceRequest): Contact {
    const again = this.known("outbound-voice", req.clientToken);
    if (again) return again;
    const flow = this.flow(req.contactFlowId, "Contact flow", ["CONTACT_FLOW"]);
    const queue = req.queueId ? this.rt.resources.queues.find(req.queueId) : undefined;
    if (req.queueId && !queue) throw new RequestRefused("not-found", `Queue ${req.queueId} not found`);
    // "If you do not specify a queue, you must specify a source phone number."
    const source = req.source ?? queue?.outboundCallerId?.Address;
    if (!source) throw new RequestRefused("invalid", req.queueId ? `Queue ${queue!.name} has no outbound caller ID number: give SourcePhoneNumber` : "Give SourcePhoneNumber or QueueId: the call needs a caller ID");
    if (req.relatedContactId) this.contact(req.relatedContactId, "Related contact");
    const references = req.references ?? {};
    this.checkReferences(references);
    const contact = this.rt.startContact({
      channel: "VOICE",
      flow,
      initiationMethod: "API",
      name: req.name,
      description: req.description,
      attributes: req.attributes,
      references,
      relatedContactId: req.relatedContactId,
      customerEndpoint: { Address: req.destination, Type: "TELEPHONE_NUMBER" },
      systemEndpoint: { Address: source, Type: "TELEPHONE_NUMBER" },
      beforeFlow: (c) => {
        if (queue) c.targetQueue = queue;
      },
    });
    this.remember("outbound-voice", req.clientToken, contact);
    return contact;
  }
}
