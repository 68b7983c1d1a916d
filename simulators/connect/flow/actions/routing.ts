/**
 * Queues and routing: Set working queue, Transfer to queue (and its queue-to-queue form
 * in customer queue flows), Change routing priority / age, Set routing criteria, and
 * Transfer to agent.
 */
import { TRANSFER_FLOWS, onlyIn, type ActionContext, type ActionDefinition, type Outcome, type ValidationContext } from "../action.js";
import { findReferences } from "../jsonpath.js";
import type { FlowAction } from "../model.js";
import type { EnqueueResult } from "../host.js";
import type { QueueRef } from "../contact.js";
import { isObject, num, queueParam, unmatched } from "./util.js";

/** Reports QueueId and AgentId (or any such pair) set together; returns the ones set. */
export function exclusive(action: FlowAction, v: ValidationContext, names: readonly string[]): string[] {
  const set = names.filter((n) => action.Parameters[n] !== undefined);
  if (set.length > 1) v.problems.error(`${v.path}.Parameters`, `Only one of these properties may be defined. Properties: [${set.join(", ")}]`, action);
  return set;
}

/** QueueId / AgentId resolved to a queue, or the NoMatchingError that explains why not. */
function targetOf(ctx: ActionContext): { queue: QueueRef } | { error: Outcome } {
  const byAgent = ctx.params.AgentId !== undefined;
  const { ref, queue, names } = queueParam(ctx);
  if (queue) return { queue };
  const detail = !ref ? `${byAgent ? "AgentId" : "QueueId"} has no value` : byAgent ? `no agent queue matches "${ref}"` : unmatched("queue", ref, names);
  return { error: { kind: "error", errorType: "NoMatchingError", detail } };
}

function enqueueOutcome(result: EnqueueResult, queue: QueueRef, detail: string): Outcome {
  switch (result.kind) {
    case "queued":
      return { kind: "end", reason: "queued", detail };
    case "at-capacity":
      return { kind: "error", errorType: "QueueAtCapacity", detail: `queue ${queue.name} holds its maximum number of contacts` };
    case "error":
      return { kind: "error", errorType: "NoMatchingError", detail: result.reason };
  }
}

export const updateContactTargetQueue: ActionDefinition = {
  type: "UpdateContactTargetQueue",
  family: "contact",
  params: { QueueId: { dynamism: "single" }, AgentId: { dynamism: "single" } },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  flowTypes: onlyIn(["CONTACT_FLOW", ...TRANSFER_FLOWS]),
  validate(action, v) {
    const set = exclusive(action, v, ["QueueId", "AgentId"]);
    // Both are optional on the action page; exports keep `"QueueId": ""` as a placeholder, so this is only a warning.
    if (set.every((k) => action.Parameters[k] === "")) v.problems.warning(`${v.path}.Parameters`, "No queue set (QueueId and AgentId are missing or empty): the block always takes its Error branch", action);
  },
  async run(ctx) {
    const target = targetOf(ctx);
    if ("error" in target) return target.error;
    const before = ctx.contact.targetQueue;
    ctx.contact.targetQueue = target.queue;
    ctx.changed("Queue", "TargetQueue", before?.name, target.queue.name);
    return { kind: "next" };
  },
};

export const transferContactToQueue: ActionDefinition = {
  type: "TransferContactToQueue",
  family: "contact",
  params: {},
  // Success ends the flow, so NextAction is never followed and may be left out; an empty one ("" in the
  // admin guide's examples) is still refused, as the service refuses unconnected branches.
  nextAction: "optional",
  errors: { allowed: ["QueueAtCapacity", "NoMatchingError"], required: ["QueueAtCapacity", "NoMatchingError"] },
  flowTypes: onlyIn(["CONTACT_FLOW", ...TRANSFER_FLOWS]),
  async run(ctx) {
    const queue = ctx.contact.targetQueue;
    if (!queue) return { kind: "error", errorType: "NoMatchingError", detail: "no working queue is set: a Set working queue (UpdateContactTargetQueue) block must run first" };
    const result = await ctx.host.enqueue(ctx.contact, queue);
    return enqueueOutcome(result, queue, `in queue ${queue.name}`);
  },
};

