/**
 * Contacts a running flow creates or addresses beyond its own: Create task, callbacks
 * (Transfer to queue with a callback number), outbound chats, emails and calls, and the
 * related contact `TargetContact: "Related"` writes to. The flow host's methods for these
 * hand over to this file; the API's own StartTaskContact rules are tasks.ts's.
 */
import type { Contact } from "../flow/contact.js";
import { HostError, type CallbackRequest, type OutboundContactRequest, type TaskRequest } from "../flow/host.js";
import type { Participant } from "./chat.js";
import type { ChatStartOptions } from "./chat-contacts.js";
import type { RuntimeContext } from "./context.js";
import type { ContactQueues } from "./queues.js";

interface FlowCreatedHost extends RuntimeContext {
  readonly queues: ContactQueues;
  startChat(options: ChatStartOptions): { contact: Contact; customer: Participant };
}

export class FlowCreatedContacts {
  constructor(private readonly rt: FlowCreatedHost) {}

  async task(from: Contact, request: TaskRequest): Promise<Contact> {
    const flow = this.rt.findFlow(request.contactFlowRef, "flow");
    if (!flow) throw new HostError(`the task's flow "${request.contactFlowRef}" is not published`);
    const task = this.rt.startContact({
      channel: "TASK",
      flow,
      initiationMethod: "API",
      name: request.name,
      description: request.description,
      attributes: request.attributes,
      references: request.references,
      relatedContactId: request.linkTo?.id,
      taskTemplateId: request.taskTemplateId,
      scheduledAt: request.scheduledAt,
    });
    this.rt.events.emit({ type: "task.created", task, from });
    return task;
  }

  async callback(from: Contact, request: CallbackRequest): Promise<Contact> {
    const session = this.rt.newContact("VOICE", "CALLBACK", { previousContactId: from.id, initialContactId: from.initialContactId });
    const c = session.contact;
    c.customerEndpoint = { Address: request.customerNumber, Type: "TELEPHONE_NUMBER" };
    c.systemEndpoint = request.callerId ? { Address: request.callerId, Type: "TELEPHONE_NUMBER" } : from.systemEndpoint;
    c.attributes = { ...from.attributes };
    c.state = "SCHEDULED";
    c.scheduledTimestamp = this.rt.clock.now() + request.initialDelaySeconds * 1000;
    this.rt.events.emit({ type: "contact.started", contact: c });
    this.rt.clock.schedule(request.initialDelaySeconds * 1000, () => {
      if (c.state !== "SCHEDULED") return;
      const result = this.rt.queues.place(c, request.queue);
      if (result.kind !== "queued") void this.rt.disconnect(c, `callback could not be queued: ${result.kind === "error" ? result.reason : "queue at capacity"}`);
    }, `callback ${c.id}`);
    return c;
  }

  async outbound(from: Contact, request: OutboundContactRequest): Promise<Contact> {
    const relatedContactId = request.related ? from.id : undefined;
    if (request.contactFlowRef === undefined) {
      const c = this.rt.newContact(request.channel, request.initiationMethod, { relatedContactId }).contact;
      c.customerEndpoint = request.customerEndpoint;
      c.systemEndpoint = request.systemEndpoint;
      Object.assign(c.segmentAttributes, request.segmentAttributes ?? {});
      this.rt.events.emit({ type: "contact.started", contact: c });
      return c;
    }
    const flow = this.rt.findFlow(request.contactFlowRef, "flow");
    if (!flow) throw new HostError(`the flow "${request.contactFlowRef}" is not published`);
    const options = { flow, initiationMethod: request.initiationMethod, customerEndpoint: request.customerEndpoint, systemEndpoint: request.systemEndpoint, segmentAttributes: request.segmentAttributes, relatedContactId };
    const contact = request.channel === "CHAT" ? this.rt.startChat({ ...options, displayName: request.customerEndpoint?.Address ?? "Customer" }).contact : this.rt.startContact({ ...options, channel: request.channel });
    // The flow starts on a later tick, so this message comes first.
    if (request.initialSystemMessage !== undefined) await this.rt.say(contact, { text: request.initialSystemMessage, actionId: "InitialSystemMessage" });
    return contact;
  }

  related(contact: Contact): Contact {
    if (contact.relatedContactId) {
      const related = this.rt.findContact(contact.relatedContactId);
      if (related) return related;
    }
    const session = this.rt.requireSession(contact.id);
    if (session.relatedCopyId) return this.rt.requireSession(session.relatedCopyId).contact;
    // "a new contact that contains a copy of the original contact properties"
    const copy = this.rt.newContact(contact.channel, contact.initiationMethod, { relatedContactId: contact.id });
    const c = copy.contact;
    c.attributes = { ...contact.attributes };
    c.customerEndpoint = contact.customerEndpoint;
    c.systemEndpoint = contact.systemEndpoint;
    c.name = contact.name;
    c.description = contact.description;
    c.references = { ...contact.references };
    c.state = "ENDED";
    session.relatedCopyId = c.id;
    return c;
  }
}
