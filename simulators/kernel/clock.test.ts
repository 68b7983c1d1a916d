import { test } from "node:test";
import assert from "node:assert/strict";
import { RealClock, VirtualClock } from "./clock.js";
import { CLOCK_HORIZON_MS, ClockLimitError, MAX_ADVANCE_MS } from "./clock-limits.js";

test("virtual timers fire in due order, ties in scheduling order, only when time is advanced", async () => {
  const clock = new VirtualClock(0);
  const fired: string[] = [];
  clock.schedule(300, () => fired.push("c"));
  clock.schedule(100, () => fired.push("a"));
  clock.schedule(100, () => fired.push("b"));
  await clock.settle();
  assert.deepEqual(fired, []);
  await clock.advance(99);
  assert.deepEqual(fired, []);
  await clock.advance(1);
  assert.deepEqual(fired, ["a", "b"]);
  assert.equal(clock.now(), 100);
  await clock.advance(1000);
  assert.deepEqual(fired, ["a", "b", "c"]);
  assert.equal(clock.now(), 1100);
});

test("work started by a fired timer settles, and its own timers fire within the same advance", async () => {
  const clock = new VirtualClock(0);
  const log: number[] = [];
  void (async () => {
    await clock.sleep(60_000);
    log.push(clock.now());
    await clock.sleep(60_000);
    log.push(clock.now());
  })();
  await clock.advance(480 * 60_000);
  assert.deepEqual(log, [60_000, 120_000]);
});

test("a cancelled timer never fires, and an aborted sleep rejects with AbortError", async () => {
  const clock = new VirtualClock(0);
  let fired = false;
  clock.schedule(10, () => (fired = true)).cancel();
  const abort = new AbortController();
  const sleeping = clock.sleep(1000, abort.signal);
  abort.abort();
  await assert.rejects(sleeping, { name: "AbortError" });
  await clock.advance(2000);
  assert.equal(fired, false);
  assert.deepEqual(clock.pending(), []);
});

test("runUntilIdle stops at the horizon when timers keep coming", async () => {
  const clock = new VirtualClock(0);
  const tick = () => clock.schedule(1000, tick, "tick");
  tick();
  const result = await clock.runUntilIdle(10_000);
  assert.equal(result.idle, false);
  assert.equal(result.fired.length, 10);
  const once = new VirtualClock(0);
  once.schedule(5, () => {});
  assert.equal((await once.runUntilIdle()).idle, true);
});

test("time never moves backwards and delays must be sane", async () => {
  const clock = new VirtualClock(1000);
  await assert.rejects(clock.advanceTo(0), RangeError);
  assert.throws(() => clock.schedule(-1, () => {}), RangeError);
  assert.throws(() => clock.schedule(Number.NaN, () => {}), RangeError);
});

test("a stopped real clock fires nothing it had pending, nor anything scheduled after", async () => {
  const clock = new RealClock();
  const fired: string[] = [];
  clock.schedule(5, () => fired.push("before"));
  const kept = clock.schedule(1, () => fired.push("cancelled anyway"));
  kept.cancel();
  clock.stop();
  clock.schedule(1, () => fired.push("after"));
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(fired, []);
});

test("a move is bounded: at most 366 days, never past the end of year 9999, never by a non-number; the clock stays usable", async () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  for (const ms of [1e300, Number.POSITIVE_INFINITY, Number.NaN, -1, MAX_ADVANCE_MS + 1]) await assert.rejects(clock.advance(ms), ClockLimitError, `advance(${ms})`);
  await assert.rejects(clock.advanceTo(8.64e15), /at most 31622400000 ms/);
  await assert.rejects(clock.runUntilIdle(1e300), ClockLimitError);
  assert.equal(clock.now(), Date.UTC(2026, 0, 1));
  await clock.advance(MAX_ADVANCE_MS);
  assert.equal(clock.now(), Date.UTC(2027, 0, 2));

  const nearTheEnd = new VirtualClock(CLOCK_HORIZON_MS - 1000);
  await assert.rejects(nearTheEnd.advance(2000), /it ends at 9999-12-31T23:59:59\.999Z/);
  assert.throws(() => nearTheEnd.schedule(2000, () => {}), ClockLimitError);
  assert.throws(() => clock.schedule(1e308, () => {}), /would fall due after 9999-12-31/);
  assert.throws(() => new VirtualClock(8.64e15 + 1), ClockLimitError);
});

test("a timer that reschedules itself without end stops the move at the limit with a clear error, where it got to", async () => {
  const clock = new VirtualClock(0, { timersPerMove: 50 });
  const tick = () => clock.schedule(1000, tick, "tick");
  tick();
  await assert.rejects(clock.advance(MAX_ADVANCE_MS), (err: Error) => err instanceof ClockLimitError && /stopped at 1970-01-01T00:00:50\.000Z after firing 50 timers .*the last: tick/.test(err.message));
  assert.equal(clock.now(), 50_000);
  const next = await clock.advance(10_000);
  assert.equal(next.fired.length, 10, "the clock moves on afterwards");
});

test("moves asked for at once run one after another: two clients advancing together never move time back", async () => {
  const clock = new VirtualClock(0);
  const log: string[] = [];
  for (const at of [30_000, 60_000, 90_000, 120_000]) clock.schedule(at, () => log.push(`t${at / 1000}`));
  const slowly = () => new Promise<void>((resolve) => setImmediate(resolve));
  const [a, b, c] = await Promise.all([clock.advance(60_000, { between: slowly }), clock.advance(60_000), clock.advanceTo(90_000).catch((err: Error) => err)]);
  assert.deepEqual([a.now, b.now], [60_000, 120_000]);
  assert.deepEqual(log, ["t30", "t60", "t90", "t120"]);
  assert.ok(c instanceof ClockLimitError && /cannot move the clock back/.test(c.message), "an absolute target already passed is refused, not a crash");
});

test("real timers longer than setTimeout can hold do not fire at once", async () => {
  const clock = new RealClock();
  let fired = false;
  const timer = clock.schedule(2 ** 31 + 1000, () => (fired = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  timer.cancel();
  assert.equal(fired, false);
  assert.throws(() => clock.schedule(1e308, () => {}), ClockLimitError);
});
