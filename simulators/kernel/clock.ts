/**
 * The one source of time for the simulators. Every timeout, timer and schedule goes
 * through a Clock so that a scenario on the virtual clock can jump 480 minutes at the
 * cost of 2, and the same code runs against real time when a person is watching.
 */

export interface Timer {
  /** Epoch milliseconds at which the callback runs. */
  readonly dueAt: number;
  readonly label: string;
  cancel(): void;
}

export interface Clock {
  readonly kind: "virtual" | "real";
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `callback` once, `delayMs` from now. */
  schedule(delayMs: number, callback: () => void, label?: string): Timer;
  /** Resolves after `delayMs`; rejects with an AbortError when the signal aborts first. */
  sleep(delayMs: number, signal?: AbortSignal, label?: string): Promise<void>;
}

export interface PendingTimer {
  dueAt: number;
  label: string;
}

interface Entry {
  dueAt: number;
  seq: number;
  label: string;
  callback: () => void;
  cancelled: boolean;
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error("aborted");
  err.name = "AbortError";
  return err;
}

function sleepOn(clock: Clock, delayMs: number, signal: AbortSignal | undefined, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      timer.cancel();
      reject(abortError(signal!));
    };
    const timer = clock.schedule(
      delayMs,
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      label,
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Lets promise chains and already-queued I/O callbacks run before time moves on. */
async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface AdvanceResult {
  /** Timers that fired, in order. */
  fired: PendingTimer[];
  now: number;
}

/**
 * Time that moves only when told to. Timers fire in due order (ties in scheduling
 * order) and the work each one starts is allowed to settle before the next fires, so a
 * flow that schedules a new timer from a fired one sees it fire within the same advance.
 */
export class VirtualClock implements Clock {
  readonly kind = "virtual" as const;
  private current: number;
  private seq = 0;
  private queue: Entry[] = [];

  constructor(startMs: number = Math.floor(Date.now() / 1000) * 1000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, callback: () => void, label = "timer"): Timer {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`timer delay must be a finite, non-negative number of milliseconds (got ${delayMs})`);
    const entry: Entry = { dueAt: this.current + delayMs, seq: this.seq++, label, callback, cancelled: false };
    // Insertion keeps the queue sorted; queues stay short (one or two timers per live contact).
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1].dueAt > entry.dueAt || (this.queue[i - 1].dueAt === entry.dueAt && this.queue[i - 1].seq > entry.seq))) i--;
    this.queue.splice(i, 0, entry);
    return {
      dueAt: entry.dueAt,
      label,
      cancel: () => {
        if (entry.cancelled) return;
        entry.cancelled = true;
        const at = this.queue.indexOf(entry);
        if (at >= 0) this.queue.splice(at, 1);
      },
    };
  }

  sleep(delayMs: number, signal?: AbortSignal, label = "sleep"): Promise<void> {
    return sleepOn(this, delayMs, signal, label);
  }

  /** Timers still waiting, earliest first. */
  pending(): PendingTimer[] {
    return this.queue.map(({ dueAt, label }) => ({ dueAt, label }));
  }

  /** Lets work already started run to its next wait, without moving time. */
  settle(): Promise<void> {
    return settle();
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<AdvanceResult> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    return this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<AdvanceResult> {
    if (target < this.current) throw new RangeError(`cannot move the clock back from ${new Date(this.current).toISOString()} to ${new Date(target).toISOString()}`);
    const fired: PendingTimer[] = [];
    await settle();
    for (;;) {
      const next = this.queue[0];
      if (!next || next.dueAt > target) break;
      this.queue.shift();
      this.current = next.dueAt;
      fired.push({ dueAt: next.dueAt, label: next.label });
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
    return { fired, now: this.current };
  }

  /**
   * Fires timers one after another until none is left or the next one lies more than
   * `limitMs` ahead of the time this call started. Returns what fired; `idle` says
   * whether the queue ran dry (false means the limit stopped it).
   */
  async runUntilIdle(limitMs = 7 * 24 * 3600 * 1000): Promise<AdvanceResult & { idle: boolean }> {
    const horizon = this.current + limitMs;
    const fired: PendingTimer[] = [];
    await settle();
    while (this.queue.length > 0 && this.queue[0].dueAt <= horizon) {
      const result = await this.advanceTo(this.queue[0].dueAt);
      fired.push(...result.fired);
    }
    return { fired, now: this.current, idle: this.queue.length === 0 };
  }
}

/** Wall-clock time, for interactive use of the simulator. */
export class RealClock implements Clock {
  readonly kind = "real" as const;
  private readonly handles = new Set<NodeJS.Timeout>();
  private stopped = false;

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, callback: () => void, label = "timer"): Timer {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`timer delay must be a finite, non-negative number of milliseconds (got ${delayMs})`);
    const cancel = () => {
      clearTimeout(handle);
      this.handles.delete(handle);
    };
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      callback();
    }, delayMs);
    // A stopped clock (its instance deleted) keeps its promise never to fire again.
    if (this.stopped) cancel();
    else this.handles.add(handle);
    return { dueAt: Date.now() + delayMs, label, cancel };
  }

  /** Cancels every pending timer and every one scheduled later: what ran on this clock is over. */
  stop(): void {
    this.stopped = true;
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }

  sleep(delayMs: number, signal?: AbortSignal, label = "sleep"): Promise<void> {
    return sleepOn(this, delayMs, signal, label);
  }
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
