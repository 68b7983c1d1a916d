/**
 * Responders answer for the systems a flow reaches outside Amazon Connect (Lambda, Lex,
 * hours of operation, queue metrics, Customer Profiles, Cases, Voice ID, outbound call
 * progress, phone transfers, data tables, customer authentication, message templates,
 * Agentic CX). This file is the contract: what each system is asked and what it may
 * answer. `responder-set.ts` holds the rules a scenario programs and the defaults.
 */
import type { HoursOfOperationRef } from "./refs.js";
import type { QueueRef } from "./contact.js";

export interface LambdaRequest {
  functionArn: string;
  /** The event Connect sends (`Details.ContactData`, `Details.Parameters`, `Name`). */
  event: Record<string, unknown>;
  invocationType: "SYNCHRONOUS" | "ASYNCHRONOUS";
  responseType: "STRING_MAP" | "JSON";
}

export type LambdaAnswer =
  /** `delayMs` is how long the function runs (on the simulator's clock). */
  | { kind: "ok"; result: unknown; delayMs?: number }
  | { kind: "error"; message: string; delayMs?: number };

export interface LexRequest {
  /** LexV2 alias ARN, or `name:alias` for Lex classic. */
  bot: string;
  /** What the customer said or typed (or pressed) for this turn. */
  input: string;
  inputMode: "text" | "speech" | "dtmf";
  sessionAttributes: Record<string, string>;
  channel: string;
  /** The contact whose flow asks (test-case overrides answer for one contact only). */
  contactId?: string;
}

export interface LexAnswer {
  intent: string;
  slots?: Record<string, string>;
  sessionAttributes?: Record<string, string>;
  confidence?: number;
  sentiment?: { label: string; scores?: Record<string, number> };
  /** False: the intent was not fulfilled (the block's Error branch). Default true. */
  fulfilled?: boolean;
  /** True: the bot ran out of time (the block's InputTimeLimitExceeded branch). */
  timedOut?: boolean;
}

export interface HoursRequest {
  hours?: HoursOfOperationRef;
  queue?: QueueRef;
  /** Epoch ms of the check. */
  at: number;
  /** The contact whose flow asks (test-case overrides answer for one contact only). */
  contactId?: string;
}

/** Open or closed by the configured schedule; undefined when no schedule is known for the request. */
export type HoursScheduleEvaluator = (request: HoursRequest) => boolean | undefined;

export interface MetricsRequest {
  queue: QueueRef;
  channel?: string;
  /** What the runtime currently sees; the default answer. */
  live: QueueMetrics;
}

export interface QueueMetrics {
  queue: { Name: string; ARN: string; Size: number; OldestContactAge: number; EstimatedWaitTime?: number };
  agents: { Online: number; Available: number; Staffed: number; AfterContactWork: number; Busy: number; Missed: number; NonProductive: number };
  contact?: { EstimatedWaitTime?: number; PositionInQueue?: number };
}

export type ProfileOperation = "GetCustomerProfile" | "CreateCustomerProfile" | "UpdateCustomerProfile" | "GetCustomerProfileObject" | "GetCalculatedAttributesForCustomerProfile" | "AssociateContactToCustomerProfile";

export interface ProfileRequest {
  operation: ProfileOperation;
  request: Record<string, unknown>;
}

/**
 * `data` is what Customer Profiles returned; the action stores the fields it lists in
 * ProfileResponseData under `$.Customer.*`. Get/Create/Update: the profile (field names as
 * in the flow language, custom attributes in an `Attributes` map, `ProfileId`, optionally
 * `ProfileARN`). GetCustomerProfileObject: the object found (field names without the type
 * prefix, e.g. `Price` for AssetPrice). GetCalculatedAttributesForCustomerProfile:
 * calculated attribute values by name.
 */
export type ProfileAnswer = { kind: "ok"; data: Record<string, unknown> } | { kind: "error"; errorType: string };

export type CaseOperation = "CreateCase" | "GetCase" | "UpdateCase";

export interface CaseRequest {
  operation: CaseOperation;
  fields: Record<string, string>;
  customerId?: string;
  caseId?: string;
  /** CreateCase: the case template. */
  templateId?: string;
  /** LinkContactToCase: the contact is to be linked to the case. */
  linkContact?: boolean;
  /** GetCase: GetLastUpdatedCase (answer with the most recently updated match, not MultipleFound). */
  lastUpdated?: boolean;
  /** GetCase: the fields the flow keeps (CaseResponseFields). */
  responseFields?: string[];
}

