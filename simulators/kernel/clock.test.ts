import { test } from "node:test";
import assert from "node:assert/strict";
import { RealClock, VirtualClock } from "./clock.js";

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
