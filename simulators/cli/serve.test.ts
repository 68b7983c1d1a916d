import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { once } from "node:events";
import { serve, simulatorOptions } from "./serve.js";
import { parseCommandArgs, runCommand } from "./command.js";
import { capture } from "./testing.js";

const bin = resolve(import.meta.dirname, "../../bin/flowsim.mjs");

test("flowsim serve prints its endpoint, publishes a flows folder, answers health, and stops on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-serve-"));
  writeFileSync(join(dir, "hello.json"), JSON.stringify({ Version: "2019-10-30", StartAction: "bye", Metadata: { type: "contactFlow", name: "Hello" }, Actions: [{ Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] }));
  const child = spawn(process.execPath, ["--no-warnings", bin, "serve", "--port", "0", "--flows", dir, "--seed", "7"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    const timer = setTimeout(() => reject(new Error(`no endpoint printed: ${out}`)), 30_000);
    child.stdout.on("data", () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveEndpoint(m[1]);
      }
    });
  });
  const health = (await (await fetch(`${endpoint}/_flowsim/health`)).json()) as Record<string, unknown>;
  assert.equal(health.status, "ok");
  assert.equal(health.clock, "virtual");
  const contacts = await fetch(`${endpoint}/_flowsim/calls`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ flow: "Hello", from: "+15555550100" }) });
  assert.equal(contacts.status, 200, "the folder's flow is published and runs");
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
  assert.match(out, /SIGTERM, stopping/);
});

/** What `flowsim serve` says to bad options; it must refuse them with exit code 2 before starting anything. */
async function refusal(args: string[]): Promise<string> {
  const { io, err } = capture();
  assert.equal(await runCommand(serve, args, io), 2);
  return err.join("\n");
}

test("serve options are checked", async () => {
  assert.deepEqual(simulatorOptions(parseCommandArgs(serve, ["--port", "0", "--clock", "real", "--no-control"]).values), { port: 0, host: "127.0.0.1", clock: "real", control: false });
  assert.match(await refusal(["--port", "99999"]), /--port must be/);
  assert.match(await refusal(["--clock", "fast"]), /--clock must be virtual or real/);
  assert.match(await refusal(["--bogus"]), /unknown option --bogus/);
});

test("a simulator that stands in for the service: a scaled real clock and strict mode, from options or the environment", async () => {
  const stand = ["--clock", "real", "--time-scale", "60", "--strict", "--consistency-delay-ms", "500", "--no-control"];
  assert.deepEqual(simulatorOptions(parseCommandArgs(serve, stand, {}).values), { port: 4566, host: "127.0.0.1", clock: "real", control: false, timeScale: 60, strict: { consistencyDelayMs: 500 } });
  const fromEnv = simulatorOptions(parseCommandArgs(serve, [], { FLOWSIM_CLOCK: "real", FLOWSIM_TIME_SCALE: "2.5", FLOWSIM_STRICT: "true" }).values);
  assert.deepEqual([fromEnv.timeScale, fromEnv.strict], [2.5, true]);
  assert.match(await refusal(["--clock", "real", "--time-scale", "3601"]), /--time-scale must be a number from 1 to 3600 \(got "3601"\)/);
  assert.match(await refusal(["--clock", "real", "--time-scale", "fast"]), /--time-scale must be a number from 1 to 3600/);
  assert.match(await refusal(["--time-scale", "60"]), /--time-scale needs --clock real/);
  assert.match(await refusal(["--consistency-delay-ms", "100"]), /--consistency-delay-ms needs --strict/);
  assert.match(await refusal(["--strict", "--consistency-delay-ms", "-1"]), /--consistency-delay-ms needs a value/);
});
