/** Putting a caller on hold and taking them off it, and what each side hears meanwhile (simulator only). */
import { When, Then } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import type { FlowsimWorld } from "../support/world.js";
import { callersOf } from "../support/drivers/caller.js";

const POLL_MS = 25;

/** How much each side had heard when the call last came off hold: "any more" counts from there. */
const atResume = new WeakMap<FlowsimWorld, { caller: number; agents: Map<string, number> }>();

When(...requires(["agent desktop", "voice caller"], "agent {string} puts the caller on hold"), async function (this: FlowsimWorld, name: string) {
  await this.agent(name).hold();
});

When(...requires(["agent desktop", "voice caller"], "agent {string} takes the caller off hold"), async function (this: FlowsimWorld, name: string) {
  const agent = this.agent(name);
  await agent.resume();
  const agents = new Map([[name, (await agent.heard()).length]]);
  atResume.set(this, { caller: (await callersOf(this).latest().prompts()).length, agents });
});

/** What the agent's hold flow plays to the agent (the caller does not hear it). */
Then(...requires(["agent desktop", "voice caller"], "agent {string} hears {string}"), async function (this: FlowsimWorld, name: string, text: string) {
  const agent = this.agent(name);
  const deadline = Date.now() + this.target.patienceMs;
  let heard: string[] = [];
  do {
    heard = await agent.heard();
    if (heard.some((h) => h.includes(text))) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  } while (Date.now() < deadline);
  assert.fail(`agent ${name} did not hear ${JSON.stringify(text)}; they heard:\n${heard.map((h) => `  ${h}`).join("\n") || "  (nothing)"}`);
});

function sinceResume(world: FlowsimWorld): { caller: number; agents: Map<string, number> } {
  const mark = atResume.get(world);
  if (!mark) throw new Error('"any more" counts from the moment the call came off hold; add "When agent \\"...\\" takes the caller off hold" first');
  return mark;
}

/** Nothing containing the text has played to the caller since the call came off hold. */
Then(...requires(["agent desktop", "voice caller"], "the caller does not hear {string} any more"), async function (this: FlowsimWorld, text: string) {
  const { caller: from } = sinceResume(this);
  const caller = callersOf(this).latest();
  const later = (await caller.prompts()).slice(from).filter((p) => (p.text ?? p.ssml ?? "").includes(text));
  assert.equal(later.length, 0, `the caller from ${caller.number} still heard ${JSON.stringify(text)} after the call came off hold; they heard:\n${await caller.transcript()}`);
});

Then(...requires(["agent desktop", "voice caller"], "agent {string} does not hear {string} any more"), async function (this: FlowsimWorld, name: string, text: string) {
  const from = sinceResume(this).agents.get(name);
  if (from === undefined) throw new Error(`agent ${name} did not take the call off hold in this scenario`);
  const heard = await this.agent(name).heard();
  const later = heard.slice(from).filter((h) => h.includes(text));
  assert.equal(later.length, 0, `agent ${name} still heard ${JSON.stringify(text)} after the call came off hold; they heard:\n${heard.map((h) => `  ${h}`).join("\n")}`);
});
