/**
 * The simulated Connect backend: contacts and the flows that drive them, queues,
 * tasks and callbacks, participant input, all on one clock. It implements the
 * FlowHost the flow engine runs against; the API layer and the control plane call
 * its public methods and listen to its events.
 *
 * This is the composition root. It builds the services and hands each one itself as the
 * RuntimeContext of context.ts, so no service imports this file. What concerns every
 * contact (sessions, prompts, input, disconnecting) stays here; the rest is handed to the
 * service whose job it is.
 */
import { Contact, type InitiationMethod, type QueueRef, type Endpoint } from "../flow/contact.js";
import { VirtualClock, type Clock } from "../../kernel/clock.js";
import { EventBus, type RuntimeEvent } from "./events.js";
import { IdGenerator } from "../../kernel/ids.js";
import { InputMailbox } from "./inputs.js";
import { InstanceResources, instanceArn, type QueueResource } from "./resources.js";
import { isOpenAt } from "./hours.js";
import type { Channel } from "../flow/model.js";
import {
  HostError,
  type CallbackRequest,
  type OutboundContactRequest,
  type DigitRequest,
  type DigitResult,
  type DtmfBuffer,
  type EnqueueResult,
  type InputEvent,
  type InputRequest,
  type InstanceInfo,
  type Prompt,
  type TaskRequest,
} from "../flow/host.js";
import type { HoursOfOperationRef, TaskTemplateRef } from "../flow/refs.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { QueueMetrics } from "../flow/responders.js";
import { ResponderSet } from "../flow/responder-set.js";
import type { TraceStep } from "../flow/trace.js";
import { ChatService, type Participant } from "./chat.js";
import { ChatConnections } from "./chat-connections.js";
import { ChatAttachments } from "./chat-attachments.js";
import { ClientTokens } from "./client-tokens.js";
import { AgentService } from "./agents.js";
import { Router } from "./routing.js";
import { ContactLifecycle } from "./lifecycle.js";
import { TransferService } from "./transfers.js";
import { TaskService } from "./tasks.js";
import { ChatTimerService } from "./chat-timers.js";
import { HoldService, type ParticipantHoldState } from "./hold.js";
import { SupervisorService } from "./supervisors.js";
import { ContactQueues } from "./queues.js";
import { ContactFlows } from "./contact-flows.js";
import { ChatContacts, type ChatStartOptions } from "./chat-contacts.js";
import { FlowCreatedContacts } from "./flow-created-contacts.js";
import { EndedContacts } from "./ended-contacts.js";
import { FlowLogs } from "./flow-logs.js";
import type { ContactLink, ContactSession, RuntimeContext, StartContactOptions } from "./context.js";

export interface RuntimeOptions {
  clock?: Clock;
  seed?: number | string;
  responders?: ResponderSet;
  instance?: Partial<InstanceInfo>;
}

const DEFAULT_INSTANCE = { id: "11111111-2222-4333-8444-555555555555", region: "us-east-1", accountId: "123456789012" };

export class Runtime implements RuntimeContext {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly responders: ResponderSet;
  readonly instance: InstanceInfo;
  readonly resources: InstanceResources;
  readonly events = new EventBus<RuntimeEvent>();
  readonly chats: ChatService;
  /** Participant tokens, connections and websocket URLs of chats. */
  readonly chatConnections: ChatConnections;
  readonly chatAttachments: ChatAttachments;
  /** ClientToken memory of the chat and participant APIs. */
  readonly clientTokens: ClientTokens;
  /** Agents (users with a status and slots), routing, and the contact lifecycle around them. */
  readonly agents: AgentService;
  readonly routing: Router;
  readonly lifecycle: ContactLifecycle;
  readonly transfers: TransferService;
  /** StartTaskContact / StartOutboundVoiceContact rules. */
  readonly tasks: TaskService;
  /** Chat participant timers (UpdateParticipantRoleConfig): idle and auto-disconnect. */
  readonly chatTimers: ChatTimerService;
  /** Calls on hold and their hold flows. */
  readonly hold: HoldService;
  /** Supervisors monitoring chats (silently, or barged in). */
  readonly supervisors: SupervisorService;
  /** Contacts waiting in queues, oldest first. */
  readonly queues: ContactQueues;
  private readonly contactFlows: ContactFlows;
  private readonly chatContacts: ChatContacts;
  private readonly flowCreated: FlowCreatedContacts;
  /** Releases contacts that are over beyond the most recent ones. */
  private readonly endedContacts: EndedContacts;
  private readonly sessions = new Map<string, ContactSession>();
  /** What the instance writes to CloudWatch Logs for blocks run with flow logging on. */
  readonly flowLogs: FlowLogs;

