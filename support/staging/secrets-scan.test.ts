import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { secretToken } from "../../simulators/kernel/secrets.js";
import { redactText } from "../report/redact.js";
import { scanForSecrets } from "./secrets-scan.js";

test("planted secrets and token-shaped values are found wherever they were written; redacted text, ids and binary files are not", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-scan-"));
  mkdirSync(join(dir, "nested"));
  const planted = `planted${secretToken(40)}`;
  const participantToken = secretToken(160);
  writeFileSync(join(dir, "a-result.json"), JSON.stringify({ name: "chat", steps: [{ name: `token ${participantToken}` }] }));
  writeFileSync(join(dir, "nested", "env.txt"), `AWS_SECRET=${planted.slice(0, 10)} and again ${planted}`);
  writeFileSync(join(dir, "clean.json"), JSON.stringify({ contactId: "3f1c1f4e-5a8e-4d7b-9f51-5a1b2c3d4e5f", note: redactText(`token ${participantToken}`), hours: "Basic Hours" }));
  writeFileSync(join(dir, "shot.png"), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(participantToken)]));
  const findings = scanForSecrets(dir, [planted]).map((f) => ({ file: f.file.slice(dir.length + 1), what: f.what }));
  assert.deepEqual(findings, [
    { file: "a-result.json", what: `a token-shaped value ${participantToken.slice(0, 4)}…` },
    { file: join("nested", "env.txt"), what: `the planted secret ${planted.slice(0, 4)}…` },
    { file: join("nested", "env.txt"), what: `a token-shaped value ${planted.slice(0, 4)}…` },
  ]);
});
