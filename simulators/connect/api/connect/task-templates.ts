/**
 * Task templates: CreateTaskTemplate, GetTaskTemplate, ListTaskTemplates,
 * UpdateTaskTemplate, DeleteTaskTemplate. The template rules (PropertyValidationException)
 * live in runtime/task-templates.ts; this reads the request and shapes the answers.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import type { TaskTemplateResource } from "../../runtime/resources.js";
import { createTaskTemplate, deleteTaskTemplate, FIELD_TYPES, findTaskTemplate, templateInput, updateTaskTemplate, type TemplateInput } from "../../runtime/task-templates.js";
import { admit, instanceOf, listPage, queryEnum } from "./admin-common.js";
import { epochSeconds } from "./common.js";

const STATUSES = ["ACTIVE", "INACTIVE"] as const;
const MAX_FIELDS = 50;

/** Keeps only the members that are set, so the stored template reads back as it was sent. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Reads and type-checks the template members; the template rules come after, in the runtime. */
function readTemplate(req: Request, opts: { create: boolean }): TemplateInput {
  const s = new Shape(req.body, connectErrors.invalidParameter);
  const fieldId = (path: string, required: boolean) => {
    const id = s.object(`${path}.Id`, { required });
    return id ? defined({ Name: s.string(`${path}.Id.Name`, { min: 1, max: 100 }) }) : undefined;
  };
  const refs = (list: string) =>
    s.array(`Constraints.${list}`, { max: MAX_FIELDS })?.map((_, i) => defined({ Id: fieldId(`Constraints.${list}.${i}`, false) }));
  const input: TemplateInput = {
    Name: s.string("Name", { required: opts.create, min: 1, max: 100 }),
    Description: s.string("Description", { min: 1, max: 255 }),
    ContactFlowId: s.string("ContactFlowId", { max: 500 }),
    SelfAssignFlowId: s.string("SelfAssignFlowId", { max: 500 }),
    Status: s.string("Status", { enum: STATUSES }) as TemplateInput["Status"],
    Fields: s.array("Fields", { required: opts.create, max: MAX_FIELDS })?.map((_, i) => {
      const at = `Fields.${i}`;
      return defined({
        Id: fieldId(at, true),
        Description: s.string(`${at}.Description`, { min: 1, max: 255 }),
        Type: s.string(`${at}.Type`, { enum: FIELD_TYPES }),
        SingleSelectOptions: s.array(`${at}.SingleSelectOptions`, { max: 50 })?.map((_, j) => s.string(`${at}.SingleSelectOptions.${j}`, { required: true, min: 1, max: 100 }) ?? ""),
      });
    }),
  };
  if (s.object("Constraints")) input.Constraints = defined({ RequiredFields: refs("RequiredFields"), ReadOnlyFields: refs("ReadOnlyFields"), InvisibleFields: refs("InvisibleFields") });
  if (s.object("Defaults")) {
    input.Defaults = defined({
      DefaultFieldValues: s.array("Defaults.DefaultFieldValues", { max: MAX_FIELDS })?.map((_, i) => defined({ Id: fieldId(`Defaults.DefaultFieldValues.${i}`, false), DefaultValue: s.string(`Defaults.DefaultFieldValues.${i}.DefaultValue`, { min: 1, max: 4096 }) })),
    });
  }
  s.string("ClientToken", { max: 500 });
  s.check();
  return defined(input);
}

function templateBody(api: ApiContext, t: TaskTemplateResource) {
  const input = templateInput(t);
  return {
    InstanceId: api.runtime.instance.id,
    Id: t.id,
    Arn: t.arn,
    Name: t.name,
    Description: input.Description,
    ContactFlowId: input.ContactFlowId,
    SelfAssignFlowId: input.SelfAssignFlowId,
    Constraints: input.Constraints,
    Defaults: input.Defaults,
    Fields: input.Fields,
    Status: t.status,
    LastModifiedTime: epochSeconds(t.updatedAt),
    CreatedTime: epochSeconds(t.createdAt),
  };
}

export function taskTemplatesRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/instance/{InstanceId}/task/template",
      operation: "CreateTaskTemplate",
      handler: (req) => {
        const input = readTemplate(req, { create: true });
        instanceOf(api, req);
        const t = admit(() => createTaskTemplate(rt, input));
        return { body: { Id: t.id, Arn: t.arn } };
      },
    },
    {
      method: "GET",
      pattern: "/instance/{InstanceId}/task/template/{TaskTemplateId}",
      operation: "GetTaskTemplate",
      handler: (req) => {
        instanceOf(api, req);
        const t = admit(() => findTaskTemplate(rt, req.labels.TaskTemplateId));
        // flowsim keeps no snapshots of a template, so only the current one can be read.
        const snapshot = req.query.get("snapshotVersion");
        if (snapshot !== null) throw connectErrors.resourceNotFound(`Snapshot version ${snapshot} of task template ${t.id} not found: flowsim keeps only the current template`);
        return { body: { ...templateBody(api, t), Tags: { ...t.tags } } };
      },
    },
    {
      method: "GET",
      pattern: "/instance/{InstanceId}/task/template",
      operation: "ListTaskTemplates",
      handler: (req) => {
        const status = queryEnum(req, "status", STATUSES);
        const name = req.query.get("name");
        instanceOf(api, req);
        const all = rt.resources.taskTemplates
          .all()
          .filter((t) => (status === null || t.status === status) && (name === null || t.name === name))
          .map((t) => ({ Id: t.id, Arn: t.arn, Name: t.name, Description: t.description, Status: t.status, LastModifiedTime: epochSeconds(t.updatedAt), CreatedTime: epochSeconds(t.createdAt) }));
        const listed = listPage(req, all, { max: 100 });
        return { body: { TaskTemplates: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "POST",
      pattern: "/instance/{InstanceId}/task/template/{TaskTemplateId}",
      operation: "UpdateTaskTemplate",
      handler: (req) => {
        const input = readTemplate(req, { create: false });
        instanceOf(api, req);
        const t = admit(() => updateTaskTemplate(rt, req.labels.TaskTemplateId, input));
        return { body: templateBody(api, t) };
      },
    },
    {
      method: "DELETE",
      pattern: "/instance/{InstanceId}/task/template/{TaskTemplateId}",
      operation: "DeleteTaskTemplate",
      handler: (req) => {
        instanceOf(api, req);
        admit(() => deleteTaskTemplate(rt, req.labels.TaskTemplateId));
        return { body: {} };
      },
    },
  ];
}
