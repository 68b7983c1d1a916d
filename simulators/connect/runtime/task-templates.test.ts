import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime } from "./runtime.js";
import { createFlow } from "./flow-catalog.js";
import { createQueue, createHours, createQuickConnect } from "./routing-setup.js";
import { checkTemplate, createTaskTemplate, updateTaskTemplate, type TemplateInput } from "./task-templates.js";
import { PropertyRefusal, type PropertyProblem } from "./refusals.js";
import type { Contact } from "../flow/contact.js";

const doc = (actions: object[], type = "contactFlow") => JSON.stringify({ Version: "2019-10-30", StartAction: (actions[0] as { Identifier: string }).Identifier, Metadata: { type }, Actions: actions });
const end = { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };

function setup() {
  const rt = new Runtime();
  const taskFlow = createFlow(rt, "flow", { name: "Task flow", type: "CONTACT_FLOW", content: doc([end]) }).definition;
  const queueFlow = createFlow(rt, "flow", { name: "Queue flow", type: "CUSTOMER_QUEUE", content: doc([{ Identifier: "e", Type: "EndFlowExecution", Parameters: {}, Transitions: {} }], "customerQueue") }).definition;
  return { rt, taskFlow, queueFlow };
}

const field = (Name: string, Type: string, extra: object = {}) => ({ Id: { Name }, Type, ...extra });
const ids = (...names: string[]) => names.map((Name) => ({ Id: { Name } }));

/** Seed 002's template: the description read-only (not required), the phone number editable so the block can fill it. */
function callbackTemplate(flowId: string): TemplateInput {
  return {
    Name: "Callback request",
    Description: "The customer wants a call back",
    ContactFlowId: flowId,
    Fields: [field("Name", "NAME"), field("Description", "DESCRIPTION"), field("PhoneNumber", "TEXT")],
    Constraints: { RequiredFields: ids("Name"), ReadOnlyFields: ids("Description") },
    Defaults: { DefaultFieldValues: [{ Id: { Name: "Description" }, DefaultValue: "Call the customer back" }] },
  };
}

function problems(rt: Runtime, input: TemplateInput, options?: Parameters<typeof checkTemplate>[2]): PropertyProblem[] {
  return checkTemplate(rt, input, options);
}

const at = (list: PropertyProblem[], path: string) => list.find((p) => p.path === path);

test("seed 002: a read-only field must not be required; unticking required makes the template valid", () => {
  const { rt, taskFlow } = setup();
  const bad = callbackTemplate(taskFlow.id);
  bad.Constraints = { RequiredFields: ids("Name", "PhoneNumber"), ReadOnlyFields: ids("Description", "PhoneNumber") };
  const found = problems(rt, bad);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].path, "Constraints.ReadOnlyFields[1].Id.Name");
  assert.equal(found[0].reason, "NOT_SUPPORTED");
  assert.match(found[0].message, /"PhoneNumber" is both required and read-only/);
  assert.throws(() => createTaskTemplate(rt, bad), (e: unknown) => e instanceof PropertyRefusal && e.properties.length === 1);
  assert.equal(rt.resources.taskTemplates.all().length, 0);

  bad.Constraints = { RequiredFields: ids("Name"), ReadOnlyFields: ids("Description", "PhoneNumber") };
  assert.deepEqual(problems(rt, bad), []);
});

test("a stored template tells the Create task block each field's rules, and keeps its flow by id", () => {
  const { rt, taskFlow } = setup();
  const input = callbackTemplate(taskFlow.arn);
  input.Constraints!.InvisibleFields = ids("PhoneNumber");
  const t = createTaskTemplate(rt, input);
  assert.equal(rt.findTaskTemplate(t.id)?.name, "Callback request");
  assert.equal(t.contactFlowId, taskFlow.id);
  assert.equal(t.status, "ACTIVE");
  assert.deepEqual(t.fields, [
    { name: "Name", type: "NAME", required: true, readOnly: false, invisible: false },
    { name: "Description", type: "DESCRIPTION", required: false, readOnly: true, invisible: false, defaultValue: "Call the customer back" },
    { name: "PhoneNumber", type: "TEXT", required: false, readOnly: false, invisible: true },
  ]);
});

