/**
 * Real time, sped up: simulated time runs `scale` times faster than the wall clock, so a
 * 5-minute chat timeout takes 5 s at scale 60. A simulator standing in for the service runs
 * on it (`flowsim serve --clock real --time-scale N`): clients that shrink their own waits by
 * the same factor see the service's timing, only sooner. It is a real clock to everything
 * that asks (`kind` "real"): nobody can move it.
 */
import { sleepOn, type Clock, type Timer } from "./clock.js";

/** Where wall time comes from; tests give a fake one, so that none of them waits for real. */
export interface WallTime {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_WALL: WallTime = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The scales `--time-scale` accepts: above an hour per second, timers of a few minutes fire within one wall millisecond of each other. */
export const TIME_SCALE_RANGE = { min: 1, max: 3600 } as const;

// setTimeout fires at once when given more than 2^31-1 ms: longer waits go in steps.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface Pending {
  handle?: unknown;
}

export class ScaledClock implements Clock {
  readonly kind = "real" as const;
  private readonly wallStart: number;
  private readonly pending = new Set<Pending>();
  private stopped = false;

  /** Simulated time starts at the wall time of its creation and runs ahead of it from there. */
  constructor(
    readonly scale: number,
    private readonly wall: WallTime = SYSTEM_WALL,
  ) {
    if (!Number.isFinite(scale) || scale < TIME_SCALE_RANGE.min || scale > TIME_SCALE_RANGE.max) {
      throw new RangeError(`the time scale must be from ${TIME_SCALE_RANGE.min} to ${TIME_SCALE_RANGE.max} (got ${scale})`);
    }
    this.wallStart = wall.now();
  }

  now(): number {
    return Math.floor(this.wallStart + (this.wall.now() - this.wallStart) * this.scale);
  }

  schedule(delayMs: number, callback: () => void, label = "timer"): Timer {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`timer delay must be a finite, non-negative number of milliseconds (got ${delayMs})`);
    const dueAt = this.now() + delayMs;
    const entry: Pending = {};
    const cancel = () => {
      if (entry.handle !== undefined) this.wall.clearTimeout(entry.handle);
      this.pending.delete(entry);
    };
    // A stopped clock (its instance deleted) keeps its promise never to fire again.
    if (this.stopped) return { dueAt, label, cancel };
    // Wall timers round to whole milliseconds and may fire a little early: the callback waits
    // until simulated time has really reached dueAt, so whoever it wakes never sees time short.
    const wait = (simulatedMs: number) => {
      entry.handle = this.wall.setTimeout(check, Math.min(MAX_TIMEOUT_MS, Math.ceil(simulatedMs / this.scale)));
    };
    const check = () => {
      const left = dueAt - this.now();
      if (left > 0) return wait(left);
      this.pending.delete(entry);
      callback();
    };
    this.pending.add(entry);
    wait(delayMs);
    return { dueAt, label, cancel };
  }

  sleep(delayMs: number, signal?: AbortSignal, label = "sleep"): Promise<void> {
    return sleepOn(this, delayMs, signal, label);
  }

  /** Cancels every pending timer and every one scheduled later: what ran on this clock is over. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.pending) if (entry.handle !== undefined) this.wall.clearTimeout(entry.handle);
    this.pending.clear();
  }
}
