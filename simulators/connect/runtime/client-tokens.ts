/**
 * ClientToken memory for the chat and participant APIs (StartChatContact,
 * CreateParticipant, SendMessage...): a request repeated with its token gets the first
 * answer instead of acting twice. StartTaskContact and TransferContact keep their own
 * tokens (tasks.ts, transfers.ts): they return the first contact whatever the repeat asks.
 */
import { hash } from "node:crypto";
import type { Clock } from "../../kernel/clock.js";
import { BoundedMemory } from "../../kernel/bounded-memory.js";
import { ChatError, type ChatService } from "./chat.js";
import type { EventBus, RuntimeEvent } from "./events.js";

/** ClientToken memory: StartOutboundChatContact documents 7 days, the longest a chat can last. */
export const CLIENT_TOKEN_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * At most this many ClientTokens are remembered per memory, the oldest forgotten first: on
 * the virtual clock 7 days may never pass, and a retry comes seconds after its first try.
 * A chat's tokens (StartChatContact, and its participants' SendMessage, CreateParticipant...)
 * go when the chat ends: no participant of an ended chat can call again, and a
 * StartChatContact retried after its chat is over starts a new chat.
 */
export const CLIENT_TOKENS_KEPT = 20_000;

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

export class ClientTokens {
  private readonly seen: BoundedMemory<{ fingerprint: string; result: unknown }>;

  constructor(
    clock: Clock,
    events: EventBus<RuntimeEvent>,
    private readonly chats: Pick<ChatService, "get">,
  ) {
    this.seen = new BoundedMemory(clock, CLIENT_TOKEN_RETENTION_MS, CLIENT_TOKENS_KEPT);
    events.on((event) => {
      if (event.type === "chat.ended") this.seen.forgetOwner(event.contactId);
    });
  }

  /** How many ClientTokens are remembered now. */
  get size(): number {
    return this.seen.size;
  }

  /**
   * Runs `compute` once per ClientToken: a repeat with the same request gets the first
   * answer; a repeat with a different request is refused. Failures are not remembered, so
   * a corrected retry can reuse its token. `chatOf`: the chat (contact id) the token belongs
   * to, read from the answer, when it is one participant's or one chat's.
   */
  idempotent<T>(scope: string, clientToken: string | undefined, fingerprint: string, compute: () => T, chatOf?: (result: T) => string): T {
    if (!clientToken) return compute();
    const key = `${scope}\u0000${clientToken}`;
    // Requests can be large; their digest is what a repeat is compared with (one-shot: no Hash object per message).
    const digest = hash("sha256", fingerprint, "base64");
    const seen = this.seen.get(key);
    if (seen) {
      if (seen.fingerprint !== digest) throw new ChatError("invalid", `The ClientToken ${clientToken} was already used with a different request`);
      return seen.result as T;
    }
    const result = compute();
    const chat = chatOf?.(result);
    // A call that ended its chat (DisconnectParticipant) can never be asked for again.
    if (chat === undefined || this.chats.get(chat)?.ended === false) {
      const entry = { fingerprint: digest, result };
      this.seen.set(key, entry, chat);
      // An answer still to come may be a refusal, which must not be replayed to the retry
      // that corrects it: once it fails, the token is free again.
      if (isPromise(result)) result.catch(() => this.seen.get(key) === entry && this.seen.delete(key));
    }
    return result;
  }
}
