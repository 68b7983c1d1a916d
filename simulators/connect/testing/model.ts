/**
 * A test case as flowsim runs it: the Testing-language content (observations, events,
 * actions) once parsed and validated, the entry point and the initialization data. The
 * raw JSON stays beside each part so records can show it as it was written.
 */
import type { SegmentAttributeValue } from "../flow/contact.js";
import type { Reference } from "../flow/jsonpath.js";
import type { Operator } from "../flow/conditions.js";

/** The flow actions an event or an override can name, in the Testing language's spelling. */
export type FlowActionType = "InvokeLambdaFunction" | "CheckHoursOfOperation" | "TransferContactToQueue" | "ConnectParticipantWithLexBot" | "DequeueAndTransferToQueue";

/** Which resource of a flow action an event or override is about (`ActionParameters`). */
export type ResourceRef =
  | { actionType: "InvokeLambdaFunction"; lambdaArn: string }
  | { actionType: "CheckHoursOfOperation"; hoursId: string }
  | { actionType: "TransferContactToQueue" | "DequeueAndTransferToQueue"; queueId?: string; agentId?: string }
  | { actionType: "ConnectParticipantWithLexBot"; lexAliasArn: string };

/** What a MessageReceived event expects: one of text, SSML, a prompt or external media. */
export interface ExpectedMessage {
  text?: string;
  ssml?: string;
  promptId?: string;
  mediaUri?: string;
  /** How text and SSML compare; prompts and media compare by identity. */
  criteria?: "Similarity" | "Inclusion";
}

export type ExpectedEvent =
  | { kind: "TestInitiated" }
  | { kind: "TestCompleted" }
  | { kind: "MessageReceived"; message: ExpectedMessage }
  | { kind: "FlowActionStarted" | "FlowActionCompleted"; resource: ResourceRef };

export type Instruction = { type: "DtmfInput"; digits: string } | { type: "Utterance"; text: string; languageCode?: string } | { type: "Disconnect" };

export type MockResponse =
  /** Lambda / Lex: `loadedData` is the parsed LoadedData; hours: `value`. */
  | { type: "ExecutionResult"; delayMs: number; loadedData?: Record<string, unknown>; value?: "InHours" | "OutOfHours" }
  | { type: "Error"; delayMs: number; value: "TimeLimitExceeded" | "NoMatchingError" | "QueueAtCapacity" };

export type Strategy = { type: "SubstituteResource"; substituteArn: string } | { type: "MockResponse"; response: MockResponse };

export type AssertOperator = Operator | "Exists";

export type TestActionBody =
  | { kind: "SendInstruction"; instruction: Instruction }
  | { kind: "OverrideSystemBehavior"; target: ResourceRef; strategy: Strategy }
  | { kind: "Assert"; namespace: string; ref: Reference; operator: AssertOperator; operand?: string }
  | { kind: "EndTest" }
  | { kind: "LogData"; expressions: Record<string, string> };

export type TestAction = TestActionBody & { id: string; type: string; raw: Record<string, unknown> };

export interface Observation {
  id: string;
  /** Position in `Observations` (records and problems name it). */
  index: number;
  eventId: string;
  eventType: string;
  event: ExpectedEvent;
  /** The event as written, for records. */
  rawEvent: Record<string, unknown>;
  /** In the order they run: the NextAction chain, then any action it does not reach. */
  actions: TestAction[];
  /** Observations activated once this one has matched `times` times. */
  next: string[];
  /** Usage `Exactly` Times (1 without Usage). */
  times: number;
}

export interface TestCaseDocument {
  version: string;
  /** In document order. */
  observations: Observation[];
  /** Observations no other one activates: active when the run starts. */
  starting: string[];
}

export type EntryPoint =
  | { type: "VOICE_CALL"; flowId?: string; sourcePhoneNumber?: string; destinationPhoneNumber?: string }
  | { type: "CHAT"; flowId: string };

export interface InitialData {
  attributes: Record<string, string>;
  segmentAttributes: Record<string, SegmentAttributeValue>;
}

/** Everything a run needs. */
export interface RunnableTestCase {
  name: string;
  entryPoint: EntryPoint;
  initialData: InitialData;
  document: TestCaseDocument;
}
