import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lint } from "./lint.js";
import { runCommand } from "./command.js";
import { capture } from "./testing.js";

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-lint-"));
  mkdirSync(join(dir, "flows"));
  writeFileSync(
    join(dir, "flows", "good.json"),
    JSON.stringify({ Version: "2019-10-30", StartAction: "bye", Metadata: { type: "contactFlow" }, Actions: [{ Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] }),
  );
  writeFileSync(
    join(dir, "flows", "bad.json"),
    JSON.stringify({
      Version: "2019-10-30",
      StartAction: "q",
      Metadata: { type: "contactFlow" },
      Actions: [{ Identifier: "q", Type: "TransferToQueue", Parameters: {}, Transitions: {} }],
    }),
  );
  return dir;
}

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const { io, out } = capture();
  const code = await runCommand(lint, args, io);
  return { code, out: out.join("\n") };
}

test("lint prints every problem with file, action and path, and exits 1 when a file has errors", async () => {
  const dir = workspace();
  const { code, out } = await run([join(dir, "flows")]);
  assert.equal(code, 1);
  assert.match(out, /FAIL .*bad\.json/);
  assert.match(out, /error +\[q\] Actions\[0\]\.Type: Invalid Action type\. Type: TransferToQueue/);
  assert.match(out, /ok +.*good\.json/);
  assert.match(out, /2 files: 1 ok, 1 with errors/);
  assert.equal((await run([join(dir, "flows", "good.json")])).code, 0);
});

test("--json prints the documented shape", async () => {
  const dir = workspace();
  const { code, out } = await run([join(dir, "flows"), "--json"]);
  assert.equal(code, 1);
  const reports = JSON.parse(out) as { file: string; ok: boolean; flowType: string; errors: { action?: string; path: string; message: string }[]; warnings: unknown[] }[];
  const bad = reports.find((r) => r.file.endsWith("bad.json"))!;
  assert.deepEqual(Object.keys(bad).sort(), ["errors", "file", "flowType", "ok", "warnings"]);
  assert.equal(bad.ok, false);
  assert.equal(bad.flowType, "CONTACT_FLOW");
  assert.deepEqual(Object.keys(bad.errors[0]).sort(), ["action", "message", "path"]);
  assert.equal(bad.errors[0].action, "q");
});

test("bad usage exits 2 with a message", async () => {
  assert.equal((await run([])).code, 2);
  assert.equal((await run(["--type", "NOPE", "x"])).code, 2);
  assert.equal((await run(["--bogus", "x"])).code, 2);
});