/** "Queue-to-queue transfers can be done only 11 times because there is a maximum limit of 12 contacts in a contact chain." */
export const MAX_QUEUE_TRANSFERS = 11;

/**
 * Queue-to-queue transfer. Success ends this customer queue flow with reason `queued`,
 * the same result Transfer to queue gives an inbound flow, so the runtime starts the
 * contact's customer queue flow again from its start for the new queue. The service
 * makes a new contact segment here; the runtime keeps one contact, so the chain limit is
 * counted on the contact (`behaviours.queueTransfers`).
 */
export const dequeueContactAndTransferToQueue: ActionDefinition = {
  type: "DequeueContactAndTransferToQueue",
  family: "contact",
  params: { QueueId: { dynamism: "single" }, AgentId: { dynamism: "single" } },
  nextAction: "optional",
  errors: { allowed: ["QueueAtCapacity", "NoMatchingError"], required: ["QueueAtCapacity", "NoMatchingError"] },
  flowTypes: { ...onlyIn(["CUSTOMER_QUEUE"]), MODULE: "no" },
  validate(action, v) {
    const set = exclusive(action, v, ["QueueId", "AgentId"]);
    if (set.length === 0) v.problems.warning(`${v.path}.Parameters`, "No destination queue (QueueId or AgentId): the block always takes its Error branch", action);
  },
  async run(ctx) {
    const done = Number(ctx.contact.behaviours.queueTransfers ?? 0);
    if (done >= MAX_QUEUE_TRANSFERS) return { kind: "error", errorType: "NoMatchingError", detail: `the contact was already transferred between queues ${done} times; a contact chain holds at most 12 contacts` };
    const target = targetOf(ctx);
    if ("error" in target) return target.error;
    const from = ctx.contact.queue?.name;
    const result = await ctx.host.requeue(ctx.contact, target.queue);
    if (result.kind === "queued") {
      ctx.contact.behaviours.queueTransfers = done + 1;
      ctx.changed("Queue", "Queue", from, target.queue.name);
      const before = ctx.contact.targetQueue?.name;
      ctx.contact.targetQueue = target.queue;
      ctx.changed("Queue", "TargetQueue", before, target.queue.name);
    }
    // A failed transfer leaves the contact waiting where it was ("The contact remains in the current working queue").
    return enqueueOutcome(result, target.queue, `queue-to-queue transfer from ${from ?? "(no queue)"} to ${target.queue.name}; the customer queue flow starts again`);
  },
};

/** "Range of valid values: 1 (highest) - 9223372036854775807 (lowest)". */
const MAX_PRIORITY = 9223372036854775807n;

export const updateContactRoutingBehavior: ActionDefinition = {
  type: "UpdateContactRoutingBehavior",
  family: "contact",
  // The 2023 page's RoutingProficiencies variant was replaced by UpdateContactRoutingCriteria and is rejected as an unknown parameter.
  params: {
    QueuePriority: { dynamism: "static", kind: "integer", min: 1 },
    QueueTimeAdjustmentSeconds: { dynamism: "static", kind: "integer" },
  },
  errors: { allowed: [] },
  // Action page: inbound only; admin guide also lists customer queue and transfer flows.
  flowTypes: onlyIn(["CONTACT_FLOW"], ["CUSTOMER_QUEUE", ...TRANSFER_FLOWS]),
  validate(action, v) {
    const set = exclusive(action, v, ["QueuePriority", "QueueTimeAdjustmentSeconds"]);
    if (set.length === 0) v.problems.error(`${v.path}.Parameters`, `Action is missing required property. Path: ${v.path}.Parameters (one of QueuePriority, QueueTimeAdjustmentSeconds)`, action);
    const p = action.Parameters.QueuePriority;
    if ((typeof p === "string" || typeof p === "number") && /^\d+$/.test(String(p).trim()) && BigInt(String(p).trim()) > MAX_PRIORITY) {
      v.problems.error(`${v.path}.Parameters.QueuePriority`, `Invalid Action property value. Path: ${v.path}.Parameters.QueuePriority (priorities go from 1, the highest, to ${MAX_PRIORITY}, the lowest)`, action);
    }
  },
  async run(ctx) {
    const c = ctx.contact;
    if (ctx.params.QueuePriority !== undefined) {
      const priority = num(ctx.params.QueuePriority)!;
      ctx.changed("Routing", "QueuePriority", String(c.queuePriority), String(priority));
      c.queuePriority = priority;
    } else {
      // The block sets the adjustment (it does not add to an earlier one): the routing age is real time in queue plus this.
      const seconds = num(ctx.params.QueueTimeAdjustmentSeconds)!;
      ctx.changed("Routing", "QueueTimeAdjustmentSeconds", String(c.queueTimeAdjustmentSeconds), String(seconds));
      c.queueTimeAdjustmentSeconds = seconds;
    }
    if (c.state === "QUEUED") ctx.note("the contact is already in queue: the service applies the change after at least 60 seconds");
    return { kind: "next" };
  },
};

