/**
 * Loop: counts how often the same action (the same Identifier) runs in one flow
 * execution. The first LoopCount runs give ContinueLooping, the next one DoneLooping, and
 * then the count starts again, so a loop entered a second time loops the full count again.
 */
import type { ActionDefinition } from "../action.js";
import { checkConditionSet, num } from "./util.js";

export const MAX_LOOP_COUNT = 100;
const CONTINUE = "ContinueLooping";
const DONE = "DoneLooping";

export const loop: ActionDefinition = {
  type: "Loop",
  family: "flow-control",
  params: { LoopCount: { dynamism: "single", kind: "integer", required: true, min: 0, max: MAX_LOOP_COUNT } },
  // The action page lists no errors; the console adds an Error branch ("If the provided input is incorrect").
  errors: { allowed: ["NoMatchingError"] },
  conditions: { operators: ["Equals"], requiredOperands: [CONTINUE, DONE], allowedOperands: [CONTINUE, DONE] },
  validate(action, v) {
    checkConditionSet(action, v, `Loop needs a Condition for Equals ${CONTINUE} and one for Equals ${DONE}`);
  },
  async run(ctx) {
    // A dynamic count is read on every pass, so a flow may change it mid-loop; the passes already made still count.
    const raw = ctx.value(ctx.params.LoopCount);
    const count = num(raw);
    if (count === undefined || !Number.isInteger(count) || count < 0 || count > MAX_LOOP_COUNT) {
      const shown = raw === undefined ? "no value" : JSON.stringify(raw);
      return { kind: "error", errorType: "NoMatchingError", detail: `LoopCount ${String(ctx.params.LoopCount)} gave ${shown}; it must be a whole number from 0 to ${MAX_LOOP_COUNT}` };
    }
    const id = ctx.action.Identifier;
    const done = ctx.run.loopCounters.get(id) ?? 0;
    if (done < count) {
      ctx.run.loopCounters.set(id, done + 1);
      ctx.note(`pass ${done + 1} of ${count}`);
      return { kind: "result", value: CONTINUE };
    }
    ctx.run.loopCounters.delete(id);
    ctx.note(`${count} pass${count === 1 ? "" : "es"} done; the count starts again`);
    return { kind: "result", value: DONE };
  },
};

export const definitions: ActionDefinition[] = [loop];
