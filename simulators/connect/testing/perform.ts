/** Performs one action of a matched observation and says how it went. */
import { interpolate, parseWholeReference, type Lookup } from "../flow/jsonpath.js";
import type { TestAction } from "./model.js";
import { checkAssertion, scalarAt } from "./assertions.js";
import type { SimulatedCustomer } from "./customer.js";
import type { Overrides } from "./overrides.js";
import type { ActionResult } from "./records.js";

export interface ActionEnvironment {
  /** The contact's data, as Assert and LogData read it. */
  lookup: Lookup;
  customer: SimulatedCustomer;
  overrides: Overrides;
  now(): number;
}

/** LogData values: a whole JSONPath gives its value; free text gets its embedded paths replaced. */
function logged(expressions: Record<string, string>, lookup: Lookup): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [label, expression] of Object.entries(expressions)) {
    const ref = parseWholeReference(expression);
    out[label] = ref ? scalarAt(ref, lookup) : interpolate(expression, lookup);
  }
  return out;
}

export function perform(action: TestAction, env: ActionEnvironment): ActionResult {
  const result: ActionResult = { id: action.id, type: action.type, status: "PASSED", at: env.now() };
  switch (action.kind) {
    case "Assert": {
      const verdict = checkAssertion(action, env.lookup);
      result.actual = verdict.actual;
      if (!verdict.passed) Object.assign(result, { status: "FAILED", reason: verdict.reason });
      break;
    }
    case "LogData":
      result.data = logged(action.expressions, env.lookup);
      break;
    case "SendInstruction":
      result.delivery = env.customer.send(action.instruction);
      break;
    case "OverrideSystemBehavior": {
      const override = { actionId: action.id, target: action.target, strategy: action.strategy };
      const refused = env.overrides.add(override);
      if (refused) Object.assign(result, { status: "FAILED", reason: refused });
      else result.override = override;
      break;
    }
    case "EndTest":
      break;
  }
  return result;
}
