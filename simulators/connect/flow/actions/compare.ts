import type { ActionDefinition } from "../action.js";
import { OPERATORS } from "../conditions.js";

/** Check contact attributes: compares one value against the Conditions in order. */
export const compare: ActionDefinition = {
  type: "Compare",
  family: "flow-control",
  params: { ComparisonValue: { dynamism: "single", required: true } },
  errors: { allowed: ["NoMatchingCondition"], required: ["NoMatchingCondition"] },
  conditions: { operators: OPERATORS },
  async run(ctx) {
    const value = ctx.text(ctx.params.ComparisonValue);
    if (value === undefined) {
      ctx.note(`${String(ctx.params.ComparisonValue)} has no value`);
      return { kind: "error", errorType: "NoMatchingCondition", detail: `${String(ctx.params.ComparisonValue)} has no value` };
    }
    return { kind: "result", value };
  },
};

export const definitions: ActionDefinition[] = [compare];
