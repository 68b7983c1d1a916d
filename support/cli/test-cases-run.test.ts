import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "../../simulators/connect/api/server.js";
import { capture } from "../../simulators/cli/testing.js";
import { readResults } from "../../scripts/gate.js";
import { main } from "./main.js";

const FLOWS = "features/callback/flows";
const EXAMPLE = "examples/test-cases/callback/callback-by-dtmf.json";

/** A folder with the callback example as it is, and a copy whose caller presses 3 instead of 2. */
async function cases(): Promise<{ dir: string; results: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "flowsim-tc-cli-"));
  const example = JSON.parse(await readFile(EXAMPLE, "utf8"));
  await writeFile(join(dir, "a-callback.json"), JSON.stringify(example));
  const wrong = { ...example, Name: "Callback pressing 3", Content: example.Content.replace('"Value":"2"', '"Value":"3"') };
  assert.notEqual(wrong.Content, example.Content);
  await writeFile(join(dir, "b-presses-3.json"), JSON.stringify(wrong));
  return { dir, results: join(dir, "allure"), done: () => rm(dir, { recursive: true, force: true }) };
}

async function flowsim(...args: string[]) {
  const { io, out, err } = capture();
  const code = await main(args, io);
  return { code, out, err };
}

/** The lines a run prints, with the temporary folder's name left out. */
const lines = (out: string[], dir: string) => out.map((l) => l.replaceAll(dir, "<dir>"));

const EXPECTED = [
  "PASS    Callback by DTMF from the queue (<dir>/a-callback.json) 4/4 observations passed",
  '        created: task template "Callback request", queue "Customer service"',
  "FAIL    Callback pressing 3 (<dir>/b-presses-3.json) 3/4 observations passed",
];

test("test-cases run: a line per test case, the failure names the observation and what was heard instead, exit 1, Allure results written", async () => {
  const w = await cases();
  try {
    const { code, out, err } = await flowsim("test-cases", "run", w.dir, "--flows", FLOWS, "--results", w.results);
    assert.equal(code, 1);
    assert.deepEqual(err, []);
    const printed = lines(out, w.dir);
    assert.deepEqual(printed.slice(0, 3), EXPECTED);
    assert.match(printed[3], /^ {8}observation "Confirmation" did not happen: expected a message similar to "An agent will call you back at the number you are calling from\."; instead: "Thank you\. An agent will call you back in about an hour at the number you are calling from\. Goodbye\." \(similarity 0\); the contact ended/);
    assert.deepEqual(printed.slice(-2), ["1 passed, 1 failed (2 test cases)", "Allure results: <dir>/allure"]);
    assert.deepEqual(readResults(w.results).results.map((r) => [r.name, r.status]).sort(), [["Callback by DTMF from the queue", "passed"], ["Callback pressing 3", "failed"]]);
  } finally {
    await w.done();
  }
});

test("test-cases run --json: one document with each result's status, counts, failure and records, and exit 0 when all pass", async () => {
  const w = await cases();
  try {
    const { code, out } = await flowsim("test-cases", "run", join(w.dir, "a-callback.json"), "--flows", FLOWS, "--results", w.results, "--json");
    assert.equal(code, 0);
    const report = JSON.parse(out.join("\n"));
    assert.deepEqual(Object.keys(report), ["results", "exitCode"]);
    const [result] = report.results;
    assert.deepEqual([result.name, result.status, result.observations], ["Callback by DTMF from the queue", "PASSED", { total: 4, passed: 4, failed: 0 }]);
    assert.deepEqual(result.records.map((r: { ObservationId: string }) => r.ObservationId), ["INITIATION", "EXECUTION_START", "Welcome message", "Queued", "Callback offer", "Confirmation", "COMPLETION"]);
    assert.equal(result.evidence, undefined);
  } finally {
    await w.done();
  }
});

test("test-cases run --url: the same verdicts through the Test Case APIs of a running simulator, each test case on an instance of its own", async () => {
  const w = await cases();
  const sim = await startSimulator({ port: 0 });
  try {
    const { code, out, err } = await flowsim("test-cases", "run", w.dir, "--flows", FLOWS, "--results", w.results, "--url", sim.endpoint);
    assert.deepEqual(err, []);
    assert.equal(code, 1);
    const printed = lines(out, w.dir);
    assert.deepEqual(printed.slice(0, 3), EXPECTED);
    assert.match(printed[3], /observation "Confirmation" did not happen: .*instead: "Thank you\. An agent will call you back in about an hour at the number/);
    assert.deepEqual(sim.instances.list().length, 1, "the instances made for the test cases are deleted");
    const written = readResults(w.results).results;
    assert.equal(written.length, 2);
  } finally {
    await sim.close();
    await w.done();
  }
});

test("test-cases run --url on a server with a real clock: the run is waited for (the menu's 5 s of real time), not driven", async () => {
  const w = await cases();
  const sim = await startSimulator({ port: 0, clock: "real" });
  try {
    const { code, out, err } = await flowsim("test-cases", "run", "features/native-test-cases/test-cases/sales-by-dtmf.json", "--flows", "features/native-test-cases/flows", "--results", w.results, "--url", sim.endpoint);
    assert.deepEqual([code, err], [1, []]);
    assert.equal(out[0], "FAIL    Sales by DTMF (features/native-test-cases/test-cases/sales-by-dtmf.json) 1/2 observations passed");
    assert.match(out[1], /observation "Menu" did not happen: .*; the contact ended: DisconnectParticipant \(Goodbye\)$/);
  } finally {
    await sim.close();
    await w.done();
  }
});

test("test-cases run: usage errors exit 2; an unreachable server, or one without its control plane, is one line and exit 1", async () => {
  const usage = [
    [["test-cases", "run"], "flowsim test-cases run: missing <files or dirs...>; see flowsim test-cases run --help"],
    [["test-cases", "run", "x", "--url", "localhost:4566"], 'flowsim test-cases run: --url must be an http:// or https:// URL (got "localhost:4566"); see flowsim test-cases run --help'],
    [["test-cases", "run", "x", "--bogus"], "flowsim test-cases run: unknown option --bogus; see flowsim test-cases run --help"],
  ] as const;
  for (const [args, message] of usage) {
    const { code, err } = await flowsim(...args);
    assert.equal(code, 2, args.join(" "));
    assert.deepEqual(err, [message]);
  }
  const w = await cases();
  try {
    const { code, out, err } = await flowsim("test-cases", "run", w.dir, "--url", "http://127.0.0.1:1", "--results", w.results);
    assert.equal(code, 1);
    assert.deepEqual(out, []);
    assert.equal(err.length, 1);
    assert.match(err[0], /^flowsim test-cases run: no flowsim server answers at http:\/\/127\.0\.0\.1:1: fetch failed$/);
    const sim = await startSimulator({ port: 0, control: false });
    try {
      const closed = await flowsim("test-cases", "run", w.dir, "--url", sim.endpoint, "--results", w.results);
      assert.deepEqual([closed.code, closed.err], [1, [`flowsim test-cases run: the server at ${sim.endpoint} has no control plane (started with --no-control?): test cases need it to make resources and move the clock`]]);
    } finally {
      await sim.close();
    }
  } finally {
    await w.done();
  }
});