/**
 * `data` fills `$.Case.*`. `contactLinked: false` is partial success: the case operation
 * worked but the contact could not be linked (ContactNotLinked when the flow links).
 */
export type CaseAnswer = { kind: "ok"; data: Record<string, string>; contactLinked?: boolean } | { kind: "error"; errorType: string };

/** One query of Evaluate data table values: the row whose primary attributes hold these values. */
export interface DataTableRequest {
  dataTableId: string;
  queryName: string;
  /** Attributes the flow reads back as `$.DataTables.<queryName>.<attribute>`. */
  attributes: string[];
  primaryValues: Record<string, string>;
}

/** `values` holds the requested attributes of the row found; `none`: no row matches. */
export type DataTableAnswer = { kind: "ok"; values: Record<string, unknown> } | { kind: "none" } | { kind: "error"; message: string };

export interface AuthenticationRequest {
  contactId: string;
  userPoolArn?: string;
  appClientId?: string;
  objectTypeName?: string;
  /** How long the customer has to sign in. */
  timeLimitMs: number;
}

/**
 * How the customer's sign-in goes: `afterMs` is when it happens (a `timed-out` answer ends
 * at the time limit); `customerId` is the profile the sign-in is associated with.
 */
export interface AuthenticationAnswer {
  outcome: "authenticated" | "opted-out" | "failed" | "timed-out";
  afterMs?: number;
  customerId?: string;
}

export interface MessageTemplateRequest {
  knowledgeBaseArn: string;
  templateArn: string;
  /** The contact's attributes, for the template's placeholders. */
  attributes: Record<string, string>;
}

export type MessageTemplateAnswer =
  | { kind: "ok"; subject?: string; body: string; contentType?: "text/plain" | "text/html" }
  | { kind: "error"; errorType: "TemplateRenderingError" | "NoMatchingError"; message?: string };

export interface AgenticCxRequest {
  workspaceId: string;
  applicationId: string;
  alias: string;
  /** Context variables as the block resolved them. */
  contextVariables: Record<string, string>;
  channel: string;
  contactId: string;
}

/**
 * How the AI agent conversation ends: `completed` (Default branch), `escalated` (asks for a
 * human), `error`, or `idle-timeout` (the customer went quiet). `durationMs` is how long it
 * lasts; `contextVariables` are the variables' values at the end.
 */
export interface AgenticCxAnswer {
  outcome: "completed" | "escalated" | "error" | "idle-timeout";
  durationMs?: number;
  contextVariables?: Record<string, string>;
}

export interface Responders {
  lambda(request: LambdaRequest): Promise<LambdaAnswer>;
  lex(request: LexRequest): Promise<LexAnswer>;
  hoursOpen(request: HoursRequest): Promise<boolean>;
  metrics(request: MetricsRequest): Promise<QueueMetrics>;
  profiles(request: ProfileRequest, newId: () => string): Promise<ProfileAnswer>;
  cases(request: CaseRequest, newId: () => string): Promise<CaseAnswer>;
  voiceId(option: string): Promise<string>;
  outboundCallStatus(): Promise<string>;
  /** What happens to a call transferred to an outside number. */
  phoneTransfer(phoneNumber: string): Promise<PhoneTransferAnswer>;
  dataTable(request: DataTableRequest): Promise<DataTableAnswer>;
  authentication(request: AuthenticationRequest): Promise<AuthenticationAnswer>;
  messageTemplate(request: MessageTemplateRequest): Promise<MessageTemplateAnswer>;
  agenticCx(request: AgenticCxRequest): Promise<AgenticCxAnswer>;
  /** Which rule answered the last request of each kind ("default" when none). For traces. */
  lastSource(kind: ResponderKind): string;
}

export type ResponderKind =
  | "lambda"
  | "lex"
  | "hours"
  | "metrics"
  | "profiles"
  | "cases"
  | "voiceId"
  | "outboundCallStatus"
  | "phoneTransfer"
  | "dataTables"
  | "authentication"
  | "messageTemplates"
  | "agenticCx";

/** `completed`: the third party answered and later hung up; `timeout`: nobody answered in time; `failed`: the call could not be placed. `durationMs` is how long the leg lasts. */
export interface PhoneTransferAnswer {
  outcome: "completed" | "timeout" | "failed";
  durationMs?: number;
}

/** The function name in a Lambda ARN (`arn:aws:lambda:r:a:function:NAME[:alias]`), else the whole reference. */
export function lambdaFunctionName(ref: string): string {
  const m = /:function:([^:]+)/.exec(ref);
  return m ? m[1] : ref;
}
