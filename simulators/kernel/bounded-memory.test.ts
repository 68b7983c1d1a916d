import { test } from "node:test";
import assert from "node:assert/strict";
import { BoundedMemory } from "./bounded-memory.js";
import { VirtualClock } from "./clock.js";

test("an entry is forgotten once its retention has passed", async () => {
  const clock = new VirtualClock(0);
  const memory = new BoundedMemory<string>(clock, 1000, 10);
  memory.set("a", "first");
  await clock.advance(999);
  assert.equal(memory.get("a"), "first");
  memory.set("b", "second");
  await clock.advance(1);
  assert.equal(memory.get("a"), undefined);
  assert.equal(memory.get("b"), "second");
  assert.equal(memory.size, 1);
});

test("on a clock that never moves the count holds it: the oldest entries go first", () => {
  const memory = new BoundedMemory<number>(new VirtualClock(0), 1000, 3);
  for (let i = 0; i < 10_000; i++) memory.set(`k${i}`, i);
  assert.equal(memory.size, 3);
  assert.deepEqual(["k9997", "k9998", "k9999", "k0"].map((k) => memory.get(k)), [9997, 9998, 9999, undefined]);
});

test("remembering a key again moves it to the back; an owner's entries are forgotten together", () => {
  const memory = new BoundedMemory<string>(new VirtualClock(0), 1000, 3);
  memory.set("a", "1", "chat-1");
  memory.set("b", "2", "chat-2");
  memory.set("a", "3", "chat-1");
  memory.set("c", "4");
  memory.set("d", "5");
  assert.deepEqual(["a", "b", "c", "d"].map((k) => memory.get(k)), ["3", undefined, "4", "5"]);
  memory.forgetOwner("chat-1");
  assert.equal(memory.get("a"), undefined);
  assert.equal(memory.size, 2);
});

test("entries forgotten by owner while the oldest stays do not pile up behind it", () => {
  const memory = new BoundedMemory<number>(new VirtualClock(0), 1000, 100);
  memory.set("kept", 0);
  for (let i = 0; i < 10_000; i++) {
    memory.set(`m${i}`, i, `chat-${i}`);
    memory.forgetOwner(`chat-${i}`);
  }
  assert.equal(memory.size, 1);
  assert.ok((memory as unknown as { order: unknown[] }).order.length < 40, "the order list was compacted");
});