  constructor(options: RuntimeOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.ids = new IdGenerator(options.seed ?? 1);
    this.responders = options.responders ?? new ResponderSet();
    const base = { ...DEFAULT_INSTANCE, ...options.instance };
    this.instance = { id: base.id, region: base.region, accountId: base.accountId, arn: base.arn ?? instanceArn(base) };
    this.resources = new InstanceResources(this.instance);
    this.responders.useHoursSchedule((req) => {
      const hours = req.hours ? this.resources.hours.get(req.hours.id) : undefined;
      if (!hours) return undefined;
      try {
        return isOpenAt(hours, req.at);
      } catch (err) {
        throw new HostError(`hours of operation ${hours.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    this.chats = new ChatService(this.clock, this.ids, this.events);
    this.chatConnections = new ChatConnections(this.chats, this.clock, this.events);
    this.chatAttachments = new ChatAttachments(this.chats, this.clock, this.ids);
    this.clientTokens = new ClientTokens(this.clock, this.events, this.chats);
    // Services subscribe to events as they are built: this order is the order they react in.
    this.agents = new AgentService(this);
    this.queues = new ContactQueues(this);
    this.routing = new Router(this);
    this.lifecycle = new ContactLifecycle(this);
    this.transfers = new TransferService(this);
    this.tasks = new TaskService(this);
    this.chatTimers = new ChatTimerService(this);
    this.hold = new HoldService(this);
    this.supervisors = new SupervisorService(this);
    this.contactFlows = new ContactFlows(this);
    this.chatContacts = new ChatContacts(this);
    this.flowCreated = new FlowCreatedContacts(this);
    this.endedContacts = new EndedContacts(this);
    this.flowLogs = new FlowLogs({
      clock: this.clock,
      events: this.events,
      flowFor: (flowId) => this.resources.flows.get(flowId) ?? this.resources.modules.get(flowId),
      arnOf: (flowId) => this.resources.arn("contact-flow", flowId),
    });
  }

  // ---- publishing -------------------------------------------------------------------

  /** Makes a validated flow or module available to contacts and to other flows. */
  publish(flow: LoadedFlow, identity: { id?: string; name?: string } = {}): LoadedFlow {
    if (!flow.ok) throw new HostError(`${flow.source} has errors and cannot be published`);
    const id = identity.id ?? this.ids.uuid();
    const published: LoadedFlow = {
      ...flow,
      id,
      name: identity.name ?? flow.name,
      arn: this.resources.arn(flow.kind === "module" ? "flow-module" : "contact-flow", id),
    };
    (flow.kind === "module" ? this.resources.modules : this.resources.flows).add(published);
    return published;
  }

  addQueue(init: { name: string; id?: string; maxContacts?: number; hoursOfOperationId?: string; status?: "ENABLED" | "DISABLED"; description?: string; outboundCallerId?: Endpoint; tags?: Record<string, string> }): QueueResource {
    const id = init.id ?? this.ids.uuid();
    return this.resources.queues.add({
      id,
      arn: this.resources.arn("queue", id),
      name: init.name,
      description: init.description,
      status: init.status ?? "ENABLED",
      maxContacts: init.maxContacts,
      hoursOfOperationId: init.hoursOfOperationId,
      outboundCallerId: init.outboundCallerId,
      tags: init.tags ?? {},
    });
  }

  // ---- contacts ---------------------------------------------------------------------

  session(contactId: string): ContactSession | undefined {
    return this.sessions.get(contactId);
  }

  allSessions(): ContactSession[] {
    return [...this.sessions.values()];
  }

  newContact(channel: Channel, initiationMethod: InitiationMethod, link: ContactLink = {}): ContactSession {
    const id = this.ids.uuid();
    const contact = new Contact({ id, arn: this.resources.arn("contact", id), channel, initiationMethod, now: this.clock.now(), ...link });
    // Set logging behavior "is also automatically inherited by new segments in the chain" (flow language).
    const logging = link.previousContactId ? this.sessions.get(link.previousContactId)?.contact.behaviours.flowLogging : undefined;
    if (logging !== undefined) contact.behaviours.flowLogging = logging;
    const session: ContactSession = { contact, trace: [], prompts: [], inputs: new InputMailbox(this.clock), idle: Promise.resolve(), engineErrors: [] };
    this.sessions.set(id, session);
    return session;
  }

  /** StartChatContact, and chats the runtime starts itself (outbound chats). */
  startChat(options: ChatStartOptions): { contact: Contact; customer: Participant } {
    return this.chatContacts.start(options);
  }

  /** Creates a contact and starts its flow. The flow runs on; await `whenIdle` to let it reach its first wait. */
  startContact(options: StartContactOptions): Contact {
    return this.contactFlows.start(options);
  }

  runFlowFor(session: ContactSession, flow: LoadedFlow, reason: string, startAt?: string): void {
    this.contactFlows.run(session, flow, reason, startAt);
  }

  /** Resolves once every flow started so far has reached a wait or finished. */
  async whenIdle(): Promise<void> {
    if (this.clock instanceof VirtualClock) await this.clock.settle();
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }

  // ---- participant input ------------------------------------------------------------

  /** A caller presses keys. Returns whether a flow was collecting them. */
  pressKeys(contactId: string, digits: string): boolean {
    return this.deliverInput(contactId, { kind: "dtmf", digits });
  }

  /** Hands any input to the contact's waiting flow; false when nothing waits for it. */
  deliverInput(contactId: string, event: InputEvent): boolean {
    const session = this.requireSession(contactId);
    return session.inputs.deliver(event);
  }

  requireSession(contactId: string): ContactSession {
    const session = this.sessions.get(contactId);
    if (!session) throw new HostError(`no contact ${contactId}`);
    return session;
  }

  // ---- FlowHost ---------------------------------------------------------------------

  findFlow(ref: string, kind: "flow" | "module", names: string[] = []): LoadedFlow | undefined {
    return (kind === "module" ? this.resources.modules : this.resources.flows).find(ref, names);
  }

  findQueue(ref: string, names: string[] = []): QueueRef | undefined {
    const agentQueue = /\/queue\/agent\/([^/]+)$/.exec(ref);
    if (agentQueue) return this.findAgentQueue(agentQueue[1]);
    return this.resources.queues.find(ref, names);
  }

  findAgentQueue(ref: string): QueueRef | undefined {
    return this.agents.agentQueue(ref);
  }

  findAgent(userId: string): { UserName: string; FirstName?: string; LastName?: string; ARN: string } | undefined {
    return this.agents.agentData(userId);
  }

  findHoursOfOperation(ref: string, names: string[] = []): HoursOfOperationRef | undefined {
    return this.resources.hours.find(ref, names);
  }


  queueHours(queue: QueueRef): HoursOfOperationRef | undefined {
    if (queue.agentId) return undefined;
    const q = this.resources.queues.get(queue.id);
    return q?.hoursOfOperationId ? this.resources.hours.get(q.hoursOfOperationId) : undefined;
  }

  findTaskTemplate(ref: string): TaskTemplateRef | undefined {
    return this.resources.taskTemplates.find(ref);
  }

  findContact(id: string): Contact | undefined {
    return this.sessions.get(id)?.contact;
  }

  /** Chat participants of a role still in the chat (a Wait for BotParticipantDisconnected needs a CUSTOM_BOT). */
  hasParticipant(contact: Contact, role: string): boolean {
    // Only chats keep a participant list; elsewhere there is the customer alone, as for a host without this method.
    if (contact.channel !== "CHAT") return role === "CUSTOMER";
    return this.chats.joined(contact.id).some((p) => p.role === role);
  }

  relatedContact(contact: Contact): Contact {
    return this.flowCreated.related(contact);
  }

  async say(contact: Contact, prompt: Prompt): Promise<void> {
    const session = this.sessions.get(contact.id);
    session?.prompts.push({ ...prompt, at: this.clock.now() });
    this.events.emit({ type: "prompt", contact, prompt });
    const chat = contact.channel === "CHAT" ? this.chats.get(contact.id) : undefined;
    // An agent whisper is for the agent, who has not joined yet: the customer's transcript does not get it.
    if (chat && !chat.ended && prompt.text !== undefined && this.routing.peek(contact.id)?.whisper !== "AgentWhisper") this.chats.systemMessage(contact.id, prompt.text);
  }

  awaitInput(contact: Contact, request: InputRequest, signal: AbortSignal): Promise<InputEvent | undefined> {
    const session = this.requireSession(contact.id);
    const waiting = session.inputs.wait(request, signal);
    this.events.emit({ type: "waiting", contact, info: session.inputs.waiting().at(-1)! });
    return waiting;
  }

  collectDigits(contact: Contact, request: DigitRequest, signal: AbortSignal): Promise<DigitResult> {
    const session = this.requireSession(contact.id);
    return session.inputs.collectDigits(request, signal);
  }

  dtmfBuffer(contact: Contact): DtmfBuffer {
    return this.requireSession(contact.id).inputs.dtmfBuffer();
  }

  async enqueue(contact: Contact, queue: QueueRef): Promise<EnqueueResult> {
    return this.queues.enqueue(contact, queue);
  }

  async requeue(contact: Contact, queue: QueueRef): Promise<EnqueueResult> {
    return this.queues.requeue(contact, queue);
  }

  liveMetrics(queue: QueueRef, channel?: string): QueueMetrics {
    return this.queues.liveMetrics(queue, channel);
  }

  async createTask(from: Contact, request: TaskRequest): Promise<Contact> {
    return this.flowCreated.task(from, request);
  }

  async createCallback(from: Contact, request: CallbackRequest): Promise<Contact> {
    return this.flowCreated.callback(from, request);
  }

  async startOutboundContact(from: Contact, request: OutboundContactRequest): Promise<Contact> {
    return this.flowCreated.outbound(from, request);
  }

  async transferToPhoneNumber(contact: Contact, request: { phoneNumber: string; timeoutSeconds: number; continueFlow: boolean }, signal: AbortSignal): Promise<"completed" | "timeout" | "failed"> {
    const answer = await this.responders.phoneTransfer(request.phoneNumber);
    if (answer.outcome === "timeout") {
      await this.clock.sleep(request.timeoutSeconds * 1000, signal, `ringing ${request.phoneNumber}`);
      return "timeout";
    }
    if (answer.outcome === "completed" && request.continueFlow) await this.clock.sleep(answer.durationMs ?? 0, signal, `call with ${request.phoneNumber}`);
    return answer.outcome;
  }

  holdParticipants(contact: Contact, state: ParticipantHoldState): void {
    this.hold.participantState(contact, state);
  }

  async disconnect(contact: Contact, reason: string): Promise<void> {
    if (contact.ended) return;
    contact.state = "ENDED";
    contact.disconnectTimestamp = this.clock.now();
    contact.disconnectReason = reason;
    this.queues.leave(contact);
    const session = this.sessions.get(contact.id);
    session?.flowAbort?.abort();
    session?.inputs.clear();
    if (contact.channel === "CHAT") this.chats.end(contact.id, reason);
    this.events.emit({ type: "contact.ended", contact, reason });
  }

  /** Forgets a contact that is over, in every service that kept something of it (EndedContacts decides when). */
  release(contactId: string): void {
    this.sessions.delete(contactId);
    this.chats.forget(contactId);
    this.chatAttachments.forget(contactId);
    this.routing.forget(contactId);
    this.transfers.forget(contactId);
  }

  /** A chat participant leaves (DisconnectParticipant): see ChatContacts.leave. */
  async leaveChat(contactId: string, participantId: string, reason: string): Promise<void> {
    await this.chatContacts.leave(contactId, participantId, reason);
  }

  async autoDisconnectChatParticipant(contactId: string, participantId: string): Promise<void> {
    await this.chatContacts.autoDisconnect(contactId, participantId);
  }

  trace(contact: Contact, step: TraceStep): void {
    this.sessions.get(contact.id)?.trace.push(step);
    this.events.emit({ type: "trace", contact, step });
  }
}
