/**
 * Seed 002's rules for where a task template's fields meet what a task is started with:
 * a read-only field cannot be filled, a default fills a field left empty, a required field
 * must end up with a value. Custom fields are filled by References named like the field,
 * as StartTaskContact fills them. StartTaskContact (runtime/tasks.ts) and the Create task
 * block (actions/create-task.ts) both apply them through `applyTemplateFields`, so the two
 * ways of starting a task cannot drift apart; each words the violation for its own caller.
 * The rules belong to the flow language: the runtime applies them, never the reverse.
 */
import type { TaskTemplateRef } from "./refs.js";
import type { Reference } from "./contact.js";

/** Reference types a contact can be created with ("ATTACHMENT is not a supported reference type"). */
export const CREATE_REFERENCE_TYPES = ["URL", "NUMBER", "STRING", "DATE", "EMAIL"] as const;

/** Template field types that nothing starting the task can fill (the agent or the template sets them). */
const AGENT_SIDE_FIELDS = new Set(["QUICK_CONNECT", "SELF_ASSIGN", "EXPIRY_DURATION"]);

/** What a task is about to be started with; `applyTemplateFields` fills it in place. */
export interface TaskDraft {
  name: string;
  description?: string;
  /** Epoch ms. */
  scheduledAt?: number;
  references: Record<string, Reference>;
}

export type TemplateViolation =
  | { kind: "read-only"; field: string }
  | { kind: "required"; field: string }
  | { kind: "default-not-a-date"; field: string }
  | { kind: "reference-type"; field: string; fieldType: string; expected: string; given: string };

/** The reference type that carries a template field's value. */
function referenceTypeOf(fieldType: string): string {
  switch (fieldType) {
    case "URL":
    case "NUMBER":
    case "EMAIL":
      return fieldType;
    case "DATE_TIME":
      return "DATE";
    default:
      return "STRING";
  }
}

/** Epoch ms from epoch seconds ("Values for date fields must be in Unix timestamp (Epoch seconds)") or an ISO 8601 date. */
export function parseScheduledTime(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Applies the template's fields to `draft` (defaults filled in place) and returns the first
 * rule it breaks, field by field in the template's order. `checkReferenceTypes`: a reference
 * given for a custom field must have the field's reference type (StartTaskContact checks it;
 * the Create task block has not).
 */
export function applyTemplateFields(fields: TaskTemplateRef["fields"], draft: TaskDraft, options: { checkReferenceTypes?: boolean } = {}): TemplateViolation | undefined {
  for (const field of fields) {
    if (AGENT_SIDE_FIELDS.has(field.type)) continue;
    let supplied: boolean;
    let fill: (value: string) => TemplateViolation | undefined;
    switch (field.type) {
      case "NAME":
        supplied = draft.name !== "";
        fill = (v) => void (draft.name = v);
        break;
      case "DESCRIPTION":
        supplied = !!draft.description;
        fill = (v) => void (draft.description = v);
        break;
      case "SCHEDULED_TIME":
        supplied = draft.scheduledAt !== undefined;
        fill = (v) => {
          const at = parseScheduledTime(v);
          if (at === undefined) return { kind: "default-not-a-date", field: field.name };
          draft.scheduledAt = at;
          return undefined;
        };
        break;
      default: {
        const given = draft.references[field.name];
        const type = referenceTypeOf(field.type);
        if (given && options.checkReferenceTypes && given.Type !== type) return { kind: "reference-type", field: field.name, fieldType: field.type, expected: type, given: given.Type };
        supplied = given !== undefined;
        fill = (v) => void (draft.references[field.name] = { Type: type, Value: v });
      }
    }
    if (supplied && field.readOnly) return { kind: "read-only", field: field.name };
    if (!supplied && field.defaultValue !== undefined && field.defaultValue !== "") {
      const bad = fill(field.defaultValue);
      if (bad) return bad;
      supplied = true;
    }
    if (!supplied && field.required) return { kind: "required", field: field.name };
  }
  return undefined;
}
