/**
 * Creates, on a fresh instance, the queues and hours of operation that published flows
 * and a test case's overrides refer to but the instance does not have: console exports
 * carry another instance's ARNs and the display names beside them, so the resource is
 * made with the ARN's last part as its id and the display name as its name; both the
 * flow and a test case written against the same export then find it.
 *
 * Hours made this way are open all week, as a new instance's Basic Hours, unless their
 * name or id is listed as closed (then never open). Queues use the Basic Hours. A task
 * template gets one required field, the task's Name, defaulting to the template's own
 * name, and the flow its CreateTask block names.
 */
import { resourceNames } from "../flow/metadata.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import { ALL_DAY, DEFAULT_NAMES } from "../runtime/instance-defaults.js";
import { createHours, createQueue } from "../runtime/routing-setup.js";
import { createTaskTemplate } from "../runtime/task-templates.js";
import type { Runtime } from "../runtime/runtime.js";
import type { RunnableTestCase } from "./model.js";

interface Wanted {
  kind: "queue" | "hours" | "task template";
  ref: string;
  names: string[];
  /** A task template's flow: the one the CreateTask block names. */
  flowId?: string;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;

function wantedByFlow(runtime: Runtime, flow: LoadedFlow): Wanted[] {
  const out: Wanted[] = [];
  for (const action of flow.doc.Actions) {
    for (const [param, kind] of [["QueueId", "queue"], ["HoursOfOperationId", "hours"], ["TaskTemplateId", "task template"]] as const) {
      const ref = action.Parameters?.[param];
      // A reference computed at run time ($.Attributes.queue) names nothing to create.
      if (typeof ref !== "string" || ref.trim() === "" || ref.includes("$")) continue;
      const flowRef = action.Parameters?.ContactFlowId;
      const taskFlow = kind === "task template" && typeof flowRef === "string" ? runtime.findFlow(flowRef, "flow", resourceNames(flow, action.Identifier, "ContactFlowId")) : undefined;
      out.push({ kind, ref: ref.trim(), names: resourceNames(flow, action.Identifier, param), flowId: taskFlow?.id });
    }
  }
  return out;
}

function wantedByTestCase(testCase: RunnableTestCase): Wanted[] {
  const out: Wanted[] = [];
  for (const o of testCase.document.observations) {
    for (const a of o.actions) {
      if (a.kind !== "OverrideSystemBehavior" || a.strategy.type !== "SubstituteResource") continue;
      const kind = a.target.actionType === "CheckHoursOfOperation" ? "hours" : a.target.actionType === "TransferContactToQueue" || a.target.actionType === "DequeueAndTransferToQueue" ? "queue" : undefined;
      if (kind) out.push({ kind, ref: a.strategy.substituteArn, names: [] });
    }
  }
  return out;
}

/** Creates what is missing; says what it created, one phrase per resource. */
export function provision(runtime: Runtime, testCase: RunnableTestCase, closedHours: readonly string[] = []): string[] {
  const flows = [...runtime.resources.flows.all(), ...runtime.resources.modules.all()];
  const created: string[] = [];
  for (const w of [...flows.flatMap((f) => wantedByFlow(runtime, f)), ...wantedByTestCase(testCase)]) {
    const found = w.kind === "queue" ? runtime.findQueue(w.ref, w.names) : w.kind === "hours" ? runtime.findHoursOfOperation(w.ref, w.names) : [w.ref, ...w.names].some((r) => runtime.findTaskTemplate(r));
    if (found) continue;
    const tail = w.ref.split("/").at(-1) ?? w.ref;
    const id = ID.test(tail) ? tail : undefined;
    const name = w.names[0] ?? tail;
    if (w.kind === "hours") {
      const closed = closedHours.includes(name) || (id !== undefined && closedHours.includes(id));
      createHours(runtime, { id, name, timeZone: "UTC", config: closed ? [] : ALL_DAY });
      created.push(`hours of operation "${name}" (${closed ? "never open" : "open all week"})`);
    } else if (w.kind === "task template") {
      const field = { Id: { Name: "Name" } };
      createTaskTemplate(runtime, { Name: name, Status: "ACTIVE", ContactFlowId: w.flowId, Fields: [{ ...field, Type: "NAME" }], Constraints: { RequiredFields: [field] }, Defaults: { DefaultFieldValues: [{ ...field, DefaultValue: name }] } });
      created.push(`task template "${name}"`);
    } else {
      const basic = runtime.findHoursOfOperation(DEFAULT_NAMES.hours);
      createQueue(runtime, { id, name, hoursOfOperationId: basic?.id ?? createHours(runtime, { name: DEFAULT_NAMES.hours, timeZone: "UTC", config: ALL_DAY }).id });
      created.push(`queue "${name}"`);
    }
  }
  return created;
}
