/**
 * Create task (reference §2.3, §5.6; seed 002): starts a TASK contact on its own flow.
 * The task gets only what the block gives it (name, description, attributes, references);
 * it inherits no system attributes from the contact that created it.
 */
import type { ActionContext, ActionDefinition, Outcome } from "../action.js";
import { HostError } from "../host.js";
import type { TaskTemplateRef } from "../refs.js";
import { findReferences } from "../jsonpath.js";
import { resourceNames } from "../metadata.js";
import type { Reference } from "../contact.js";
import { exclusive } from "./routing.js";
import { describeTime } from "../../../kernel/clock-limits.js";
import { applyTemplateFields, CREATE_REFERENCE_TYPES as REFERENCE_TYPES, parseScheduledTime, type TaskDraft, type TemplateViolation } from "../task-template-fields.js";
import { errorDetail, isObject, num } from "./util.js";
import { aFlowOfType } from "../flow-types.js";

const MAX_DELAY_SECONDS = 518_400;
const MAX_NAME = 512;
const MAX_DESCRIPTION = 4096;

/** The block's words for a broken template rule (the trace detail of its error branch). */
function violationDetail(v: TemplateViolation): string {
  switch (v.kind) {
    case "read-only":
      return `template field "${v.field}" is read-only, so the Create task block cannot fill it`;
    case "required":
      return `template field "${v.field}" is required and neither the block nor the template's default fills it`;
    case "default-not-a-date":
      return `the default of template field "${v.field}" is not a date`;
    case "reference-type":
      return `reference "${v.field}" must have type ${v.expected} (template field of type ${v.fieldType}), not ${v.given}`;
  }
}

const error = (detail: string): Outcome => ({ kind: "error", errorType: "NoMatchingError", detail });

