import { test } from "node:test";
import assert from "node:assert/strict";
import { applyTemplateFields, parseScheduledTime, type TaskDraft } from "./task-template-fields.js";
import type { TaskTemplateRef } from "./refs.js";

type Field = TaskTemplateRef["fields"][number];
const field = (name: string, type: string, extra: Partial<Field> = {}): Field => ({ name, type, required: false, readOnly: false, invisible: false, ...extra });
const draft = (extra: Partial<TaskDraft> = {}): TaskDraft => ({ name: "", references: {}, ...extra });

test("defaults fill what the task is started without; agent-side fields are left to the agent", () => {
  const d = draft();
  const fields = [
    field("Name", "NAME", { defaultValue: "Callback" }),
    field("Description", "DESCRIPTION", { defaultValue: "Call the customer back" }),
    field("When", "SCHEDULED_TIME", { defaultValue: "1767600000" }),
    field("Link", "URL", { defaultValue: "https://crm.example/1" }),
    field("Due", "DATE_TIME", { defaultValue: "2026-01-06T18:00:00Z" }),
    field("Mine", "SELF_ASSIGN", { required: true, defaultValue: "true" }),
  ];
  assert.equal(applyTemplateFields(fields, d), undefined);
  assert.deepEqual(d, {
    name: "Callback",
    description: "Call the customer back",
    scheduledAt: 1_767_600_000_000,
    references: { Link: { Type: "URL", Value: "https://crm.example/1" }, Due: { Type: "DATE", Value: "2026-01-06T18:00:00Z" } },
  });
});

test("the first broken rule is returned, field by field in the template's order", () => {
  const fields = [field("Phone", "TEXT", { required: true }), field("Notes", "TEXT_AREA", { readOnly: true })];
  assert.deepEqual(applyTemplateFields(fields, draft({ references: { Notes: { Type: "STRING", Value: "x" } } })), { kind: "required", field: "Phone" });
  assert.deepEqual(applyTemplateFields(fields, draft({ references: { Phone: { Type: "STRING", Value: "1" }, Notes: { Type: "STRING", Value: "x" } } })), { kind: "read-only", field: "Notes" });
  assert.deepEqual(applyTemplateFields([field("When", "SCHEDULED_TIME", { defaultValue: "next week" })], draft()), { kind: "default-not-a-date", field: "When" });
});

test("a reference of the wrong type for its field is refused only when asked to check (StartTaskContact does, the Create task block does not)", () => {
  const fields = [field("Phone", "TEXT")];
  const given = { Phone: { Type: "URL", Value: "https://x" } };
  assert.deepEqual(applyTemplateFields(fields, draft({ references: { ...given } }), { checkReferenceTypes: true }), { kind: "reference-type", field: "Phone", fieldType: "TEXT", expected: "STRING", given: "URL" });
  assert.equal(applyTemplateFields(fields, draft({ references: { ...given } })), undefined);
});

test("scheduled times are epoch seconds or ISO 8601 dates", () => {
  assert.equal(parseScheduledTime("1767600000"), 1_767_600_000_000);
  assert.equal(parseScheduledTime(1767600000), 1_767_600_000_000);
  assert.equal(parseScheduledTime("2026-01-06T09:00:00Z"), Date.parse("2026-01-06T09:00:00Z"));
  assert.equal(parseScheduledTime("  "), undefined);
  assert.equal(parseScheduledTime("soon"), undefined);
  assert.equal(parseScheduledTime(undefined), undefined);
});
