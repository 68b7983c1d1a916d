import type { ConditionExpr } from "./model.js";

/** Operators of the flow language (reference §1.3.5). All string comparisons are case-sensitive. */
export const OPERATORS = [
  "Equals",
  "TextStartsWith",
  "TextEndsWith",
  "TextContains",
  "NumberGreaterThan",
  "NumberGreaterOrEqualTo",
  "NumberLessThan",
  "NumberLessOrEqualTo",
] as const;

export type Operator = (typeof OPERATORS)[number];

export function isOperator(value: unknown): value is Operator {
  return typeof value === "string" && (OPERATORS as readonly string[]).includes(value);
}

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

export function toNumber(value: string): number | undefined {
  return NUMERIC.test(value) ? Number(value) : undefined;
}

/**
 * Whether `result` satisfies the condition. A missing result satisfies nothing; the
 * Number* operators are false when either side is not numeric ("If either the result or
 * the specified string are not numeric, returns false").
 */
export function conditionHolds(condition: ConditionExpr, result: string | undefined): boolean {
  if (result === undefined) return false;
  const operand = condition.Operands[0];
  if (typeof operand !== "string") return false;
  switch (condition.Operator) {
    case "Equals":
      return result === operand;
    case "TextStartsWith":
      return result.startsWith(operand);
    case "TextEndsWith":
      return result.endsWith(operand);
    case "TextContains":
      return result.includes(operand);
    default: {
      const a = toNumber(result);
      const b = toNumber(operand);
      if (a === undefined || b === undefined) return false;
      switch (condition.Operator) {
        case "NumberGreaterThan":
          return a > b;
        case "NumberGreaterOrEqualTo":
          return a >= b;
        case "NumberLessThan":
          return a < b;
        case "NumberLessOrEqualTo":
          return a <= b;
      }
      return false;
    }
  }
}
