import { test } from "node:test";
import assert from "node:assert/strict";
import { ms, numberOption, percentileOf, summarise } from "./stats.js";

test("percentiles are nearest-rank over sorted values", () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentileOf(values, 50), 50);
  assert.equal(percentileOf(values, 99), 99);
  assert.equal(percentileOf(values, 100), 100);
  assert.equal(percentileOf([7], 99), 7);
  assert.ok(Number.isNaN(percentileOf([], 50)));
});

test("a summary sorts what it is given and reports the slowest", () => {
  const s = summarise([5, 1, 4, 2, 3]);
  assert.deepEqual(s, { count: 5, p50: 3, p99: 5, max: 5 });
  assert.equal(summarise([]).count, 0);
});

test("a numeric option comes from the flag, else the environment, else the default, clamped", () => {
  const spec = { flag: "chats", env: "BENCH_CHATS", fallback: 10_000, min: 1, max: 10_000 };
  assert.equal(numberOption([], {}, spec), 10_000);
  assert.equal(numberOption([], { BENCH_CHATS: "200" }, spec), 200);
  assert.equal(numberOption(["--chats", "50"], { BENCH_CHATS: "200" }, spec), 50);
  assert.equal(numberOption(["--chats=70"], {}, spec), 70);
  assert.equal(numberOption(["--chats", "1e9"], {}, spec), 10_000);
  assert.equal(numberOption(["--chats", "0"], {}, spec), 1);
  assert.throws(() => numberOption(["--chats", "many"], {}, spec), /--chats/);
});

test("milliseconds keep two decimals below 10", () => {
  assert.equal(ms(1.234), "1.23 ms");
  assert.equal(ms(12.34), "12.3 ms");
  assert.equal(ms(NaN), "–");
});
