/**
 * Webex Contact Center calls whose flows look callers up in Salesforce: the entry point
 * and its flow, the Salesforce org's records and failures, the caller, the agent, and
 * what each of them saw. Simulator-only (there is no Webex staging target).
 */
import { Given, Then, When, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import { join } from "node:path";
import { existsSync } from "node:fs";
import type { FlowsimWorld } from "../support/world.js";
import { publishWebexFlow, WebexCaller, type WebexCallView, type WebexTraceStep } from "../support/drivers/webex-caller.js";
import type { SeedObject } from "../support/drivers/salesforce.js";
import { attachNewExchanges, currentCall, webexScenario } from "../support/webex-scenario.js";
import { corpusDir } from "../simulators/connect/flow/corpus.js";

const ENDED = new Set(["ended", "handed-off"]);
// The password the connector was set up with stops working once the org's password changes.
const ROTATED_PASSWORD = "rotated-by-the-salesforce-admin";

Given(...requires(["webex"], "the Webex entry point {string} runs the flow {string}"), async function (this: FlowsimWorld, entryPoint: string, path: string) {
  await publishWebexFlow(webexScenario(this).control, path, entryPoint);
});

/** A real export from the shared corpus, read where it lies (never copied into the repository). */
Given(...requires(["webex"], "the Webex entry point {string} runs the corpus flow {string}"), async function (this: FlowsimWorld, entryPoint: string, file: string) {
  const dir = corpusDir();
  const path = dir ? join(dir, "webex", file) : undefined;
  if (!path || !existsSync(path)) {
    await this.attach(`Skipped: the corpus export ${file} is not here (looked in ${dir ? join(dir, "webex") : "../shared/corpus or $FLOWSIM_CORPUS"}). It is third-party data the repository does not ship.`, { mediaType: "text/plain", fileName: "why skipped.txt" });
    return "skipped";
  }
  await publishWebexFlow(webexScenario(this).control, path, entryPoint);
  return undefined;
});

const OBJECTS: Record<string, { object: SeedObject; fields?: Record<string, string> }> = {
  account: { object: "Account" },
  contact: { object: "Contact" },
  "open case": { object: "Case" },
  "closed case": { object: "Case", fields: { Status: "Closed" } },
};

/**
 * | Name  | Acme Corp  |        (field | value; "Account" and "Contact" name records added before)
 * | Phone | 4155551212 |
 */
Given(...requires(["webex"], /^(?:the Salesforce org has )?the (account|contact|open case|closed case):$/), async function (this: FlowsimWorld, kind: string, table: DataTable) {
  const { object, fields } = OBJECTS[kind];
  const given = table.rowsHash();
  if (kind === "open case" && /^closed$/i.test(given.Status ?? "")) throw new Error('an open case cannot have Status "Closed": use "the closed case:"');
  await webexScenario(this).org.add(object, { ...given, ...(fields ?? {}) });
});

Given(...requires(["webex"], "Salesforce is down"), async function (this: FlowsimWorld) {
  await webexScenario(this).org.outage("down");
});

/** The REST API answers 503 while sign-in still works. */
Given(...requires(["webex"], "Salesforce is down for maintenance"), async function (this: FlowsimWorld) {
  await webexScenario(this).org.outage("unavailable", false);
});

Given(...requires(["webex"], /^the Salesforce session (?:has expired|expires)$/), async function (this: FlowsimWorld) {
  await webexScenario(this).org.expireSessions();
});

Given(...requires(["webex"], /^the Salesforce integration user's password (?:has been|is) changed$/), async function (this: FlowsimWorld) {
  await webexScenario(this).org.changePassword(ROTATED_PASSWORD);
});

When(...requires(["webex"], "a caller from {string} calls the Webex entry point {string}"), async function (this: FlowsimWorld, ani: string, entryPoint: string) {
  const s = webexScenario(this);
  const call = await WebexCaller.dial(s.control, entryPoint, ani, this.target.patienceMs);
  s.calls.push(call);
  await attachNewExchanges(this, call);
});

/** Moves call time until `expected` holds for the call, or it has ended, or patience runs out; returns the last view. */
async function waitFor(call: WebexCaller, expected: (view: WebexCallView) => boolean): Promise<{ view: WebexCallView }> {
  let view!: WebexCallView;
  await call.until(async () => {
    view = await call.view();
    return expected(view) || ENDED.has(view.status) ? true : undefined;
  });
  return { view };
}

When(...requires(["webex"], "agent {string} answers"), async function (this: FlowsimWorld, name: string) {
  const call = currentCall(this);
  const { view } = await waitFor(call, (v) => v.status === "queued");
  assert.equal(view.status, "queued", `agent ${name} cannot answer: the call is ${view.status}${view.endReason ? ` (${view.endReason})` : ""}, not waiting in a queue`);
  await call.answer({ agentId: name.toLowerCase().replace(/\s+/g, "."), name });
  await attachNewExchanges(this, call);
});

/** The agent edits Call Associated Data on the desktop, by the field's label. */
When(...requires(["webex"], "the agent writes {string} in the {string} field"), async function (this: FlowsimWorld, text: string, label: string) {
  const call = currentCall(this);
  const view = await call.view();
  const field = view.desktop.find((f) => f.label === label);
  assert.ok(field, `the agent desktop has no field "${label}" (fields: ${view.desktop.map((f) => f.label).join(", ")})`);
  assert.ok(field.editable, `the desktop field "${label}" is read-only`);
  await call.editDesktop({ [field.variable]: text });
});

When(...requires(["webex"], /^the Webex (?:call ends|caller hangs up)$/), async function (this: FlowsimWorld) {
  const call = currentCall(this);
  await call.hangUp("caller");
  // PhoneContactEnded runs after the hang-up; let it finish (its requests come back in between).
  let view!: WebexCallView;
  await call.until(async () => ((view = await call.view()).finished ? true : undefined));
  await attachNewExchanges(this, call);
  assert.ok(view.finished, `the call's event handlers are still running after the hang-up: ${JSON.stringify(view.activities)}`);
});

const heard = (prompts: { value: string }[]) => prompts.map((p) => `  "${p.value}"`).join("\n") || "  (nothing)";

/** Text to speech (a part of the sentence is enough) or an audio file name. */
Then(...requires(["webex"], "the Webex caller hears {string}"), async function (this: FlowsimWorld, expected: string) {
  const call = currentCall(this);
  let prompts: { value: string }[] = [];
  await call.until(async () => {
    prompts = await call.prompts();
    if (prompts.some((p) => p.value.includes(expected))) return true;
    return ENDED.has((await call.view()).status) ? false : undefined;
  });
  await attachNewExchanges(this, call);
  assert.ok(prompts.some((p) => p.value.includes(expected)), `the caller did not hear "${expected}"; they heard:\n${heard(prompts)}`);
});

Then(...requires(["webex"], "the Webex caller does not hear {string}"), async function (this: FlowsimWorld, unexpected: string) {
  const prompts = await currentCall(this).prompts();
  assert.ok(!prompts.some((p) => p.value.includes(unexpected)), `the caller heard "${unexpected}":\n${heard(prompts)}`);
});

/** By the queue's name, or its id when the flow does not name it. */
Then(...requires(["webex"], "the call is queued to {string}"), async function (this: FlowsimWorld, queue: string) {
  const call = currentCall(this);
  const { view } = await waitFor(call, (v) => v.queue !== undefined);
  await attachNewExchanges(this, call);
  assert.ok(view.queue, `the call was not queued (it is ${view.status}${view.endReason ? `: ${view.endReason}` : ""}; the flow is at ${JSON.stringify(view.activities)})`);
  assert.ok(view.queue.queueName === queue || view.queue.queueId === queue, `the call was queued to ${view.queue.queueName ?? "(unnamed)"} (${view.queue.queueId}), not to ${queue}`);
});

/** `{Acme Corp}` in the URL stands for the Salesforce id of the record of that name. */
Then(...requires(["webex"], "the agent desktop pops {string}"), async function (this: FlowsimWorld, url: string) {
  const expected = webexScenario(this).org.fill(url);
  const pops = await currentCall(this).screenPops();
  assert.ok(pops.length > 0, "nothing popped on the agent desktop");
  assert.deepEqual(pops.map((p) => p.url), [expected], "the agent desktop popped something else");
});

/**
 * | Name in Salesforce | John Smith |      (desktop label | value, as the agent sees Call Associated Data)
 */
Then(...requires(["webex"], "the agent desktop shows:"), async function (this: FlowsimWorld, table: DataTable) {
  const view = await currentCall(this).view();
  const expected = table.rowsHash();
  const shown = Object.fromEntries(view.desktop.map((f) => [f.label, f.value === null || f.value === undefined ? "" : String(f.value)]));
  const actual = Object.fromEntries(Object.keys(expected).map((label) => [label, shown[label]]));
  assert.deepEqual(actual, expected, `the agent desktop shows ${JSON.stringify(shown)}`);
});

Then(...requires(["webex"], "the case {string} has the comment {string}"), async function (this: FlowsimWorld, caseNumber: string, comment: string) {
  const comments = await webexScenario(this).org.commentsOn(caseNumber);
  assert.deepEqual(comments, [comment], `the comments on case ${caseNumber}`);
});

/** For comments that end with something the flow computes, such as the time. */
Then(...requires(["webex"], "the case {string} has a comment starting with {string}"), async function (this: FlowsimWorld, caseNumber: string, start: string) {
  const comments = await webexScenario(this).org.commentsOn(caseNumber);
  assert.equal(comments.length, 1, `case ${caseNumber} has ${comments.length} comments: ${JSON.stringify(comments)}`);
  assert.ok(comments[0].startsWith(start), `the comment on case ${caseNumber} is "${comments[0]}"`);
});

Then(...requires(["webex"], "no comment was posted"), async function (this: FlowsimWorld) {
  const comments = await webexScenario(this).org.records("CaseComment");
  assert.deepEqual(comments.map((c) => c.CommentBody), [], "comments were posted to Salesforce");
});

const errorEvents = (trace: WebexTraceStep[]) => trace.filter((s) => s.kind === "event" && s.event === "GlobalErrorHandling");

/** OnGlobalError was raised (whether or not the flow handles it), after `activity` failed when one is named. */
Then(/^the flow took the error path(?: at "([^"]*)")?$/, async function (this: FlowsimWorld, activity: string | undefined) {
  const call = currentCall(this);
  const [trace, view] = await Promise.all([call.trace(), call.view()]);
  assert.ok(errorEvents(trace).length > 0, `the flow did not take the error path (errors: ${JSON.stringify(view.errors)})`);
  if (activity !== undefined) assert.equal(view.errors[0]?.activity, activity, `the first error was ${JSON.stringify(view.errors[0])}`);
});

