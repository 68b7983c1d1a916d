import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSchedule, isOpenAt, localTime, type WeeklySchedule } from "./hours.js";
import type { HoursConfigEntry } from "./resources.js";

const t = (h: number, m = 0) => ({ Hours: h, Minutes: m });
const entry = (Day: HoursConfigEntry["Day"], start: [number, number], end: [number, number]): HoursConfigEntry => ({ Day, StartTime: t(...start), EndTime: t(...end) });
const weekdays = (start: [number, number], end: [number, number]) => (["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] as const).map((d) => entry(d, start, end));
const utc = (iso: string) => Date.parse(iso);

test("local time follows the zone, including half-hour offsets", () => {
  assert.deepEqual(localTime(utc("2026-01-05T14:00:00Z"), "America/New_York"), { day: "MONDAY", minutes: 9 * 60 });
  assert.deepEqual(localTime(utc("2026-01-05T03:30:30Z"), "Asia/Kolkata"), { day: "MONDAY", minutes: 9 * 60 + 0.5 });
  assert.deepEqual(localTime(utc("2026-01-05T02:00:00Z"), "America/Los_Angeles"), { day: "SUNDAY", minutes: 18 * 60 });
  assert.throws(() => localTime(0, "Mars/Olympus_Mons"), /unknown time zone "Mars\/Olympus_Mons"/);
});

test("9 to 5 on weekdays in New York: start included, end excluded, weekend closed", () => {
  const s: WeeklySchedule = { timeZone: "America/New_York", config: weekdays([9, 0], [17, 0]) };
  assert.equal(isOpenAt(s, utc("2026-01-05T13:59:59Z")), false, "08:59:59 local");
  assert.equal(isOpenAt(s, utc("2026-01-05T14:00:00Z")), true, "09:00 local");
  assert.equal(isOpenAt(s, utc("2026-01-05T21:59:00Z")), true, "16:59 local");
  assert.equal(isOpenAt(s, utc("2026-01-05T22:00:00Z")), false, "17:00 local");
  assert.equal(isOpenAt(s, utc("2026-01-10T15:00:00Z")), false, "Saturday 10:00 local");
  // 02:00 UTC on Tuesday is still Monday 21:00 in New York.
  assert.equal(isOpenAt({ timeZone: "America/New_York", config: [entry("MONDAY", [20, 0], [22, 0])] }, utc("2026-01-06T02:00:00Z")), true);
});

test("daylight saving: 09:00 local opens at 14:00 UTC in winter and 13:00 UTC in summer", () => {
  const s: WeeklySchedule = { timeZone: "America/New_York", config: weekdays([9, 0], [17, 0]) };
  assert.equal(isOpenAt(s, utc("2026-03-06T13:30:00Z")), false, "Friday before the change: 08:30 EST");
  assert.equal(isOpenAt(s, utc("2026-03-06T14:00:00Z")), true);
  assert.equal(isOpenAt(s, utc("2026-03-09T13:00:00Z")), true, "Monday after the change: 09:00 EDT");
  assert.equal(isOpenAt(s, utc("2026-03-09T21:30:00Z")), false, "17:30 EDT");
});

test("a range that ends before it starts runs past midnight into the next day, across the week boundary too", () => {
  const s: WeeklySchedule = { timeZone: "UTC", config: [entry("FRIDAY", [22, 0], [2, 0]), entry("SATURDAY", [23, 0], [1, 30])] };
  assert.equal(isOpenAt(s, utc("2026-01-09T21:59:00Z")), false, "Friday 21:59");
  assert.equal(isOpenAt(s, utc("2026-01-09T23:00:00Z")), true, "Friday 23:00");
  assert.equal(isOpenAt(s, utc("2026-01-10T01:30:00Z")), true, "Saturday 01:30, from Friday's range");
  assert.equal(isOpenAt(s, utc("2026-01-10T02:00:00Z")), false, "Saturday 02:00");
  assert.equal(isOpenAt(s, utc("2026-01-11T01:00:00Z")), true, "Sunday 01:00, from Saturday's range");
  assert.equal(isOpenAt(s, utc("2026-01-11T01:30:00Z")), false, "Sunday 01:30");
  assert.equal(isOpenAt(s, utc("2026-01-11T23:30:00Z")), false, "Sunday has no range of its own");
});

test("00:00 to 00:00 is open the whole day and only that day", () => {
  const s: WeeklySchedule = { timeZone: "Europe/Berlin", config: [entry("MONDAY", [0, 0], [0, 0])] };
  assert.equal(isOpenAt(s, utc("2026-01-04T23:00:00Z")), true, "Monday 00:00 in Berlin");
  assert.equal(isOpenAt(s, utc("2026-01-05T22:59:59Z")), true, "Monday 23:59:59 in Berlin");
  assert.equal(isOpenAt(s, utc("2026-01-05T23:00:00Z")), false, "Tuesday 00:00 in Berlin");
  assert.equal(isOpenAt(s, utc("2026-01-04T22:59:59Z")), false, "Sunday 23:59:59 in Berlin");
});

test("no entries means always closed", () => {
  assert.equal(isOpenAt({ timeZone: "UTC", config: [] }, utc("2026-01-05T12:00:00Z")), false);
});

test("checkSchedule names each unusable part", () => {
  assert.deepEqual(checkSchedule({ timeZone: "America/New_York", config: weekdays([9, 0], [17, 0]) }), []);
  assert.deepEqual(checkSchedule({ timeZone: "Nowhere/Special", config: [{ Day: "FUNDAY", StartTime: t(24, 0), EndTime: t(1, 60) }] }), [
    'TimeZone "Nowhere/Special" is not an IANA time zone',
    'Config[0].Day "FUNDAY" is not one of SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY',
    "Config[0].StartTime must be { Hours: 0-23, Minutes: 0-59 }",
    "Config[0].EndTime must be { Hours: 0-23, Minutes: 0-59 }",
  ]);
  assert.deepEqual(checkSchedule({ timeZone: "UTC", config: "always" }), ["Config must be a list of { Day, StartTime, EndTime }"]);
});
