/**
 * Check hours of operation: "True" when the hours are open now, else "False". The hours
 * are the ones named by HoursOfOperationId, or those of the contact's working queue.
 * Whether they are open is the hours responder's answer: a scenario rule, else the
 * schedule of the hours resource evaluated on the simulator clock (see responder-set.ts).
 */
import { resourceNames } from "../metadata.js";
import { HOLD_FLOWS, WHISPER_FLOWS, type ActionDefinition, type Outcome } from "../action.js";
import { HostError } from "../host.js";
import type { HoursOfOperationRef } from "../refs.js";
import { checkConditionSet, errorDetail, unmatched } from "./util.js";

export const checkHoursOfOperation: ActionDefinition = {
  type: "CheckHoursOfOperation",
  family: "flow-control",
  params: { HoursOfOperationId: { dynamism: "single" } },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  conditions: { operators: ["Equals"], requiredOperands: ["True", "False"], allowedOperands: ["True", "False"] },
  flowTypes: Object.fromEntries([...HOLD_FLOWS, ...WHISPER_FLOWS].map((t) => [t, "no"])),
  validate(action, v) {
    checkConditionSet(action, v, "CheckHoursOfOperation needs a Condition for Equals True and one for Equals False");
  },
  async run(ctx): Promise<Outcome> {
    const fail = (detail: string): Outcome => ({ kind: "error", errorType: "NoMatchingError", detail });
    // Console exports write "" when no hours were picked; that means the queue's hours, like a missing parameter.
    const ref = ctx.text(ctx.params.HoursOfOperationId)?.trim();
    const queue = ctx.contact.targetQueue ?? ctx.contact.queue;
    let hours: HoursOfOperationRef | undefined;
    if (ref) {
      const names = resourceNames(ctx.run.flow, ctx.action.Identifier, "HoursOfOperationId");
      hours = ctx.host.findHoursOfOperation(ref, names);
      if (!hours) return fail(unmatched("hours of operation", ref, names));
    } else {
      if (!queue) return fail("no HoursOfOperationId and the contact has no working queue whose hours could be checked");
      if (queue.agentId) return fail(`the working queue is the agent queue of ${queue.name || queue.agentId}, and agent queues have no hours of operation`);
      hours = ctx.host.queueHours(queue);
      if (!hours) return fail(`queue ${queue.name || queue.id} has no hours of operation`);
    }
    let open: boolean;
    try {
      // The queue goes along only when its hours are the ones checked, so a scenario rule for a queue answers for the queue's hours alone.
      open = await ctx.host.responders.hoursOpen({ hours, queue: ref ? undefined : queue, at: ctx.host.clock.now(), contactId: ctx.contact.id });
    } catch (err) {
      if (err instanceof HostError) return fail(errorDetail(err));
      throw err;
    }
    ctx.note(`${hours.name || hours.id} ${open ? "open" : "closed"} at ${new Date(ctx.host.clock.now()).toISOString()} (${ctx.host.responders.lastSource("hours")})`);
    return { kind: "result", value: open ? "True" : "False" };
  },
};

export const definitions: ActionDefinition[] = [checkHoursOfOperation];
