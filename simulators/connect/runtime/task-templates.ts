/**
 * Task templates: the rules a template must meet before the service stores it, answered
 * the way CreateTaskTemplate answers them (a PropertyList naming each bad property), and
 * the field view the Create task block works from (required / read-only / invisible /
 * default per field).
 *
 * Documented rules (API reference): exactly one NAME field, listed in RequiredFields;
 * Constraints required with at least one RequiredFields entry; a ContactFlowId or a
 * QUICK_CONNECT field; UpdateTaskTemplate needs Status and replaces the whole template.
 * Seed 002: a field that is not editable (read-only) must not be required, or the
 * template is rejected. Decided here (undocumented): the same holds for invisible
 * fields (an agent cannot fill what it cannot see); constraints and defaults must name
 * fields of the template; defaults must fit their field's type; the template's flow must
 * be an inbound flow (a task starts on one).
 */
import type { TaskTemplateRef } from "../flow/refs.js";
import { flowTypeOf } from "./flow-catalog.js";
import { PropertyRefusal, Refusal, type PropertyProblem } from "./refusals.js";
import type { TaskTemplateResource } from "./resources.js";
import type { Runtime } from "./runtime.js";

export const FIELD_TYPES = ["NAME", "DESCRIPTION", "SCHEDULED_TIME", "QUICK_CONNECT", "URL", "NUMBER", "TEXT", "TEXT_AREA", "DATE_TIME", "BOOLEAN", "SINGLE_SELECT", "EMAIL", "SELF_ASSIGN", "EXPIRY_DURATION"] as const;

/** Types that map to one property of the task, so a template holds at most one of each. */
const SINGLE_USE_TYPES = new Set(["NAME", "DESCRIPTION", "SCHEDULED_TIME", "QUICK_CONNECT", "SELF_ASSIGN", "EXPIRY_DURATION"]);

/** Task expiry is set in minutes; the admin guide allows up to 90 days. */
const MAX_EXPIRY_MINUTES = 90 * 24 * 60;

interface FieldRef {
  Id?: { Name?: string };
}

export interface TemplateField {
  Id?: { Name?: string };
  Description?: string;
  Type?: string;
  SingleSelectOptions?: string[];
}

/** The template as CreateTaskTemplate / UpdateTaskTemplate carry it (already checked for JSON types). */
export interface TemplateInput {
  Name?: string;
  Description?: string;
  ContactFlowId?: string;
  SelfAssignFlowId?: string;
  Constraints?: { RequiredFields?: FieldRef[]; ReadOnlyFields?: FieldRef[]; InvisibleFields?: FieldRef[] };
  Defaults?: { DefaultFieldValues?: (FieldRef & { DefaultValue?: string })[] };
  Status?: "ACTIVE" | "INACTIVE";
  Fields?: TemplateField[];
}

const nameOf = (ref: FieldRef | undefined): string | undefined => (typeof ref?.Id?.Name === "string" ? ref.Id.Name : undefined);

/** Why a default does not fit its field, or undefined when it does. */
function defaultProblem(rt: Runtime, field: TemplateField, value: string): { reason: PropertyProblem["reason"]; message: string } | undefined {
  const bad = (message: string) => ({ reason: "INVALID_FORMAT" as const, message });
  switch (field.Type) {
    case "NUMBER":
      return value.trim() !== "" && Number.isFinite(Number(value)) ? undefined : bad(`"${value}" is not a number`);
    case "BOOLEAN":
    case "SELF_ASSIGN":
      return /^(true|false)$/i.test(value) ? undefined : bad(`"${value}" is not true or false`);
    case "URL": {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      return url && (url.protocol === "https:" || url.protocol === "http:") ? undefined : bad(`"${value}" is not an http(s) URL`);
    }
    case "EMAIL":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : bad(`"${value}" is not an email address`);
    case "DATE_TIME":
    case "SCHEDULED_TIME":
      // The same spellings the Create task block accepts: epoch seconds or an ISO 8601 date.
      return /^\d+$/.test(value) || !Number.isNaN(Date.parse(value)) ? undefined : bad(`"${value}" is neither epoch seconds nor an ISO 8601 date`);
    case "SINGLE_SELECT":
      return (field.SingleSelectOptions ?? []).includes(value) ? undefined : bad(`"${value}" is not one of the field's options (${(field.SingleSelectOptions ?? []).join(", ")})`);
    case "EXPIRY_DURATION": {
      const minutes = Number(value);
      return Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_EXPIRY_MINUTES ? undefined : bad(`"${value}" is not a whole number of minutes from 1 to ${MAX_EXPIRY_MINUTES}`);
    }
    case "QUICK_CONNECT":
      return rt.resources.quickConnects.find(value) ? undefined : { reason: "REFERENCED_RESOURCE_NOT_FOUND", message: `no quick connect "${value}" in this instance` };
    default:
      return undefined;
  }
}

