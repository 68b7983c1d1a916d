/**
 * Who may talk in a chat, and over what: a participant token opens connections
 * (CreateParticipantConnection), a connection token authorizes the Participant API, a
 * websocket URL admits sockets for a while. Tokens work only while their participant is
 * in a chat that goes on. A participant starts receiving once it can: its first socket
 * subscription, or a connection without a socket (polling).
 */
import type { Clock } from "../../kernel/clock.js";
import { secretToken } from "../../kernel/secrets.js";
import { ChatError, EVENT, type ChatEvent, type ChatService, type Participant } from "./chat.js";

/** How long a websocket URL from CreateParticipantConnection admits new sockets ("connect expiry timeout of 100s"). */
export const SOCKET_URL_VALIDITY_MS = 100_000;
/** ConnectionToken lifetime ("1 day"). */
export const CONNECTION_TOKEN_VALIDITY_MS = 24 * 3600_000;

interface Connection {
  participantId: string;
  contactId: string;
  expiresAt: number;
}

export class ChatConnections {
  private readonly connections = new Map<string, Connection>();
  private readonly socketTickets = new Map<string, Connection>();

  constructor(
    private readonly chats: ChatService,
    private readonly clock: Clock,
    private readonly events: { emit(event: ChatEvent): void },
  ) {}

  /**
   * CreateParticipantConnection: a websocket ticket and/or a connection token for the
   * holder of a participant token. Callable again for every reconnect (fresh values each time).
   */
  connect(participant: Participant, request: { websocket: boolean; credentials: boolean; acknowledge: boolean }): { socket?: { ticket: string; validUntil: number }; connection?: { token: string; expiresAt: number } } {
    if (!this.isActive(participant)) throw new ChatError("access-denied", "Access denied");
    this.forgetExpired();
    if (request.acknowledge) participant.acknowledged = true;
    const now = this.clock.now();
    const result: ReturnType<ChatConnections["connect"]> = {};
    if (request.websocket) {
      const ticket = secretToken(64);
      this.socketTickets.set(ticket, { participantId: participant.id, contactId: participant.contactId, expiresAt: now + SOCKET_URL_VALIDITY_MS });
      result.socket = { ticket, validUntil: now + SOCKET_URL_VALIDITY_MS };
    }
    if (request.credentials) {
      const token = secretToken(128);
      this.connections.set(token, { participantId: participant.id, contactId: participant.contactId, expiresAt: now + CONNECTION_TOKEN_VALIDITY_MS });
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
    this.chats.post(chat, { Type: "EVENT", ContentType: EVENT.rehydrated, ParticipantRole: "SYSTEM", DisplayName: "SYSTEM_MESSAGE", ParticipantId: "SYSTEM" }, undefined, { to: [participant.id] });
  }

  /**
   * Whether a participant token, connection token or websocket ticket was handed out here,
   * valid or not: a server with several instances asks each which one a request belongs to.
   */
  holds(token: string): boolean {
    return this.connections.has(token) || this.socketTickets.has(token) || this.chats.participantByToken(token) !== undefined;
  }

  /** The participant is in a chat that goes on: its tokens and connections still work. */
  private isActive(participant: Participant): boolean {
    const chat = this.chats.get(participant.contactId);
    return participant.state === "joined" && !!chat && !chat.ended;
  }

  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [ticket, grant] of this.socketTickets) if (grant.expiresAt <= now) this.socketTickets.delete(ticket);
    for (const [token, connection] of this.connections) if (connection.expiresAt <= now) this.connections.delete(token);
  }
}
