/** Tasks: templates, what a flow or an agent created, who is offered it, scheduling and transfers. */
import { After, Given, When, Then, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Contact } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../support/world.js";
import type { AgentContactView } from "../support/drivers/agent.js";
import { e164 } from "../support/drivers/caller.js";
import {
  createTaskTemplate,
  deleteTaskTemplate,
  describeContact,
  fieldEditable,
  fieldValue,
  reschedule,
  searchHasCaughtUpWith,
  searchTasks,
  startTaskFromTemplate,
  taskView,
  type TemplateFieldRow,
  type TaskView,
} from "../support/drivers/tasks.js";
import { scenarioState } from "../support/scenario-state.js";

import { ms } from "../support/durations.js";

/** "1 hour", "90 minutes": how a duration reads in a feature. */
function duration(msValue: number): string {
  for (const [unit, per] of [["hour", 3_600_000], ["minute", 60_000], ["second", 1000]] as const) {
    if (msValue % per === 0) {
      const n = msValue / per;
      return `${n} ${unit}${n === 1 ? "" : "s"}`;
    }
  }
  return `${msValue} ms`;
}

function parseDuration(text: string): number {
  const m = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration such as "1 hour" or "30 minutes"`);
  return ms(Number(m[1]), m[2]);
}

/** What this file keeps per scenario: the outcome of the last attempt that may be refused. */
interface TaskScenario {
  templateAttempt?: { name: string; error?: Error & { PropertyList?: { PropertyPath?: string; Reason?: string; Message?: string }[] } };
  transfer?: { state: string; detail?: string; contactId: string };
  /** Templates created to probe the service's rules, removed after the scenario where they outlive it. */
  probes: string[];
}

const scenarios = scenarioState((): TaskScenario => ({ probes: [] }));
const scenario = (world: FlowsimWorld) => scenarios.of(world);

After(async function (this: FlowsimWorld) {
  const s = scenarios.peek(this);
  // A simulator is thrown away with the scenario; anywhere else the probe templates would stay.
  if (!s || !this.target || this.target.name === "sim") return;
  for (const id of s.probes) await deleteTaskTemplate(this, id).catch(() => undefined);
});

function rowsOf(table: DataTable): TemplateFieldRow[] {
  return table.hashes().map((r) => ({ field: r.field, type: r.type, required: r.required, editable: r.editable, default: r.default }));
}

// ---- task templates -------------------------------------------------------------------

/**
 * | field       | type        | required | editable | default                              |
 * | Description | description | no       | no       | The customer asked to be called back |
 */
Given("a task template {string} for the flow {string} with the fields:", async function (this: FlowsimWorld, name: string, flow: string, table: DataTable) {
  if (this.target.name === "staging") return; // staging templates are the instance's own, mapped by name
  await createTaskTemplate(this, name, flow, rowsOf(table));
});

When("the administrator creates a task template {string} for the flow {string} with the fields:", async function (this: FlowsimWorld, name: string, flow: string, table: DataTable) {
  const s = scenario(this);
  // Names are unique on an instance: probes of scenarios running side by side on a shared
  // staging instance must not collide (each is deleted after its scenario).
  const probeName = this.target.name === "staging" ? `${name} (probe ${randomBytes(4).toString("hex")})` : name;
  try {
    const created = await createTaskTemplate(this, probeName, flow, rowsOf(table));
    s.probes.push(created.id);
    s.templateAttempt = { name };
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    // Only the service saying no is an answer; anything else means the request never got one.
    if (!e.$metadata?.httpStatusCode || e.$metadata.httpStatusCode >= 500) throw err;
    s.templateAttempt = { name, error: e };
  }
});

Then("the task template is accepted", function (this: FlowsimWorld) {
  const attempt = scenario(this).templateAttempt;
  assert.ok(attempt, "no task template was created in this scenario");
  if (attempt.error) assert.fail(`the task template "${attempt.name}" was refused: ${attempt.error.name}: ${attempt.error.message}`);
});

Then("the task template is refused for the field {string}", function (this: FlowsimWorld, field: string) {
  const attempt = scenario(this).templateAttempt;
  assert.ok(attempt, "no task template was created in this scenario");
  assert.ok(attempt.error, `the task template "${attempt.name}" was accepted`);
  assert.equal(attempt.error.name, "PropertyValidationException", `the task template was refused with ${attempt.error.name}: ${attempt.error.message}`);
  const said = `${attempt.error.message} ${JSON.stringify(attempt.error.PropertyList ?? [])}`;
  assert.ok(said.includes(field), `the refusal does not name the field "${field}": ${said}`);
});

// ---- finding the task a flow created --------------------------------------------------

/**
 * The contact id of "the call" (the last caller's) or "the call from "+1..."", as the call
 * steps noted it: a simulated caller's call, or a test case's simulated contact on staging.
 */
function callId(world: FlowsimWorld, which: string): string {
  const from = /^the call from "?([^"]+)"?$/.exec(which.trim());
  const key = from ? `call from ${e164(from[1])}` : which.trim() === "the call" ? "call" : undefined;
  if (!key) throw new Error(`"${which}" is not "the call" or "the call from "+1...""`);
  const id = world.contacts.get(key);
  if (!id) throw new Error(`no ${key} in this scenario (contacts: ${[...world.contacts.keys()].join(", ") || "none"})`);
  return id;
}

/** The table's rows read from the task, in the table's own words, so a mismatch shows as a diff. */
function actualRows(world: FlowsimWorld, view: TaskView, expected: Record<string, string>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const c = view.contact;
  for (const [key, want] of Object.entries(expected)) {
    const ref = /^reference (.+)$/.exec(key);
    const attr = /^attribute (.+)$/.exec(key);
    if (key === "name") out[key] = c.Name;
    else if (key === "description") out[key] = c.Description;
    else if (key === "template") out[key] = c.TaskTemplateInfo?.Name;
    else if (ref) out[key] = view.references[ref[1]];
    else if (attr) out[key] = view.attributes[attr[1]];
    else if (key === "linked to") out[key] = c.RelatedContactId === callId(world, want) ? want : c.RelatedContactId ? `contact ${c.RelatedContactId}` : "(nothing)";
    else if (key === "scheduled in") out[key] = c.ScheduledTimestamp && c.InitiationTimestamp ? duration(c.ScheduledTimestamp.getTime() - c.InitiationTimestamp.getTime()) : "(not scheduled)";
    else throw new Error(`unknown task row "${key}" (name, description, template, reference <name>, attribute <key>, linked to, scheduled in)`);
  }
  return out;
}

function normalized(expected: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, k === "scheduled in" ? duration(parseDuration(v)) : v]));
}

const describeTasks = (tasks: Contact[]) => (tasks.length ? tasks.map((t) => `  ${t.Id} "${t.Name}" queue ${t.QueueInfo?.Id ?? "-"} related ${t.RelatedContactId ?? "-"} scheduled ${t.ScheduledTimestamp?.toISOString() ?? "-"}`).join("\n") : "  (none)");

/**
 * Finds the task (SearchContacts, newest first) that `fits`, and whose rows match the
 * table; waits for the target's patience, then reports the closest one. SearchContacts is
 * eventually consistent and rate-limited (0.5/s by default): looks back off, from 50 ms to
 * every 2 s, so that a staging run waits for the search to catch up without being throttled.
 */
async function expectTask(world: FlowsimWorld, what: string, fits: (c: Contact) => boolean, table: DataTable): Promise<void> {
  const expected = normalized(table.rowsHash());
  const linked = expected["linked to"] !== undefined ? callId(world, expected["linked to"]) : undefined;
  const deadline = Date.now() + world.target.patienceMs;
  for (let delay = 50; ; delay = Math.min(2000, delay * 2)) {
    const tasks = await searchTasks(world);
    const candidates = tasks.filter((c) => fits(c) && (linked === undefined || c.RelatedContactId === linked)).sort((a, b) => (b.InitiationTimestamp?.getTime() ?? 0) - (a.InitiationTimestamp?.getTime() ?? 0));
    let closest: { view: TaskView; actual: Record<string, string | undefined> } | undefined;
    for (const c of candidates) {
      const view = await taskView(world, c.Id!);
      const actual = actualRows(world, view, expected);
      closest ??= { view, actual };
      if (Object.entries(expected).every(([k, v]) => actual[k] === v)) {
        world.contacts.set("task", c.Id!);
        return;
      }
    }
    if (Date.now() > deadline) {
      if (!closest) assert.fail(`no task ${what}${linked ? ` linked to ${expected["linked to"]}` : ""}; the tasks SearchContacts finds:\n${describeTasks(tasks)}`);
      world.contacts.set("task", closest.view.contact.Id!);
      assert.deepEqual(closest.actual, expected, `the task ${what} (${closest.view.contact.Id}) is not as expected`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * | name                  | Callback request                     |
 * | reference PhoneNumber | +15555550123                         |
 * | attribute CallbackQueue... | ...                             |
 * | linked to             | the call                             |
 */
Then("a task was created in the queue {string} with:", async function (this: FlowsimWorld, queue: string, table: DataTable) {
  const queueId = this.resource("queue", queue).id;
  await expectTask(this, `in the queue "${queue}"`, (c) => c.QueueInfo?.Id === queueId, table);
});

/** A task waiting for its time: scheduled, not yet in any queue. */
Then("a task was scheduled with:", async function (this: FlowsimWorld, table: DataTable) {
  await expectTask(this, "scheduled for later", (c) => c.ScheduledTimestamp !== undefined && !c.QueueInfo?.Id, table);
});

Then("no task was created for the call", async function (this: FlowsimWorld) {
  const call = callId(this, "the call");
  // Searches lag behind on the service: wait (backing off) until the search shows the call as it is.
  const deadline = Date.now() + this.target.patienceMs;
  for (let delay = 50; !(await searchHasCaughtUpWith(this, call)); delay = Math.min(2000, delay * 2)) {
    if (Date.now() > deadline) assert.fail(`SearchContacts has not caught up with the call ${call} in ${this.target.patienceMs / 1000} s: whether a task was created for it cannot be told yet`);
    await new Promise((r) => setTimeout(r, delay));
  }
  const linked = (await searchTasks(this)).filter((c) => c.RelatedContactId === call);
  assert.deepEqual(linked.map((c) => c.Id), [], `tasks were created for the call ${call}:\n${describeTasks(linked)}`);
});

function theTask(world: FlowsimWorld): string {
  const id = world.contacts.get("task");
  if (!id) throw new Error('no task in this scenario yet: find it first ("Then a task was created in the queue ..." / "a task was scheduled with:")');
  return id;
}

Then("the task is waiting for its scheduled time", async function (this: FlowsimWorld) {
  const task = await describeContact(this, theTask(this));
  const now = await this.now();
  assert.ok(task.ScheduledTimestamp, `the task ${task.Id} is not scheduled`);
  assert.ok(task.ScheduledTimestamp.getTime() > now, `the task's time ${task.ScheduledTimestamp.toISOString()} has come (now ${new Date(now).toISOString()})`);
  assert.equal(task.QueueInfo?.Id, undefined, `the task was already delivered to queue ${task.QueueInfo?.Id}`);
});

