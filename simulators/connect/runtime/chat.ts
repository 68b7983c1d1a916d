/**
 * A chat's conversation: participants joining and leaving, messages, events, receipts,
 * idle and returned, the transcript and the end of the chat. Every item gets the ids
 * ChatJS needs (Id, ContactId, InitialContactId, ParticipantId, Role, DisplayName); the
 * API layer turns `chat.item` events into websocket frames. Nothing here knows HTTP.
 * Tokens and connections (chat-connections.ts), attachments (chat-attachments.ts) and
 * reading across a session (chat-history.ts) build on this file.
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
import { secretToken } from "../../kernel/secrets.js";

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

export class ChatService {
  private chats = new Map<string, Chat>();
  private byParticipantToken = new Map<string, Participant>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly events: { emit(event: ChatEvent): void },
  ) {}

  get(contactId: string): Chat | undefined {
    return this.chats.get(contactId);
  }

  all(): Chat[] {
    return [...this.chats.values()];
  }

  /** Drops an ended chat's transcript (ended-contacts.ts decides when). */
  forget(contactId: string): void {
    if (this.chats.get(contactId)?.ended) this.chats.delete(contactId);
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
      participantToken: secretToken(96),
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
      // No token of an ended chat opens anything again.
      this.byParticipantToken.delete(p.participantToken);
      if (p.state === "joined") {
        p.state = "left";
        p.leftAt = this.clock.now();
        this.events.emit({ type: "chat.left", contactId, participant: p, reason });
      }
    }
    this.events.emit({ type: "chat.ended", contactId });
  }

  /** Whether the participant is one `joined` lists. */
  isJoined(contactId: string, participantId: string): boolean {
    return this.chats.get(contactId)?.participants.get(participantId)?.state === "joined";
  }

  joined(contactId: string, role?: ParticipantRole): Participant[] {
    const chat = this.chats.get(contactId);
    if (!chat) return [];
    return [...chat.participants.values()].filter((p) => p.state === "joined" && (!role || p.role === role));
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
    if (typeof messageId !== "string" || messageId === "") throw new ChatError("invalid", `The ${kind} receipt needs Content {"messageId":"<Id of the message>"}`);
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

  // ---- checks (chat-attachments.ts makes them too) ------------------------------------

  require(contactId: string): Chat {
    const chat = this.chats.get(contactId);
    if (!chat) throw new Error(`contact ${contactId} is not a chat`);
    return chat;
  }

  /** A silent monitor has no voice in the chat until it barges in. */
  requireAudible(participant: Participant): void {
    if (participant.silent) throw new ChatError("access-denied", `participant ${participant.id} monitors chat ${participant.contactId} silently and cannot write to it`);
  }

  requireJoined(chat: Chat, participantId: string): Participant {
    const p = chat.participants.get(participantId);
    if (!p || p.state !== "joined" || chat.ended) throw new ChatError("access-denied", `participant ${participantId} is not in chat ${chat.contactId}`);
    return p;
  }
}
