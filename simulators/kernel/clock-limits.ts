/**
 * The bounds both clocks keep. Past them time stops being representable (JavaScript
 * dates end in year 275760, ISO-8601 clients read four-digit years) or an advance stops
 * being finite work (a periodic timer fires without end across a long enough jump).
 */

/** The latest instant a clock reaches or a timer falls due at: the end of year 9999. */
export const CLOCK_HORIZON_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The longest single move of the virtual clock: a year, leap day included. */
export const MAX_ADVANCE_MS = 366 * 24 * 3600 * 1000;

/**
 * Timers one advance may fire before it stops with an error. A scenario's advance fires
 * a few per contact; this many means something reschedules itself without end.
 */
export const MAX_TIMERS_PER_ADVANCE = 100_000;

/** A time, delay or advance outside the bounds above; the control plane answers it with 400. */
export class ClockLimitError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "ClockLimitError";
  }
}

/** A time as ISO-8601 text; any number, so messages about a refused time can name it. */
export function describeTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= CLOCK_HORIZON_MS ? new Date(ms).toISOString() : `${ms} ms after 1970`;
}

/** The time `delayMs` after `now`, refused unless the delay is a sane number and the time within the horizon. */
export function dueTime(now: number, delayMs: number): number {
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new ClockLimitError(`timer delay must be a finite, non-negative number of milliseconds (got ${delayMs})`);
  const due = now + delayMs;
  if (due > CLOCK_HORIZON_MS) throw new ClockLimitError(`a timer ${delayMs} ms from ${describeTime(now)} would fall due after ${describeTime(CLOCK_HORIZON_MS)}, the end of the clock's range`);
  return due;
}