// ---- tasks created by people and systems ----------------------------------------------

/**
 * StartTaskContact with the template, as an agent's "Create task" with a date and time
 * in the future. The table fills template fields: | PhoneNumber | +15555550177 |
 */
When("a task {string} is created from the template {string} to be delivered in {int} {word} with:", async function (this: FlowsimWorld, name: string, template: string, amount: number, unit: string, table: DataTable) {
  const at = (await this.now()) + ms(amount, unit);
  const id = await startTaskFromTemplate(this, { name, template, references: table.rowsHash(), scheduledAt: at });
  this.contacts.set("task", id);
});

When("the task is rescheduled to {int} {word} from now", async function (this: FlowsimWorld, amount: number, unit: string) {
  const id = theTask(this);
  const at = (await this.now()) + ms(amount, unit);
  try {
    await reschedule(this, id, at);
  } catch (err) {
    const e = err as Error;
    assert.fail(`the task ${id} could not be rescheduled: ${e.name}: ${e.message}`);
  }
  const task = await describeContact(this, id);
  // Connect keeps schedules to the second.
  const off = Math.abs((task.ScheduledTimestamp?.getTime() ?? 0) - at);
  assert.ok(off < 1000, `the task's time is ${task.ScheduledTimestamp?.toISOString() ?? "not set"}, not ${new Date(at).toISOString()}`);
});

