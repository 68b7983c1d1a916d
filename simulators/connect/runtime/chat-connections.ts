/**
 * Who may talk in a chat, and over what: a participant token opens connections
 * (CreateParticipantConnection), a connection token authorizes the Participant API, a
 * websocket URL admits sockets for a while. Tokens work only while their participant is
 * in a chat that goes on. A participant starts receiving once it can: its first socket
 * subscription, or a connection without a socket (polling).
 */
import type { Clock } from "../../kernel/clock.js";
import { secretToken } from "../../kernel/secrets.js";
import { BoundedMemory } from "../../kernel/bounded-memory.js";
import { ChatError, EVENT, type ChatService, type Participant } from "./chat.js";
import type { EventBus, RuntimeEvent } from "./events.js";

/** How long a websocket URL from CreateParticipantConnection admits new sockets ("connect expiry timeout of 100s"). */
export const SOCKET_URL_VALIDITY_MS = 100_000;
/** ConnectionToken lifetime ("1 day"). */
export const CONNECTION_TOKEN_VALIDITY_MS = 24 * 3600_000;

/**
 * Connection tokens and websocket URLs are forgotten when they expire, when their chat
 * ends (no participant of it may call again), and beyond this many, the oldest first.
 */
const GRANTS_KEPT = 100_000;

/** Whom a connection token or websocket URL was given to. */
interface Grant {
  participantId: string;
  contactId: string;
}

export class ChatConnections {
  private readonly connections: BoundedMemory<Grant>;
  private readonly socketTickets: BoundedMemory<Grant>;

  constructor(
    private readonly chats: ChatService,
    private readonly clock: Clock,
    private readonly events: EventBus<RuntimeEvent>,
  ) {
    this.connections = new BoundedMemory(clock, CONNECTION_TOKEN_VALIDITY_MS, GRANTS_KEPT);
    this.socketTickets = new BoundedMemory(clock, SOCKET_URL_VALIDITY_MS, GRANTS_KEPT);
    events.on((event) => {
      if (event.type !== "chat.ended") return;
      this.connections.forgetOwner(event.contactId);
      this.socketTickets.forgetOwner(event.contactId);
    });
  }

  /**
   * CreateParticipantConnection: a websocket ticket and/or a connection token for the
   * holder of a participant token. Callable again for every reconnect (fresh values each time).
   */
  connect(participant: Participant, request: { websocket: boolean; credentials: boolean; acknowledge: boolean }): { socket?: { ticket: string; validUntil: number }; connection?: { token: string; expiresAt: number } } {
    if (!this.isActive(participant)) throw new ChatError("access-denied", "Access denied");
    if (request.acknowledge) participant.acknowledged = true;
    const now = this.clock.now();
    const result: ReturnType<ChatConnections["connect"]> = {};
    if (request.websocket) {
      const ticket = secretToken(64);
      this.socketTickets.set(ticket, { participantId: participant.id, contactId: participant.contactId }, participant.contactId);
      result.socket = { ticket, validUntil: now + SOCKET_URL_VALIDITY_MS };
    }
    if (request.credentials) {
      const token = secretToken(128);
      this.connections.set(token, { participantId: participant.id, contactId: participant.contactId }, participant.contactId);
      result.connection = { token, expiresAt: now + CONNECTION_TOKEN_VALIDITY_MS };
    }
    // Only a client that asked for credentials can poll; an acknowledge-only call receives nothing.
    if (request.credentials && !request.websocket) this.events.emit({ type: "chat.listening", contactId: participant.contactId, participant });
    return result;
  }

  /** The participant a ParticipantToken belongs to, while the participant and the chat are alive. */
  authorizeParticipant(participantToken: string): Participant {
    const participant = this.chats.participantByToken(participantToken);
    if (!participant || !this.isActive(participant)) throw new ChatError("access-denied", "Access denied");
    return participant;
  }

  /** The participant a ConnectionToken belongs to, while the token, the participant and the chat are all alive. */
  authorize(connectionToken: string): Participant {
    const connection = this.connections.get(connectionToken);
    const participant = connection ? this.chats.get(connection.contactId)?.participants.get(connection.participantId) : undefined;
    if (!participant || !this.isActive(participant)) throw new ChatError("access-denied", "Access denied");
    return participant;
  }

  /** The participant a websocket URL was issued to, if the URL is still valid (any number of sockets within its 100 s). */
  admitSocket(ticket: string): Participant | undefined {
    const grant = this.socketTickets.get(ticket);
    if (!grant) return undefined;
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
    this.chats.post(chat, { Type: "EVENT", ContentType: EVENT.rehydrated, ParticipantRole: "SYSTEM", DisplayName: "SYSTEM_MESSAGE", ParticipantId: "SYSTEM" }, undefined, { to: [participant.id] });
  }

  /**
   * Whether a participant token, connection token or websocket ticket was handed out here
   * and is still remembered: a server with several instances asks each which one a request
   * belongs to (one nobody remembers is refused by the default instance, as it should be).
   */
  holds(token: string): boolean {
    return this.connections.get(token) !== undefined || this.socketTickets.get(token) !== undefined || this.chats.participantByToken(token) !== undefined;
  }

  /** The participant is in a chat that goes on: its tokens and connections still work. */
  private isActive(participant: Participant): boolean {
    const chat = this.chats.get(participant.contactId);
    return participant.state === "joined" && !!chat && !chat.ended;
  }

}
