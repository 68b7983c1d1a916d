/**
 * The one source of time for the simulators. Every timeout, timer and schedule goes
 * through a Clock so that a scenario on the virtual clock can jump 480 minutes at the
 * cost of 2, and the same code runs against real time when a person is watching.
 */

import { CLOCK_HORIZON_MS, ClockLimitError, MAX_ADVANCE_MS, MAX_TIMERS_PER_ADVANCE, describeTime, dueTime } from "./clock-limits.js";
import { IndexedHeap } from "./indexed-heap.js";

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
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error("aborted");
  err.name = "AbortError";
  return err;
}

/** `Clock.sleep` on any clock's `schedule`. */
export function sleepOn(clock: Clock, delayMs: number, signal: AbortSignal | undefined, label: string): Promise<void> {
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

export interface AdvanceOptions {
  /**
   * Awaited before each timer fires and once more at the target: the Webex calls use it to
   * let HTTP requests that answer in real time come back before a timeout that only fell
   * due because time jumped.
   */
  between?: () => Promise<void>;
}

const inOrder = (a: Entry, b: Entry) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);

/**
 * Time that moves only when told to. Timers fire in due order (ties in scheduling
 * order) and the work each one starts is allowed to settle before the next fires, so a
 * flow that schedules a new timer from a fired one sees it fire within the same advance.
 * Moves run one at a time, in the order asked: two clients advancing at once (the Connect
 * and the Webex control planes share this clock) each see time only go forward.
 */
export class VirtualClock implements Clock {
  readonly kind = "virtual" as const;
  private current: number;
  private seq = 0;
  private readonly queue = new IndexedHeap<Entry>(inOrder);
  private turn: Promise<unknown> = Promise.resolve();

  /** `timersPerMove`: how many timers one move may fire (MAX_TIMERS_PER_ADVANCE unless a test wants the limit sooner). */
  constructor(
    startMs: number = Math.floor(Date.now() / 1000) * 1000,
    private readonly limits: { timersPerMove: number } = { timersPerMove: MAX_TIMERS_PER_ADVANCE },
  ) {
    if (!Number.isFinite(startMs) || Math.abs(startMs) > CLOCK_HORIZON_MS) throw new ClockLimitError(`a clock cannot start at ${describeTime(startMs)}`);
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, callback: () => void, label = "timer"): Timer {
    const entry: Entry = { dueAt: dueTime(this.current, delayMs), seq: this.seq++, label, callback };
    this.queue.push(entry);
    return { dueAt: entry.dueAt, label, cancel: () => void this.queue.delete(entry) };
  }

  sleep(delayMs: number, signal?: AbortSignal, label = "sleep"): Promise<void> {
    return sleepOn(this, delayMs, signal, label);
  }

  /** Timers still waiting, earliest first. */
  pending(): PendingTimer[] {
    return this.queue.sorted().map(({ dueAt, label }) => ({ dueAt, label }));
  }

  /** Lets work already started run to its next wait, without moving time. */
  settle(): Promise<void> {
    return settle();
  }

