/**
 * Amounts of simulated time the control plane reads: how far the clock moves (the Connect
 * and Webex routes share one clock), and how long a simulated wait lasts (ringing, a
 * Lambda's answer, a transferred call). Every one is bounded, so no client can push a
 * timer out of the clock's range or an advance into endless work.
 */
import type { Shape } from "../http/shape.js";
import { ClockLimitError, MAX_ADVANCE_MS } from "../../../kernel/clock-limits.js";
import { controlError } from "./errors.js";

/**
 * The one amount of time given as `ms`, `seconds` or `minutes` (undefined when none is),
 * each at most MAX_ADVANCE_MS; more than one is a violation.
 */
export function advanceMs(v: Shape): number | undefined {
  const ms = v.number("ms", { min: 0, max: MAX_ADVANCE_MS });
  const seconds = v.number("seconds", { min: 0, max: MAX_ADVANCE_MS / 1000 });
  const minutes = v.number("minutes", { min: 0, max: MAX_ADVANCE_MS / 60_000 });
  if ([ms, seconds, minutes].filter((x) => x !== undefined).length > 1) v.violation("give exactly one of ms, seconds or minutes");
  return ms ?? (seconds !== undefined ? seconds * 1000 : minutes !== undefined ? minutes * 60_000 : undefined);
}

/** Runs a move of the clock; one the clock refuses (too far, too many timers) is the client's 400. */
export async function movingTheClock<T>(move: () => Promise<T>): Promise<T> {
  try {
    return await move();
  } catch (err) {
    if (err instanceof ClockLimitError) throw controlError.badRequest(err.message);
    throw err;
  }
}

/**
 * The longest wait a responder or a routing setting simulates: a day, longer than any
 * ringing, Lambda or call a scenario needs, and far inside what the clock can schedule.
 */
export const LONGEST_WAIT_SECONDS = 86_400;

/** A number of seconds from 0 to LONGEST_WAIT_SECONDS at `path`, in milliseconds. */
export function waitMs(v: Shape, path: string): number | undefined {
  const seconds = v.number(path, { min: 0, max: LONGEST_WAIT_SECONDS });
  return seconds === undefined ? undefined : seconds * 1000;
}