/** UpdateContactSchedule is refused once the task was delivered (seed 002). */
Then("the task can no longer be rescheduled", async function (this: FlowsimWorld) {
  const id = theTask(this);
  const before = (await describeContact(this, id)).ScheduledTimestamp;
  const at = (await this.now()) + ms(1, "hour");
  let refused: (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
  try {
    await reschedule(this, id, at);
  } catch (err) {
    refused = err as Error & { $metadata?: { httpStatusCode?: number } };
  }
  assert.ok(refused, `the delivered task ${id} was rescheduled to ${new Date(at).toISOString()}`);
  const status = refused.$metadata?.httpStatusCode ?? 0;
  if (status === 0 || status >= 500) throw refused;
  assert.ok(status >= 400 && status < 500, `rescheduling the delivered task failed with ${refused.name} (${status}), not a refusal`);
  assert.equal((await describeContact(this, id)).ScheduledTimestamp?.getTime(), before?.getTime(), "the refused schedule changed the task anyway");
});

// ---- agents and tasks -----------------------------------------------------------------

When(...requires(["agent desktop"], "agent {string} becomes available"), async function (this: FlowsimWorld, name: string) {
  await this.agent(name).setStatus("Available");
});

Then(...requires(["agent desktop"], "agent {string} is offered the task"), async function (this: FlowsimWorld, name: string) {
  const offer = await this.agent(name).waitForContact("offered", "TASK");
  this.contacts.set(`task offered to agent ${name}`, offer.contactId);
});

const describeSlots = (contacts: AgentContactView[]) => JSON.stringify(contacts.map((c) => ({ channel: c.channel, state: c.state, name: c.name })));

Then(...requires(["agent desktop"], "agent {string} is not offered the task"), async function (this: FlowsimWorld, name: string) {
  const view = await this.agent(name).view();
  const tasks = view.contacts.filter((c) => c.channel === "TASK");
  assert.ok(tasks.length === 0, `agent ${name} (${view.status}) has tasks: ${describeSlots(view.contacts)}`);
});

Then(...requires(["agent desktop"], "agent {string} is still on the call"), async function (this: FlowsimWorld, name: string) {
  const view = await this.agent(name).view();
  assert.ok(view.contacts.some((c) => c.channel === "VOICE" && c.state === "connected"), `agent ${name} is not on a call: ${describeSlots(view.contacts)}`);
});

Then(...requires(["agent desktop"], "agent {string} is connected to the call and the task at the same time"), async function (this: FlowsimWorld, name: string) {
  const view = await this.agent(name).view();
  const connected = view.contacts.filter((c) => c.state === "connected").map((c) => c.channel).sort();
  assert.deepEqual(connected, ["TASK", "VOICE"], `agent ${name} holds ${describeSlots(view.contacts)}`);
});

Then(...requires(["agent desktop"], "agent {string} still has the task"), async function (this: FlowsimWorld, name: string) {
  const view = await this.agent(name).view();
  assert.ok(view.contacts.some((c) => c.channel === "TASK" && c.state === "connected"), `agent ${name} no longer works on the task: ${describeSlots(view.contacts)}`);
});

/**
 * What the agent's task view shows, field by field, and whether the agent may edit it:
 * | field       | value                                | editable |
 * | Description | The customer asked to be called back | no       |
 */
Then(...requires(["agent desktop"], "agent {string} sees the task with:"), async function (this: FlowsimWorld, name: string, table: DataTable) {
  const slot = await this.agent(name).connectedContact("TASK");
  const view = await taskView(this, slot.contactId);
  const expected = table.hashes().map((r) => ({ field: r.field, value: r.value, editable: r.editable }));
  const actual = expected.map((r) => ({ field: r.field, value: fieldValue(view, r.field), editable: fieldEditable(view, r.field) ? "yes" : "no" }));
  assert.deepEqual(actual, expected, `agent ${name}'s task ${slot.contactId} (template ${view.contact.TaskTemplateInfo?.Name ?? "none"})`);
});

When(...requires(["agent desktop"], "agent {string} transfers the task with the quick connect {string}"), async function (this: FlowsimWorld, name: string, quickConnect: string) {
  const res = await this.agent(name).transfer(quickConnect, "TASK");
  scenario(this).transfer = { ...res.transfer, contactId: res.contactId };
  this.contacts.set("transferred task", res.contactId);
});

Then(...requires(["agent desktop"], "the transfer of the task fails"), function (this: FlowsimWorld) {
  const transfer = scenario(this).transfer;
  assert.ok(transfer, "no task was transferred in this scenario");
  assert.equal(transfer.state, "failed", `the transfer ${transfer.state}${transfer.detail ? `: ${transfer.detail}` : ""}`);
});