// ---- routing criteria ----------------------------------------------------------------

const OPERATORS = ["NumberGreaterOrEqualTo", "Match", "Range"] as const;
const CONDITION_FIELDS = ["Name", "Value", "ProficiencyLevel", "ComparisonOperator", "MatchCriteria", "Range"];
const EXPRESSION_KINDS = ["AttributeCondition", "NotAttributeCondition", "AndExpression", "OrExpression"];
const MAX_EXPRESSION_DEPTH = 5;

interface ShapeProblem {
  path: string;
  message: string;
}

/** A string that still holds a JSONPath: checked again once resolved at run time. */
function isDynamic(v: unknown): boolean {
  return typeof v === "string" && findReferences(v).length > 0;
}

function unknownKeys(obj: Record<string, unknown>, known: readonly string[], at: string, out: ShapeProblem[]): void {
  for (const k of Object.keys(obj)) if (!known.includes(k)) out.push({ path: `${at}.${k}`, message: `Invalid Action property name. Path: ${at}.${k} (known: ${known.join(", ")})` });
}

function checkLevel(v: unknown, at: string, out: ShapeProblem[]): void {
  if (isDynamic(v)) return;
  const n = num(v);
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 5) out.push({ path: at, message: `Invalid Action property value. Path: ${at} (proficiency levels are 1.0, 2.0, 3.0, 4.0 or 5.0, not ${JSON.stringify(v)})` });
}

function checkText(v: unknown, at: string, out: ShapeProblem[]): void {
  if (v === undefined) return void out.push({ path: at, message: `Action is missing required property. Path: ${at}` });
  if (isDynamic(v)) return;
  if (typeof v !== "string" || v.length < 1 || v.length > 64) out.push({ path: at, message: `Invalid Action property value. Path: ${at} (a string of 1 to 64 characters)` });
}

