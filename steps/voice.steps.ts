/**
 * People on the phone: a simulated caller dials a number, listens, presses keys, hangs up.
 * On a target with no simulated caller (staging) a scenario whose caller steps compile to a
 * Connect test case runs them as that test case (support/drivers/test-case-caller.ts).
 */
import { Given, When, Then, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import type { FlowsimWorld } from "../support/world.js";
import { Caller, callersOf } from "../support/drivers/caller.js";
import { carriedByTestCase, testCaseCaller } from "../support/drivers/test-case-caller.js";

/** "the caller" is whoever called last; "the caller from "+1..."" names one. */
function caller(world: FlowsimWorld, from?: string): Caller {
  return from === undefined ? callersOf(world).latest() : callersOf(world).from(from);
}

Given(...requires(["voice caller"], "the phone number {string} starts the flow {string}"), async function (this: FlowsimWorld, number: string, flow: string) {
  // In a test case the flow is its entry point.
  if (carriedByTestCase(this)) return;
  await Caller.mapNumber(this, number, flow);
});

When(...requires(["voice caller"], "a caller from {string} calls {string}"), async function (this: FlowsimWorld, from: string, to: string) {
  const asTestCase = testCaseCaller(this);
  if (asTestCase) return asTestCase.call(from);
  await Caller.call(this, from, to);
});

Then(...requires(["voice caller"], "the caller hears {string}"), async function (this: FlowsimWorld, text: string) {
  const asTestCase = testCaseCaller(this);
  if (asTestCase) return asTestCase.heard();
  await caller(this).waitToHear(text);
});

/** The same prompt a second time (a loop that went round again). */
Then(...requires(["voice caller"], "the caller hears {string} again"), async function (this: FlowsimWorld, text: string) {
  const asTestCase = testCaseCaller(this);
  if (asTestCase) return asTestCase.heard();
  await caller(this).waitToHear(text, 2);
});

/**
 * | Thank you for calling                  |
 * | All of our agents are busy             |
 * Each row a part of a prompt, in the order the caller heard them (other prompts may come between).
 */
Then(...requires(["voice caller"], "the caller heard, in order:"), async function (this: FlowsimWorld, table: DataTable) {
  const asTestCase = testCaseCaller(this);
  if (asTestCase) return asTestCase.heard();
  await caller(this).waitToHearInOrder(table.raw().map((row) => row[0] ?? ""));
});

Then(...requires(["voice caller"], "the caller does not hear {string}"), async function (this: FlowsimWorld, text: string) {
  const who = caller(this);
  assert.ok(!(await who.hasHeard(text)), `the caller from ${who.number} heard ${JSON.stringify(text)}; they heard:\n${await who.transcript()}`);
});

When(...requires(["voice caller"], "the caller presses {word}"), async function (this: FlowsimWorld, digits: string) {
  if (carriedByTestCase(this)) return;
  await caller(this).press(digits);
});

When(...requires(["voice caller"], "the caller from {string} presses {word}"), async function (this: FlowsimWorld, from: string, digits: string) {
  if (carriedByTestCase(this)) return;
  await caller(this, from).press(digits);
});

When(...requires(["voice caller"], "the caller hangs up"), async function (this: FlowsimWorld) {
  if (carriedByTestCase(this)) return;
  await caller(this).hangUp();
});

When(...requires(["voice caller"], "the caller from {string} hangs up"), async function (this: FlowsimWorld, from: string) {
  if (carriedByTestCase(this)) return;
  await caller(this, from).hangUp();
});

Then(...requires(["voice caller"], "the call ends"), async function (this: FlowsimWorld) {
  const asTestCase = testCaseCaller(this);
  if (asTestCase) return asTestCase.ended();
  await caller(this).waitForEnd();
});

Then(...requires(["voice caller"], "the caller is still waiting in the queue {string}"), async function (this: FlowsimWorld, queue: string) {
  const who = caller(this);
  const call = await who.describe();
  assert.ok(!call.DisconnectTimestamp, `the call from ${who.number} has ended; they heard:\n${await who.transcript()}`);
  assert.equal(call.QueueInfo?.Id, this.resource("queue", queue).id, `the call from ${who.number} is not in the queue "${queue}" (QueueInfo ${JSON.stringify(call.QueueInfo)})`);
  assert.ok(!call.AgentInfo?.Id, `the call from ${who.number} is with agent ${call.AgentInfo?.Id}, no longer waiting`);
});
