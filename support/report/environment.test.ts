import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environmentInfo, mergeFacts } from "./environment.js";

function fakeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-env-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "flowsim", version: "9.8.7" }));
  mkdirSync(join(dir, "node_modules/@aws-sdk/client-connect"), { recursive: true });
  writeFileSync(join(dir, "node_modules/@aws-sdk/client-connect/package.json"), JSON.stringify({ version: "3.1.2" }));
  return dir;
}

test("by default versions come from this checkout", () => {
  const info = environmentInfo({ env: { GITHUB_SHA: "x" } });
  assert.match(info.flowsim ?? "", /^\d+\.\d+\.\d+/);
  assert.match(info["@cucumber/cucumber"] ?? "", /^\d+\./);
});

test("reports target, endpoint, instance, versions and the commit", (t) => {
  const dir = fakeProject();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const info = environmentInfo({ root: dir, env: { GITHUB_SHA: "abc123" }, facts: { target: "staging", instanceId: "11111111-2222-3333-4444-555555555555", region: "eu-west-2" } });
  assert.equal(info.target, "staging");
  assert.equal(info.instanceId, "11111111-2222-3333-4444-555555555555");
  assert.equal(info.region, "eu-west-2");
  assert.equal(info.flowsim, "9.8.7");
  assert.equal(info.node, process.version);
  assert.equal(info["@aws-sdk/client-connect"], "3.1.2");
  assert.equal(info["@aws-sdk/client-connectparticipant"], undefined, "packages that are not installed are left out");
  assert.equal(info.commit, "abc123");
});

test("falls back to the variables the targets read; given facts win", (t) => {
  const dir = fakeProject();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { FLOWSIM_TARGET: "server", FLOWSIM_URL: "http://127.0.0.1:4566", FLOWSIM_STAGING_INSTANCE_ID: "inst-1", FLOWSIM_STAGING_REGION: "eu-central-1", AWS_REGION: "us-east-1", GITHUB_SHA: "x" };
  assert.equal(environmentInfo({ root: dir, env }).endpoint, "http://127.0.0.1:4566/");
  assert.equal(environmentInfo({ root: dir, env }).target, "server");
  assert.equal(environmentInfo({ root: dir, env, facts: { target: "sim" } }).target, "sim");
});

test("facts learnt during the run are merged; differing values are all shown, secrets never", () => {
  const info: Record<string, string> = { target: "sim" };
  const seen = new Map<string, string[]>();
  mergeFacts(info, { target: "staging", instanceId: "inst-1", sessionToken: "tok" }, seen);
  mergeFacts(info, { instanceId: "inst-1" }, seen);
  assert.deepEqual({ ...info }, { target: "staging", instanceId: "inst-1" });
  for (const port of [1001, 1002, 1003, 1004]) mergeFacts(info, { endpoint: `http://127.0.0.1:${port}` }, seen);
  assert.equal(info.endpoint, "http://127.0.0.1:1001/, http://127.0.0.1:1002/, http://127.0.0.1:1003/, ... (4 values)");
});

test("never reports credentials", (t) => {
  const dir = fakeProject();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const info = environmentInfo({
    root: dir,
    env: { GITHUB_SHA: "x", AWS_SECRET_ACCESS_KEY: "s3cr3t", AWS_SESSION_TOKEN: "tok" },
    facts: {
      endpoint: "https://user:pa55@connect.example.com/?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIAABCDEFGHIJKLMNOP&keep=1",
      awsSecretAccessKey: "s3cr3t",
      sessionToken: "tok",
      accessKeyId: "AKIAABCDEFGHIJKLMNOP",
      note: "key AKIAABCDEFGHIJKLMNOP used",
    },
  });
  const text = JSON.stringify(info);
  for (const secret of ["s3cr3t", "tok\"", "pa55", "deadbeef", "AKIAABCDEFGHIJKLMNOP", "user:"]) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  assert.equal(info.awsSecretAccessKey, undefined);
  assert.equal(info.accessKeyId, undefined);
  assert.match(info.endpoint!, /^https:\/\/connect\.example\.com\/\?X-Amz-Signature=%5Bredacted%5D&X-Amz-Credential=%5Bredacted%5D&keep=1$/);
  assert.equal(info.note, "key [redacted] used");
});
