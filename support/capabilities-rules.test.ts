import { test } from "node:test";
import assert from "node:assert/strict";
import { firstUnmet, requires, type Capability } from "./capabilities.js";
import { acceptNeeds, agentEventForNeeds, availableNeeds, eventForNeeds, waitNeeds, flowPathNeeds } from "./capabilities-rules.js";

requires(availableNeeds, "agent {string} is available");
requires(acceptNeeds, "agent {string} accepts the {word}");
requires(["chat agent"], "agent {string} sends {string}");
requires(eventForNeeds, "the customer receives the {string} event for the {word}");
requires(agentEventForNeeds, "agent {string} receives the {string} event for the {word}");
requires(waitNeeds, "{int} (more ){word} pass(es)");
requires(waitNeeds, "agent {string} stays idle for {int} (more ){word}");

const withStandIn = new Set<Capability>(["chat agent"]);
const without = new Set<Capability>();

test("an agent who only accepts chats can be played by a stand-in, from being available on", () => {
  const steps = ['agent "Ana" is available', 'agent "Ana" accepts the chat', 'agent "Ana" sends "Hi"', 'the customer receives the "idle" event for the customer', 'agent "Ana" receives the "idle" event for the customer'];
  assert.equal(firstUnmet(steps, withStandIn), undefined);
  assert.deepEqual(firstUnmet(steps, without), { step: 'agent "Ana" is available', capability: "chat agent", reason: firstUnmet(steps, without)!.reason });
  assert.match(firstUnmet(steps, without)!.reason, /"chatAgents": "custom-participant".*FLOWSIM_STAGING_CHAT_AGENTS=custom-participant/, "the reason says how to turn the stand-in on");
});

test("accepting a call, a task or any contact needs a desktop, and so does being available for one", () => {
  assert.equal(firstUnmet(['agent "Ana" accepts the call'], withStandIn)?.capability, "agent desktop");
  assert.equal(firstUnmet(['agent "Ana" accepts the contact'], withStandIn)?.capability, "agent desktop");
  const mixed = ['agent "Ana" is available', 'agent "Ana" accepts the chat', 'agent "Ana" accepts the task'];
  assert.deepEqual(firstUnmet(mixed, withStandIn)?.step, 'agent "Ana" is available');
});

test("an agent who is available but never accepts a chat needs a desktop (routing, not a stand-in)", () => {
  assert.equal(firstUnmet(['agent "Ana" is available'], withStandIn)?.capability, "agent desktop");
  assert.equal(firstUnmet(['agent "Ana" is available', 'agent "Ben" accepts the chat'], withStandIn)?.capability, "agent desktop", "Ben's chat says nothing of Ana");
});

test("events for the agent are about a human agent; events for the customer are not", () => {
  assert.equal(firstUnmet(['the customer receives the "idle" event for the agent'], withStandIn)?.capability, "agent desktop");
  assert.equal(firstUnmet(['the customer receives the "auto-disconnection" event for the agent'], withStandIn)?.capability, "agent desktop");
  assert.equal(firstUnmet(['agent "Ana" receives the "idle" event for the agent'], withStandIn)?.capability, "agent desktop");
  assert.equal(firstUnmet(['the customer receives the "idle" event for the customer'], without), undefined);
  assert.equal(firstUnmet(['agent "Ana" receives the "returned" event for the customer'], without)?.capability, "chat agent");
});

test("a one-second wait crosses a boundary to the second, which only the virtual clock places exactly", () => {
  assert.equal(firstUnmet(["1 more second passes"], without)?.capability, "virtual clock");
  assert.equal(firstUnmet(['agent "Ana" stays idle for 1 more second'], without)?.capability, "virtual clock");
  assert.equal(firstUnmet(["119 seconds pass", "30 seconds pass", "1 more minute passes", "2 minutes pass"], without), undefined);
});

test("a flow-path step needs the desktop too where an agent accepts the contact: the whisper flows follow a routed agent, never a stand-in", () => {
  assert.deepEqual(flowPathNeeds([], ['a customer contacts the flow "Support inbound - main line" by chat', 'the flow went through the block "Greet the chat customer"']), ["flow path"]);
  assert.deepEqual(flowPathNeeds([], ['agent "Ana" accepts the chat', 'the flow went through the block "Announce the queue"']), ["flow path", "agent desktop"]);
});