Then(...requires(["webex"], "the flow did not take the error path"), async function (this: FlowsimWorld) {
  const call = currentCall(this);
  const [trace, view] = await Promise.all([call.trace(), call.view()]);
  assert.deepEqual({ onGlobalError: errorEvents(trace).length, errors: view.errors }, { onGlobalError: 0, errors: [] });
});

/** The call ended because an error had nowhere to go. */
Then(...requires(["webex"], "the call was dropped"), async function (this: FlowsimWorld) {
  const call = currentCall(this);
  const { view } = await waitFor(call, (v) => ENDED.has(v.status));
  await attachNewExchanges(this, call);
  assert.equal(view.status, "ended", `the call is still ${view.status}`);
  assert.match(view.endReason ?? "", /^dropped: /, `the call ended, but not dropped: ${view.endReason}`);
});

/** An activity failed with no error path left to take (e.g. after the call had ended). */
Then(...requires(["webex"], "the activity {string} failed with {string}"), async function (this: FlowsimWorld, activity: string, text: string) {
  const view = await currentCall(this).view();
  const failures = view.errors.filter((e) => e.activity === activity);
  assert.ok(
    failures.some((e) => e.message.includes(text)),
    `no failure of ${activity} mentions "${text}"; errors: ${JSON.stringify(view.errors.map((e) => `${e.flow}/${e.activity}: ${e.message}`))}`,
  );
});

Then(...requires(["webex"], "the connector signed in to Salesforce {int} time(s)"), async function (this: FlowsimWorld, times: number) {
  const exchanges = await currentCall(this).httpExchanges();
  const signIns = exchanges.filter((x) => x.purpose === "token" && x.status === 200);
  assert.equal(signIns.length, times, `token requests: ${JSON.stringify(exchanges.filter((x) => x.purpose === "token").map((x) => `${x.activity}: ${x.status ?? x.error}`))}`);
});
