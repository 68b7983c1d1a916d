/**
 * What the flow engine needs from the world around a flow. The runtime implements it;
 * the engine never reaches past it, so the interpreter knows nothing of HTTP, sockets or
 * agents, and unit tests can hand it a runtime with no server at all.
 */
import type { Clock } from "../../kernel/clock.js";
import type { IdGenerator } from "../../kernel/ids.js";
import type { Contact, Endpoint, InitiationMethod, QueueRef, Reference, SegmentAttributeValue } from "./contact.js";
import type { Channel } from "./model.js";
import type { LoadedFlow } from "./loaded-flow.js";
import type { QueueMetrics, Responders } from "./responders.js";
import type { HoursOfOperationRef, TaskTemplateRef } from "./refs.js";
import type { TraceStep } from "./trace.js";

export interface InstanceInfo {
  id: string;
  arn: string;
  region: string;
  accountId: string;
}

/** Something said to the participant: a chat message, or a prompt played on a call. */
export interface Prompt {
  text?: string;
  ssml?: string;
  promptId?: string;
  mediaUri?: string;
  /** The action that said it. */
  actionId: string;
}

/** What a waiting action will accept. */
export type InputKind = "dtmf" | "message" | "utterance" | "view-result" | "customer-returned" | "bot-disconnected";

export type InputEvent =
  | { kind: "dtmf"; digits: string }
  | { kind: "message"; text: string; participantRole: string }
  | { kind: "utterance"; text: string }
  | { kind: "view-result"; action: string; viewResultData?: unknown }
  | { kind: "customer-returned" }
  | { kind: "bot-disconnected" };

export interface InputRequest {
  accept: InputKind[];
  /** Give up after this long; undefined waits until the signal aborts. */
  timeoutMs?: number;
  /** Why the flow waits (shown by the control plane and in traces). */
  label: string;
  actionId: string;
  /** Extra detail for whoever answers (e.g. the view being shown). */
  detail?: Record<string, unknown>;
}

export interface DigitRequest {
  /** Up to this many digits. */
  maxDigits: number;
  /** Seconds until the first digit. */
  firstDigitTimeoutMs: number;
  /** Seconds allowed between digits after the first. */
  interDigitTimeoutMs: number;
  /** Keys that end input early (not included in the result). */
  terminators: string;
  /**
   * A key sequence (up to five keys, e.g. `##`) that ends input when typed in order; it
   * replaces `terminators` when set and is not included in the result.
   */
  terminationSequence?: string;
  /** `*` clears what was typed so far. */
  cancelKey: boolean;
  label: string;
  actionId: string;
}

/**
 * Touchtone buffering (Set Touchtone Buffer Behavior): while enabled, keys pressed when no
 * block collects digits are kept (up to 30) for the next Get/Store customer input.
 */
export interface DtmfBuffer {
  readonly enabled: boolean;
  /** Keys waiting for the next collector, oldest first. */
  readonly digits: string;
  enable(): void;
  /** Empties the buffer and returns what it held; buffering stays as it was. */
  clear(): string;
  /** Stops buffering, empties the buffer and returns what it held. */
  stop(): string;
}

export type DigitResult = { kind: "digits"; digits: string; terminatedBy?: "terminator" | "length" | "interdigit-timeout" } | { kind: "timeout" };

export interface TaskRequest {
  name: string;
  description?: string;
  contactFlowRef: string;
  attributes: Record<string, string>;
  references: Record<string, Reference>;
  /** Epoch ms; undefined means now. */
  scheduledAt?: number;
  taskTemplateId?: string;
  /** The contact the task is linked to (contact search shows it). */
  linkTo?: Contact;
}

/** A contact a flow starts towards a customer (outbound SMS chat, outbound email). */
export interface OutboundContactRequest {
  channel: Channel;
  initiationMethod: InitiationMethod;
  /** The flow the new contact runs; none: the contact is only created (an email about to be sent). */
  contactFlowRef?: string;
  /** Unknown when the contact is created ahead of what it carries (an email before it is addressed). */
  customerEndpoint?: Endpoint;
  systemEndpoint?: Endpoint;
  segmentAttributes?: Record<string, SegmentAttributeValue>;
  /** The new contact's RelatedContactId is the contact that started it. */
  related: boolean;
  /** Shown to the customer before the new contact's flow says anything. */
  initialSystemMessage?: string;
}

