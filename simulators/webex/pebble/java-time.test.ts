import { test } from "node:test";
import assert from "node:assert/strict";
import { PebbleDate, formatJava, parseJava, JavaTimeError } from "./java-time.js";

test("PebbleDate prints like Java's ZonedDateTime.toString(): seconds and fraction only when not zero", () => {
  assert.equal(new PebbleDate(Date.UTC(2026, 0, 5, 9, 0, 0, 0)).toString(), "2026-01-05T09:00Z[UTC]");
  assert.equal(new PebbleDate(Date.UTC(2026, 0, 5, 9, 3, 5, 0)).toString(), "2026-01-05T09:03:05Z[UTC]");
  assert.equal(new PebbleDate(Date.UTC(2026, 0, 5, 9, 3, 5, 70)).toString(), "2026-01-05T09:03:05.070Z[UTC]");
  assert.equal(new PebbleDate(Date.UTC(2026, 6, 1, 12, 0, 0), "America/New_York").toString(), "2026-07-01T08:00-04:00[America/New_York]");
});

test("formatJava: numbers, names, 12-hour clock, quoted text, offsets, zones with daylight saving", () => {
  const t = Date.UTC(2026, 6, 4, 21, 7, 9, 45);
  assert.equal(formatJava(t, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), "2026-07-04T21:07:09.045Z");
  assert.equal(formatJava(t, "EEE, d MMM yy h:mm a", "America/Los_Angeles"), "Sat, 4 Jul 26 2:07 PM");
  assert.equal(formatJava(t, "EEEE MMMM dd ''yy Z", "Asia/Kolkata"), "Sunday July 05 '26 +0530");
  assert.throws(() => formatJava(t, "yyyy Q"), JavaTimeError);
  assert.throws(() => formatJava(t, "yyyy", "Mars/Olympus"), /unknown time zone/);
});

test("parseJava: fixed widths when fields touch, offsets, zones, month names; bad text is Unparseable", () => {
  assert.equal(parseJava("20260704", "yyyyMMdd"), Date.UTC(2026, 6, 4));
  assert.equal(parseJava("2026-07-04T21:07:09.045+02:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), Date.UTC(2026, 6, 4, 19, 7, 9, 45));
  assert.equal(parseJava("4 Jul 2026 9:30 PM", "d MMM yyyy h:mm a"), Date.UTC(2026, 6, 4, 21, 30));
  assert.equal(parseJava("2026-01-05 09:00", "yyyy-MM-dd HH:mm", "America/New_York"), Date.UTC(2026, 0, 5, 14, 0));
  assert.throws(() => parseJava("2026/07/04", "yyyy-MM-dd"), /Unparseable date: "2026\/07\/04"/);
  assert.throws(() => parseJava("2026-13-01", "yyyy-MM-dd"), /month 13 is out of range/);
});
