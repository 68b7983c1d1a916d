/**
 * Distribute by percentage: draws a number from 1 to 100 and compares it with a chain of
 * `NumberLessThan` thresholds, each the previous one plus the next branch's percentage
 * (3 %, 6 %, 8 % → "4", "10", "18"). The draw comes from the runtime's seeded id
 * generator, so a scenario replays the same branches for the same seed.
 */
import { HOLD_FLOWS, WHISPER_FLOWS, type ActionDefinition, type Support } from "../action.js";
import type { FlowType } from "../flow-types.js";
import { isObject, num } from "./util.js";

const flowTypes: Partial<Record<FlowType, Support>> = Object.fromEntries([...HOLD_FLOWS, ...WHISPER_FLOWS].map((t) => [t, "no"]));
// The admin guide lists outbound whisper flows; the action page excludes every whisper flow.
flowTypes.OUTBOUND_WHISPER = "warn";

export const distributeByPercentage: ActionDefinition = {
  type: "DistributeByPercentage",
  family: "flow-control",
  params: {},
  // The docs write "NumericLessThan"; the service only knows NumberLessThan, so the other spelling fails as an unknown operator.
  conditions: { operators: ["NumberLessThan"] },
  errors: { allowed: ["NoMatchingCondition"], required: ["NoMatchingCondition"] },
  flowTypes,
  validate(action, v) {
    const conditions: unknown = action.Transitions?.Conditions;
    if (!Array.isArray(conditions)) return;
    let previous: number | undefined;
    conditions.forEach((c: unknown, i: number) => {
      const cond = isObject(c) && isObject(c.Condition) ? c.Condition : undefined;
      const operand = cond && Array.isArray(cond.Operands) ? cond.Operands[0] : undefined;
      if (typeof operand !== "string") return;
      const at = `${v.path}.Transitions.Conditions[${i}].Condition.Operands[0]`;
      const threshold = num(operand);
      if (threshold === undefined || !Number.isInteger(threshold)) {
        v.problems.error(at, `Invalid Action property value. Path: ${at} (${JSON.stringify(operand)} is not a whole-number threshold)`, action);
        return;
      }
      if (threshold > 100) v.problems.error(at, `Invalid Action property value. Path: ${at} (thresholds may not exceed 100; ${threshold} does)`, action);
      if (previous !== undefined && threshold < previous) {
        v.problems.error(at, `Invalid Action property value. Path: ${at} (thresholds must rise along the chain: ${threshold} follows ${previous})`, action);
      } else if (threshold <= (previous ?? 1)) {
        v.problems.warning(at, `Threshold ${threshold} leaves this branch a 0 % share: no draw from 1 to 100 ever takes it`, action);
      }
      previous = Math.max(previous ?? threshold, threshold);
    });
  },
  async run(ctx) {
    const draw = ctx.host.ids.int(1, 100);
    ctx.note(`drew ${draw}`);
    return { kind: "result", value: String(draw) };
  },
};

export const definitions: ActionDefinition[] = [distributeByPercentage];
