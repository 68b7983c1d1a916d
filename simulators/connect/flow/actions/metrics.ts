/**
 * Queue metrics: Check staffing / Check queue status (CheckMetricData) compares one
 * figure with its Conditions; Get queue metrics (GetMetricData) loads the figures into
 * `$.Metrics.*`. The queue is QueueId, an agent's queue (AgentId), or the contact's
 * working queue; the figures come from the metrics responder, which defaults to what the
 * runtime sees in its queues.
 */
import { HOLD_FLOWS, WHISPER_FLOWS, type ActionContext, type ActionDefinition, type Outcome, type ValidationContext } from "../action.js";
import type { FlowAction } from "../model.js";
import type { QueueMetrics } from "../responders.js";
import type { QueueRef } from "../contact.js";
import { checkConditionSet, isObject, num, queueParam, unmatched } from "./util.js";

const AGENT_METRICS = ["NumberOfAgentsAvailable", "NumberOfAgentsStaffed", "NumberOfAgentsOnline"] as const;
export const METRIC_TYPES = [...AGENT_METRICS, "OldestContactInQueueAgeSeconds", "NumberOfContactsInQueue"] as const;
type MetricType = (typeof METRIC_TYPES)[number];

/** The queue the action reads: QueueId / AgentId when given, else the working queue (or the queue the contact waits in). */
function metricsQueue(ctx: ActionContext): { queue: QueueRef } | { error: Outcome } {
  const fail = (detail: string) => ({ error: { kind: "error", errorType: "NoMatchingError", detail } as Outcome });
  const { ref, queue, names } = queueParam(ctx);
  if (ref) {
    if (queue) return { queue };
    return fail(ctx.params.AgentId !== undefined && ctx.text(ctx.params.AgentId) ? `no agent queue for agent "${ref}"` : unmatched("queue", ref, names));
  }
  const fallback = ctx.contact.targetQueue ?? ctx.contact.queue;
  return fallback ? { queue: fallback } : fail("no QueueId or AgentId and the contact has no working queue");
}

function checkQueueOrAgent(params: Record<string, unknown>, path: string, action: FlowAction, v: ValidationContext): void {
  if (params.QueueId !== undefined && params.AgentId !== undefined) v.problems.error(path, "Only one of these properties may be defined. Properties: [QueueId, AgentId]", action);
}

function metricValue(metric: MetricType, m: QueueMetrics): number {
  switch (metric) {
    case "NumberOfAgentsAvailable":
      return m.agents.Available;
    case "NumberOfAgentsStaffed":
      return m.agents.Staffed;
    case "NumberOfAgentsOnline":
      return m.agents.Online;
    case "NumberOfContactsInQueue":
      return m.queue.Size;
    case "OldestContactInQueueAgeSeconds":
      // Compared in milliseconds despite the name: the console stores "Time in queue" operands in ms (300 s → "300000"),
      // matching GetCurrentMetricData, whose OLDEST_CONTACT_AGE says SECONDS but returns ms without groupings.
      return m.queue.OldestContactAge * 1000;
  }
}

