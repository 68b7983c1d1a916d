/**
 * Chat contacts: participants, their tokens and connections, the transcript, receipts,
 * typing, attachments and the end-of-chat rules. Every item gets the ids ChatJS needs
 * (Id, ContactId, InitialContactId, ParticipantId, Role, DisplayName); the API layer
 * turns `chat.item` events into websocket frames. Nothing here knows HTTP.
 *
 * Decisions where the references are silent (connect-chat-protocol.md §6):
 * - The customer joins when the chat starts (participant.joined is the first item).
 * - Websockets stream items from the moment they subscribe; earlier items are read with
 *   GetTranscript (drivers fetch it after connecting).
 * - Typing, idle, returned, auto-disconnection and connection.acknowledged events go to the
 *   sockets only; they are not stored in the transcript (seed 003: "neither stored in
 *   transcripts nor billed").
 * - A participant who leaves stops receiving items, except the customer: the customer
 *   always hears how the chat ends (ChatJS ≥4 waits for chat.ended after
 *   DisconnectParticipant before it closes the session).
 */
import type { Clock } from "../../kernel/clock.js";
import { isoTime } from "../../kernel/clock.js";
import type { IdGenerator } from "../../kernel/ids.js";

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

/** How long a websocket URL from CreateParticipantConnection admits new sockets ("connect expiry timeout of 100s"). */
export const SOCKET_URL_VALIDITY_MS = 100_000;
/** ConnectionToken lifetime ("1 day"). */
export const CONNECTION_TOKEN_VALIDITY_MS = 24 * 3600_000;
/** Largest attachment Amazon Connect chat accepts (admin guide: 20 MB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** How long an upload URL from StartAttachmentUpload stays valid. */
export const UPLOAD_URL_VALIDITY_MS = 5 * 60_000;
/** ClientToken memory: StartOutboundChatContact documents 7 days, the longest a chat can last. */
export const CLIENT_TOKEN_RETENTION_MS = 7 * 24 * 3600_000;

