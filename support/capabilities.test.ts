import { test } from "node:test";
import assert from "node:assert/strict";
import { ALL_CAPABILITIES, firstUnmet, knowParameterType, requires, type Capability } from "./capabilities.js";

knowParameterType("channelWord", /chat|voice|task/);
const [pattern, options] = requires(["agent desktop"], "agent {string} accepts the {channelWord}");
requires(["chat agent"], "agent {string} sends {string}");
requires(["voice caller", "programmed answers"], "the caller presses {int}");

const staging = new Set<Capability>(["chat agent"]);

test("requires hands cucumber the pattern as written and the needs as wrapper options", () => {
  assert.equal(pattern, "agent {string} accepts the {channelWord}");
  assert.deepEqual(options, { wrapperOptions: { needs: ["agent desktop"] } });
});

test("a scenario is held back by its first step that needs what the target lacks, named with the reason", () => {
  const steps = ['a queue "Support"', 'agent "Ana" sends "Hello"', 'agent "Ana" accepts the chat', "the caller presses 2"];
  assert.deepEqual(firstUnmet(steps, staging), { step: 'agent "Ana" accepts the chat', capability: "agent desktop", reason: "no agent desktop can be driven there" });
});

test("steps that declare nothing, and steps whose needs are offered, hold nothing back", () => {
  assert.equal(firstUnmet(['a queue "Support"', 'agent "Ana" sends "Hello"'], staging), undefined);
  assert.equal(firstUnmet(['agent "Ana" accepts the chat', "the caller presses 2"], new Set(ALL_CAPABILITIES)), undefined);
});

test("a step is matched by its whole expression, custom parameter types included", () => {
  assert.equal(firstUnmet(['agent "Ana" accepts the email'], staging), undefined, "email is not a channelWord: not this step");
  assert.equal(firstUnmet(["the caller presses two"], staging), undefined, "{int} needs a number");
  assert.equal(firstUnmet(["the caller presses 7"], staging)?.capability, "voice caller");
});

test("needs given as a function get the step's argument values and the scenario's steps", () => {
  const calls: unknown[] = [];
  requires((args, scenario) => {
    calls.push({ args, scenario });
    return args[1] === 3 ? ["virtual clock"] : [];
  }, "agent {string} waits {int} minutes");
  const steps = ['agent "Ana" waits 2 minutes', 'agent "Ana" waits 3 minutes'];
  assert.deepEqual(firstUnmet(steps, staging), { step: 'agent "Ana" waits 3 minutes', capability: "virtual clock", reason: "time cannot be moved there, and a real wait is not exact to the second" });
  assert.deepEqual(calls, [
    { args: ["Ana", 2], scenario: steps },
    { args: ["Ana", 3], scenario: steps },
  ]);
});
