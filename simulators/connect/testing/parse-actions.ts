/**
 * The actions of an observation: SendInstruction, OverrideSystemBehavior, Assert and
 * TestControl, each checked against what the Testing language documents.
 */
import { parseWholeReference, rootOf } from "../flow/jsonpath.js";
import type { AssertOperator, EntryPoint, FlowActionType, Instruction, MockResponse, ResourceRef, Strategy, TestActionBody } from "./model.js";
import { MAX_DTMF_KEYS, MAX_LOG_EXPRESSIONS, MAX_LOG_EXPRESSION_CHARS, MAX_MOCK_DELAY_SECONDS, MAX_UTTERANCE_CHARS } from "./limits.js";
import { type ContentReader, type Json, type Owner, isJsonObject, show } from "./reader.js";
import { readResource } from "./parse-events.js";
import { ASSERT_ROOTS } from "./assertions.js";
import { OPERATORS as FLOW_OPERATORS, toNumber } from "../flow/conditions.js";
import { readLoadedData } from "./mock-data.js";

export const ACTION_TYPES = ["SendInstruction", "OverrideSystemBehavior", "Assert", "TestControl"] as const;

/** The flow language's Compare operators, and Exists. */
export const OPERATORS: readonly AssertOperator[] = [...FLOW_OPERATORS, "Exists"];

const OVERRIDABLE: readonly FlowActionType[] = ["InvokeLambdaFunction", "CheckHoursOfOperation", "ConnectParticipantWithLexBot", "TransferContactToQueue", "DequeueAndTransferToQueue"];

/** The `Parameters.ActionType` that repeats the action Type (all but Assert carry it). */
function checkActionType(r: ContentReader, p: Json, path: string, owner: Owner, type: string): void {
  const repeated = r.string(p, "ActionType", path, owner, { required: true });
  if (repeated !== undefined && repeated !== type) r.error(`${path}.ActionType`, `Parameters.ActionType ${show(repeated)} must repeat the action Type ${show(type)}`, owner);
}

