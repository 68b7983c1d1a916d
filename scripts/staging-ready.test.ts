import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { END, START, markdown, readiness, summary, type Readiness } from "./staging-ready.js";

test("the count and the list say which scenarios are held back, by which step and why", () => {
  const list: Readiness[] = [
    { scenario: "Greeting", where: "features/a.feature" },
    { scenario: "Agent accepts | declines", where: "features/b.feature", held: { step: 'agent "Ana" accepts the chat', reason: "needs agent desktop: no agent desktop can be driven there", capability: "agent desktop" } },
  ];
  assert.equal(summary(list), "staging-ready: 1 of 2 scenarios");
  const table = markdown(list);
  assert.ok(table.startsWith(START) && table.endsWith(END));
  assert.match(table, /^\| features\/b\.feature \| Agent accepts \\\| declines \| `agent "Ana" accepts the chat` needs agent desktop: no agent desktop can be driven there \|$/m);
  assert.match(table, /What keeps the others on the simulator: agent desktop 1\./);
  assert.doesNotMatch(table, /Greeting/);
});

test("the README's list of scenarios that stay on the simulator is current", async () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
  assert.equal(section, markdown(await readiness()), "run: node --import tsx scripts/staging-ready.ts --write");
});