  /** Moves time forward by `ms` (at most MAX_ADVANCE_MS), firing every timer that falls due on the way. */
  advance(ms: number, options: AdvanceOptions = {}): Promise<AdvanceResult> {
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS) return Promise.reject(new ClockLimitError(`cannot advance the clock by ${ms} ms: an advance is 0 to ${MAX_ADVANCE_MS} ms (366 days)`));
    // The target is read when this move's turn comes, so queued advances add up.
    return this.exclusive(() => this.moveTo(this.current + ms, options));
  }

  /** Moves time forward to `target`, no further than MAX_ADVANCE_MS ahead, firing every timer that falls due on the way. */
  advanceTo(target: number, options: AdvanceOptions = {}): Promise<AdvanceResult> {
    return this.exclusive(() => this.moveTo(target, options));
  }

  /**
   * Fires timers one after another until none is left or the next one lies more than
   * `limitMs` ahead of the time this call started. Returns what fired; `idle` says
   * whether the queue ran dry (false means the limit stopped it).
   */
  runUntilIdle(limitMs = 7 * 24 * 3600 * 1000, options: AdvanceOptions = {}): Promise<AdvanceResult & { idle: boolean }> {
    if (!Number.isFinite(limitMs) || limitMs < 0 || limitMs > MAX_ADVANCE_MS) return Promise.reject(new ClockLimitError(`cannot run the clock ${limitMs} ms ahead: the limit is 0 to ${MAX_ADVANCE_MS} ms (366 days)`));
    return this.exclusive(async () => {
      const fired = await this.fireThrough(Math.min(this.current + limitMs, CLOCK_HORIZON_MS), options);
      return { fired, now: this.current, idle: this.queue.size === 0 };
    });
  }

  private exclusive<T>(move: () => Promise<T>): Promise<T> {
    const result = this.turn.then(move);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async moveTo(target: number, options: AdvanceOptions): Promise<AdvanceResult> {
    if (!Number.isFinite(target) || target < this.current) throw new ClockLimitError(`cannot move the clock back from ${describeTime(this.current)} to ${describeTime(target)}`);
    if (target - this.current > MAX_ADVANCE_MS) throw new ClockLimitError(`cannot move the clock from ${describeTime(this.current)} to ${describeTime(target)}: an advance is at most ${MAX_ADVANCE_MS} ms (366 days)`);
    if (target > CLOCK_HORIZON_MS) throw new ClockLimitError(`cannot move the clock to ${describeTime(target)}: it ends at ${describeTime(CLOCK_HORIZON_MS)}`);
    const fired = await this.fireThrough(target, options);
    this.current = target;
    await settle();
    await options.between?.();
    return { fired, now: this.current };
  }

  /** Fires, in due order, every timer due by `limit`, letting the work of each settle before the next. */
  private async fireThrough(limit: number, options: AdvanceOptions): Promise<PendingTimer[]> {
    const fired: PendingTimer[] = [];
    await settle();
    for (;;) {
      await options.between?.();
      const next = this.queue.peek();
      if (!next || next.dueAt > limit) return fired;
      this.fire(next, fired);
      await settle();
    }
  }

  /** Fires `entry`, the earliest timer; refuses once this move has fired MAX_TIMERS_PER_ADVANCE, leaving the clock where it got to. */
  private fire(entry: Entry, fired: PendingTimer[]): void {
    if (fired.length >= this.limits.timersPerMove) {
      throw new ClockLimitError(`the clock stopped at ${describeTime(this.current)} after firing ${fired.length} timers in one move (the last: ${fired.at(-1)?.label}); something reschedules a timer without end — move the clock in smaller steps`);
    }
    this.queue.delete(entry);
    this.current = entry.dueAt;
    fired.push({ dueAt: entry.dueAt, label: entry.label });
    entry.callback();
  }
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Wall-clock time, for interactive use of the simulator. */
export class RealClock implements Clock {
  readonly kind = "real" as const;
  private readonly live = new Set<{ handle?: NodeJS.Timeout }>();
  private stopped = false;

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, callback: () => void, label = "timer"): Timer {
    const dueAt = dueTime(Date.now(), delayMs);
    const timer: { handle?: NodeJS.Timeout } = {};
    const cancel = () => {
      clearTimeout(timer.handle);
      this.live.delete(timer);
    };
    // setTimeout fires at once when given more than 2^31-1 ms: longer waits go in steps.
    const wait = () => {
      const left = dueAt - Date.now();
      timer.handle =
        left > MAX_TIMEOUT_MS
          ? setTimeout(wait, MAX_TIMEOUT_MS)
          : setTimeout(() => {
              this.live.delete(timer);
              callback();
            }, Math.max(0, left));
    };
    // A stopped clock (its instance deleted) keeps its promise never to fire again.
    if (!this.stopped) {
      this.live.add(timer);
      wait();
    }
    return { dueAt, label, cancel };
  }

  /** Cancels every pending timer and every one scheduled later: what ran on this clock is over. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.live) clearTimeout(timer.handle);
    this.live.clear();
  }

  sleep(delayMs: number, signal?: AbortSignal, label = "sleep"): Promise<void> {
    return sleepOn(this, delayMs, signal, label);
  }
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