function readInstruction(r: ContentReader, p: Json, path: string, owner: Owner, entry?: EntryPoint): Instruction | undefined {
  r.onlyKeys(p, ["ActionType", "Actor", "Instruction"], path, owner);
  checkActionType(r, p, path, owner, "SendInstruction");
  // Customer is the only actor with documented instructions.
  const actor = r.string(p, "Actor", path, owner, { required: true });
  if (actor !== undefined && actor !== "Customer") r.error(`${path}.Actor`, `Actor ${show(actor)} is not supported: only the Customer's instructions are documented`, owner);
  const at = `${path}.Instruction`;
  const ins = r.object(p.Instruction, at, owner, "Instruction");
  if (!ins) return undefined;
  r.onlyKeys(ins, ["Type", "Properties"], at, owner);
  const type = r.string(ins, "Type", at, owner, { required: true });
  const propsAt = `${at}.Properties`;
  switch (type) {
    case undefined:
      return undefined;
    case "DtmfInput": {
      // The service's own refusal; flowsim's chats take no keys either.
      if (entry?.type === "CHAT") r.error(`${at}.Type`, "DTMF input is not supported for Chat entry point", owner);
      const props = r.object(ins.Properties, propsAt, owner, "Properties");
      if (!props) return undefined;
      r.onlyKeys(props, ["Value"], propsAt, owner);
      const value = typeof props.Value === "number" && Number.isInteger(props.Value) && props.Value >= 0 ? String(props.Value) : props.Value;
      if (typeof value !== "string" || !/^[0-9*#]+$/.test(value) || value.length > MAX_DTMF_KEYS) {
        r.error(`${propsAt}.Value`, `Value must be 1 to ${MAX_DTMF_KEYS} keys from 0-9, * and #, not ${show(props.Value)}`, owner);
        return undefined;
      }
      return { type: "DtmfInput", digits: value };
    }
    case "Utterance":
    case "TextUtterance": {
      if (type === "TextUtterance") r.warning(`${at}.Type`, 'TextUtterance is an older spelling; the service is reported to accept "Utterance"', owner);
      const props = r.object(ins.Properties, propsAt, owner, "Properties");
      if (!props) return undefined;
      r.onlyKeys(props, ["Value", "Text", "SSML", "LanguageCode"], propsAt, owner);
      const text = { nonEmpty: true, max: MAX_UTTERANCE_CHARS };
      const value = r.string(props, "Value", propsAt, owner, text);
      const plain = r.string(props, "Text", propsAt, owner, text);
      const ssml = r.string(props, "SSML", propsAt, owner, text);
      const languageCode = r.string(props, "LanguageCode", propsAt, owner, { pattern: /^[a-z]{2,3}-[A-Z]{2}$/, patternText: "a language code such as en-US" });
      if (value === undefined && (plain !== undefined || ssml !== undefined)) r.warning(propsAt, "the service is reported to refuse Text and SSML here and to require Value", owner);
      const said = value ?? plain ?? ssml?.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
      if (said === undefined) {
        if ([props.Value, props.Text, props.SSML].every((v) => v === undefined)) r.error(propsAt, "an utterance needs Value (or Text, or SSML)", owner);
        return undefined;
      }
      return { type: "Utterance", text: said, languageCode };
    }
    case "Disconnect":
      if (ins.Properties !== undefined && !(isJsonObject(ins.Properties) && Object.keys(ins.Properties).length === 0)) r.error(propsAt, "Disconnect takes no Properties", owner);
      return { type: "Disconnect" };
    default:
      r.error(`${at}.Type`, `unknown instruction type ${show(type)} (flowsim supports DtmfInput, Utterance and Disconnect; no JSON form is documented for a recorded audio file)`, owner);
      return undefined;
  }
}

function readMock(r: ContentReader, s: Json, path: string, owner: Owner, target: ResourceRef): MockResponse | undefined {
  const at = `${path}.Response`;
  const res = r.object(s.Response, at, owner, "Response");
  if (!res) return undefined;
  const type = r.string(res, "Type", at, owner, { required: true, oneOf: ["ExecutionResult", "Error"] });
  if (type === undefined) return undefined;
  r.onlyKeys(res, ["Type", type], at, owner);
  const bodyAt = `${at}.${type}`;
  const body = r.object(res[type], bodyAt, owner, type);
  if (!body) return undefined;
  const kind = target.actionType;
  const queue = kind === "TransferContactToQueue" || kind === "DequeueAndTransferToQueue";
  const timed = kind === "InvokeLambdaFunction" || kind === "ConnectParticipantWithLexBot";
  const delayMs = (r.seconds(body, "DelaySeconds", bodyAt, owner, MAX_MOCK_DELAY_SECONDS) ?? 0) * 1000;
  if (type === "Error") {
    const values = queue ? ["QueueAtCapacity", "NoMatchingError"] : timed ? ["TimeLimitExceeded", "NoMatchingError"] : ["NoMatchingError"];
    r.onlyKeys(body, timed ? ["DelaySeconds", "Value"] : ["Value"], bodyAt, owner);
    const value = r.string(body, "Value", bodyAt, owner, { required: true, oneOf: values });
    return value === undefined ? undefined : { type: "Error", delayMs, value: value as "NoMatchingError" };
  }
  if (queue) {
    r.error(`${at}.Type`, `the mock of ${kind} can only be an Error (QueueAtCapacity or NoMatchingError); no ExecutionResult is documented for it`, owner);
    return undefined;
  }
  if (kind === "CheckHoursOfOperation") {
    r.onlyKeys(body, ["Value"], bodyAt, owner);
    const value = r.string(body, "Value", bodyAt, owner, { required: true, oneOf: ["InHours", "OutOfHours"] });
    return value === undefined ? undefined : { type: "ExecutionResult", delayMs: 0, value: value as "InHours" };
  }
  r.onlyKeys(body, ["DelaySeconds", "LoadedData", "Value"], bodyAt, owner);
  const loadedData = readLoadedData(r, body, bodyAt, owner, kind === "ConnectParticipantWithLexBot" ? "lex" : "lambda");
  return loadedData === null ? undefined : { type: "ExecutionResult", delayMs, loadedData };
}

function readOverride(r: ContentReader, p: Json, path: string, owner: Owner): { target: ResourceRef; strategy: Strategy } | undefined {
  r.onlyKeys(p, ["ActionType", "Behavior"], path, owner);
  checkActionType(r, p, path, owner, "OverrideSystemBehavior");
  const bAt = `${path}.Behavior`;
  const behavior = r.object(p.Behavior, bAt, owner, "Behavior");
  if (!behavior) return undefined;
  r.onlyKeys(behavior, ["Type", "Properties"], bAt, owner);
  r.string(behavior, "Type", bAt, owner, { required: true, oneOf: ["FlowAction"] });
  const at = `${bAt}.Properties`;
  let props = r.object(behavior.Properties, at, owner, "Properties");
  if (!props) return undefined;
  r.onlyKeys(props, ["ActionType", "ActionParameters", "Strategy"], at, owner);
  if (props.ActionType === "DequeueContactAndTransferToQueue") {
    r.warning(`${at}.ActionType`, 'the Testing language spells this override "DequeueAndTransferToQueue"; whether the service takes the flow-language spelling is unknown', owner);
    props = { ...props, ActionType: "DequeueAndTransferToQueue" };
  }
  const target = readResource(r, props, at, owner, OVERRIDABLE, "this flow action cannot be overridden");
  const sAt = `${at}.Strategy`;
  const s = r.object(props.Strategy, sAt, owner, "Strategy");
  if (!s || !target) return undefined;
  const type = r.string(s, "Type", sAt, owner, { required: true, oneOf: ["SubstituteResource", "MockResponse"] });
  if (type === "SubstituteResource") {
    r.onlyKeys(s, ["Type", "SubstituteArn"], sAt, owner);
    const substituteArn = r.string(s, "SubstituteArn", sAt, owner, { required: true, nonEmpty: true, max: 500 });
    return substituteArn === undefined ? undefined : { target, strategy: { type, substituteArn } };
  }
  if (type !== "MockResponse") return undefined;
  r.onlyKeys(s, ["Type", "Response"], sAt, owner);
  if (target.actionType === "CheckHoursOfOperation") r.warning(`${sAt}.Type`, "the service is reported to refuse MockResponse on CheckHoursOfOperation at publish; SubstituteResource with an always-open or always-closed hours of operation is the portable way", owner);
  const response = readMock(r, s, sAt, owner, target);
  return response && { target, strategy: { type, response } };
}

function readAssert(r: ContentReader, p: Json, path: string, owner: Owner): TestActionBody | undefined {
  r.onlyKeys(p, ["Namespace", "Operator", "Operand"], path, owner, (k) => (k === "ActionType" ? "Assert is the one action whose Parameters do not repeat its Type" : undefined));
  const namespace = r.string(p, "Namespace", path, owner, { required: true, nonEmpty: true, max: 1024 });
  const operator = r.string(p, "Operator", path, owner, { required: true, oneOf: OPERATORS });
  const ref = namespace === undefined ? undefined : parseWholeReference(namespace.trim());
  const root = ref && rootOf(ref);
  if (namespace !== undefined && !ref) r.error(`${path}.Namespace`, `Namespace ${show(namespace)} is not one JSONPath such as $.Attributes.name`, owner);
  else if (namespace !== undefined && (root === undefined || !ASSERT_ROOTS.has(root))) {
    r.error(`${path}.Namespace`, `Namespace ${show(namespace)}: ${root === undefined ? "no namespace" : `$.${root}`} cannot be checked in a test case (flowsim checks ${[...ASSERT_ROOTS].map((x) => `$.${x}`).join(", ")})`, owner);
  }
  const rawOperand = p.Operand;
  const operand = typeof rawOperand === "number" && Number.isFinite(rawOperand) ? String(rawOperand) : rawOperand;
  if (operator === "Exists") {
    r.warning(`${path}.Operator`, "the service is reported to refuse Exists (\"Invalid operator parameter for AssertAction\"); flowsim supports it because it is documented", owner);
    if (operand !== undefined) r.error(`${path}.Operand`, "Exists takes no Operand", owner);
  } else if (operator !== undefined) {
    // The service refused a missing Operand ("Invalid operand parameter for AssertAction"), but took an empty one for text operators.
    if (typeof operand !== "string") r.error(`${path}.Operand`, operand === undefined ? `Invalid operand parameter for AssertAction: ${operator} needs an Operand` : `Operand must be a string, not ${show(operand)}`, owner);
    else if (operator.startsWith("Number") && toNumber(operand) === undefined) r.error(`${path}.Operand`, `${operator} needs a decimal number as its Operand, not ${show(operand)}`, owner);
  }
  if (namespace === undefined || !ref || root === undefined || !ASSERT_ROOTS.has(root) || operator === undefined) return undefined;
  if (operator !== "Exists" && typeof operand !== "string") return undefined;
  return { kind: "Assert", namespace, ref, operator: operator as AssertOperator, operand: operand as string | undefined };
}

function readTestControl(r: ContentReader, p: Json, path: string, owner: Owner): TestActionBody | undefined {
  r.onlyKeys(p, ["ActionType", "Command"], path, owner);
  checkActionType(r, p, path, owner, "TestControl");
  const at = `${path}.Command`;
  const command = r.object(p.Command, at, owner, "Command");
  if (!command) return undefined;
  r.onlyKeys(command, ["Type", "Properties"], at, owner);
  const type = r.string(command, "Type", at, owner, { required: true, oneOf: ["EndTest", "LogData"] });
  if (type === "EndTest") {
    if (command.Properties !== undefined && !(isJsonObject(command.Properties) && Object.keys(command.Properties).length === 0)) r.error(`${at}.Properties`, "EndTest takes no Properties", owner);
    return { kind: "EndTest" };
  }
  if (type !== "LogData") return undefined;
  const propsAt = `${at}.Properties`;
  const props = r.object(command.Properties, propsAt, owner, "Properties");
  if (!props) return undefined;
  r.onlyKeys(props, ["Expressions"], propsAt, owner);
  const exprAt = `${propsAt}.Expressions`;
  const expressions = r.object(props.Expressions, exprAt, owner, "Expressions");
  if (!expressions) return undefined;
  const entries = Object.entries(expressions);
  if (entries.length === 0 || entries.length > MAX_LOG_EXPRESSIONS) {
    r.error(exprAt, `Expressions must hold 1 to ${MAX_LOG_EXPRESSIONS} labelled expressions, not ${entries.length}`, owner);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [label] of entries) {
    const value = r.string(expressions, label, exprAt, owner, { nonEmpty: true, max: MAX_LOG_EXPRESSION_CHARS });
    if (value !== undefined) out[label] = value;
  }
  return Object.keys(out).length === entries.length ? { kind: "LogData", expressions: out } : undefined;
}

/** The body of one action, by its Type; undefined (with problems) when it cannot run. */
export function readActionBody(r: ContentReader, type: string, parameters: unknown, path: string, owner: Owner, entry?: EntryPoint): TestActionBody | undefined {
  const at = `${path}.Parameters`;
  const p = r.object(parameters, at, owner, "Parameters");
  if (!p) return undefined;
  switch (type) {
    case "SendInstruction": {
      const instruction = readInstruction(r, p, at, owner, entry);
      return instruction && { kind: "SendInstruction", instruction };
    }
    case "OverrideSystemBehavior": {
      const override = readOverride(r, p, at, owner);
      return override && { kind: "OverrideSystemBehavior", ...override };
    }
    case "Assert":
      return readAssert(r, p, at, owner);
    case "TestControl":
      return readTestControl(r, p, at, owner);
    default:
      r.error(`${path}.Type`, `unknown action type ${show(type)} (flowsim supports ${ACTION_TYPES.join(", ")})`, owner);
      return undefined;
  }
}