/** Every rule the template breaks (empty when it can be stored). */
export function checkTemplate(rt: Runtime, input: TemplateInput, options: { selfId?: string; update?: boolean } = {}): PropertyProblem[] {
  const problems: PropertyProblem[] = [];
  const add = (path: string, reason: PropertyProblem["reason"], message: string) => problems.push({ path, reason, message });
  const fields = input.Fields ?? [];
  const byName = new Map<string, TemplateField>();
  const typeCount = new Map<string, number>();

  fields.forEach((field, i) => {
    const name = nameOf(field);
    if (name === undefined || name === "") add(`Fields[${i}].Id.Name`, "REQUIRED_PROPERTY_MISSING", "Every field needs a name");
    else if (byName.has(name)) add(`Fields[${i}].Id.Name`, "UNIQUE_CONSTRAINT_VIOLATED", `Field name "${name}" is used twice`);
    else byName.set(name, field);
    if (field.Type === undefined) {
      add(`Fields[${i}].Type`, "REQUIRED_PROPERTY_MISSING", `Field "${name ?? i}" has no Type`);
      return;
    }
    const seen = (typeCount.get(field.Type) ?? 0) + 1;
    typeCount.set(field.Type, seen);
    if (seen > 1 && SINGLE_USE_TYPES.has(field.Type)) add(`Fields[${i}].Type`, "UNIQUE_CONSTRAINT_VIOLATED", `A template has at most one field of type ${field.Type}`);
    const options = field.SingleSelectOptions;
    if (field.Type === "SINGLE_SELECT") {
      if (!options || options.length === 0) add(`Fields[${i}].SingleSelectOptions`, "REQUIRED_PROPERTY_MISSING", `SINGLE_SELECT field "${name ?? i}" needs at least one option`);
      else options.forEach((o, j) => options.indexOf(o) !== j && add(`Fields[${i}].SingleSelectOptions[${j}]`, "UNIQUE_CONSTRAINT_VIOLATED", `Option "${o}" is listed twice`));
    } else if (options !== undefined) {
      add(`Fields[${i}].SingleSelectOptions`, "NOT_SUPPORTED", `Only SINGLE_SELECT fields have options; "${name ?? i}" is ${field.Type}`);
    }
  });
  const nameField = fields.find((f) => f.Type === "NAME");
  if (!nameField) add("Fields", "REQUIRED_PROPERTY_MISSING", "The template must contain exactly one field of type NAME");

  // Constraints: each list names fields of the template, once.
  const lists = { RequiredFields: new Set<string>(), ReadOnlyFields: new Set<string>(), InvisibleFields: new Set<string>() };
  if (!input.Constraints) add("Constraints", "REQUIRED_PROPERTY_MISSING", "Constraints are required, with the NAME field in RequiredFields");
  for (const list of Object.keys(lists) as (keyof typeof lists)[]) {
    (input.Constraints?.[list] ?? []).forEach((ref, i) => {
      const name = nameOf(ref);
      const path = `Constraints.${list}[${i}].Id.Name`;
      if (name === undefined) return add(path, "REQUIRED_PROPERTY_MISSING", "The constraint names no field");
      if (!byName.has(name)) return add(path, "REFERENCED_RESOURCE_NOT_FOUND", `No field named "${name}" in the template`);
      if (lists[list].has(name)) return add(path, "UNIQUE_CONSTRAINT_VIOLATED", `Field "${name}" is listed twice in ${list}`);
      lists[list].add(name);
      return undefined;
    });
  }
  if (input.Constraints) {
    if (lists.RequiredFields.size === 0 && (input.Constraints.RequiredFields ?? []).length === 0) add("Constraints.RequiredFields", "REQUIRED_PROPERTY_MISSING", "RequiredFields must contain at least one field (the NAME field)");
    const nameFieldName = nameOf(nameField);
    if (nameFieldName !== undefined && !lists.RequiredFields.has(nameFieldName)) add("Constraints.RequiredFields", "REQUIRED_PROPERTY_MISSING", `The NAME field "${nameFieldName}" must be listed in RequiredFields`);
  }
  for (const [list, what] of [
    ["ReadOnlyFields", "read-only (not editable)"],
    ["InvisibleFields", "invisible"],
  ] as const) {
    (input.Constraints?.[list] ?? []).forEach((ref, i) => {
      const name = nameOf(ref);
      if (name !== undefined && lists.RequiredFields.has(name)) {
        add(`Constraints.${list}[${i}].Id.Name`, "NOT_SUPPORTED", `Field "${name}" is both required and ${what}: no agent could fill it. Make it editable and visible, or stop requiring it`);
      }
    });
  }

  const defaulted = new Set<string>();
  (input.Defaults?.DefaultFieldValues ?? []).forEach((d, i) => {
    const name = nameOf(d);
    const path = `Defaults.DefaultFieldValues[${i}]`;
    if (name === undefined) return add(`${path}.Id.Name`, "REQUIRED_PROPERTY_MISSING", "The default names no field");
    const field = byName.get(name);
    if (!field) return add(`${path}.Id.Name`, "REFERENCED_RESOURCE_NOT_FOUND", `No field named "${name}" in the template`);
    if (defaulted.has(name)) return add(`${path}.Id.Name`, "UNIQUE_CONSTRAINT_VIOLATED", `Field "${name}" has two defaults`);
    defaulted.add(name);
    if (d.DefaultValue === undefined) return add(`${path}.DefaultValue`, "REQUIRED_PROPERTY_MISSING", `The default of "${name}" has no value`);
    const bad = defaultProblem(rt, field, d.DefaultValue);
    if (bad) add(`${path}.DefaultValue`, bad.reason, `Default of ${field.Type} field "${name}": ${bad.message}`);
    return undefined;
  });

  const hasQuickConnectField = fields.some((f) => f.Type === "QUICK_CONNECT");
  if (!input.ContactFlowId && !hasQuickConnectField) add("ContactFlowId", "REQUIRED_PROPERTY_MISSING", "A template needs a ContactFlowId or a field of type QUICK_CONNECT");
  if (input.ContactFlowId) {
    const flow = flowTypeOf(rt, input.ContactFlowId);
    if (!flow) add("ContactFlowId", "REFERENCED_RESOURCE_NOT_FOUND", `No flow "${input.ContactFlowId}" in this instance`);
    else if (flow.type !== "CONTACT_FLOW") add("ContactFlowId", "TYPE_MISMATCH", `A task starts on an inbound flow (CONTACT_FLOW); "${flow.def.name}" is ${flow.type}`);
  }
  if (input.SelfAssignFlowId && !flowTypeOf(rt, input.SelfAssignFlowId)) add("SelfAssignFlowId", "REFERENCED_RESOURCE_NOT_FOUND", `No flow "${input.SelfAssignFlowId}" in this instance`);

  if (input.Name !== undefined && rt.resources.taskTemplates.all().some((t) => t.name === input.Name && t.id !== options.selfId)) {
    add("Name", "RESOURCE_NAME_ALREADY_EXISTS", `A task template named "${input.Name}" already exists`);
  }
  if (options.update && input.Status === undefined) add("Status", "REQUIRED_PROPERTY_MISSING", "UpdateTaskTemplate requires Status");
  return problems;
}