function checkAttributeCondition(c: unknown, at: string, out: ShapeProblem[]): void {
  if (!isObject(c)) return void out.push({ path: at, message: `Invalid Action property value. Path: ${at} (must be an object)` });
  unknownKeys(c, CONDITION_FIELDS, at, out);
  const op = c.ComparisonOperator;
  if (op === undefined) return void out.push({ path: `${at}.ComparisonOperator`, message: `Action is missing required property. Path: ${at}.ComparisonOperator` });
  if (isDynamic(op)) return;
  if (typeof op !== "string" || !(OPERATORS as readonly string[]).includes(op)) {
    return void out.push({ path: `${at}.ComparisonOperator`, message: `Invalid Action property value. Path: ${at}.ComparisonOperator (${JSON.stringify(op)} is not one of ${OPERATORS.join(", ")})` });
  }
  if (op === "Match") {
    const ids = isObject(c.MatchCriteria) && isObject(c.MatchCriteria.AgentsCriteria) ? c.MatchCriteria.AgentsCriteria.AgentIds : undefined;
    if (isDynamic(ids)) return;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== "string" || id === "")) {
      out.push({ path: `${at}.MatchCriteria`, message: `Invalid Action property value. Path: ${at}.MatchCriteria (Match needs MatchCriteria.AgentsCriteria.AgentIds: a non-empty list of agent ids)` });
    }
    return;
  }
  checkText(c.Name, `${at}.Name`, out);
  checkText(c.Value, `${at}.Value`, out);
  if (op === "NumberGreaterOrEqualTo") {
    if (c.ProficiencyLevel === undefined) out.push({ path: `${at}.ProficiencyLevel`, message: `Action is missing required property. Path: ${at}.ProficiencyLevel` });
    else checkLevel(c.ProficiencyLevel, `${at}.ProficiencyLevel`, out);
    return;
  }
  const range = c.Range;
  if (!isObject(range)) return void out.push({ path: `${at}.Range`, message: `Action is missing required property. Path: ${at}.Range (Range needs MinProficiencyLevel and MaxProficiencyLevel)` });
  unknownKeys(range, ["MinProficiencyLevel", "MaxProficiencyLevel"], `${at}.Range`, out);
  checkLevel(range.MinProficiencyLevel, `${at}.Range.MinProficiencyLevel`, out);
  checkLevel(range.MaxProficiencyLevel, `${at}.Range.MaxProficiencyLevel`, out);
  const min = num(range.MinProficiencyLevel);
  const max = num(range.MaxProficiencyLevel);
  if (min !== undefined && max !== undefined && min > max) out.push({ path: `${at}.Range`, message: `Invalid Action property value. Path: ${at}.Range (MinProficiencyLevel ${min} is above MaxProficiencyLevel ${max})` });
}

function checkExpression(e: unknown, at: string, out: ShapeProblem[], depth: number): void {
  if (!isObject(e)) return void out.push({ path: at, message: `Invalid Action property value. Path: ${at} (must be an object)` });
  if (depth > MAX_EXPRESSION_DEPTH) return void out.push({ path: at, message: `Invalid Action property value. Path: ${at} (expressions nest at most ${MAX_EXPRESSION_DEPTH} deep)` });
  unknownKeys(e, EXPRESSION_KINDS, at, out);
  const kinds = EXPRESSION_KINDS.filter((k) => e[k] !== undefined);
  if (kinds.length !== 1) return void out.push({ path: at, message: `Invalid Action property value. Path: ${at} (an Expression holds exactly one of ${EXPRESSION_KINDS.join(", ")}${kinds.length ? `; found ${kinds.join(", ")}` : ""})` });
  const kind = kinds[0];
  if (kind === "AttributeCondition" || kind === "NotAttributeCondition") return checkAttributeCondition(e[kind], `${at}.${kind}`, out);
  const list = e[kind];
  if (isDynamic(list)) return;
  if (!Array.isArray(list) || list.length === 0) return void out.push({ path: `${at}.${kind}`, message: `Invalid Action property value. Path: ${at}.${kind} (a non-empty list of expressions)` });
  list.forEach((inner, i) => checkExpression(inner, `${at}.${kind}[${i}]`, out, depth + 1));
}

/** Shape problems of routing steps; JSONPath values are skipped (run time checks them resolved). */
export function routingStepProblems(steps: unknown, at: string): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  if (isDynamic(steps)) return out;
  if (!Array.isArray(steps) || steps.length === 0) return [{ path: at, message: `Invalid Action property value. Path: ${at} (a non-empty list of routing steps)` }];
  steps.forEach((step, i) => {
    const sp = `${at}[${i}]`;
    if (!isObject(step)) return void out.push({ path: sp, message: `Invalid Action property value. Path: ${sp} (must be an object)` });
    unknownKeys(step, ["Expression", "Expiry"], sp, out);
    if (step.Expression === undefined) out.push({ path: `${sp}.Expression`, message: `Action is missing required property. Path: ${sp}.Expression` });
    else checkExpression(step.Expression, `${sp}.Expression`, out, 1);
    if (step.Expiry === undefined) return;
    if (!isObject(step.Expiry)) return void out.push({ path: `${sp}.Expiry`, message: `Invalid Action property value. Path: ${sp}.Expiry (must be an object)` });
    unknownKeys(step.Expiry, ["DurationInSeconds"], `${sp}.Expiry`, out);
    const d = step.Expiry.DurationInSeconds;
    const n = num(d);
    if (isDynamic(d)) out.push({ path: `${sp}.Expiry.DurationInSeconds`, message: `Invalid Action property value. Path: ${sp}.Expiry.DurationInSeconds (can be set only statically)` });
    else if (n === undefined || !Number.isInteger(n) || n < 1) out.push({ path: `${sp}.Expiry.DurationInSeconds`, message: `Invalid Action property value. Path: ${sp}.Expiry.DurationInSeconds (a whole number of seconds, at least 1)` });
  });
  return out;
}

