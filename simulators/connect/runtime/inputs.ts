/**
 * Where participant input meets a waiting flow: one mailbox per contact. A flow waits
 * for the kinds of input it accepts, with a timeout on the simulator clock; input that
 * arrives when nothing waits for it is reported back as not consumed (a key pressed
 * while no block collects digits is lost, as on a real call, unless touchtone
 * buffering is on).
 */
import type { Clock } from "../../kernel/clock.js";
import type { DigitRequest, DigitResult, DtmfBuffer, InputEvent, InputRequest } from "../flow/host.js";

interface Waiter {
  request: InputRequest;
  deliver(event: InputEvent): void;
}

export interface WaitingInfo {
  label: string;
  actionId: string;
  accept: string[];
  since: number;
  timeoutAt?: number;
  detail?: Record<string, unknown>;
}

/** "collected into a buffer of up to 30 characters" (Set Touchtone Buffer Behavior). */
export const MAX_BUFFERED_KEYS = 30;

function abortError(): Error {
  const err = new Error("the wait was interrupted");
  err.name = "AbortError";
  return err;
}

export class InputMailbox {
  private waiters: { waiter: Waiter; info: WaitingInfo }[] = [];
  /** Digits typed ahead within one key press sequence ("123#"), for the next collector. */
  private typeAhead = "";
  /** Touchtone buffering: keys pressed while nothing collects join `typeAhead`. */
  private buffering = false;
  private waitListeners = new Set<(info: WaitingInfo) => void>();

  constructor(private readonly clock: Clock) {}

  /** What the flow is waiting for now (for the control plane and error messages). */
  waiting(): WaitingInfo[] {
    return this.waiters.map((w) => w.info);
  }

  /**
   * Calls `listener` each time the flow starts waiting for input, after the wait is in
   * place (a test case's simulated customer answers then, not before). Returns the unsubscribe.
   */
  onWait(listener: (info: WaitingInfo) => void): () => void {
    this.waitListeners.add(listener);
    return () => this.waitListeners.delete(listener);
  }

  /** Hands an input to the first waiter that accepts it; false when nobody waits for it. */
  deliver(event: InputEvent): boolean {
    const entry = this.waiters.find((w) => w.waiter.request.accept.includes(event.kind));
    if (!entry && event.kind === "dtmf" && this.buffering) {
      this.typeAhead = (this.typeAhead + event.digits).slice(0, MAX_BUFFERED_KEYS);
      return true;
    }
    if (!entry) return false;
    entry.waiter.deliver(event);
    return true;
  }

  wait(request: InputRequest, signal: AbortSignal): Promise<InputEvent | undefined> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortError());
      if (request.accept.includes("dtmf") && this.typeAhead) {
        const digits = this.typeAhead;
        this.typeAhead = "";
        return resolve({ kind: "dtmf", digits });
      }
      const info: WaitingInfo = {
        label: request.label,
        actionId: request.actionId,
        accept: [...request.accept],
        since: this.clock.now(),
        timeoutAt: request.timeoutMs === undefined ? undefined : this.clock.now() + request.timeoutMs,
        detail: request.detail,
      };
      const cleanup = () => {
        timer?.cancel();
        signal.removeEventListener("abort", onAbort);
        this.waiters = this.waiters.filter((w) => w.waiter !== waiter);
      };
      const waiter: Waiter = {
        request,
        deliver: (event) => {
          cleanup();
          resolve(event);
        },
      };
      const onAbort = () => {
        cleanup();
        reject(abortError());
      };
      const timer = request.timeoutMs === undefined ? undefined : this.clock.schedule(request.timeoutMs, () => {
        cleanup();
        resolve(undefined);
      }, `${request.label} (timeout)`);
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push({ waiter, info });
      for (const listener of [...this.waitListeners]) listener(info);
    });
  }

  /**
   * DTMF collection (reference §5.1): first-digit timeout, then an inter-digit timeout
   * after each key; ends on a terminator, at the maximum length, or when the caller
   * pauses; `*` clears the entry unless the cancel key is disabled.
   */
  async collectDigits(request: DigitRequest, signal: AbortSignal): Promise<DigitResult> {
    let digits = "";
    let pending = "";
    let anyKey = false;
    for (;;) {
      if (pending === "") {
        const event = await this.wait(
          { accept: ["dtmf"], timeoutMs: anyKey ? request.interDigitTimeoutMs : request.firstDigitTimeoutMs, label: request.label, actionId: request.actionId },
          signal,
        );
        if (!event) return digits === "" ? { kind: "timeout" } : { kind: "digits", digits, terminatedBy: "interdigit-timeout" };
        if (event.kind !== "dtmf") continue;
        pending = event.digits;
      }
      const key = pending[0];
      pending = pending.slice(1);
      anyKey = true;
      const sequence = request.terminationSequence;
      if (sequence ? (digits + key).endsWith(sequence) : request.terminators.includes(key)) {
        // Keys buffered since this event arrived come after its unread rest.
        this.typeAhead = pending + this.typeAhead;
        return { kind: "digits", digits: sequence ? (digits + key).slice(0, -sequence.length) : digits, terminatedBy: "terminator" };
      }
      if (key === "*" && request.cancelKey) {
        digits = "";
        continue;
      }
      digits += key;
      if (digits.length >= request.maxDigits) {
        this.typeAhead = pending + this.typeAhead;
        return { kind: "digits", digits, terminatedBy: "length" };
      }
    }
  }

  /** Drops waiters and type-ahead (the contact ended). */
  clear(): void {
    this.typeAhead = "";
    this.buffering = false;
  }

  /** The touchtone buffer over this mailbox's type-ahead. */
  dtmfBuffer(): DtmfBuffer {
    const mailbox = this;
    return {
      get enabled() {
        return mailbox.buffering;
      },
      get digits() {
        return mailbox.typeAhead;
      },
      enable() {
        mailbox.buffering = true;
      },
      clear() {
        const held = mailbox.typeAhead;
        mailbox.typeAhead = "";
        return held;
      },
      stop() {
        mailbox.buffering = false;
        return this.clear();
      },
    };
  }
}
