/**
 * Assert (the console's Check block): reads one value of the contact by JSONPath and
 * compares it with the Operand.
 *
 * Decisions where the reference is silent (§4.3, §10.11):
 * - Namespaces are the contact's data as flows read it: system values, user-defined and
 *   segment attributes, and, once a "flow action completed" observation has matched for
 *   the action, its results ($.External / $.LambdaInvocation for Lambda, $.Lex for Lex).
 *   Before that they read empty, as documented. Per-flow data ($.FlowAttributes,
 *   $.Loop, $.Modules) belongs to one flow run and is refused at validation.
 * - Only scalars can be checked: a path to an object or a list reads empty.
 * - The operators are the flow language's (flow/conditions.ts): case-sensitive text,
 *   Number operators false when either side is not a decimal number; every operator
 *   but Exists fails on an empty value; Exists holds for any value present, "" included.
 */
import { evaluate, stringify, type Lookup } from "../flow/jsonpath.js";
import { conditionHolds, toNumber } from "../flow/conditions.js";
import type { TestActionBody } from "./model.js";

/** What a test case may read. */
export const ASSERT_ROOTS: ReadonlySet<string> = new Set([
  "Attributes",
  "SegmentAttributes",
  "Queue",
  "Channel",
  "ContactId",
  "InitialContactId",
  "PreviousContactId",
  "RelatedContactId",
  "CustomerEndpoint",
  "SystemEndpoint",
  "CustomerId",
  "InitiationMethod",
  "Name",
  "Description",
  "LanguageCode",
  "TextToSpeechVoiceId",
  "StoredCustomerInput",
  "References",
  "Tags",
  "InstanceARN",
  "AwsRegion",
  "External",
  "LambdaInvocation",
  "Lex",
]);

/** Namespaces readable only after their action's completion was observed, by the action that fills them. */
export const COMPLETION_ROOTS: Readonly<Record<string, "InvokeLambdaFunction" | "ConnectParticipantWithLexBot">> = {
  External: "InvokeLambdaFunction",
  LambdaInvocation: "InvokeLambdaFunction",
  Lex: "ConnectParticipantWithLexBot",
};

export interface AssertResult {
  passed: boolean;
  /** The value read, as text; undefined when empty. */
  actual?: string;
  /** Why it failed. */
  reason?: string;
}

/** The scalar at the path, as flow text; objects, lists and missing values are empty. */
export function scalarAt(ref: Parameters<typeof evaluate>[0], lookup: Lookup): string | undefined {
  const value = evaluate(ref, lookup);
  if (value !== null && typeof value === "object") return undefined;
  return stringify(value);
}

export function checkAssertion(assertion: Extract<TestActionBody, { kind: "Assert" }>, lookup: Lookup): AssertResult {
  const { operator } = assertion;
  const operand = assertion.operand ?? "";
  const actual = scalarAt(assertion.ref, lookup);
  const said = `${assertion.namespace} is ${actual === undefined ? "empty" : JSON.stringify(actual)}`;
  if (operator === "Exists") return actual === undefined ? { passed: false, reason: `${assertion.namespace} is empty` } : { passed: true, actual };
  if (actual === undefined) return { passed: false, reason: `${said}; ${operator} ${JSON.stringify(operand)} needs a value` };
  // The Check block's operators are the flow language's Compare operators, with the same rules.
  if (conditionHolds({ Operator: operator, Operands: [operand] }, actual)) return { passed: true, actual };
  if (operator.startsWith("Number") && toNumber(actual) === undefined) return { passed: false, actual, reason: `${said}, not a number` };
  return { passed: false, actual, reason: `${said}; expected ${operator} ${JSON.stringify(operand)}` };
}
