/**
 * Messages at a target aggregate rate over many chats, and what became of each: sent with
 * SendMessage at its scheduled moment (open loop: a slow server does not slow the sender,
 * so queueing shows as latency rather than hiding as a lower rate), timestamped in its
 * content, and checked off at the other participant's socket. Message `seq` goes to chat
 * `seq % chats`, from the customer and from the agent in turn, so every socket both sends
 * and receives.
 */
import { performance } from "node:perf_hooks";
import type { BenchChat, Role } from "./chat-set.js";
import type { ChatItemFrame } from "./chat-socket.js";
import type { HttpLoad } from "./http-load.js";

/** Requests waiting for their answer at most: beyond this the generator is behind and says so. */
const MAX_IN_FLIGHT = 1024;
const PREFIX = "bench ";
/** Behind schedule by more than the pacing timer's own jitter. */
const LATE_MS = 5;

export interface DriveFigures {
  /** Messages sent and answered 200. */
  accepted: number;
  failed: number;
  firstFailure?: string;
  /** Sent per second, over the drive's duration. */
  achievedRate: number;
  /** Messages sent more than LATE_MS after their moment: the generator was busy or MAX_IN_FLIGHT requests were waiting. */
  late: number;
  /** Delivery latency of each message received (send to the receiving socket), ms. */
  latencies: Float64Array;
  /** SendMessage answer time, ms. */
  replies: Float64Array;
  lost: number;
  duplicates: number;
  /** Messages received on a socket of another chat: a leak between chats. */
  wrongChat: number;
}

export class MessageDrive {
  private issued = 0;
  private inFlight = 0;
  private acceptedCount = 0;
  private late = 0;
  private failed = 0;
  private firstFailure: string | undefined;
  private duplicates = 0;
  private wrongChat = 0;
  private readonly accepted: Uint8Array;
  private readonly receipts: Uint16Array;
  private readonly latencies: Float64Array;
  private received = 0;
  private readonly replies: Float64Array;
  private answered = 0;
  private elapsedMs = 0;
  private chats: BenchChat[] = [];
  private load: HttpLoad | undefined;

  /** Made before the chats, so that their sockets report to `onItem` from the start. */
  constructor(
    private readonly rate: number,
    private readonly seconds: number,
  ) {
    const most = Math.ceil(rate * seconds) + 1;
    this.accepted = new Uint8Array(most);
    this.receipts = new Uint16Array(most);
    this.latencies = new Float64Array(most);
    this.replies = new Float64Array(most);
  }

  attach(chats: BenchChat[], load: HttpLoad): void {
    this.chats = chats;
    this.load = load;
  }

  /** Where ChatSet hands every chat item a socket receives. */
  readonly onItem = (chat: number, at: Role, item: ChatItemFrame): void => {
    if (item.Type !== "MESSAGE" || !item.Content?.startsWith(PREFIX)) return;
    // The sender's own socket gets its message back too (ChatJS shows it as sent): not a delivery.
    if (item.ParticipantRole === at || this.chats.length === 0) return;
    const [seqText, sentText] = item.Content.slice(PREFIX.length).split(" ");
    const seq = Number(seqText);
    if (!(seq >= 0 && seq < this.receipts.length)) return;
    if (seq % this.chats.length !== chat) this.wrongChat++;
    if (this.receipts[seq]++ > 0) this.duplicates++;
    else this.latencies[this.received++] = performance.now() - Number(sentText);
  };

  private sendOne(seq: number, scheduledAt: number): void {
    const chat = this.chats[seq % this.chats.length];
    const from: Role = Math.floor(seq / this.chats.length) % 2 === 0 ? "CUSTOMER" : "AGENT";
    const at = performance.now();
    if (at - scheduledAt > LATE_MS) this.late++;
    this.inFlight++;
    this.load!.sendMessage(chat.tokens[from], `${PREFIX}${seq} ${at.toFixed(3)}`).then(
      (reply) => {
        this.inFlight--;
        this.replies[this.answered++] = performance.now() - at;
        if (reply.status === 200) {
          this.accepted[seq] = 1;
          this.acceptedCount++;
        }
        else this.fail(`${reply.status} ${reply.body.slice(0, 200)}`);
      },
      (err: Error) => {
        this.inFlight--;
        this.fail(err.message);
      },
    );
  }

  private fail(why: string): void {
    this.failed++;
    this.firstFailure ??= why;
  }

  /** Sends for `seconds` at `rate`; resolves when the last message is sent (answers may still be on their way). */
  async sendAll(): Promise<void> {
    const start = performance.now();
    const durationMs = this.seconds * 1000;
    const most = this.receipts.length;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = performance.now() - start;
        const due = Math.min(most, Math.floor(Math.min(elapsed, durationMs) * (this.rate / 1000)));
        while (this.issued < due && this.inFlight < MAX_IN_FLIGHT) {
          const seq = this.issued++;
          this.sendOne(seq, start + (seq / this.rate) * 1000);
        }
        if (elapsed >= durationMs) return resolve();
        setTimeout(tick, 1);
      };
      tick();
    });
    this.elapsedMs = performance.now() - start;
  }

  /** Waits for every answer, then up to `graceMs` for the deliveries still missing; the figures. */
  async settle(graceMs: number): Promise<DriveFigures> {
    await this.until(() => this.inFlight === 0, 30_000);
    await this.until(() => this.deliveredAll(), graceMs);
    let lost = 0;
    for (let seq = 0; seq < this.issued; seq++) if (this.accepted[seq] && this.receipts[seq] === 0) lost++;
    return {
      accepted: this.acceptedCount,
      failed: this.failed,
      firstFailure: this.firstFailure,
      achievedRate: this.issued / (this.elapsedMs / 1000),
      late: this.late,
      latencies: this.latencies.subarray(0, this.received),
      replies: this.replies.subarray(0, this.answered),
      lost,
      duplicates: this.duplicates,
      wrongChat: this.wrongChat,
    };
  }

  private deliveredAll(): boolean {
    for (let seq = 0; seq < this.issued; seq++) if (this.accepted[seq] && this.receipts[seq] === 0) return false;
    return true;
  }

  private async until(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
