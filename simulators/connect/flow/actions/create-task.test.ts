import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness, pathOf, problemsOf, detailOf, type Harness } from "../../runtime/flow-testing.js";
import type { TaskTemplateRef } from "../refs.js";
import type { Contact } from "../contact.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text: string, next = "bye") => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next } });
const caller = { Address: "+819012345678", Type: "TELEPHONE_NUMBER" };

function addTemplate(h: Harness, template: Partial<TaskTemplateRef> & { name: string; fields: TaskTemplateRef["fields"] }): TaskTemplateRef {
  const id = template.id ?? `tt-${template.name}`;
  return h.runtime.resources.taskTemplates.add({ id, arn: h.runtime.resources.arn("task-template", id), status: "ACTIVE", createdAt: 0, updatedAt: 0, raw: {}, ...template });
}

const field = (name: string, type: string, extra: Partial<TaskTemplateRef["fields"][number]> = {}) => ({ name, type, required: false, readOnly: false, invisible: false, ...extra });

const createTask = (params: Record<string, unknown>, next = "thanks") => ({
  Identifier: "task",
  Type: "CreateTask",
  Parameters: params,
  Transitions: { NextAction: next, Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] },
});

/** The task's own inbound flow (seed 002 flow 3): working queue from a task attribute, then queue. */
function taskFlows(h: Harness): void {
  h.runtime.addQueue({ name: "Callbacks" });
  h.publish(flowDoc([{ Identifier: "end", Type: "EndFlowExecution" }], { type: "customerQueue" }), "task queue flow", "CUSTOMER_QUEUE");
  h.publish(
    flowDoc(
      [
        { Identifier: "hook", Type: "UpdateContactEventHooks", Parameters: { EventHooks: { CustomerQueue: "task queue flow" } }, Transitions: { NextAction: "set", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        { Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "$.Attributes.queue" }, Transitions: { NextAction: "queue", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        { Identifier: "queue", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "QueueAtCapacity" }, { NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        bye,
      ],
      { type: "contactFlow" },
    ),
    "task inbound",
  );
}

const tasks = (h: Harness): Contact[] => h.runtime.allSessions().map((s) => s.contact).filter((c) => c.channel === "TASK");

test("seed 002: the caller presses 2 in the customer queue flow, Create task raises a callback task that runs its own flow", async () => {
  const h = harness();
  taskFlows(h);
  h.runtime.addQueue({ name: "Support" });
  addTemplate(h, {
    name: "callback request",
    fields: [
      field("Name", "NAME", { required: true }),
      field("Description", "DESCRIPTION", { readOnly: true, defaultValue: "The customer wants a call back" }),
      field("Phone number", "TEXT"),
      field("Quick connect", "QUICK_CONNECT"),
    ],
  });
  h.publish(
    flowDoc(
      [
        {
          Identifier: "menu",
          Type: "GetParticipantInput",
          Parameters: { Text: "Press 2 to be called back", StoreInput: "False", InputTimeLimitSeconds: "5" },
          Transitions: {
            NextAction: "end",
            Conditions: [{ NextAction: "task", Condition: { Operator: "Equals", Operands: ["2"] } }],
            Errors: [
              { NextAction: "end", ErrorType: "InputTimeLimitExceeded" },
              { NextAction: "end", ErrorType: "NoMatchingCondition" },
              { NextAction: "end", ErrorType: "NoMatchingError" },
            ],
          },
        },
        createTask({
          Name: "Callback for $.CustomerEndpoint.Address",
          ContactFlowId: "task inbound",
          TaskTemplateId: "callback request",
          Attributes: { queue: "Callbacks", phone: "$.CustomerEndpoint.Address" },
          References: { "Phone number": { Type: "STRING", Value: "$.CustomerEndpoint.Address" } },
        }),
        say("thanks", "We will call you back. Task $.Task.ContactId"),
        say("failed", "Sorry"),
        { Identifier: "end", Type: "EndFlowExecution" },
        bye,
      ],
      { type: "customerQueue" },
    ),
    "voice queue flow",
    "CUSTOMER_QUEUE",
  );
  h.publish(
    flowDoc(
      [
        { Identifier: "hook", Type: "UpdateContactEventHooks", Parameters: { EventHooks: { CustomerQueue: "voice queue flow" } }, Transitions: { NextAction: "set", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        { Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "Support" }, Transitions: { NextAction: "queue", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        { Identifier: "queue", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "QueueAtCapacity" }, { NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        bye,
      ],
      { type: "contactFlow" },
    ),
    "phone number flow",
  );

  const { contact, session } = await h.start("phone number flow", { channel: "VOICE", customerEndpoint: caller, attributes: { language: "ja-JP" } });
  assert.equal(contact.state, "QUEUED");
  assert.equal(tasks(h).length, 0);
  assert.equal(h.runtime.pressKeys(contact.id, "2"), true);
  await h.settle();

  const [task] = tasks(h);
  assert.ok(task, "a task was created");
  assert.equal(contact.createdTaskId, task.id);
  assert.equal(session.prompts.at(-1)?.text, `We will call you back. Task ${task.id}`);
  assert.equal(task.name, "Callback for +819012345678");
  assert.equal(task.description, "The customer wants a call back", "the read-only description comes from the template");
  assert.deepEqual(task.references, { "Phone number": { Type: "STRING", Value: "+819012345678" } });
  assert.deepEqual(task.attributes, { queue: "Callbacks", phone: "+819012345678" }, "only what the block passes: no inherited attributes");
  assert.equal(task.customerEndpoint, undefined, "no system attributes are inherited");
  assert.equal(task.relatedContactId, contact.id, "linked to the contact, so it shows in contact search");
  assert.equal(task.taskTemplateId, "tt-callback request");
  assert.equal(task.state, "QUEUED");
  assert.equal(task.queue?.name, "Callbacks");
  const taskTrace = h.runtime.requireSession(task.id).trace;
  assert.deepEqual(
    taskTrace.filter((s) => s.kind === "flow-start").map((s) => (s.kind === "flow-start" ? `${s.flowName} (${s.flowType})` : "")),
    ["task inbound (CONTACT_FLOW)", "task queue flow (CUSTOMER_QUEUE)"],
  );
  await h.advance(10_000); // the confirmation plays before the flow hangs up
  assert.equal(contact.state, "ENDED", "the caller hung up after asking for the callback");
});

test("template rules: a read-only field cannot be filled, a required field must be, defaults fill the rest; a template's flow wins", async () => {
  const h = harness();
  taskFlows(h);
  const other = h.publish(flowDoc([bye], { type: "contactFlow" }), "other inbound");
  addTemplate(h, { name: "locked", fields: [field("Phone number", "TEXT", { readOnly: true, defaultValue: "n/a" })] });
  addTemplate(h, { name: "needs phone", fields: [field("Phone number", "TEXT", { required: true })] });
  addTemplate(h, { name: "with defaults", contactFlowId: other.id, fields: [field("Name", "NAME", { defaultValue: "Default name" }), field("Callback at", "DATE_TIME", { defaultValue: "2026-01-06T18:00:00Z" }), field("Priority", "NUMBER", { defaultValue: "3" }), field("Scheduled time", "SCHEDULED_TIME", { defaultValue: "2026-01-06T09:00:00Z" })] });
  const run = async (params: Record<string, unknown>) => {
    const name = `flow ${JSON.stringify(params)}`;
    h.publish(flowDoc([createTask({ Name: "Call back", ContactFlowId: "task inbound", Attributes: { queue: "Callbacks" }, ...params }), say("thanks", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), name);
    return h.start(name, { channel: "VOICE", customerEndpoint: caller });
  };

  const locked = await run({ TaskTemplateId: "locked", References: { "Phone number": { Type: "STRING", Value: "$.CustomerEndpoint.Address" } } });
  assert.equal(pathOf(locked.session.trace)[0], "task → Error: NoMatchingError");
  assert.match(detailOf(locked.session.trace, "task") ?? "", /template field "Phone number" is read-only/);

  const required = await run({ TaskTemplateId: "needs phone" });
  assert.match(detailOf(required.session.trace, "task") ?? "", /template field "Phone number" is required/);
  assert.equal(tasks(h).length, 0);

  const defaults = await run({ TaskTemplateId: "with defaults", Name: "" });
  assert.equal(pathOf(defaults.session.trace)[0], "task → Success");
  assert.match(detailOf(defaults.session.trace, "task") ?? "", /the task template's flow is used, not ContactFlowId "task inbound"/);
  const [task] = tasks(h);
  assert.equal(task.name, "Default name");
  assert.deepEqual(task.references, { "Callback at": { Type: "DATE", Value: "2026-01-06T18:00:00Z" }, Priority: { Type: "NUMBER", Value: "3" } });
  assert.equal(task.scheduledTimestamp, Date.parse("2026-01-06T09:00:00Z"), "a scheduled-time default schedules the task");
  assert.deepEqual(h.runtime.requireSession(task.id).trace, [], "its flow waits for the scheduled time");
  await h.advance(Date.parse("2026-01-06T09:00:00Z") - h.clock.now());
  assert.equal(h.runtime.requireSession(task.id).trace.find((s) => s.kind === "flow-start")?.flowName, "other inbound");
});

test("DelaySeconds and ScheduledTime start the task's flow only when the virtual clock reaches the time", async () => {
  const h = harness();
  taskFlows(h);
  h.publish(flowDoc([createTask({ Name: "Later", ContactFlowId: "task inbound", DelaySeconds: "3600", Attributes: { queue: "Callbacks" } }), say("thanks", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), "delayed");
  await h.start("delayed");
  const [task] = tasks(h);
  assert.equal(task.state, "SCHEDULED");
  await h.advance(3599_000);
  assert.equal(task.state, "SCHEDULED");
  await h.advance(1000);
  assert.equal(task.state, "QUEUED");

  h.publish(flowDoc([createTask({ Name: "At", ContactFlowId: "task inbound", ScheduledTime: "$.Attributes.when", Attributes: { queue: "Callbacks" } }), say("thanks", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), "scheduled");
  const inOneDay = Math.floor(h.clock.now() / 1000) + 86_400;
  await h.start("scheduled", { attributes: { when: String(inOneDay) } });
  const scheduled = tasks(h).find((t) => t.name === "At")!;
  assert.equal(scheduled.scheduledTimestamp, inOneDay * 1000);
  await h.advance(86_400_000);
  assert.equal(scheduled.state, "QUEUED");

  const past = await h.start("scheduled", { attributes: { when: String(Math.floor(h.clock.now() / 1000) - 60) } });
  assert.equal(pathOf(past.session.trace)[0], "task → Error: NoMatchingError");
  assert.match(detailOf(past.session.trace, "task") ?? "", /has passed/);
  const tooFar = await h.start("scheduled", { attributes: { when: String(Math.floor(h.clock.now() / 1000) + 7 * 86_400) } });
  assert.match(detailOf(tooFar.session.trace, "task") ?? "", /more than 6 days ahead/);
  const garbage = await h.start("scheduled", { attributes: { when: "soon" } });
  assert.match(detailOf(garbage.session.trace, "task") ?? "", /neither epoch seconds nor a date/);
  const beyondDates = await h.start("scheduled", { attributes: { when: "1e300" } });
  assert.equal(pathOf(beyondDates.session.trace)[0], "task → Error: NoMatchingError", "a time no date can hold takes the Error branch");
});

test("the task's flow: by a foreign ARN and the exported name, unknown, or not an inbound flow", async () => {
  const h = harness();
  taskFlows(h);
  h.publish(flowDoc([{ Identifier: "end", Type: "EndFlowExecution" }], { type: "customerWhisper" }), "a whisper", "CUSTOMER_WHISPER");
  const foreign = "arn:aws:connect:us-west-2:774622750279:instance/e756de95-af8c-4328-823c-9b402312a229/contact-flow/7bd5637b-01fd-4fe3-b1af-9a138606585f";
  h.publish(
    flowDoc([createTask({ Name: "Claim", ContactFlowId: foreign, Attributes: { queue: "Callbacks" } }), say("thanks", "ok"), say("failed", "failed"), bye], {
      Metadata: { type: "contactFlow", ActionMetadata: { task: { parameters: { ContactFlowId: { displayName: "task inbound" } }, ContactFlow: { text: "task inbound" } } } },
    }),
    "by-name",
  );
  const ok = await h.start("by-name");
  assert.equal(pathOf(ok.session.trace)[0], "task → Success");

  h.publish(flowDoc([createTask({ Name: "Claim", ContactFlowId: "$.Attributes.flow" }), say("thanks", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), "dynamic");
  const unknown = await h.start("dynamic", { attributes: { flow: "SELECT CONTACT FLOW" } });
  assert.match(detailOf(unknown.session.trace, "task") ?? "", /no published flow matches "SELECT CONTACT FLOW"/);
  const whisper = await h.start("dynamic", { attributes: { flow: "a whisper" } });
  assert.match(detailOf(whisper.session.trace, "task") ?? "", /a task starts on an inbound flow/);
  assert.equal(tasks(h).length, 1);
});

test("run-time checks: empty name, bad reference type, unknown template", async () => {
  const h = harness();
  taskFlows(h);
  const run = async (params: Record<string, unknown>, attributes: Record<string, string> = {}) => {
    const name = `flow ${JSON.stringify(params)}`;
    h.publish(flowDoc([createTask({ ContactFlowId: "task inbound", ...params }), say("thanks", "ok"), say("failed", "failed"), bye], { type: "contactFlow" }), name);
    const { session } = await h.start(name, { attributes });
    return detailOf(session.trace, "task") ?? "";
  };
  assert.match(await run({ Name: "$.Attributes.missing" }), /the task has no name/);
  assert.match(await run({ Name: "x", References: { Doc: { Type: "$.Attributes.t", Value: "v" } } }, { t: "PDF" }), /reference "Doc" has type "PDF"/);
  assert.match(await run({ Name: "x", TaskTemplateId: "nope" }), /no task template matches "nope"/);
  assert.match(await run({ Name: "x", Attributes: { "$.Attributes.k": "v" } }, { k: "a.b" }), /task attribute key "a.b"/);
  assert.equal(tasks(h).length, 0);
});

test("load: Create task parameters", () => {
  const rest = [say("thanks", "ok"), say("failed", "failed"), bye];
  const errors = (params: Record<string, unknown>) => problemsOf([createTask(params), ...rest]).filter((p) => p.startsWith("error"));
  // The corpus shape (Sample / step-by-step guides exports).
  assert.deepEqual(errors({ Name: "New Insurance Claim", ContactFlowId: "arn:aws:connect:us-west-2:1:instance/x/contact-flow/y", Description: "Details", Attributes: { Expedited: "$.External.Expedited" } }), []);
  assert.deepEqual(errors({ Name: "Callback", TaskTemplateId: "tpl" }), [], "a template with a flow makes ContactFlowId optional");
  assert.match(errors({ ContactFlowId: "f" }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.Name$/m);
  assert.match(errors({ Name: "", ContactFlowId: "f" }).join("\n"), /Name \(the task name; the service reports it as ContactName\)/);
  assert.match(errors({ Name: "x", ContactFlowId: "" }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.ContactFlowId/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", DelaySeconds: "60", ScheduledTime: "1767600000" }).join("\n"), /Only one of these properties may be defined. Properties: \[DelaySeconds, ScheduledTime\]/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", DelaySeconds: "518401" }).join("\n"), /518401 is above the maximum 518400/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", DelaySeconds: "0" }).join("\n"), /0 is below the minimum 1/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", ScheduledTime: "tomorrow" }).join("\n"), /"tomorrow" is neither epoch seconds nor a date/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", TaskTemplateId: "$.Attributes.t" }).join("\n"), /TaskTemplateId \(must be defined statically/);
  assert.match(errors({ Name: "x", ContactFlowId: "Flow $.Attributes.f" }).join("\n"), /must be static or a single JSONPath/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", References: { Doc: { Type: "PDF", Value: "v" } } }).join("\n"), /"PDF" is not one of URL, NUMBER, STRING, DATE, EMAIL/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", References: { Doc: "https://example.com" } }).join("\n"), /References.Doc \(must be an object\)/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", Attributes: { "a.b": "v" } }).join("\n"), /the attribute key "a.b" contains/);
  assert.match(errors({ Name: "x", ContactFlowId: "f", LinkToContact: "true" }).join("\n"), /Invalid Action property name. Path: Actions\[0\].Parameters.LinkToContact/);
  assert.deepEqual(problemsOf([createTask({ Name: "x", ContactFlowId: "f" }), ...rest], "agentHold").filter((p) => p.startsWith("error Actions[0]")), [], "all flow types");
});
