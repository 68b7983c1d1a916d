import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { capture } from "../../simulators/cli/testing.js";
import { main } from "./main.js";

async function flowsim(...args: string[]) {
  const { io, out, err } = capture();
  const code = await main(args, io);
  return { code, out, err };
}

test("test-cases export writes a file per voice scenario, a folder per feature, names the steps it cannot compile, and exits 1 for them; the files run", async () => {
  const out = mkdtempSync(join(tmpdir(), "flowsim-export-"));
  const exported = await flowsim("test-cases", "export", "features/callback", "--out", out);
  assert.equal(exported.code, 1);
  assert.deepEqual(exported.err, []);
  const wrote = exported.out.filter((l) => l.startsWith("wrote "));
  assert.equal(wrote.length, 5);
  assert.ok(wrote.includes(`wrote   ${out}/callback-task/the-caller-asks-for-a-callback-and-an-idle-agent-gets-the-task.json ("The caller asks for a callback and an idle agent gets the task", features/callback/callback-task.feature:26)`), wrote.join("\n"));
  assert.ok(exported.out.includes("        left out, not the customer's: the steps at lines 11, 12, 13, 17, 18, 39, 47, 48, 49, 50"));
  assert.ok(exported.out.includes('ERROR   "A caller who keeps their place in line is not called back" (features/callback/callback-task.feature:98): line 103: Then the caller is still waiting in the queue "Customer service" — a test case checks values when an observation matches, not at a moment in time'));
  assert.equal(exported.out.at(-1), "5 scenarios exported, 9 could not be; 9 other scenarios skipped");
  assert.deepEqual(readdirSync(out).sort(), ["callback-task", "callback-task-template", "scheduled-callback"]);
  const run = await flowsim("test-cases", "run", out, "--flows", "features/callback/flows", "--results", join(out, "allure"));
  assert.equal(run.code, 0, run.out.join("\n"));
});

test("test-cases export: features without voice scenarios exit 0; usage errors exit 2; an unreadable feature exits 1", async () => {
  const out = mkdtempSync(join(tmpdir(), "flowsim-export-"));
  const none = await flowsim("test-cases", "export", "features/native-test-cases/native-test-cases.feature", "--out", out);
  assert.deepEqual([none.code, none.out], [0, ["0 scenarios exported, 0 could not be; 4 other scenarios skipped"]]);
  const usage = await flowsim("test-cases", "export");
  assert.deepEqual([usage.code, usage.err], [2, ["flowsim test-cases export: missing <feature files or dirs...>; see flowsim test-cases export --help"]]);
  const missing = await flowsim("test-cases", "export", "features/nowhere.feature", "--out", out);
  assert.equal(missing.code, 1);
  assert.match(missing.err[0], /^flowsim test-cases export: cannot read features\/nowhere\.feature: ENOENT/);
});

test("test-cases export writes chats with programmed answers as CHAT test cases, their Lex mocks naming the bot of the flow beside the feature; the files run", async () => {
  const out = mkdtempSync(join(tmpdir(), "flowsim-export-"));
  const exported = await flowsim("test-cases", "export", "features/self-service", "--out", out);
  assert.equal(exported.code, 1, "the scenarios with an agent or the transcript cannot be exported");
  assert.equal(exported.out.at(-1), "4 scenarios exported, 6 could not be; 0 other scenarios skipped");
  assert.ok(exported.out.includes('ERROR   "When only the order queue is closed the chat says so and ends" (features/self-service/order-status.feature:104): line 105: Given the hours of the queue "Order support" are closed — the hours a queue runs on are the instance\'s, which an export does not know: name the hours (the hours of operation "…" are …)'), exported.out.join("\n"));
  const file = join(out, "order-status", "when-the-queue-is-full-the-customer-is-asked-to-come-back-later.json");
  const testCase = JSON.parse(readFileSync(file, "utf8"));
  assert.deepEqual(testCase.EntryPoint, { Type: "CHAT", ChatEntryPointParameters: { FlowId: "Order status chat" } });
  assert.match(testCase.Content, /"AliasArn":"arn:aws:lex:eu-west-2:444455556666:bot-alias\/ORDERBOT01\/TSTALIASID"/);
  const run = await flowsim("test-cases", "run", out, "--flows", "features/self-service/flows", "--results", join(out, "allure"));
  assert.equal(run.code, 0, run.out.join("\n"));
  assert.equal(run.out.at(-2), "4 passed, 0 failed (4 test cases)");
});