/** Every string in a JSON value with its references resolved (whole-value references keep their type). */
function resolveDeep(ctx: ActionContext, v: unknown): unknown {
  if (typeof v === "string") return ctx.value(v);
  if (Array.isArray(v)) return v.map((x) => resolveDeep(ctx, x));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveDeep(ctx, x)]));
  return v;
}

/**
 * Set routing criteria. The steps are stored on the contact (`behaviours.routingCriteria`)
 * for the router, which applies them once the contact is in queue; the action itself only
 * checks and records them.
 */
export const updateContactRoutingCriteria: ActionDefinition = {
  type: "UpdateContactRoutingCriteria",
  // The docs page spells it UpdateRoutingCriteria; exports and the service use UpdateContactRoutingCriteria.
  aliases: ["UpdateRoutingCriteria"],
  family: "flow-control",
  params: {
    RoutingCriteria: {
      dynamism: "static",
      kind: "object",
      required: true,
      fields: { Steps: { dynamism: "single", kind: "array", required: true, items: { dynamism: "any", kind: "any" } } },
    },
  },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE", ...TRANSFER_FLOWS]),
  validate(action, v) {
    const rc = action.Parameters.RoutingCriteria;
    if (!isObject(rc) || rc.Steps === undefined || (!Array.isArray(rc.Steps) && !isDynamic(rc.Steps))) return;
    for (const p of routingStepProblems(rc.Steps, `${v.path}.Parameters.RoutingCriteria.Steps`)) v.problems.error(p.path, p.message, action);
  },
  async run(ctx) {
    const rc = ctx.params.RoutingCriteria as Record<string, unknown>;
    let steps = resolveDeep(ctx, rc.Steps);
    if (typeof steps === "string") {
      try {
        steps = JSON.parse(steps);
      } catch {
        return { kind: "error", errorType: "NoMatchingError", detail: "RoutingCriteria.Steps resolved to text that is not a JSON list of steps" };
      }
    }
    const problems = routingStepProblems(steps, "RoutingCriteria.Steps");
    if (problems.length) return { kind: "error", errorType: "NoMatchingError", detail: `the resolved routing steps are invalid: ${problems[0].message}` };
    const before = ctx.contact.behaviours.routingCriteria;
    const criteria = { Steps: steps as unknown[] };
    ctx.contact.behaviours.routingCriteria = criteria;
    ctx.changed("Routing", "RoutingCriteria", before === undefined ? undefined : JSON.stringify(before), JSON.stringify(criteria));
    return { kind: "next" };
  },
};

/**
 * Transfer to agent (beta). The flow ends here with reason `transferred`; joining the
 * contact to the agent (or, when the agent is busy, disconnecting it) is the runtime's job.
 */
export const transferContactToAgent: ActionDefinition = {
  type: "TransferContactToAgent",
  family: "contact",
  params: {},
  terminal: true,
  errors: { allowed: [] },
  flowTypes: { ...onlyIn(TRANSFER_FLOWS), MODULE: "no" },
  channels: { CHAT: "error", TASK: "error", EMAIL: "error" },
  async run(ctx) {
    const agent = ctx.contact.agentId;
    return { kind: "end", reason: "transferred", detail: agent ? `to agent ${agent}` : "to the agent of this transfer" };
  },
};

export const definitions: ActionDefinition[] = [
  updateContactTargetQueue,
  transferContactToQueue,
  dequeueContactAndTransferToQueue,
  updateContactRoutingBehavior,
  updateContactRoutingCriteria,
  transferContactToAgent,
];
