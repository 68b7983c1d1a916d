/**
 * Tasks through the real Connect API: task templates (CreateTaskTemplate), tasks started
 * by an agent or a system (StartTaskContact), rescheduling (UpdateContactSchedule), and what a task is
 * (SearchContacts to find the tasks a flow created, DescribeContact,
 * ListContactReferences, GetContactAttributes, GetTaskTemplate for the field rules).
 */
import {
  CreateTaskTemplateCommand,
  DeleteTaskTemplateCommand,
  DescribeContactCommand,
  GetContactAttributesCommand,
  GetTaskTemplateCommand,
  ListContactReferencesCommand,
  SearchContactsCommand,
  StartTaskContactCommand,
  UpdateContactScheduleCommand,
  type Contact,
  type GetTaskTemplateCommandOutput,
  type Reference,
  type TaskTemplateField,
  type TaskTemplateFieldType,
} from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../world.js";
import { infrastructure, InfrastructureError } from "../report/errors.js";
import { flowIdOf } from "./setup.js";

const DAY_MS = 24 * 3600 * 1000;
const REFERENCE_TYPES = ["URL", "NUMBER", "STRING", "DATE", "EMAIL"] as const;

/** One row of a feature's template table: | field | type | required | editable | default |. */
export interface TemplateFieldRow {
  field: string;
  type: string;
  required?: string;
  editable?: string;
  default?: string;
}

const yes = (v: string | undefined, fallback: boolean): boolean => {
  const t = (v ?? "").trim().toLowerCase();
  if (t === "") return fallback;
  if (t === "yes" || t === "true") return true;
  if (t === "no" || t === "false") return false;
  throw new Error(`"${v}" is neither yes nor no`);
};

/** "single select" → SINGLE_SELECT, as the API spells field types. */
function fieldType(type: string): TaskTemplateFieldType {
  return type.trim().toUpperCase().replace(/[\s-]+/g, "_") as TaskTemplateFieldType;
}

/** The CreateTaskTemplate request a feature's field table stands for (a rehearsal's deployment makes the same). */
export function templateRequest(instanceId: string, name: string, flowId: string, rows: TemplateFieldRow[]) {
  const fields: TaskTemplateField[] = rows.map((r) => ({ Id: { Name: r.field }, Type: fieldType(r.type) }));
  const ids = (pick: (r: TemplateFieldRow) => boolean) => rows.filter(pick).map((r) => ({ Id: { Name: r.field } }));
  return {
    InstanceId: instanceId,
    Name: name,
    ContactFlowId: flowId,
    Fields: fields,
    Constraints: { RequiredFields: ids((r) => yes(r.required, false)), ReadOnlyFields: ids((r) => !yes(r.editable, true)) },
    Defaults: { DefaultFieldValues: rows.filter((r) => (r.default ?? "") !== "").map((r) => ({ Id: { Name: r.field }, DefaultValue: r.default })) },
    Status: "ACTIVE" as const,
  };
}

/** CreateTaskTemplate; the service's refusal is thrown as it comes (PropertyValidationException...). */
export async function createTaskTemplate(world: FlowsimWorld, name: string, flow: string, rows: TemplateFieldRow[]): Promise<{ id: string; arn: string }> {
  const res = await world.target.connect.send(new CreateTaskTemplateCommand(templateRequest(world.target.instanceId, name, await flowIdOf(world, flow), rows)));
  const created = { id: res.Id!, arn: res.Arn! };
  world.remember("task template", name, created);
  return created;
}

export async function deleteTaskTemplate(world: FlowsimWorld, id: string): Promise<void> {
  const { target } = world;
  await infrastructure(`deleting the task template ${id}`, () => target.connect.send(new DeleteTaskTemplateCommand({ InstanceId: target.instanceId, TaskTemplateId: id })));
}

/** StartTaskContact from a template, as an agent's "Create task" in the CCP does it. */
export async function startTaskFromTemplate(
  world: FlowsimWorld,
  request: { name: string; template: string; references: Record<string, string>; attributes?: Record<string, string>; scheduledAt?: number },
): Promise<string> {
  const { target } = world;
  const references: Record<string, Reference> = Object.fromEntries(Object.entries(request.references).map(([k, v]) => [k, { Type: "STRING", Value: v }]));
  const res = await target.connect.send(
    new StartTaskContactCommand({
      InstanceId: target.instanceId,
      TaskTemplateId: world.resource("task template", request.template).id,
      Name: request.name,
      References: references,
      Attributes: request.attributes,
      ScheduledTime: request.scheduledAt === undefined ? undefined : new Date(request.scheduledAt),
    }),
  );
  return res.ContactId!;
}

export async function reschedule(world: FlowsimWorld, contactId: string, at: number): Promise<void> {
  const { target } = world;
  await target.connect.send(new UpdateContactScheduleCommand({ InstanceId: target.instanceId, ContactId: contactId, ScheduledTime: new Date(at) }));
}