/** Keys and values resolved; empty values dropped (a task starts without them). */
function resolveAttributes(ctx: ActionContext): Record<string, string> | string {
  const out: Record<string, string> = {};
  const raw = isObject(ctx.params.Attributes) ? ctx.params.Attributes : {};
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const key = ctx.text(rawKey) ?? "";
    if (key === "" || /[$.]/.test(key)) return `task attribute key ${JSON.stringify(key)} is empty or contains "$" or "."`;
    const value = ctx.text(rawValue);
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

function resolveReferences(ctx: ActionContext): Record<string, Reference> | string {
  const out: Record<string, Reference> = {};
  const raw = isObject(ctx.params.References) ? ctx.params.References : {};
  for (const [rawName, ref] of Object.entries(raw)) {
    if (!isObject(ref)) continue;
    const name = ctx.text(rawName) ?? "";
    const type = ctx.text(ref.Type) ?? "";
    const value = ctx.text(ref.Value) ?? "";
    if (name === "") return "a reference name resolved to nothing";
    if (!(REFERENCE_TYPES as readonly string[]).includes(type)) return `reference "${name}" has type ${JSON.stringify(type)}; a task's references are ${REFERENCE_TYPES.join(", ")}`;
    if (value !== "") out[name] = { Type: type, Value: value };
  }
  return out;
}

/**
 * "Link to contact" has no documented flow-language key and no export shows one, so
 * flowsim always links the task to the contact that created it (the task's
 * RelatedContactId), which is what makes it show up in contact search.
 */
export const createTask: ActionDefinition = {
  type: "CreateTask",
  family: "contact",
  params: {
    Name: { dynamism: "any", required: true },
    Description: { dynamism: "any" },
    ContactFlowId: { dynamism: "single" },
    Attributes: { dynamism: "static", kind: "map", values: { dynamism: "any", kind: "string" } },
    References: {
      dynamism: "static",
      kind: "map",
      values: {
        dynamism: "static",
        kind: "object",
        fields: { Type: { dynamism: "any", kind: "enum", enum: REFERENCE_TYPES, required: true }, Value: { dynamism: "any", required: true } },
      },
    },
    DelaySeconds: { dynamism: "single", kind: "integer", min: 1, max: MAX_DELAY_SECONDS },
    ScheduledTime: { dynamism: "single" },
    TaskTemplateId: { dynamism: "static" },
  },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  validate(action, v) {
    const p = action.Parameters;
    const at = `${v.path}.Parameters`;
    exclusive(action, v, ["DelaySeconds", "ScheduledTime"]);
    const hasTemplate = typeof p.TaskTemplateId === "string" && p.TaskTemplateId !== "";
    if (!hasTemplate && (p.ContactFlowId === undefined || p.ContactFlowId === "")) {
      v.problems.error(`${at}.ContactFlowId`, `Action is missing required property. Path: ${at}.ContactFlowId (the task's flow; only a task template with a flow makes it optional)`, action);
    }
    if (!hasTemplate && p.Name === "") v.problems.error(`${at}.Name`, `Action is missing required property. Path: ${at}.Name (the task name; the service reports it as ContactName)`, action);
    const st = p.ScheduledTime;
    if (typeof st === "string" && findReferences(st).length === 0 && parseScheduledTime(st) === undefined) {
      v.problems.error(`${at}.ScheduledTime`, `Invalid Action property value. Path: ${at}.ScheduledTime (${JSON.stringify(st)} is neither epoch seconds nor a date)`, action);
    }
    if (isObject(p.Attributes)) {
      for (const key of Object.keys(p.Attributes)) {
        if (findReferences(key).length === 0 && /[$.]/.test(key)) v.problems.error(`${at}.Attributes.${key}`, `Invalid Action property value. Path: ${at}.Attributes (the attribute key ${JSON.stringify(key)} contains "$" or ".")`, action);
      }
    }
  },
  async run(ctx) {
    const c = ctx.contact;
    const now = ctx.host.clock.now();
    const attributes = resolveAttributes(ctx);
    if (typeof attributes === "string") return error(attributes);
    const references = resolveReferences(ctx);
    if (typeof references === "string") return error(references);
    const draft: TaskDraft = {
      name: ctx.text(ctx.params.Name)?.trim() ?? "",
      description: ctx.params.Description !== undefined ? ctx.text(ctx.params.Description) : undefined,
      references,
    };

    if (ctx.params.DelaySeconds !== undefined) {
      const delay = num(ctx.value(ctx.params.DelaySeconds));
      if (delay === undefined || !Number.isInteger(delay) || delay < 1 || delay > MAX_DELAY_SECONDS) return error(`DelaySeconds must be a whole number from 1 to ${MAX_DELAY_SECONDS}, not ${JSON.stringify(ctx.text(ctx.params.DelaySeconds))}`);
      draft.scheduledAt = now + delay * 1000;
    } else if (ctx.params.ScheduledTime !== undefined) {
      const raw = ctx.value(ctx.params.ScheduledTime);
      const at = parseScheduledTime(raw);
      if (at === undefined) return error(`ScheduledTime ${JSON.stringify(raw ?? "")} is neither epoch seconds nor a date`);
      // "When the date and time have passed, contacts are always routed down the Error branch."
      if (at <= now) return error(`the scheduled time ${describeTime(at)} has passed`);
      if (at > now + MAX_DELAY_SECONDS * 1000) return error(`the scheduled time ${describeTime(at)} is more than 6 days ahead`);
      draft.scheduledAt = at;
    }

    let template: TaskTemplateRef | undefined;
    if (ctx.params.TaskTemplateId !== undefined) {
      const ref = ctx.text(ctx.params.TaskTemplateId) ?? "";
      // An export from another instance names its template by that instance's ARN: like the console's import, fall back to the template's display name.
      template = ctx.host.findTaskTemplate(ref) ?? resourceNames(ctx.run.flow, ctx.action.Identifier, "TaskTemplateId").map((name) => ctx.host.findTaskTemplate(name)).find((t) => t !== undefined);
      if (!template) return error(`no task template matches "${ref}"`);
      const bad = applyTemplateFields(template.fields, draft);
      if (bad) return error(violationDetail(bad));
    }
    if (draft.name === "") return error("the task has no name (the service reports a missing ContactName)");
    if (draft.name.length > MAX_NAME) return error(`the task name has ${draft.name.length} characters; at most ${MAX_NAME} are allowed`);
    if (draft.description !== undefined && draft.description.length > MAX_DESCRIPTION) return error(`the task description has ${draft.description.length} characters; at most ${MAX_DESCRIPTION} are allowed`);

    const blockFlow = ctx.text(ctx.params.ContactFlowId) ?? "";
    // A template's flow wins; the block's flow is needed only when the template has none.
    if (template?.contactFlowId && blockFlow && blockFlow !== template.contactFlowId) ctx.note(`the task template's flow is used, not ContactFlowId "${blockFlow}"`);
    const flowRef = template?.contactFlowId || blockFlow;
    if (!flowRef) return error("no flow for the task: ContactFlowId is empty and the task template has no flow");
    const names = template?.contactFlowId ? [] : resourceNames(ctx.run.flow, ctx.action.Identifier, "ContactFlowId");
    const flow = ctx.host.findFlow(flowRef, "flow", names);
    if (!flow) return error(`no published flow matches "${flowRef}"`);
    if (flow.flowTypeSource !== "inferred" && flow.flowType !== "CONTACT_FLOW") return error(`a task starts on an inbound flow; ${flow.name} is ${aFlowOfType(flow.flowType)}`);

    let task;
    try {
      task = await ctx.host.createTask(c, {
        name: draft.name,
        description: draft.description,
        contactFlowRef: flow.id,
        attributes,
        references: draft.references,
        scheduledAt: draft.scheduledAt,
        taskTemplateId: template?.id,
        linkTo: c,
      });
    } catch (err) {
      if (err instanceof HostError) return error(errorDetail(err));
      throw err;
    }
    ctx.changed("Task", "ContactId", c.createdTaskId, task.id);
    c.createdTaskId = task.id;
    if (draft.scheduledAt !== undefined) ctx.note(`task ${task.id} is scheduled for ${new Date(draft.scheduledAt).toISOString()}`);
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [createTask];