test("the Create task block fills the template: the read-only description from its default, the phone number from the block", async () => {
  const { rt, taskFlow } = setup();
  const template = createTaskTemplate(rt, callbackTemplate(taskFlow.id));
  const inbound = createFlow(rt, "flow", {
    name: "Inbound",
    type: "CONTACT_FLOW",
    content: doc([
      {
        Identifier: "task",
        Type: "CreateTask",
        Parameters: { Name: "Call back", TaskTemplateId: template.id, References: { PhoneNumber: { Type: "STRING", Value: "$.CustomerEndpoint.Address" } } },
        Transitions: { NextAction: "end", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] },
      },
      end,
    ]),
  }).definition;
  const tasks: Contact[] = [];
  rt.events.on((e) => e.type === "task.created" && tasks.push(e.task));
  rt.startContact({ channel: "VOICE", flow: inbound.id, customerEndpoint: { Address: "+15550100", Type: "TELEPHONE_NUMBER" } });
  await rt.whenIdle();
  assert.equal(tasks.length, 1);
  assert.equal(tasks[0].description, "Call the customer back");
  assert.deepEqual(tasks[0].references.PhoneNumber, { Type: "STRING", Value: "+15550100" });
  assert.equal(tasks[0].taskTemplateId, template.id);
});

test("the NAME field: exactly one, and required", () => {
  const { rt, taskFlow } = setup();
  const none = problems(rt, { Name: "t", ContactFlowId: taskFlow.id, Fields: [field("Phone", "TEXT")], Constraints: { RequiredFields: ids("Phone") } });
  assert.equal(at(none, "Fields")?.reason, "REQUIRED_PROPERTY_MISSING");
  const two = problems(rt, { Name: "t", ContactFlowId: taskFlow.id, Fields: [field("A", "NAME"), field("B", "NAME")], Constraints: { RequiredFields: ids("A", "B") } });
  assert.equal(at(two, "Fields[1].Type")?.reason, "UNIQUE_CONSTRAINT_VIOLATED");
  const notRequired = problems(rt, { Name: "t", ContactFlowId: taskFlow.id, Fields: [field("N", "NAME"), field("X", "TEXT")], Constraints: { RequiredFields: ids("X") } });
  assert.match(at(notRequired, "Constraints.RequiredFields")?.message ?? "", /NAME field "N" must be listed in RequiredFields/);
  const noConstraints = problems(rt, { Name: "t", ContactFlowId: taskFlow.id, Fields: [field("N", "NAME")] });
  assert.equal(at(noConstraints, "Constraints")?.reason, "REQUIRED_PROPERTY_MISSING");
});

test("constraints and defaults must name fields of the template, once", () => {
  const { rt, taskFlow } = setup();
  const found = problems(rt, {
    Name: "t",
    ContactFlowId: taskFlow.id,
    Fields: [field("N", "NAME"), field("N", "TEXT")],
    Constraints: { RequiredFields: ids("N", "N"), InvisibleFields: ids("Ghost") },
    Defaults: { DefaultFieldValues: [{ Id: { Name: "Missing" }, DefaultValue: "x" }] },
  });
  assert.equal(at(found, "Fields[1].Id.Name")?.reason, "UNIQUE_CONSTRAINT_VIOLATED");
  assert.equal(at(found, "Constraints.RequiredFields[1].Id.Name")?.reason, "UNIQUE_CONSTRAINT_VIOLATED");
  assert.equal(at(found, "Constraints.InvisibleFields[0].Id.Name")?.reason, "REFERENCED_RESOURCE_NOT_FOUND");
  assert.equal(at(found, "Defaults.DefaultFieldValues[0].Id.Name")?.reason, "REFERENCED_RESOURCE_NOT_FOUND");
});

test("a required field cannot be invisible either (decided: the agent could not fill it)", () => {
  const { rt, taskFlow } = setup();
  const found = problems(rt, { Name: "t", ContactFlowId: taskFlow.id, Fields: [field("N", "NAME"), field("Secret", "TEXT")], Constraints: { RequiredFields: ids("N", "Secret"), InvisibleFields: ids("Secret") } });
  assert.equal(at(found, "Constraints.InvisibleFields[0].Id.Name")?.reason, "NOT_SUPPORTED");
});

