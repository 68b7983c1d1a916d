/**
 * ClientToken memory for the chat and participant APIs (StartChatContact,
 * CreateParticipant, SendMessage...): a request repeated with its token gets the first
 * answer instead of acting twice. StartTaskContact and TransferContact keep their own
 * tokens (tasks.ts, transfers.ts): they return the first contact whatever the repeat asks.
 */
import type { Clock } from "../../kernel/clock.js";
import { ChatError } from "./chat.js";

/** ClientToken memory: StartOutboundChatContact documents 7 days, the longest a chat can last. */
export const CLIENT_TOKEN_RETENTION_MS = 7 * 24 * 3600_000;

export class ClientTokens {
  private readonly seen = new Map<string, { fingerprint: string; result: unknown; at: number }>();

  constructor(private readonly clock: Clock) {}

  /**
   * Runs `compute` once per ClientToken: a repeat with the same request gets the first
   * answer; a repeat with a different request is refused. Failures are not remembered, so
   * a corrected retry can reuse its token.
   */
  idempotent<T>(scope: string, clientToken: string | undefined, fingerprint: string, compute: () => T): T {
    if (!clientToken) return compute();
    const now = this.clock.now();
    const key = `${scope}\u0000${clientToken}`;
    const seen = this.seen.get(key);
    if (seen && now - seen.at < CLIENT_TOKEN_RETENTION_MS) {
      if (seen.fingerprint !== fingerprint) throw new ChatError("invalid", `The ClientToken ${clientToken} was already used with a different request`);
      return seen.result as T;
    }
    const result = compute();
    // Forgotten tokens go as new ones come, so the memory lasts only as long as the retention.
    for (const [k, entry] of this.seen) if (now - entry.at >= CLIENT_TOKEN_RETENTION_MS) this.seen.delete(k);
    this.seen.set(key, { fingerprint, result, at: now });
    return result;
  }
}
