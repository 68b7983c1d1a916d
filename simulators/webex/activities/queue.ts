/**
 * Queue Contact and Get Queue Info. Queue Contact puts the contact in a queue and
 * leaves on `default` at once: the main flow goes on (music, messages) while the contact
 * waits, until an agent answers (AgentAnswered interrupts it).
 */
import { ActivityError, numberProp, stringProp, type ActivityContext, type ActivitySpec } from "./types.js";
import { isFailure } from "../runtime/responders.js";
import { toText } from "../pebble/values.js";

/** A destination held in a variable: the variable's name, or a `{{ }}` template. */
function fromVariable(ctx: ActivityContext, key: string): string {
  const raw = ctx.activity.props[key] as string;
  return ctx.hasTemplate(key) ? ctx.render(key) : toText(ctx.read(raw));
}

function priorityOf(ctx: ActivityContext): number | undefined {
  const p = ctx.activity.props;
  if (p.toggle !== true) return undefined;
  const raw = p.priorityRadioGroup === "variablePriority" ? ctx.read(p.priorityVariable as string) : p.priority;
  const n = typeof raw === "number" ? raw : Number(raw);
  // Variable priorities outside P1–P9 become the lowest priority (reference §2).
  return Number.isInteger(n) && n >= 1 && n <= 9 ? n : 10;
}

export const queueContact: ActivitySpec = {
  names: ["queue-contact"],
  title: "Queue Contact",
  ports: () => ["default", "failure"],
  errorPorts: ["failure"],
  outputs: ["QueueId", "FailureCode", "FailureDescription"],
  templates: (p) => (typeof p.destinationVariable === "string" && p.destinationVariable.includes("{{") ? [{ key: "destinationVariable", text: p.destinationVariable }] : []),
  validate(a, v) {
    const p = a.props;
    if (p.queueRadioGroup === "variableQueue") {
      if (!stringProp(p, "destinationVariable")) v.error("variable queue without destinationVariable", "destinationVariable");
    } else if (p.queueRadioGroup === "staticQueue" || p.queueRadioGroup === undefined || p.queueRadioGroup === null) {
      if (!stringProp(p, "destination")) v.error("no queue (destination is empty)", "destination");
    } else v.error(`queueRadioGroup "${String(p.queueRadioGroup)}" is not supported (staticQueue, variableQueue)`, "queueRadioGroup");
    if (p.toggle === true) {
      if (p.priorityRadioGroup === "variablePriority") {
        if (!stringProp(p, "priorityVariable")) v.error("variable priority without priorityVariable", "priorityVariable");
      } else {
        const n = numberProp(p, "priority");
        if (n === undefined || !Number.isInteger(n) || n < 1 || n > 10) v.error(`priority "${String(p.priority)}" must be 1 (highest) to 10`, "priority");
      }
    }
    const skills = p.skills;
    if (skills !== undefined && skills !== null && !(Array.isArray(skills) && skills.length === 0) && skills !== "") v.error("skill requirements (skills) are not supported by the simulator", "skills");
    if (p.toggleAgentAvailability === true) v.error("the agent-availability check (toggleAgentAvailability) is not supported by the simulator", "toggleAgentAvailability");
  },
  async run(ctx) {
    const p = ctx.activity.props;
    let queueId = p.queueRadioGroup === "variableQueue" ? fromVariable(ctx, "destinationVariable") : (p.destination as string);
    if (!queueId && p.queueRadioGroup === "variableQueue" && stringProp(p, "fallbackQueue")) {
      ctx.note(`the queue variable is empty: fallback queue ${p.fallbackQueue}`);
      queueId = p.fallbackQueue as string;
    }
    const answer = ctx.host.responders.queue({ queueId, activity: ctx.activity.name });
    if (isFailure(answer)) {
      ctx.setOutputs({ FailureCode: answer.failureCode, FailureDescription: answer.description });
      throw new ActivityError(`queue ${queueId}: ${answer.description}`, "failure");
    }
    ctx.host.enqueue({
      activity: ctx.activity.name,
      at: ctx.host.clock.now(),
      queueId,
      queueName: answer.queueName ?? stringProp(p, "destination:name") ?? stringProp(p, "destination_name"),
      routing: stringProp(p, "destination:type") ?? stringProp(p, "destination_type"),
      priority: priorityOf(ctx),
    });
    ctx.setOutputs({ QueueId: queueId });
    return { port: "default", detail: `queued in ${queueId}` };
  },
};

export const queueLookup: ActivitySpec = {
  names: ["queue-lookup"],
  title: "Get Queue Info",
  ports: () => ["default", "insufficientdata", "failure"],
  errorPorts: ["failure"],
  outputs: ["PIQ", "PositionInQueue", "EWT", "EstimatedWaitTime", "CallsQueuedNow", "OldestCallTime", "LoggedOnAgentsAll", "LoggedOnAgentsCurrent", "AvailableAgentsAll", "AvailableAgentsCurrent", "FailureCode", "FailureDescription"],
  validate(a, v) {
    if (!stringProp(a.props, "destination")) v.error("no queue (destination is empty)", "destination");
    const lookback = numberProp(a.props, "ewtLookbackMinutes");
    if (lookback !== undefined && !(lookback >= 5 && lookback <= 240)) v.warning(`ewtLookbackMinutes ${String(a.props.ewtLookbackMinutes)} is outside 5–240`, "ewtLookbackMinutes");
  },
  async run(ctx) {
    const p = ctx.activity.props;
    const byVariable = p["destination:radioName"] !== undefined && p["destination:radioName"] !== "queueId";
    const queueId = byVariable ? toText(ctx.read(p.destination as string)) : (p.destination as string);
    const info = ctx.host.responders.queueInfo({ queueId, activity: ctx.activity.name, queued: ctx.host.queue?.queueId === queueId });
    if (isFailure(info)) {
      ctx.setOutputs({ FailureCode: info.failureCode, FailureDescription: info.description });
      throw new ActivityError(`queue ${queueId}: ${info.description}`, "failure");
    }
    ctx.setOutputs({
      PIQ: info.positionInQueue,
      PositionInQueue: info.positionInQueue,
      EWT: info.estimatedWaitMs,
      EstimatedWaitTime: info.estimatedWaitMs,
      CallsQueuedNow: info.callsQueuedNow,
      OldestCallTime: info.oldestCallSeconds,
      LoggedOnAgentsAll: info.loggedOnAgents,
      LoggedOnAgentsCurrent: info.loggedOnAgents,
      AvailableAgentsAll: info.availableAgents,
      AvailableAgentsCurrent: info.availableAgents,
    });
    return { port: info.estimatedWaitMs < 0 ? "insufficientdata" : "default" };
  },
};

export const definitions = [queueContact, queueLookup];
