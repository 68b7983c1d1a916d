import { test } from "node:test";
import assert from "node:assert/strict";
import { badValue, defineCommand, dispatch, parseCommandArgs, type CommandInput } from "./command.js";
import { capture } from "./testing.js";

const runs: CommandInput<typeof run.options>[] = [];

/** A command in a group, as `flowsim test-cases run` will be: a definition is all it takes. */
const run = defineCommand({
  name: "cases run",
  summary: "run test cases",
  operands: { name: "files...", description: "test case files", required: true },
  options: {
    flows: { type: "string", value: "DIR", default: "flows", description: "where the flows are" },
    json: { type: "boolean", short: "j", description: "print JSON" },
    verbose: { type: "boolean", short: "v", description: "say more" },
    retries: { type: "string", value: "N", description: "runs per case", parse: (text) => (/^[1-9]$/.test(text) ? Number(text) : badValue("must be 1..9")) },
  },
  async run(input) {
    runs.push(input);
    return 0;
  },
});

const commands = [run, defineCommand({ name: "other", summary: "does nothing", options: {}, run: async () => 0 })];

test("a command in a group is found by both words and gets its operands and typed, converted values", async () => {
  runs.length = 0;
  const { io, err } = capture();
  assert.equal(await dispatch(commands, ["cases", "run", "a.yaml", "-jv", "--retries", "3", "--", "-odd-name.yaml"], io), 0);
  assert.deepEqual(err, []);
  assert.deepEqual(runs, [{ values: { flows: "flows", json: true, verbose: true, retries: 3 }, operands: ["a.yaml", "-odd-name.yaml"] }]);
  // The option's parse gives the value its type: were it still text, this would not typecheck.
  const retries: number | undefined = runs[0].values.retries;
  assert.equal(retries, 3);
});

test("a group's help and errors name the whole command", async () => {
  const help = capture();
  assert.equal(await dispatch(commands, ["help", "cases", "run"], help.io), 0);
  assert.match(help.out.join("\n"), /^usage: flowsim cases run <files\.\.\.> \[options\]\n\nRun test cases\.\n/);
  assert.match(help.out.join("\n"), /^ {2}-j, --json +print JSON$/m);
  assert.match(help.out.join("\n"), /^ {6}--flows DIR +where the flows are \(default: flows\)$/m);

  const overview = capture();
  await dispatch(commands, ["--help"], overview.io);
  assert.match(overview.out.join("\n"), /^ {2}cases run +run test cases$/m);

  for (const [args, message] of [
    [["cases", "walk"], 'flowsim: unknown command "cases walk" (commands: cases run, other); see flowsim --help'],
    [["cases", "run", "a", "--retries", "0"], 'flowsim cases run: --retries must be 1..9 (got "0"); see flowsim cases run --help'],
    [["other", "x"], 'flowsim other: unexpected argument "x" (other takes no arguments); see flowsim other --help'],
  ] as const) {
    const { io, err } = capture();
    assert.equal(await dispatch(commands, [...args], io), 2);
    assert.deepEqual(err, [message]);
  }
});

test("parseCommandArgs throws a UsageError naming the first problem", () => {
  assert.throws(() => parseCommandArgs(run, ["a", "--flows"]), { name: "UsageError", message: "--flows needs a value (DIR)" });
  assert.throws(() => parseCommandArgs(run, ["--json"]), { name: "UsageError", message: "missing <files...>" });
  assert.deepEqual(parseCommandArgs(run, ["a", "--flows=-dashed"]).values.flows, "-dashed", "a value that starts with a dash can be given inline");
});

test("a required option is missing until the command line or its variable gives it; conflicting options are a usage error", async () => {
  const fetchCommand = defineCommand({
    name: "fetch",
    summary: "fetch things",
    options: {
      from: { type: "string", value: "URL", env: "FETCH_FROM", required: true, description: "where from" },
      fast: { type: "boolean", description: "hurry" },
      careful: { type: "boolean", description: "take care" },
    },
    conflicts: (values) => (values.fast && values.careful ? "--fast and --careful exclude each other" : undefined),
    run: async () => 0,
  });
  assert.throws(() => parseCommandArgs(fetchCommand, [], {}), { name: "UsageError", message: "missing --from URL (or FETCH_FROM)" });
  const from: string = parseCommandArgs(fetchCommand, [], { FETCH_FROM: "here" }).values.from;
  assert.equal(from, "here");
  assert.throws(() => parseCommandArgs(fetchCommand, ["--from", "x", "--fast", "--careful"], {}), { name: "UsageError", message: "--fast and --careful exclude each other" });
  const help = capture();
  assert.equal(await dispatch([fetchCommand], ["fetch", "--help"], help.io), 0);
  assert.match(help.out.join("\n"), /--from URL +where from \(env FETCH_FROM; required\)$/m);
});
