import { test } from "node:test";
import assert from "node:assert/strict";
import { ScaledClock, type WallTime } from "./scaled-clock.js";

/** Wall time that moves only when a test says so, firing its timers in due order. */
class FakeWall implements WallTime {
  private current = 1_700_000_000_000;
  private seq = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.seq++;
    this.timers.set(id, { at: this.current + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get armed(): number {
    return this.timers.size;
  }

  tick(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = [...this.timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.current = next[1].at;
      next[1].callback();
    }
    this.current = target;
  }
}

test("simulated time runs `scale` times faster than the wall clock, from the wall time it started at", () => {
  const wall = new FakeWall();
  const start = wall.now();
  const clock = new ScaledClock(60, wall);
  assert.equal(clock.now(), start);
  wall.tick(1000);
  assert.equal(clock.now(), start + 60_000);
  assert.equal(clock.kind, "real");
});

test("a 5-minute timer at scale 60 fires after 5 wall seconds, not before, with time at its due moment", () => {
  const wall = new FakeWall();
  const clock = new ScaledClock(60, wall);
  const seen: number[] = [];
  const timer = clock.schedule(5 * 60_000, () => seen.push(clock.now()), "chat timeout");
  wall.tick(4999);
  assert.deepEqual(seen, []);
  wall.tick(1);
  assert.deepEqual(seen, [timer.dueAt]);
  assert.equal(timer.label, "chat timeout");
});

test("a timer whose scaled delay is not a whole number of wall milliseconds never fires early", () => {
  const wall = new FakeWall();
  const clock = new ScaledClock(7, wall);
  let firedAt: number | undefined;
  const timer = clock.schedule(10, () => (firedAt = clock.now()));
  wall.tick(1);
  assert.equal(firedAt, undefined);
  wall.tick(1);
  assert.ok(firedAt !== undefined && firedAt >= timer.dueAt);
});

test("delays longer than setTimeout can hold are waited in steps", () => {
  const wall = new FakeWall();
  const clock = new ScaledClock(1, wall);
  let fired = false;
  clock.schedule(2 ** 31 + 5000, () => (fired = true));
  wall.tick(2 ** 31 - 1);
  assert.equal(fired, false);
  wall.tick(5001);
  assert.equal(fired, true);
});

test("sleep resolves on scaled time and an aborted sleep rejects", async () => {
  const wall = new FakeWall();
  const clock = new ScaledClock(3600, wall);
  const slept = clock.sleep(3_600_000);
  wall.tick(1000);
  await slept;
  const abort = new AbortController();
  const aborted = clock.sleep(1000, abort.signal);
  abort.abort();
  await assert.rejects(aborted, { name: "AbortError" });
  assert.equal(wall.armed, 0);
});

test("stop cancels what is pending and whatever is scheduled after it; cancel cancels one", () => {
  const wall = new FakeWall();
  const clock = new ScaledClock(10, wall);
  const fired: string[] = [];
  clock.schedule(100, () => fired.push("cancelled")).cancel();
  clock.schedule(100, () => fired.push("pending"));
  clock.stop();
  clock.schedule(100, () => fired.push("later"));
  wall.tick(1000);
  assert.deepEqual(fired, []);
  assert.equal(wall.armed, 0);
});

test("scales outside 1..3600 and bad delays are refused", () => {
  assert.throws(() => new ScaledClock(0.5), /from 1 to 3600/);
  assert.throws(() => new ScaledClock(3601), /from 1 to 3600/);
  assert.throws(() => new ScaledClock(Number.NaN), /from 1 to 3600/);
  assert.throws(() => new ScaledClock(2, new FakeWall()).schedule(-1, () => undefined), /non-negative/);
});
