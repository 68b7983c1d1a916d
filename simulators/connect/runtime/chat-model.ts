/**
 * What a chat is made of — participants, items, settings, the events it emits — and the
 * event content types and errors of the Participant Service's chat. The conversation itself
 * is chat.ts; this is apart so that the modules built on it (receipts) need not import it.
 */
export type ParticipantRole = "CUSTOMER" | "AGENT" | "SYSTEM" | "CUSTOM_BOT" | "SUPERVISOR";

export const EVENT = {
  typing: "application/vnd.amazonaws.connect.event.typing",
  joined: "application/vnd.amazonaws.connect.event.participant.joined",
  left: "application/vnd.amazonaws.connect.event.participant.left",
  idle: "application/vnd.amazonaws.connect.event.participant.idle",
  returned: "application/vnd.amazonaws.connect.event.participant.returned",
  autoDisconnection: "application/vnd.amazonaws.connect.event.participant.autodisconnection",
  ended: "application/vnd.amazonaws.connect.event.chat.ended",
  rehydrated: "application/vnd.amazonaws.connect.event.chat.rehydrated",
  transferSucceeded: "application/vnd.amazonaws.connect.event.transfer.succeeded",
  transferFailed: "application/vnd.amazonaws.connect.event.transfer.failed",
  delivered: "application/vnd.amazonaws.connect.event.message.delivered",
  read: "application/vnd.amazonaws.connect.event.message.read",
  connectionAcknowledged: "application/vnd.amazonaws.connect.event.connection.acknowledged",
  /** Content type of the MESSAGEMETADATA items that carry receipts. */
  messageMetadata: "application/vnd.amazonaws.connect.event.message.metadata",
} as const;

/**
 * An expected refusal of a chat operation, by kind; the API layer turns each kind into the
 * service's error (access-denied → 403 AccessDeniedException, invalid → ValidationException...).
 */
export type ChatErrorKind = "access-denied" | "invalid" | "conflict" | "quota" | "not-found";

export class ChatError extends Error {
  constructor(
    readonly kind: ChatErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ChatError";
  }
}

export interface Participant {
  id: string;
  contactId: string;
  role: ParticipantRole;
  displayName: string;
  /** Returned by StartChatContact / CreateParticipant; opens connections. */
  participantToken: string;
  state: "joined" | "left";
  joinedAt: number;
  leftAt?: number;
  /** Marked idle by a chat timer; cleared by the participant's next message. */
  idle: boolean;
  /** Acknowledged its connection (CreateParticipantConnection ConnectParticipant, or the connection.acknowledged event). */
  acknowledged: boolean;
  /** For agents: the user they are. */
  userId?: string;
  /**
   * A supervisor monitoring silently (supervisors.ts): nobody else is told it is there —
   * no joined or left event, its typing and receipts reach only itself — and it cannot
   * write until it barges in.
   */
  silent?: boolean;
}

export interface Receipt {
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
  RecipientParticipantId: string;
}

export interface ChatItem {
  AbsoluteTime: string;
  Content?: string;
  ContentType: string;
  Id: string;
  Type: string;
  ParticipantId?: string;
  DisplayName?: string;
  ParticipantRole?: ParticipantRole;
  Attachments?: { ContentType: string; AttachmentId: string; AttachmentName: string; Status: string }[];
  MessageMetadata?: { MessageId: string; Receipts?: Receipt[] };
  /** On items copied from a past session into a persistent chat: the contact they were sent on. */
  RelatedContactId?: string;
  ContactId: string;
  InitialContactId: string;
}

/** Chat settings from StartChatContact beyond the transcript basics. */
export interface ChatSettings {
  /** ParticipantConfiguration.ResponseMode. Simulated bots answer in one piece, so both modes look the same. */
  responseMode?: "INCREMENTAL" | "COMPLETE";
  /** Roles disconnected when the customer leaves, handing the customer to the disconnect flow (DisconnectOnCustomerExit). */
  disconnectOnCustomerExit?: ParticipantRole[];
  /** Content type of StartChatContact's InitialMessage. */
  initialMessageContentType?: string;
  /** A persistent chat: what `rehydrate()` (chat-history.ts) found. */
  rehydration?: Rehydration;
}

export interface Rehydration {
  continuedFromContactId: string;
  /** The past session's items, each with RelatedContactId naming the contact it was sent on. */
  history: ChatItem[];
}

export interface Chat {
  contactId: string;
  initialContactId: string;
  participants: Map<string, Participant>;
  /** The transcript (what GetTranscript returns). */
  items: ChatItem[];
  supportedContentTypes: string[];
  openedAt: number;
  /** Epoch ms when the chat ends on its own (ChatDurationInMinutes). */
  expiresAt: number;
  ended: boolean;
  settings: ChatSettings;
  /** Persistent chat: the contact this chat continues, and whether the customer has been told. */
  continuedFromContactId?: string;
  rehydratedNoticeSent?: boolean;
}

export type ChatEvent =
  /** An item for the participants' sockets. `to` limits who receives it (default: every joined participant). */
  | { type: "chat.item"; contactId: string; item: ChatItem; to?: string[] }
  | { type: "chat.joined"; contactId: string; participant: Participant }
  | { type: "chat.left"; contactId: string; participant: Participant; reason: string }
  | { type: "chat.message"; contactId: string; participant: Participant; item: ChatItem }
  | { type: "chat.ended"; contactId: string }
  /** A participant can now receive items: a websocket subscribed, or a connection without one (polling). */
  | { type: "chat.listening"; contactId: string; participant: Participant };
