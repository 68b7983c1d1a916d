import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { COMMANDS, main } from "./main.js";
import { simulatorOptions, serve } from "./serve.js";
import { parseCommandArgs, runCommand } from "./command.js";
import { assertHelpFromDefinition, capture } from "./testing.js";

const bin = resolve(import.meta.dirname, "../../bin/flowsim.mjs");

async function flowsim(...args: string[]) {
  const { io, out, err } = capture();
  const code = await main(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

test("flowsim --help lists every command with its summary; help, -h and --help all show it", async () => {
  for (const asked of ["--help", "-h", "help"]) {
    const { code, out, err } = await flowsim(asked);
    assert.equal(code, 0);
    assert.equal(err, "");
    assert.match(out, /^usage: flowsim <command> \[options\]/);
    for (const c of COMMANDS) assert.ok(out.split("\n").find((l) => l.startsWith(`  ${c.name} `))?.endsWith(c.summary), `${c.name} is listed`);
    assert.match(out, /flowsim <command> --help/);
  }
});

test("every command's --help is made from its definition: usage, arguments, each option with its value, default and description", async () => {
  for (const c of COMMANDS) await assertHelpFromDefinition(c, flowsim);
});

test("help wins over anything else on the line", async () => {
  const { code, out } = await flowsim("serve", "--port", "nope", "--bogus", "-h");
  assert.equal(code, 0);
  assert.match(out, /^usage: flowsim serve/);
});

test("bad input is one line naming what is wrong and pointing at --help, with exit code 2", async () => {
  const cases: [string[], string][] = [
    [["bogus"], 'flowsim: unknown command "bogus" (commands: lint, serve, pull); see flowsim --help'],
    [["help", "bogus"], 'flowsim: unknown command "bogus" (commands: lint, serve, pull); see flowsim --help'],
    [["lint", "--bogus", "x"], "flowsim lint: unknown option --bogus; see flowsim lint --help"],
    [["lint", "-x", "a"], "flowsim lint: unknown option -x; see flowsim lint --help"],
    [["lint", "x", "--type"], "flowsim lint: --type needs a value (FLOW_TYPE); see flowsim lint --help"],
    [["lint", "--type", "--json", "x"], "flowsim lint: --type needs a value (FLOW_TYPE); see flowsim lint --help"],
    [["lint", "--json=yes", "x"], "flowsim lint: --json takes no value; see flowsim lint --help"],
    [["lint", "--type", "NOPE", "x"], 'flowsim lint: --type must be a flow type: CONTACT_FLOW, CUSTOMER_QUEUE, CUSTOMER_HOLD, CUSTOMER_WHISPER, AGENT_HOLD, AGENT_WHISPER, OUTBOUND_WHISPER, AGENT_TRANSFER, QUEUE_TRANSFER, CAMPAIGN, MODULE (got "NOPE"); see flowsim lint --help'],
    [["lint", "--json"], "flowsim lint: missing <files or dirs...>; see flowsim lint --help"],
    [["serve", "--port", "abc"], 'flowsim serve: --port must be 0..65535 (got "abc"); see flowsim serve --help'],
    [["serve", "--port", "-1"], "flowsim serve: --port needs a value (N); see flowsim serve --help"],
    [["serve", "--port=65536"], 'flowsim serve: --port must be 0..65535 (got "65536"); see flowsim serve --help'],
    [["serve", "--clock", "fast"], 'flowsim serve: --clock must be virtual or real (got "fast"); see flowsim serve --help'],
    [["serve", "--no-control=yes"], "flowsim serve: --no-control takes no value; see flowsim serve --help"],
    [["serve", "extra"], 'flowsim serve: unexpected argument "extra" (serve takes no arguments); see flowsim serve --help'],
  ];
  for (const [args, message] of cases) {
    const { code, out, err } = await flowsim(...args);
    assert.equal(code, 2, args.join(" "));
    assert.equal(err, message);
    assert.equal(out, "");
  }
});

test("no command at all: the overview, as an error", async () => {
  const { code, out, err } = await flowsim();
  assert.equal(code, 2);
  assert.equal(out, "");
  assert.match(err, /^usage: flowsim <command>/);
});

test("serve's defaults are the documented ones, and options not given are left to the simulator", () => {
  assert.deepEqual(simulatorOptions(parseCommandArgs(serve, [], {}).values), { port: 4566, host: "127.0.0.1", clock: "virtual" });
  assert.deepEqual(simulatorOptions(parseCommandArgs(serve, ["--flows", "f", "--seed", "7", "--instance-id", "i", "--region", "eu-west-2", "--host=0.0.0.0"], {}).values), {
    port: 4566,
    host: "0.0.0.0",
    clock: "virtual",
    flowsDir: "f",
    seed: "7",
    instanceId: "i",
    region: "eu-west-2",
  });
});

test("the flowsim binary prints a usage error as one line on stderr, no stack trace, and exits 2", () => {
  const run = spawnSync(process.execPath, ["--no-warnings", bin, "serve", "--port", "http"], { encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr, 'flowsim serve: --port must be 0..65535 (got "http"); see flowsim serve --help\n');
});

test("serve's settings come from the environment when the command line leaves them out (a container's way), and the command line wins", () => {
  const env = { FLOWSIM_PORT: "5000", FLOWSIM_HOST: "0.0.0.0", FLOWSIM_CLOCK: "real", FLOWSIM_SEED: "s", FLOWSIM_FLOWS: "/flows", FLOWSIM_NO_CONTROL: "true" };
  assert.deepEqual(simulatorOptions(parseCommandArgs(serve, [], env).values), { port: 5000, host: "0.0.0.0", clock: "real", flowsDir: "/flows", seed: "s", control: false });
  assert.equal(parseCommandArgs(serve, ["--port", "6000"], env).values.port, 6000);
  assert.equal(parseCommandArgs(serve, [], { FLOWSIM_NO_CONTROL: "0" }).values["no-control"], false);
});

test("a bad setting in the environment is a usage error naming the variable", async () => {
  for (const [env, message] of [
    [{ FLOWSIM_PORT: "http" }, 'FLOWSIM_PORT must be 0..65535 (got "http")'],
    [{ FLOWSIM_CLOCK: "fast" }, 'FLOWSIM_CLOCK must be virtual or real (got "fast")'],
    [{ FLOWSIM_NO_CONTROL: "maybe" }, 'FLOWSIM_NO_CONTROL must be true or false (got "maybe")'],
  ] as const) {
    assert.throws(() => parseCommandArgs(serve, [], env), { name: "UsageError", message });
  }
  const lines: string[] = [];
  const code = await runCommand(serve, [], { out: (l) => lines.push(l), err: (l) => lines.push(l) }, { FLOWSIM_PORT: "x" });
  assert.equal(code, 2);
  assert.deepEqual(lines, ['flowsim serve: FLOWSIM_PORT must be 0..65535 (got "x"); see flowsim serve --help']);
});