export const checkMetricData: ActionDefinition = {
  type: "CheckMetricData",
  family: "flow-control",
  params: {
    MetricType: { dynamism: "static", kind: "enum", enum: METRIC_TYPES, required: true },
    QueueId: { dynamism: "any" },
    AgentId: { dynamism: "any" },
  },
  // The page allows NoMatchingCondition only for queue size and age, but console exports write it (the False branch) for staffing checks too.
  errors: { allowed: ["NoMatchingError", "NoMatchingCondition"], recommended: ["NoMatchingError"] },
  conditions: { operators: ["Equals", "NumberGreaterThan", "NumberGreaterOrEqualTo", "NumberLessThan", "NumberLessOrEqualTo"] },
  flowTypes: Object.fromEntries([...HOLD_FLOWS, ...WHISPER_FLOWS].map((t) => [t, "no"])),
  validate(action, v) {
    checkQueueOrAgent(action.Parameters ?? {}, `${v.path}.Parameters`, action, v);
    checkConditionSet(action, v, "CheckMetricData needs at least one Condition to compare the metric with");
    const metric = action.Parameters?.MetricType;
    const conditions: unknown = action.Transitions?.Conditions;
    if (!Array.isArray(conditions)) return;
    conditions.forEach((c: unknown, i: number) => {
      const cond = isObject(c) && isObject(c.Condition) ? c.Condition : undefined;
      if (!cond) return;
      const operand = Array.isArray(cond.Operands) ? cond.Operands[0] : undefined;
      const at = `${v.path}.Transitions.Conditions[${i}].Condition`;
      if ((AGENT_METRICS as readonly unknown[]).includes(metric)) {
        if (cond.Operator !== "NumberGreaterThan" || typeof operand !== "string" || num(operand) !== 0) {
          v.problems.error(at, `Invalid Action property value. Path: ${at} (for ${String(metric)} the only supported condition is NumberGreaterThan 0)`, action);
        }
      } else if (metric === "OldestContactInQueueAgeSeconds" && typeof operand === "string") {
        const n = num(operand);
        if (n !== undefined && n > 0 && n < 1000) v.problems.warning(`${at}.Operands[0]`, `Time in queue is compared in milliseconds (the console stores 300 s as "300000"); ${n} ms is under a second — for ${n} seconds write "${n * 1000}"`, action);
      }
    });
  },
  async run(ctx) {
    const target = metricsQueue(ctx);
    if ("error" in target) return target.error;
    const metric = ctx.params.MetricType as MetricType;
    const figures = await ctx.host.responders.metrics({ queue: target.queue, live: ctx.host.liveMetrics(target.queue) });
    const value = metricValue(metric, figures);
    const unit = metric === "OldestContactInQueueAgeSeconds" ? ` ms (${figures.queue.OldestContactAge} s)` : "";
    ctx.note(`${metric} of ${target.queue.name || target.queue.id}: ${value}${unit} (${ctx.host.responders.lastSource("metrics")})`);
    return { kind: "result", value: String(value) };
  },
};

const CHANNELS: Record<string, string> = { voice: "VOICE", chat: "CHAT" };

/** `$.Metrics.*` as the docs name it: `Queue.Size`, `Agents.Online.Count`, `Contact.PositionInQueue`... */
export function metricsData(m: QueueMetrics): Record<string, unknown> {
  const count = (n: number) => ({ Count: n });
  return {
    Queue: { ...m.queue },
    Agents: {
      Online: count(m.agents.Online),
      Available: count(m.agents.Available),
      Staffed: count(m.agents.Staffed),
      AfterContactWork: count(m.agents.AfterContactWork),
      Busy: count(m.agents.Busy),
      Missed: count(m.agents.Missed),
      NonProductive: count(m.agents.NonProductive),
    },
    Contact: { ...m.contact },
  };
}

export const getMetricData: ActionDefinition = {
  type: "GetMetricData",
  family: "flow-control",
  params: {
    QueueId: { dynamism: "any" },
    AgentId: { dynamism: "any" },
    QueueChannel: { dynamism: "any", kind: "enum", enum: ["Voice", "Chat"] },
  },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  validate(action, v) {
    checkQueueOrAgent(action.Parameters ?? {}, `${v.path}.Parameters`, action, v);
  },
  async run(ctx) {
    const target = metricsQueue(ctx);
    if ("error" in target) return target.error;
    let channel: string | undefined;
    if (ctx.params.QueueChannel !== undefined) {
      const raw = ctx.text(ctx.params.QueueChannel) ?? "";
      channel = CHANNELS[raw.trim().toLowerCase()];
      if (!channel) return { kind: "error", errorType: "NoMatchingError", detail: `QueueChannel ${JSON.stringify(raw)} is neither Voice nor Chat` };
    }
    const figures = await ctx.host.responders.metrics({ queue: target.queue, channel, live: ctx.host.liveMetrics(target.queue, channel) });
    ctx.contact.metrics = metricsData(figures);
    const a = figures.agents;
    ctx.note(
      `${target.queue.name || target.queue.id}${channel ? ` (${channel})` : ""}: ${figures.queue.Size} in queue, oldest ${figures.queue.OldestContactAge} s; agents online ${a.Online}, available ${a.Available}, staffed ${a.Staffed} (${ctx.host.responders.lastSource("metrics")})`,
    );
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [checkMetricData, getMetricData];