/** What the Create task block needs to know of each field. */
export function templateFields(input: TemplateInput): TaskTemplateRef["fields"] {
  const names = (list: FieldRef[] | undefined) => new Set((list ?? []).map(nameOf).filter((n): n is string => n !== undefined));
  const required = names(input.Constraints?.RequiredFields);
  const readOnly = names(input.Constraints?.ReadOnlyFields);
  const invisible = names(input.Constraints?.InvisibleFields);
  const defaults = new Map((input.Defaults?.DefaultFieldValues ?? []).map((d) => [nameOf(d), d.DefaultValue]));
  return (input.Fields ?? []).map((f) => {
    const name = nameOf(f) ?? "";
    const defaultValue = defaults.get(name);
    return { name, type: f.Type ?? "TEXT", required: required.has(name), readOnly: readOnly.has(name), invisible: invisible.has(name), ...(defaultValue !== undefined ? { defaultValue } : {}) };
  });
}

/** The template as stored: the flow is kept by id so the Create task block finds it. */
function toResource(rt: Runtime, id: string, input: TemplateInput, createdAt: number, tags: Record<string, string>): TaskTemplateResource {
  const now = rt.clock.now();
  const { Name, ...raw } = input;
  return {
    id,
    arn: rt.resources.arn("task-template", id),
    name: Name ?? "",
    contactFlowId: input.ContactFlowId ? flowTypeOf(rt, input.ContactFlowId)?.def.id : undefined,
    selfAssignFlowId: input.SelfAssignFlowId ? flowTypeOf(rt, input.SelfAssignFlowId)?.def.id : undefined,
    fields: templateFields(input),
    description: input.Description,
    status: input.Status ?? "ACTIVE",
    createdAt,
    updatedAt: now,
    raw: raw as Record<string, unknown>,
    tags,
  };
}

