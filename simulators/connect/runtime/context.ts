/**
 * The runtime as its services see it. The services (agents, routing, the contact
 * lifecycle, transfers, tasks, hold, supervisors, chat timers) depend on these shapes,
 * never on runtime.ts: runtime.ts builds them and hands itself over, so it can import
 * every service while no service imports it. A service that needs a sibling says so in
 * its own host type, beside its code.
 */
import type { Contact, Endpoint, InitiationMethod, Reference, SegmentAttributeValue } from "../flow/contact.js";
import type { FlowHost, InputEvent, Prompt } from "../flow/host.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { Channel } from "../flow/model.js";
import type { TraceStep } from "../flow/trace.js";
import type { ChatService } from "./chat.js";
import type { EventBus, RuntimeEvent } from "./events.js";
import type { InputMailbox } from "./inputs.js";
import type { InstanceResources } from "./resources.js";

/** Everything the runtime keeps about one contact besides the contact data itself. */
export interface ContactSession {
  contact: Contact;
  trace: TraceStep[];
  /** What flows said to this contact's participant, in order, with when. */
  prompts: (Prompt & { at: number })[];
  inputs: InputMailbox;
  /** Aborts the flow currently running for this contact. */
  flowAbort?: AbortController;
  /** Settles when the flows started so far for this contact have finished. */
  idle: Promise<void>;
  /** Engine faults: each one is a flowsim bug, never a flow outcome. */
  engineErrors: Error[];
  /** Contact created for `TargetContact: "Related"` when this contact had none. */
  relatedCopyId?: string;
  /** The flow a SCHEDULED contact runs when delivered (UpdateContactSchedule moves the delivery). */
  scheduledFlow?: LoadedFlow;
}

/** How a new contact is linked to earlier ones. */
export interface ContactLink {
  initialContactId?: string;
  previousContactId?: string;
  relatedContactId?: string;
}

export interface StartContactOptions {
  channel: Channel;
  /** Flow id, ARN or name (or the flow itself). */
  flow: string | LoadedFlow;
  initiationMethod?: InitiationMethod;
  attributes?: Record<string, string>;
  customerEndpoint?: Endpoint;
  systemEndpoint?: Endpoint;
  name?: string;
  description?: string;
  references?: Record<string, Reference>;
  initialMessage?: string;
  segmentAttributes?: Record<string, SegmentAttributeValue>;
  previousContactId?: string;
  relatedContactId?: string;
  customerId?: string;
  taskTemplateId?: string;
  /** Epoch ms: the contact waits (SCHEDULED) until then, on the clock. */
  scheduledAt?: number;
  /** Runs after the contact exists and before its flow starts (a chat opens its transcript here). */
  beforeFlow?: (contact: Contact) => void;
  /** Defers the flow: it starts when `hold` calls the function it is given. */
  holdFlow?: (start: () => void) => void;
}

/** The flow host, plus the contacts, events and chats every service works with. */
export interface RuntimeContext extends FlowHost {
  readonly resources: InstanceResources;
  readonly events: EventBus<RuntimeEvent>;
  readonly chats: ChatService;
  session(contactId: string): ContactSession | undefined;
  allSessions(): ContactSession[];
  requireSession(contactId: string): ContactSession;
  /** A contact with no flow started: its creator sets it up (and starts a flow, if any). */
  newContact(channel: Channel, initiationMethod: InitiationMethod, link?: ContactLink): ContactSession;
  /** Creates a contact and starts its flow. */
  startContact(options: StartContactOptions): Contact;
  /** Starts `flow` for a contact, one after another with whatever ran before. */
  runFlowFor(session: ContactSession, flow: LoadedFlow, reason: string, startAt?: string): void;
  /** Hands any input to the contact's waiting flow; false when nothing waits for it. */
  deliverInput(contactId: string, event: InputEvent): boolean;
  /** A chat participant leaves; the customer leaving may end the contact. */
  leaveChat(contactId: string, participantId: string, reason: string): Promise<void>;
}