export interface CallbackRequest {
  queue: QueueRef;
  customerNumber: string;
  initialDelaySeconds: number;
  maxAttempts: number;
  retryDelaySeconds: number;
  contactFlowRef?: string;
  /** The number the callback shows the customer (E.164); undefined keeps the original contact's system number. */
  callerId?: string;
}

export type EnqueueResult = { kind: "queued" } | { kind: "at-capacity" } | { kind: "error"; reason: string };

/**
 * An expected failure of a host operation (unknown flow, disabled queue...). Actions
 * turn it into their error branch; anything else thrown is an engine fault.
 */
export class HostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HostError";
  }
}

export interface FlowHost {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly responders: Responders;
  readonly instance: InstanceInfo;

  /**
   * A published flow or module by id, ARN or name; `names` are the display names an
   * export recorded beside the reference (tried when the ARN belongs to another instance).
   */
  findFlow(ref: string, kind: "flow" | "module", names?: string[]): LoadedFlow | undefined;
  findQueue(ref: string, names?: string[]): QueueRef | undefined;
  /** The personal queue of an agent, by user id or ARN. */
  findAgentQueue(ref: string): QueueRef | undefined;
  findHoursOfOperation(ref: string, names?: string[]): HoursOfOperationRef | undefined;
  /** Hours of operation attached to a queue (none for agent queues). */
  queueHours(queue: QueueRef): HoursOfOperationRef | undefined;
  findTaskTemplate(ref: string): TaskTemplateRef | undefined;
  findContact(id: string): Contact | undefined;
  /** `$.Agent.*` for the agent a contact is with. */
  findAgent?(userId: string): { UserName: string; FirstName?: string; LastName?: string; ARN: string } | undefined;

  /** The contact that `TargetContact: "Related"` addresses, created on first use. */
  relatedContact(contact: Contact): Contact;

  /** Says something to the participant (chat message, voice prompt); no-op where nobody listens. */
  say(contact: Contact, prompt: Prompt): Promise<void>;
  /** Waits for participant input or an event, or undefined on timeout. Rejects when `signal` aborts. */
  awaitInput(contact: Contact, request: InputRequest, signal: AbortSignal): Promise<InputEvent | undefined>;
  /** Collects DTMF digits on a voice contact. Rejects when `signal` aborts. */
  collectDigits(contact: Contact, request: DigitRequest, signal: AbortSignal): Promise<DigitResult>;
  /** The contact's touchtone buffer; a host without one does not buffer keys. */
  dtmfBuffer?(contact: Contact): DtmfBuffer;
  /**
   * Whether a participant of this role (Connect ParticipantRole: `CUSTOMER`, `AGENT`,
   * `CUSTOM_BOT`...) is on the contact now; a host without it has none besides the customer.
   */
  hasParticipant?(contact: Contact, role: string): boolean;

  /** Puts the contact into a queue (Transfer to queue). */
  enqueue(contact: Contact, queue: QueueRef): Promise<EnqueueResult>;
  /** Moves a queued contact to another queue (customer queue flow). */
  requeue(contact: Contact, queue: QueueRef): Promise<EnqueueResult>;
  createTask(from: Contact, request: TaskRequest): Promise<Contact>;
  createCallback(from: Contact, request: CallbackRequest): Promise<Contact>;
  /** Creates a contact that `from`'s flow starts; throws HostError when its flow is not published. */
  startOutboundContact(from: Contact, request: OutboundContactRequest): Promise<Contact>;
  /** A contact (voice) is connected to an outside number; resolves when that leg ends. */
  transferToPhoneNumber(contact: Contact, request: { phoneNumber: string; timeoutSeconds: number; continueFlow: boolean; callerId?: string }, signal: AbortSignal): Promise<"completed" | "timeout" | "failed">;

  /** Current queue figures (contacts waiting, agents by state): the default answer of the metrics responder. */
  liveMetrics(queue: QueueRef, channel?: string): QueueMetrics;

  /** Ends the contact (Disconnect, or a flow that ends before the contact is queued). */
  disconnect(contact: Contact, reason: string): Promise<void>;
  /**
   * Hold customer or agent: puts the parties of the call `contact` was transferred from
   * (or of `contact` itself) on or off hold, playing the hold flows. A host without it
   * only has the state the block records.
   */
  holdParticipants?(contact: Contact, state: "AgentOnHold" | "CustomerOnHold" | "OffHold"): void;

  trace(contact: Contact, step: TraceStep): void;
}
