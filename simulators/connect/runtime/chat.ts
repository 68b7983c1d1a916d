/**
 * A chat's conversation: participants joining and leaving, messages, events, receipts,
 * idle and returned, the transcript and the end of the chat. Every item gets the ids
 * ChatJS needs (Id, ContactId, InitialContactId, ParticipantId, Role, DisplayName); the
 * API layer turns `chat.item` events into websocket frames. Nothing here knows HTTP.
 * Tokens and connections (chat-connections.ts), attachments (chat-attachments.ts),
 * receipts (chat-receipts.ts) and reading across a session (chat-history.ts) build on this file.
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
import { receipt } from "./chat-receipts.js";
import { EVENT, ChatError, type ParticipantRole, type Participant, type ChatItem, type ChatSettings, type Chat, type ChatEvent } from "./chat-model.js";


export * from "./chat-model.js";

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
        return receipt(this, chat, participant, contentType === EVENT.read ? "read" : "delivered", content, { now: isoTime(this.clock.now()), id: () => this.ids.uuid() });
      default:
        throw new ChatError("invalid", `The event content type ${contentType} cannot be sent by a participant`);
    }
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
