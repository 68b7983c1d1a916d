import { test } from "node:test";
import assert from "node:assert/strict";
import { assertHelpFromDefinition, capture } from "../../simulators/cli/testing.js";
import { COMMANDS as SIMULATOR_COMMANDS } from "../../simulators/cli/main.js";
import { COMMANDS, main } from "./main.js";

async function flowsim(...args: string[]) {
  const { io, out, err } = capture();
  const code = await main(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

test("a checkout's flowsim has the simulator's commands and the test-case commands, each with help from its definition", async () => {
  assert.deepEqual(COMMANDS.map((c) => c.name), [...SIMULATOR_COMMANDS.map((c) => c.name), "test-cases run", "test-cases export"]);
  const { out } = await flowsim("--help");
  for (const c of COMMANDS) assert.ok(out.split("\n").some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(c.summary)), `${c.name} is listed`);
  for (const c of COMMANDS) await assertHelpFromDefinition(c, flowsim);
});

test("a group's name alone lists its commands: on request with exit 0, else as an error with exit 2", async () => {
  const asked = await flowsim("test-cases", "--help");
  assert.equal(asked.code, 0);
  assert.match(asked.out, /^usage: flowsim test-cases <command> \[options\]\n\ncommands:\n {2}test-cases run +run Amazon Connect test cases.*\n {2}test-cases export +write the voice scenarios/);
  const bare = await flowsim("test-cases");
  assert.equal(bare.code, 2);
  assert.equal(bare.out, "");
  assert.equal(bare.err, asked.out);
  const unknown = await flowsim("test-cases", "walk");
  assert.deepEqual([unknown.code, unknown.err], [2, 'flowsim: unknown command "test-cases walk" (commands: lint, serve, pull, test-cases run, test-cases export); see flowsim --help']);
});