export function createTaskTemplate(rt: Runtime, input: TemplateInput, tags: Record<string, string> = {}): TaskTemplateResource {
  const problems = checkTemplate(rt, input);
  if (problems.length) throw new PropertyRefusal(problems);
  return rt.resources.taskTemplates.add(toResource(rt, rt.ids.uuid(), input, rt.clock.now(), tags));
}

export function findTaskTemplate(rt: Runtime, ref: string): TaskTemplateResource {
  const template = rt.resources.taskTemplates.get(ref) ?? rt.resources.taskTemplates.all().find((t) => t.arn === ref);
  if (!template) throw new Refusal("not-found", `Task template not found: ${ref}`);
  return template;
}

/** "This operation does not support partial updates": what the request leaves out is gone, except the name. */
export function updateTaskTemplate(rt: Runtime, ref: string, input: TemplateInput): TaskTemplateResource {
  const existing = findTaskTemplate(rt, ref);
  const full: TemplateInput = { ...input, Name: input.Name ?? existing.name };
  const problems = checkTemplate(rt, full, { selfId: existing.id, update: true });
  if (problems.length) throw new PropertyRefusal(problems);
  return rt.resources.taskTemplates.add(toResource(rt, existing.id, full, existing.createdAt, existing.tags ?? {}));
}

export function deleteTaskTemplate(rt: Runtime, ref: string): void {
  rt.resources.taskTemplates.remove(findTaskTemplate(rt, ref).id);
}

/** The template back in the API's shape (GetTaskTemplate, UpdateTaskTemplate). */
export function templateInput(template: TaskTemplateResource): TemplateInput {
  return { ...(template.raw as TemplateInput), Name: template.name, Status: template.status };
}