test("field types: options only on SINGLE_SELECT, and defaults that fit their type", () => {
  const { rt, taskFlow } = setup();
  const hours = createHours(rt, { name: "h", timeZone: "UTC", config: [] });
  const queue = createQueue(rt, { name: "q", hoursOfOperationId: hours.id });
  const qtFlow = createFlow(rt, "flow", { name: "qt", type: "QUEUE_TRANSFER", content: doc([end], "queueTransfer") }).definition;
  const qc = createQuickConnect(rt, { name: "qc", type: "QUEUE", queueConfig: { QueueId: queue.id, ContactFlowId: qtFlow.id } });
  const fields = [
    field("N", "NAME"),
    field("Count", "NUMBER"),
    field("Urgent", "BOOLEAN"),
    field("Link", "URL"),
    field("Mail", "EMAIL"),
    field("When", "DATE_TIME"),
    field("Choice", "SINGLE_SELECT", { SingleSelectOptions: ["a", "b"] }),
    field("Empty", "SINGLE_SELECT"),
    field("Note", "TEXT", { SingleSelectOptions: ["x"] }),
    field("Transfer", "QUICK_CONNECT"),
    field("Expires", "EXPIRY_DURATION"),
  ];
  const defaults = (values: Record<string, string>) => ({ DefaultFieldValues: Object.entries(values).map(([Name, DefaultValue]) => ({ Id: { Name }, DefaultValue })) });
  const base = { Name: "t", ContactFlowId: taskFlow.id, Fields: fields, Constraints: { RequiredFields: ids("N") } };
  const bad = problems(rt, { ...base, Defaults: defaults({ Count: "many", Urgent: "yes", Link: "ftp://x", Mail: "nobody", When: "tomorrow", Choice: "c", Transfer: "no-such-qc", Expires: "0" }) });
  for (const [i, reason] of [
    [0, "INVALID_FORMAT"],
    [1, "INVALID_FORMAT"],
    [2, "INVALID_FORMAT"],
    [3, "INVALID_FORMAT"],
    [4, "INVALID_FORMAT"],
    [5, "INVALID_FORMAT"],
    [6, "REFERENCED_RESOURCE_NOT_FOUND"],
    [7, "INVALID_FORMAT"],
  ] as const) {
    assert.equal(at(bad, `Defaults.DefaultFieldValues[${i}].DefaultValue`)?.reason, reason, `default ${i}: ${JSON.stringify(bad)}`);
  }
  assert.equal(at(bad, "Fields[7].SingleSelectOptions")?.reason, "REQUIRED_PROPERTY_MISSING");
  assert.equal(at(bad, "Fields[8].SingleSelectOptions")?.reason, "NOT_SUPPORTED");
  const good = problems(rt, { ...base, Defaults: defaults({ Count: "3.5", Urgent: "TRUE", Link: "https://example.com/x", Mail: "a@b.example", When: "2030-01-02T03:04:05Z", Choice: "b", Transfer: qc.arn, Expires: "1440" }) });
  assert.deepEqual(good.filter((p) => p.path.startsWith("Defaults")), []);
});

test("the template's flow: required unless a QUICK_CONNECT field routes the task, and an inbound flow", () => {
  const { rt, queueFlow } = setup();
  const base = { Name: "t", Fields: [field("N", "NAME")], Constraints: { RequiredFields: ids("N") } };
  assert.equal(at(problems(rt, base), "ContactFlowId")?.reason, "REQUIRED_PROPERTY_MISSING");
  assert.deepEqual(problems(rt, { ...base, Fields: [field("N", "NAME"), field("QC", "QUICK_CONNECT")] }), []);
  assert.equal(at(problems(rt, { ...base, ContactFlowId: "nope" }), "ContactFlowId")?.reason, "REFERENCED_RESOURCE_NOT_FOUND");
  assert.equal(at(problems(rt, { ...base, ContactFlowId: queueFlow.id }), "ContactFlowId")?.reason, "TYPE_MISMATCH");
});

test("names are unique; an update needs Status and replaces the whole template", () => {
  const { rt, taskFlow } = setup();
  const t = createTaskTemplate(rt, callbackTemplate(taskFlow.id));
  assert.equal(at(problems(rt, callbackTemplate(taskFlow.id)), "Name")?.reason, "RESOURCE_NAME_ALREADY_EXISTS");
  const partial: TemplateInput = { ContactFlowId: taskFlow.id, Fields: [field("Title", "NAME")], Constraints: { RequiredFields: ids("Title") } };
  assert.throws(() => updateTaskTemplate(rt, t.id, partial), (e: unknown) => e instanceof PropertyRefusal && e.properties.some((p) => p.path === "Status"));
  const updated = updateTaskTemplate(rt, t.arn, { ...partial, Status: "INACTIVE" });
  assert.equal(updated.name, "Callback request", "the name is kept when the update leaves it out");
  assert.equal(updated.description, undefined, "what the update leaves out is gone");
  assert.equal(updated.status, "INACTIVE");
  assert.deepEqual(updated.fields.map((f) => f.name), ["Title"]);
  assert.equal(updated.createdAt, t.createdAt);
});
