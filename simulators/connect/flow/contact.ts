/**
 * The contact as a flow sees it: the data the actions read and write (attributes, queue,
 * references, Lex state, behaviours, segment attributes). It belongs to the flow language so
 * that the language stands on its own; the runtime keeps contacts of this shape and adds
 * what only a backend has (chats, agents, routing).
 */
import type { Channel } from "./model.js";

export type InitiationMethod =
  | "INBOUND"
  | "OUTBOUND"
  | "TRANSFER"
  | "QUEUE_TRANSFER"
  | "CALLBACK"
  | "API"
  | "DISCONNECT"
  | "MONITOR"
  | "EXTERNAL_OUTBOUND"
  | "WEBRTC_API"
  | "AGENT_REPLY"
  | "FLOW";

export type ContactState = "INITIATED" | "SCHEDULED" | "IN_FLOW" | "QUEUED" | "CONNECTING" | "CONNECTED" | "ACW" | "ENDED";

export type EventHook =
  | "AgentHold"
  | "AgentWhisper"
  | "CustomerHold"
  | "CustomerQueue"
  | "CustomerRemaining"
  | "CustomerWhisper"
  | "DefaultAgentUI"
  | "DisconnectAgentUI"
  | "PauseContact"
  | "ResumeContact";

export const EVENT_HOOKS: readonly EventHook[] = [
  "AgentHold",
  "AgentWhisper",
  "CustomerHold",
  "CustomerQueue",
  "CustomerRemaining",
  "CustomerWhisper",
  "DefaultAgentUI",
  "DisconnectAgentUI",
  "PauseContact",
  "ResumeContact",
];

export interface Endpoint {
  Address: string;
  Type: string;
  DisplayName?: string;
}

export interface Reference {
  Type: string;
  Value: string;
  Status?: string;
}

export interface QueueRef {
  id: string;
  arn: string;
  name: string;
  /** Agent queues have no hours of operation. */
  agentId?: string;
  outboundCallerId?: Endpoint;
}

/** What the Lex responder answered, as `$.Lex.*` exposes it. */
export interface LexState {
  IntentName?: string;
  IntentConfidence?: { Score?: string };
  Slots?: Record<string, string>;
  SessionAttributes?: Record<string, string>;
  SentimentResponse?: { Label?: string; Scores?: Record<string, string> };
  DialogState?: string;
  AlternativeIntents?: Record<string, unknown>;
}

export interface ViewState {
  Action?: string;
  ViewResultData?: unknown;
}

export interface SegmentAttributeValue {
  ValueString?: string;
  ValueInteger?: number;
  ValueMap?: Record<string, SegmentAttributeValue>;
  ValueList?: SegmentAttributeValue[];
  ValueArn?: string;
}

/** Settings that flows change and nothing else in the simulator reads (recorded for assertions). */
export interface ContactBehaviours {
  flowLogging?: string;
  recording?: unknown;
  mediaStreaming?: unknown;
  mediaProcessing?: unknown;
  routingCriteria?: unknown;
  textToSpeechEngine?: string;
  textToSpeechStyle?: string;
  voiceId?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * A contact (one segment of a contact chain): the data every flow of it reads and
 * writes. The runtime owns contacts; the flow engine changes them only through the
 * action that the flow language says may.
 */
export class Contact {
  readonly id: string;
  readonly arn: string;
  readonly channel: Channel;
  initiationMethod: InitiationMethod;
  initialContactId: string;
  previousContactId?: string;
  relatedContactId?: string;
  state: ContactState = "INITIATED";

  attributes: Record<string, string> = {};
  name?: string;
  description?: string;
  references: Record<string, Reference> = {};
  customerEndpoint?: Endpoint;
  systemEndpoint?: Endpoint;
  customerId?: string;
  languageCode = "en-US";
  textToSpeechVoiceId = "Joanna";
  segmentAttributes: Record<string, SegmentAttributeValue> = {};
  tags: Record<string, string> = {};
  initialMessage?: string;

  /** Working queue (Set working queue). */
  targetQueue?: QueueRef;
  /** Queue the contact sits in, once transferred to queue. */
  queue?: QueueRef;
  private routingRank = { priority: 5, adjustmentSeconds: 0 };
  /**
   * Told when QueuePriority or the queue time adjustment changes: the runtime keeps queued
   * contacts in routing order and moves this one at once.
   */
  onRoutingRankChange?: (contact: Contact) => void;
  eventHooks: Partial<Record<EventHook, string>> = {};
  disabledHooks: Partial<Record<EventHook, boolean>> = {};
  callbackNumber?: string;
  storedCustomerInput?: string;

  external: Record<string, unknown> = {};
  lambdaInvocationId?: string;
  lex: LexState = {};
  views: ViewState = {};
  metrics: Record<string, unknown> = {};
  customerProfile: Record<string, unknown> = {};
  caseData: Record<string, unknown> = {};
  createdTaskId?: string;
  wisdomSessionArn?: string;
  dataTables: Record<string, unknown> = {};
  /** `$.Email.EmailMessage.*`: the email's content once Get stored content (LoadContactContent) ran. */
  emailMessage?: { Plaintext: string };
  /** `$.AgenticCX.*` after an Agentic CX conversation. */
  agenticCx?: { ContextVariables: Record<string, string> };
  behaviours: ContactBehaviours = {};
  taskTemplateId?: string;
  /** Agent this contact is (or was last) connected to. */
  agentId?: string;

  readonly initiationTimestamp: number;
  scheduledTimestamp?: number;
  enqueueTimestamp?: number;
  connectedToAgentTimestamp?: number;
  disconnectTimestamp?: number;
  lastUpdateTimestamp: number;
  disconnectReason?: string;

  constructor(init: {
    id: string;
    arn: string;
    channel: Channel;
    initiationMethod: InitiationMethod;
    now: number;
    initialContactId?: string;
    previousContactId?: string;
    relatedContactId?: string;
  }) {
    this.id = init.id;
    this.arn = init.arn;
    this.channel = init.channel;
    this.initiationMethod = init.initiationMethod;
    this.initialContactId = init.initialContactId ?? init.id;
    this.previousContactId = init.previousContactId;
    this.relatedContactId = init.relatedContactId;
    this.initiationTimestamp = init.now;
    this.lastUpdateTimestamp = init.now;
  }

  get ended(): boolean {
    return this.state === "ENDED";
  }

  /** QueuePriority: 1 is routed first. */
  get queuePriority(): number {
    return this.routingRank.priority;
  }

  set queuePriority(priority: number) {
    this.routingRank.priority = priority;
    this.onRoutingRankChange?.(this);
  }

  /** Seconds added to the time in queue when routing compares ages. */
  get queueTimeAdjustmentSeconds(): number {
    return this.routingRank.adjustmentSeconds;
  }

  set queueTimeAdjustmentSeconds(seconds: number) {
    this.routingRank.adjustmentSeconds = seconds;
    this.onRoutingRankChange?.(this);
  }
}