/** File types chat attachments accept (admin guide "Enable attachments": csv, doc(x), heic, jfif/jpeg/jpg, mov, mp4, pdf, png, ppt(x), rtf, txt, wav, xls(x)). */
export const ATTACHMENT_CONTENT_TYPES: readonly string[] = [
  "text/csv",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "image/heic",
  "image/jpeg",
  "video/quicktime",
  "video/mp4",
  "application/pdf",
  "image/png",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/rtf",
  "text/plain",
  "audio/wav",
  "audio/x-wav",
  "audio/vnd.wave",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

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

export interface Attachment {
  id: string;
  contactId: string;
  participantId: string;
  name: string;
  contentType: string;
  size: number;
  status: "IN_PROGRESS" | "APPROVED";
  /** Proves an upload comes from the URL handed out (a presigned URL's signature). */
  uploadToken: string;
  uploadExpiresAt: number;
  data?: Buffer;
  /** Download grants from GetAttachment: token → expiry. */
  downloads: Map<string, number>;
}

/** Chat settings from StartChatContact beyond the transcript basics. */
export interface ChatSettings {
  /** ParticipantConfiguration.ResponseMode. Simulated bots answer in one piece, so both modes look the same. */
  responseMode?: "INCREMENTAL" | "COMPLETE";
  /** Roles disconnected when the customer leaves, handing the customer to the disconnect flow (DisconnectOnCustomerExit). */
  disconnectOnCustomerExit?: ParticipantRole[];
  /** Content type of StartChatContact's InitialMessage. */
  initialMessageContentType?: string;
  /** A persistent chat: what `rehydration()` found. */
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

interface Connection {
  participantId: string;
  contactId: string;
  expiresAt: number;
}

export class ChatService {
  private chats = new Map<string, Chat>();
  private byParticipantToken = new Map<string, Participant>();
  private connections = new Map<string, Connection>();
  private socketTickets = new Map<string, Connection>();
  private attachments = new Map<string, Attachment>();
  private clientTokens = new Map<string, { fingerprint: string; result: unknown; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly events: { emit(event: ChatEvent): void },
  ) {}

  get(contactId: string): Chat | undefined {
    return this.chats.get(contactId);
  }

  open(init: { contactId: string; initialContactId: string; supportedContentTypes: string[]; durationMinutes: number; settings?: ChatSettings }): Chat {
    const settings = init.settings ?? {};
    const chat: Chat = {
      contactId: init.contactId,
      initialContactId: init.initialContactId,
      participants: new Map(),
      items: [],
      supportedContentTypes: init.supportedContentTypes,
      openedAt: this.clock.now(),
      expiresAt: this.clock.now() + init.durationMinutes * 60_000,
      ended: false,
      settings,
    };
    if (settings.rehydration) {
      chat.continuedFromContactId = settings.rehydration.continuedFromContactId;
      chat.items.push(...settings.rehydration.history);
    }
    this.chats.set(chat.contactId, chat);
    return chat;
  }

  participantByToken(token: string): Participant | undefined {
    return this.byParticipantToken.get(token);
  }

  /** Adds a participant and announces it (participant.joined). */
  join(contactId: string, init: { role: ParticipantRole; displayName: string; userId?: string; silent?: boolean }): Participant {
    const chat = this.require(contactId);
    if (chat.ended) throw new ChatError("invalid", `chat ${contactId} has ended`);
    const participant: Participant = {
      id: this.ids.uuid(),
      contactId,
      role: init.role,
      displayName: init.displayName,
      participantToken: this.ids.token(96),
      state: "joined",
      joinedAt: this.clock.now(),
      idle: false,
      acknowledged: false,
      userId: init.userId,
      ...(init.silent ? { silent: true } : {}),
    };
    chat.participants.set(participant.id, participant);
    this.byParticipantToken.set(participant.participantToken, participant);
    if (!participant.silent) this.post(chat, { Type: "EVENT", ContentType: EVENT.joined }, participant);
    this.events.emit({ type: "chat.joined", contactId, participant });
    return participant;
  }

  /** A participant leaves (participant.left, which they receive too). Their tokens stop working. */
  leave(contactId: string, participantId: string, reason: string): void {
    const chat = this.require(contactId);
    const participant = chat.participants.get(participantId);
    if (!participant || participant.state === "left") return;
    this.post(chat, { Type: "EVENT", ContentType: EVENT.left }, participant, participant.silent ? { store: false, to: [participant.id] } : {});
    participant.state = "left";
    participant.leftAt = this.clock.now();
    this.events.emit({ type: "chat.left", contactId, participant, reason });
  }

  /** A message from a participant (echoed to the sender's sockets too). An idle participant who writes has returned. */
  send(contactId: string, participantId: string, contentType: string, content: string): ChatItem {
    const chat = this.require(contactId);
    const participant = this.requireJoined(chat, participantId);
    this.requireAudible(participant);
    if (!chat.supportedContentTypes.includes(contentType)) {
      throw new ChatError("invalid", `The content type ${contentType} is not supported by this chat: its SupportedMessagingContentTypes are ${chat.supportedContentTypes.join(", ")}`);
    }
    if (participant.idle) this.markReturned(contactId, participantId);
    const item = this.post(chat, { Type: "MESSAGE", ContentType: contentType, Content: content }, participant);
    this.events.emit({ type: "chat.message", contactId, participant, item });
    return item;
  }

  /** A message from the flow (Send message / Play prompt): SYSTEM role, as Connect shows flow messages. */
  systemMessage(contactId: string, content: string): ChatItem {
    const chat = this.require(contactId);
    return this.post(chat, { Type: "MESSAGE", ContentType: "text/plain", Content: content, ParticipantRole: "SYSTEM", DisplayName: "SYSTEM_MESSAGE", ParticipantId: "SYSTEM" });
  }

  /** An event item; `store` false sends it to sockets only. */
  event(contactId: string, contentType: string, from: Participant | undefined, options: { store?: boolean; to?: string[]; content?: string } = {}): ChatItem {
    const chat = this.require(contactId);
    return this.post(chat, { Type: "EVENT", ContentType: contentType, Content: options.content }, from, options);
  }

  /** Adds an item to the transcript (unless `store` is false) and hands it to the sockets. */
  post(chat: Chat, fields: Partial<ChatItem> & { Type: string; ContentType: string }, from?: Participant, options: { store?: boolean; to?: string[] } = {}): ChatItem {
    const item: ChatItem = {
      AbsoluteTime: isoTime(this.clock.now()),
      Id: this.ids.uuid(),
      ...(from ? { ParticipantId: from.id, DisplayName: from.displayName, ParticipantRole: from.role } : {}),
      ...fields,
      ContactId: chat.contactId,
      InitialContactId: chat.initialContactId,
    };
    if (item.Content === undefined) delete item.Content;
    if (options.store !== false) chat.items.push(item);
    this.events.emit({ type: "chat.item", contactId: chat.contactId, item, to: options.to });
    return item;
  }

  /** Ends the chat: chat.ended to everyone still joined (and the customer), then every participant has left. */
  end(contactId: string, reason: string): void {
    const chat = this.chats.get(contactId);
    if (!chat || chat.ended) return;
    const to = [...chat.participants.values()].filter((p) => p.state === "joined" || p.role === "CUSTOMER").map((p) => p.id);
    this.post(chat, { Type: "EVENT", ContentType: EVENT.ended, ParticipantRole: "SYSTEM", DisplayName: "SYSTEM_MESSAGE", ParticipantId: "SYSTEM" }, undefined, { to });
    chat.ended = true;
    for (const p of chat.participants.values()) {
      if (p.state === "joined") {
        p.state = "left";
        p.leftAt = this.clock.now();
        this.events.emit({ type: "chat.left", contactId, participant: p, reason });
      }
    }
    this.events.emit({ type: "chat.ended", contactId });
  }

  joined(contactId: string, role?: ParticipantRole): Participant[] {
    const chat = this.chats.get(contactId);
    if (!chat) return [];
    return [...chat.participants.values()].filter((p) => p.state === "joined" && (!role || p.role === role));
  }

  // ---- connections ------------------------------------------------------------------

  /**
   * CreateParticipantConnection: a websocket ticket and/or a connection token for the
   * holder of a participant token. Callable again for every reconnect (fresh values each time).
   */
  connect(participant: Participant, request: { websocket: boolean; credentials: boolean; acknowledge: boolean }): { socket?: { ticket: string; validUntil: number }; connection?: { token: string; expiresAt: number } } {
    if (!this.isActive(participant)) throw new ChatError("access-denied", "Access denied");
    this.forgetExpired();
    if (request.acknowledge) participant.acknowledged = true;
    const now = this.clock.now();
    const result: ReturnType<ChatService["connect"]> = {};
    if (request.websocket) {
      const ticket = this.ids.token(64);
      this.socketTickets.set(ticket, { participantId: participant.id, contactId: participant.contactId, expiresAt: now + SOCKET_URL_VALIDITY_MS });
      result.socket = { ticket, validUntil: now + SOCKET_URL_VALIDITY_MS };
    }
    if (request.credentials) {
      const token = this.ids.token(128);
      this.connections.set(token, { participantId: participant.id, contactId: participant.contactId, expiresAt: now + CONNECTION_TOKEN_VALIDITY_MS });
      result.connection = { token, expiresAt: now + CONNECTION_TOKEN_VALIDITY_MS };
    }
    // Only a client that asked for credentials can poll; an acknowledge-only call receives nothing.
    if (request.credentials && !request.websocket) this.events.emit({ type: "chat.listening", contactId: participant.contactId, participant });
    return result;
  }

  /** The participant a ParticipantToken belongs to, while the participant and the chat are alive. */
  authorizeParticipant(participantToken: string): Participant {
    const participant = this.byParticipantToken.get(participantToken);
    if (!participant || !this.isActive(participant)) throw new ChatError("access-denied", "Access denied");
    return participant;
  }

  /** The participant a ConnectionToken belongs to, while the token, the participant and the chat are all alive. */
  authorize(connectionToken: string): Participant {
    const connection = this.connections.get(connectionToken);
    const participant = connection && connection.expiresAt > this.clock.now() ? this.chats.get(connection.contactId)?.participants.get(connection.participantId) : undefined;
    if (!participant || !this.isActive(participant)) throw new ChatError("access-denied", "Access denied");
    return participant;
  }

  /** The participant a websocket URL was issued to, if the URL is still valid (any number of sockets within its 100 s). */
  admitSocket(ticket: string): Participant | undefined {
    const grant = this.socketTickets.get(ticket);
    if (!grant || grant.expiresAt <= this.clock.now()) return undefined;
    const participant = this.chats.get(grant.contactId)?.participants.get(grant.participantId);
    return participant && this.isActive(participant) ? participant : undefined;
  }

  /**
   * A socket of this participant subscribed to the chat. A persistent chat tells its
   * customer once that the past transcript is there (chat.rehydrated, ChatJS
   * `onChatRehydrated`): at the first subscription, as nothing earlier could reach a socket.
   */
  subscribed(participant: Participant): void {
    this.events.emit({ type: "chat.listening", contactId: participant.contactId, participant });
    const chat = this.chats.get(participant.contactId);
    if (!chat || chat.ended || !chat.continuedFromContactId || chat.rehydratedNoticeSent || participant.role !== "CUSTOMER") return;
    chat.rehydratedNoticeSent = true;
    this.post(chat, { Type: "EVENT", ContentType: EVENT.rehydrated, ParticipantRole: "SYSTEM", DisplayName: "SYSTEM_MESSAGE", ParticipantId: "SYSTEM" }, undefined, { to: [participant.id] });
  }

  // ---- events from participants ------------------------------------------------------

  /** SendEvent: typing, receipts and connection acknowledgement. Returns the item it produced. */
  sendEvent(contactId: string, participantId: string, contentType: string, content: string | undefined): ChatItem {
    const chat = this.require(contactId);
    const participant = this.requireJoined(chat, participantId);
    switch (contentType) {
      case EVENT.typing:
        return this.post(chat, { Type: "EVENT", ContentType: EVENT.typing }, participant, { store: false, to: participant.silent ? [participant.id] : undefined });
      case EVENT.connectionAcknowledged:
        participant.acknowledged = true;
        return this.post(chat, { Type: "EVENT", ContentType: EVENT.connectionAcknowledged }, participant, { store: false, to: participant.silent ? [participant.id] : undefined });
      case EVENT.read:
      case EVENT.delivered:
        return this.receipt(chat, participant, contentType === EVENT.read ? "read" : "delivered", content);
      default:
        throw new ChatError("invalid", `The event content type ${contentType} cannot be sent by a participant`);
    }
  }

  /**
   * A read or delivered receipt: recorded on the message (GetTranscript shows it in
   * MessageMetadata.Receipts) and pushed as a MESSAGEMETADATA item to the message's sender only.
   */
  private receipt(chat: Chat, reader: Participant, kind: "read" | "delivered", content: string | undefined): ChatItem {
    let messageId: unknown;
    try {
      messageId = content === undefined ? undefined : (JSON.parse(content) as { messageId?: unknown })?.messageId;
    } catch {
      messageId = undefined;
    }
    if (typeof messageId !== "string" || messageId === "") throw new ChatError("invalid", `A ${kind} receipt needs Content {"messageId":"<Id of the message>"}`);
    const message = chat.items.find((i) => i.Id === messageId && (i.Type === "MESSAGE" || i.Type === "ATTACHMENT"));
    if (!message) throw new ChatError("invalid", `No message ${messageId} in this chat`);
    // "Using the SendEvent API for message receipts when a supervisor is barged-in will result in a conflict exception."
    if (this.joined(chat.contactId, "SUPERVISOR").some((p) => !p.silent)) throw new ChatError("conflict", "Message receipts are not available while a supervisor is barged in");
    const now = isoTime(this.clock.now());
    const stamp: "ReadTimestamp" | "DeliveredTimestamp" = kind === "read" ? "ReadTimestamp" : "DeliveredTimestamp";
    const metadata = { MessageId: message.Id, Receipts: [{ [stamp]: now, RecipientParticipantId: reader.id } as Receipt] };
    const sender = message.ParticipantId ? chat.participants.get(message.ParticipantId) : undefined;
    // Receipts are "not supported with more than two active participants", a reader's own message
    // needs none, and a repeated receipt changes nothing: such a receipt is accepted and goes nowhere.
    // A silent monitor counts for nothing and its receipts (ChatJS sends them on its own) go nowhere.
    const deliverable = sender && sender.id !== reader.id && !reader.silent && sender.state === "joined" && this.joined(chat.contactId).filter((p) => !p.silent).length <= 2;
    const stored = message.MessageMetadata?.Receipts?.find((r) => r.RecipientParticipantId === reader.id);
    if (!deliverable || stored?.[stamp]) {
      return { AbsoluteTime: now, Id: this.ids.uuid(), Type: "MESSAGEMETADATA", ContentType: EVENT.messageMetadata, MessageMetadata: metadata, ContactId: chat.contactId, InitialContactId: chat.initialContactId };
    }
    message.MessageMetadata ??= { MessageId: message.Id, Receipts: [] };
    message.MessageMetadata.Receipts ??= [];
    if (stored) stored[stamp] = now;
    else message.MessageMetadata.Receipts.push({ [stamp]: now, RecipientParticipantId: reader.id } as Receipt);
    return this.post(chat, { Type: "MESSAGEMETADATA", ContentType: EVENT.messageMetadata, MessageMetadata: metadata }, undefined, { store: false, to: [sender.id] });
  }

  // ---- idle, returned, auto-disconnection (driven by the chat timers) --------------------

  /** The participant's idle timer ran out: everyone still in the chat hears it. */
  markIdle(contactId: string, participantId: string): boolean {
    const chat = this.require(contactId);
    const participant = chat.participants.get(participantId);
    if (!participant || participant.state !== "joined" || chat.ended || participant.idle) return false;
    participant.idle = true;
    this.post(chat, { Type: "EVENT", ContentType: EVENT.idle }, participant, { store: false });
    return true;
  }

  /** An idle participant is active again. */
  markReturned(contactId: string, participantId: string): boolean {
    const chat = this.require(contactId);
    const participant = chat.participants.get(participantId);
    if (!participant || participant.state !== "joined" || chat.ended || !participant.idle) return false;
    participant.idle = false;
    this.post(chat, { Type: "EVENT", ContentType: EVENT.returned }, participant, { store: false });
    return true;
  }

  /** Announces that a participant is being auto-disconnected; the disconnected participant does not see it (seed 003). */
  announceAutoDisconnection(contactId: string, participantId: string): boolean {
    const chat = this.require(contactId);
    const participant = chat.participants.get(participantId);
    if (!participant || participant.state !== "joined" || chat.ended) return false;
    const others = this.joined(contactId).filter((p) => p.id !== participantId).map((p) => p.id);
    this.post(chat, { Type: "EVENT", ContentType: EVENT.autoDisconnection }, participant, { store: false, to: others });
    return true;
  }

  // ---- attachments -------------------------------------------------------------------

  /** StartAttachmentUpload: an attachment waiting for its bytes. */
  startAttachment(participant: Participant, file: { name: string; contentType: string; size: number }): Attachment {
    const chat = this.require(participant.contactId);
    this.requireJoined(chat, participant.id);
    this.requireAudible(participant);
    if (!ATTACHMENT_CONTENT_TYPES.includes(file.contentType.toLowerCase())) {
      throw new ChatError("invalid", `Attachments of type ${file.contentType} are not supported; supported types: ${ATTACHMENT_CONTENT_TYPES.join(", ")}`);
    }
    if (file.size > MAX_ATTACHMENT_BYTES) throw new ChatError("quota", `The attachment is ${file.size} bytes; chat attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`);
    const attachment: Attachment = {
      id: this.ids.uuid(),
      contactId: participant.contactId,
      participantId: participant.id,
      name: file.name,
      contentType: file.contentType,
      size: file.size,
      status: "IN_PROGRESS",
      uploadToken: this.ids.token(48),
      uploadExpiresAt: this.clock.now() + UPLOAD_URL_VALIDITY_MS,
      downloads: new Map(),
    };
    this.attachments.set(attachment.id, attachment);
    return attachment;
  }

  /** The bytes arrive at the upload URL. Refuses what the presigned upload would refuse. */
  upload(attachmentId: string, uploadToken: string, contentType: string | undefined, data: Buffer): void {
    const attachment = this.attachments.get(attachmentId);
    if (!attachment || attachment.uploadToken !== uploadToken) throw new ChatError("access-denied", "The upload URL is not valid");
    if (attachment.uploadExpiresAt <= this.clock.now()) throw new ChatError("access-denied", "The upload URL has expired");
    if (attachment.status !== "IN_PROGRESS") throw new ChatError("conflict", "The attachment upload has already been completed");
    const chat = this.chats.get(attachment.contactId);
    if (!chat || chat.ended) throw new ChatError("access-denied", "The chat has ended");
    if ((contentType ?? "").toLowerCase() !== attachment.contentType.toLowerCase()) {
      throw new ChatError("access-denied", `The upload must be sent with Content-Type ${attachment.contentType} (got ${contentType ?? "none"})`);
    }
    if (data.length !== attachment.size) throw new ChatError("invalid", `The upload is ${data.length} bytes but StartAttachmentUpload declared ${attachment.size}`);
    attachment.data = data;
  }

  /** CompleteAttachmentUpload: the attachment is approved and shown to everyone (an ATTACHMENT item). */
  completeAttachment(participant: Participant, attachmentId: string): ChatItem {
    const chat = this.require(participant.contactId);
    this.requireJoined(chat, participant.id);
    const attachment = this.attachments.get(attachmentId);
    if (!attachment || attachment.contactId !== participant.contactId || attachment.participantId !== participant.id) throw new ChatError("invalid", `No attachment ${attachmentId} was started by this participant`);
    if (attachment.status === "APPROVED") throw new ChatError("conflict", `The attachment ${attachmentId} has already been completed`);
    if (!attachment.data) throw new ChatError("invalid", `The attachment ${attachmentId} has not been uploaded to its upload URL yet`);
    attachment.status = "APPROVED";
    return this.post(
      chat,
      { Type: "ATTACHMENT", ContentType: attachment.contentType, Attachments: [{ ContentType: attachment.contentType, AttachmentId: attachment.id, AttachmentName: attachment.name, Status: "APPROVED" }] },
      participant,
    );
  }

  /** GetAttachment: a download grant for an approved attachment of the participant's chat. */
  grantDownload(participant: Participant, attachmentId: string, validForMs: number): { attachment: Attachment; token: string; expiresAt: number } {
    const attachment = this.attachments.get(attachmentId);
    if (!attachment || attachment.status !== "APPROVED" || !this.sameSession(participant.contactId, attachment.contactId)) throw new ChatError("invalid", `No attachment ${attachmentId} in this chat`);
    const token = this.ids.token(48);
    const expiresAt = this.clock.now() + validForMs;
    attachment.downloads.set(token, expiresAt);
    return { attachment, token, expiresAt };
  }

  /** The attachment a download URL names, if its grant is still valid. */
  download(attachmentId: string, token: string): Attachment {
    const attachment = this.attachments.get(attachmentId);
    const expiresAt = attachment?.downloads.get(token);
    if (!attachment?.data || expiresAt === undefined) throw new ChatError("access-denied", "The download URL is not valid");
    if (expiresAt <= this.clock.now()) throw new ChatError("access-denied", "The download URL has expired");
    return attachment;
  }

  // ---- transcripts and persistent chats ------------------------------------------------

  /** The transcript a participant may read for `contactId` (its own chat, or one of the same session). */
  transcriptFor(participant: Participant, contactId: string | undefined): Chat {
    const own = this.require(participant.contactId);
    if (contactId === undefined || contactId === own.contactId) return own;
    const other = this.chats.get(contactId);
    if (!other || !this.sameSession(own.contactId, other.contactId)) throw new ChatError("access-denied", "Access denied");
    return other;
  }

  /**
   * Where a persistent chat continues from (StartChatContact PersistentChat).
   * ENTIRE_PAST_SESSION names a past session by its initial contact and continues from its
   * most recent contact; FROM_SEGMENT names the contact. Either way the past session must
   * have ended, and its items (up to that contact) come along.
   */
  rehydration(type: "ENTIRE_PAST_SESSION" | "FROM_SEGMENT", sourceContactId: string): Rehydration {
    let session: Chat[];
    let from: Chat | undefined;
    if (type === "ENTIRE_PAST_SESSION") {
      session = [...this.chats.values()].filter((c) => c.initialContactId === sourceContactId);
      if (session.length === 0) throw new ChatError("not-found", `No chat session has the initial contact ${sourceContactId}`);
      from = session.reduce((a, b) => (b.openedAt >= a.openedAt ? b : a));
    } else {
      from = this.chats.get(sourceContactId);
      if (!from) throw new ChatError("not-found", `No chat contact ${sourceContactId}`);
      const chosen = from;
      session = [...this.chats.values()].filter((c) => c.initialContactId === chosen.initialContactId && c.openedAt <= chosen.openedAt);
    }
    const active = session.find((c) => !c.ended);
    if (active) throw new ChatError("invalid", `The chat contact ${active.contactId} of that session is still active: only an ended chat can be continued`);
    const history = session
      .flatMap((c) => c.items)
      .filter((i) => !i.RelatedContactId)
      .sort((a, b) => a.AbsoluteTime.localeCompare(b.AbsoluteTime))
      .map((i) => ({ ...i, RelatedContactId: i.ContactId }));
    // A session that was itself continued brings its own past along.
    const earlier = session.flatMap((c) => c.items).filter((i) => i.RelatedContactId);
    return { continuedFromContactId: from.contactId, history: [...earlier, ...history] };
  }

  // ---- idempotency ---------------------------------------------------------------------

  /**
   * Runs `compute` once per ClientToken: a repeat with the same request gets the first
   * answer; a repeat with a different request is refused. Failures are not remembered, so
   * a corrected retry can reuse its token.
   */
  idempotent<T>(scope: string, clientToken: string | undefined, fingerprint: string, compute: () => T): T {
    if (!clientToken) return compute();
    const now = this.clock.now();
    const key = `${scope}\u0000${clientToken}`;
    const seen = this.clientTokens.get(key);
    if (seen && now - seen.at < CLIENT_TOKEN_RETENTION_MS) {
      if (seen.fingerprint !== fingerprint) throw new ChatError("invalid", `The ClientToken ${clientToken} was already used with a different request`);
      return seen.result as T;
    }
    const result = compute();
    this.clientTokens.set(key, { fingerprint, result, at: now });
    return result;
  }

  // ---- helpers -----------------------------------------------------------------------

  private isActive(participant: Participant): boolean {
    const chat = this.chats.get(participant.contactId);
    return participant.state === "joined" && !!chat && !chat.ended;
  }

  /** Chats of one session: the same contact chain, or a persistent chat and the session it continues. */
  private sameSession(a: string, b: string): boolean {
    if (a === b) return true;
    const ca = this.chats.get(a);
    const cb = this.chats.get(b);
    if (!ca || !cb) return false;
    if (ca.initialContactId === cb.initialContactId) return true;
    return ca.items.some((i) => i.RelatedContactId === b) || cb.items.some((i) => i.RelatedContactId === a);
  }

  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [ticket, grant] of this.socketTickets) if (grant.expiresAt <= now) this.socketTickets.delete(ticket);
    for (const [token, connection] of this.connections) if (connection.expiresAt <= now) this.connections.delete(token);
    for (const [key, entry] of this.clientTokens) if (now - entry.at >= CLIENT_TOKEN_RETENTION_MS) this.clientTokens.delete(key);
  }

  private require(contactId: string): Chat {
    const chat = this.chats.get(contactId);
    if (!chat) throw new Error(`contact ${contactId} is not a chat`);
    return chat;
  }

  /** A silent monitor has no voice in the chat until it barges in. */
  private requireAudible(participant: Participant): void {
    if (participant.silent) throw new ChatError("access-denied", `participant ${participant.id} monitors chat ${participant.contactId} silently and cannot write to it`);
  }

  private requireJoined(chat: Chat, participantId: string): Participant {
    const p = chat.participants.get(participantId);
    if (!p || p.state !== "joined" || chat.ended) throw new ChatError("access-denied", `participant ${participantId} is not in chat ${chat.contactId}`);
    return p;
  }
}