export async function describeContact(world: FlowsimWorld, contactId: string): Promise<Contact> {
  const { target } = world;
  const res = await infrastructure(`describing contact ${contactId}`, () => target.connect.send(new DescribeContactCommand({ InstanceId: target.instanceId, ContactId: contactId })));
  if (!res.Contact) throw new InfrastructureError("target-error", `DescribeContact returned no contact for ${contactId}`);
  return res.Contact;
}

/** Task contacts initiated within a day around the target's now, found with SearchContacts. */
export async function searchTasks(world: FlowsimWorld): Promise<Contact[]> {
  const { target } = world;
  const now = await world.now();
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await infrastructure("searching task contacts", () =>
      target.connect.send(
        new SearchContactsCommand({
          InstanceId: target.instanceId,
          TimeRange: { Type: "INITIATION_TIMESTAMP", StartTime: new Date(now - DAY_MS), EndTime: new Date(now + DAY_MS) },
          SearchCriteria: { Channels: ["TASK"] },
          Sort: { FieldName: "INITIATION_TIMESTAMP", Order: "ASCENDING" },
          NextToken: nextToken,
        }),
      ),
    );
    for (const c of page.Contacts ?? []) if (c.Id) ids.push(c.Id);
    nextToken = page.NextToken;
  } while (nextToken);
  return Promise.all(ids.map((id) => describeContact(world, id)));
}

/**
 * Whether SearchContacts has caught up with a contact: it finds it, and, once DescribeContact
 * says it has ended, finds it ended. Searches are eventually consistent (the service indexes
 * contacts some time after the fact): until they have caught up with a call, finding no task
 * for it proves nothing; once they show its end, what the call's flows did is indexed too.
 */
export async function searchHasCaughtUpWith(world: FlowsimWorld, contactId: string): Promise<boolean> {
  const { target } = world;
  const contact = await describeContact(world, contactId);
  const from = contact.InitiationTimestamp?.getTime() ?? (await world.now()) - DAY_MS;
  const res = await infrastructure(`searching for the contact ${contactId}`, () =>
    target.connect.send(
      new SearchContactsCommand({
        InstanceId: target.instanceId,
        TimeRange: { Type: "INITIATION_TIMESTAMP", StartTime: new Date(from - 1000), EndTime: new Date(from + 1000) },
        SearchCriteria: contact.Channel ? { Channels: [contact.Channel] } : undefined,
      }),
    ),
  );
  const found = res.Contacts?.find((c) => c.Id === contactId);
  return found !== undefined && (!contact.DisconnectTimestamp || found.DisconnectTimestamp !== undefined);
}

export interface TaskView {
  contact: Contact;
  /** Reference values by name. */
  references: Record<string, string>;
  attributes: Record<string, string>;
  template?: GetTaskTemplateCommandOutput;
}

/** Everything an agent's task view shows: the contact, its references and attributes, and its template's field rules. */
export async function taskView(world: FlowsimWorld, contactId: string): Promise<TaskView> {
  const { target } = world;
  const contact = await describeContact(world, contactId);
  const references: Record<string, string> = {};
  let nextToken: string | undefined;
  do {
    const page = await infrastructure(`listing the references of ${contactId}`, () =>
      target.connect.send(new ListContactReferencesCommand({ InstanceId: target.instanceId, ContactId: contactId, ReferenceTypes: [...REFERENCE_TYPES], NextToken: nextToken })),
    );
    for (const summary of page.ReferenceSummaryList ?? []) {
      for (const ref of Object.values(summary)) {
        const r = ref as { Name?: string; Value?: string } | undefined;
        if (r?.Name !== undefined) references[r.Name] = r.Value ?? "";
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  const attrs = await infrastructure(`reading the attributes of ${contactId}`, () => target.connect.send(new GetContactAttributesCommand({ InstanceId: target.instanceId, InitialContactId: contactId })));
  const templateArn = contact.TaskTemplateInfo?.Arn;
  const template = templateArn
    ? await infrastructure(`reading the task template of ${contactId}`, () =>
        target.connect.send(new GetTaskTemplateCommand({ InstanceId: target.instanceId, TaskTemplateId: templateArn.split("/").at(-1)! })),
      )
    : undefined;
  return { contact, references, attributes: attrs.Attributes ?? {}, template };
}

/** A template field's value on the task: NAME and DESCRIPTION are the contact's own, other fields are references. */
export function fieldValue(view: TaskView, field: string): string | undefined {
  const type = view.template?.Fields?.find((f) => f.Id?.Name === field)?.Type;
  if (type === "NAME") return view.contact.Name;
  if (type === "DESCRIPTION") return view.contact.Description;
  return view.references[field];
}

/** Whether the template lets the agent edit the field. */
export function fieldEditable(view: TaskView, field: string): boolean {
  return !(view.template?.Constraints?.ReadOnlyFields ?? []).some((f) => f.Id?.Name === field);
}
