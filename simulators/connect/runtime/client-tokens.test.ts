import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../kernel/clock.js";
import { EventBus } from "./events.js";
import { ClientTokens } from "./client-tokens.js";
import type { RuntimeEvent } from "./events.js";

const tokens = () => new ClientTokens(new VirtualClock(0), new EventBus<RuntimeEvent>(), { get: () => undefined });

test("a repeat with the same token gets the first answer; a different request with it is refused", () => {
  const t = tokens();
  let calls = 0;
  const first = t.idempotent("SendMessage", "tok", "a", () => ++calls);
  assert.equal(t.idempotent("SendMessage", "tok", "a", () => ++calls), first);
  assert.equal(calls, 1);
  assert.throws(() => t.idempotent("SendMessage", "tok", "b", () => ++calls), /already used with a different request/);
});

test("a failure is not remembered: the retry with the same token runs, synchronous or asynchronous", async () => {
  const t = tokens();
  assert.throws(() => t.idempotent("SendEvent", "sync", "x", () => { throw new Error("refused"); }), /refused/);
  assert.equal(t.idempotent("SendEvent", "sync", "x", () => "ran"), "ran");

  const failed = t.idempotent("DisconnectParticipant", "async", "x", () => Promise.reject(new Error("not yet")));
  await assert.rejects(failed, /not yet/);
  assert.equal(await t.idempotent("DisconnectParticipant", "async", "x", () => Promise.resolve("done")), "done", "the rejected promise is not replayed");
  assert.equal(await t.idempotent("DisconnectParticipant", "async", "x", () => Promise.resolve("again")), "done", "a success is");
  assert.equal(t.size, 2, "the two tokens whose calls succeeded");
});
