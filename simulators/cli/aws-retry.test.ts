import { test } from "node:test";
import assert from "node:assert/strict";
import { isThrottling, retryThrottled } from "./aws-retry.js";

const refusal = (name: string) => Object.assign(new Error(name), { name });

/** A call refused with `errors` in turn, then answering "done"; counts its calls. */
function flaky(errors: Error[]) {
  const calls = { count: 0 };
  const call = async () => {
    const err = errors[calls.count++];
    if (err) throw err;
    return "done";
  };
  return { calls, call };
}

test("throttling is retried with jittered waits whose ceiling doubles up to the cap", async () => {
  const waits: number[] = [];
  const { calls, call } = flaky([refusal("ThrottlingException"), refusal("TooManyRequestsException"), refusal("LimitExceededException"), refusal("ThrottlingException")]);
  const result = await retryThrottled(call, { baseMs: 100, capMs: 300, random: () => 0.5, sleep: async (ms) => void waits.push(ms) });
  assert.equal(result, "done");
  assert.equal(calls.count, 5);
  assert.deepEqual(waits, [50, 100, 150, 150]);
});

test("other errors are not retried, and throttling stops being retried after the last attempt", async () => {
  const other = flaky([refusal("ResourceNotFoundException")]);
  await assert.rejects(retryThrottled(other.call, { sleep: async () => undefined }), { name: "ResourceNotFoundException" });
  assert.equal(other.calls.count, 1);
  const retries: number[] = [];
  const always = flaky(Array.from({ length: 10 }, () => refusal("ThrottlingException")));
  await assert.rejects(retryThrottled(always.call, { attempts: 3, sleep: async () => undefined, onRetry: (r) => void retries.push(r.attempt) }), { name: "ThrottlingException" });
  assert.equal(always.calls.count, 3);
  assert.deepEqual(retries, [1, 2]);
  assert.equal(isThrottling("ThrottlingException"), false, "only errors are throttling");
});
