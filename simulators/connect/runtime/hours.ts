/**
 * Hours of operation schedules: whether an instant falls inside a weekly schedule kept
 * in an IANA time zone, the way Connect reads its hours configuration.
 *
 * - Each entry opens on its `Day` at `StartTime` (wall-clock time in the zone).
 * - An `EndTime` earlier than the `StartTime` runs past midnight into the next day
 *   (Friday 22:00–02:00 is open until 02:00 on Saturday).
 * - An `EndTime` equal to the `StartTime` means 24 hours; 00:00–00:00 is the console's
 *   "open all day".
 * - Ranges include their start and exclude their end (17:00 is closed for 09:00–17:00).
 * - A day with no entry is closed.
 *
 * Wall-clock evaluation means daylight-saving changes need no special handling: 09:00 is
 * 09:00 local time on both sides of a change.
 */
import type { HoursConfigEntry } from "./resources.js";

export const DAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;
export type Day = (typeof DAYS)[number];

const MINUTES_PER_DAY = 24 * 60;

export interface WeeklySchedule {
  timeZone: string;
  config: readonly HoursConfigEntry[];
}

export interface LocalTime {
  day: Day;
  /** Minutes since local midnight, with seconds as a fraction. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}" (hours of operation need an IANA zone such as "America/New_York")`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether a zone name is one the platform knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local weekday and time of day of an instant (epoch ms) in a time zone. */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const day = get("weekday").toUpperCase() as Day;
  if (!DAYS.includes(day)) throw new RangeError(`cannot read the weekday of ${new Date(at).toISOString()} in ${timeZone}`);
  const hour = Number(get("hour")) % 24;
  return { day, minutes: hour * 60 + Number(get("minute")) + Number(get("second")) / 60 };
}

function minutesOf(t: { Hours: number; Minutes: number }): number {
  return t.Hours * 60 + t.Minutes;
}

/** How long an entry stays open, in minutes: past midnight when the end is before the start, a full day when they are equal. */
function lengthOf(entry: HoursConfigEntry): number {
  const start = minutesOf(entry.StartTime);
  const end = minutesOf(entry.EndTime);
  return end > start ? end - start : end + MINUTES_PER_DAY - start;
}

/** Whether `at` (epoch ms) is inside the schedule. */
export function isOpenAt(schedule: WeeklySchedule, at: number): boolean {
  const { day, minutes } = localTime(at, schedule.timeZone);
  const today = DAYS.indexOf(day);
  const yesterday = (today + 6) % 7;
  for (const entry of schedule.config) {
    const entryDay = DAYS.indexOf(entry.Day);
    // Minutes since the entry's own day began: today's entries, or yesterday's that run past midnight.
    const offset = entryDay === today ? minutes : entryDay === yesterday ? minutes + MINUTES_PER_DAY : undefined;
    if (offset === undefined) continue;
    const start = minutesOf(entry.StartTime);
    if (offset >= start && offset < start + lengthOf(entry)) return true;
  }
  return false;
}

/** What is wrong with an hours configuration (empty when it is usable), for whoever creates hours resources. */
export function checkSchedule(schedule: { timeZone: unknown; config: unknown }): string[] {
  const problems: string[] = [];
  if (typeof schedule.timeZone !== "string" || !isTimeZone(schedule.timeZone)) problems.push(`TimeZone ${JSON.stringify(schedule.timeZone)} is not an IANA time zone`);
  if (!Array.isArray(schedule.config)) {
    problems.push("Config must be a list of { Day, StartTime, EndTime }");
    return problems;
  }
  schedule.config.forEach((raw: unknown, i: number) => {
    const e = raw as Partial<Record<keyof HoursConfigEntry, unknown>> | null;
    if (typeof e !== "object" || e === null) return problems.push(`Config[${i}] must be an object`);
    if (typeof e.Day !== "string" || !(DAYS as readonly string[]).includes(e.Day)) problems.push(`Config[${i}].Day ${JSON.stringify(e.Day)} is not one of ${DAYS.join(", ")}`);
    for (const key of ["StartTime", "EndTime"] as const) {
      const t = e[key] as { Hours?: unknown; Minutes?: unknown } | undefined;
      const ok = typeof t === "object" && t !== null && Number.isInteger(t.Hours) && Number.isInteger(t.Minutes) && (t.Hours as number) >= 0 && (t.Hours as number) <= 23 && (t.Minutes as number) >= 0 && (t.Minutes as number) <= 59;
      if (!ok) problems.push(`Config[${i}].${key} must be { Hours: 0-23, Minutes: 0-59 }`);
    }
    return undefined;
  });
  return problems;
}
