/**
 * Publish-time validation (reference §6): the envelope, Identifiers, Types, transitions,
 * required branches, flow-type rules and parameter dynamism. Messages use the service's
 * words where they are known ("Invalid Action property value. Path: Actions[3]...") and
 * then say why in plain terms.
 */
import type { ActionDefinition, ParamSpec, ValidationContext } from "./action.js";
import { isOperator } from "./conditions.js";
import { DISPLAY_NAMES, withArticle, type FlowType } from "./flow-types.js";
import { KNOWN_ROOTS, findReferences, parseWholeReference, rootOf } from "./jsonpath.js";
import type { FlowAction } from "./model.js";
import type { ProblemList } from "../../kernel/problems.js";
import { definitionFor } from "./registry.js";

export const MAX_ACTIONS = 250;
export const SUPPORTED_VERSION = "2019-10-30";
const FORBIDDEN_ID_CHARS = /[%:()\\/=$,;[\]{}]/;
const FORBIDDEN_IDS = new Set(["__proto__", "constructor", "__defineGetter__", "__defineSetter__", "toString", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "valueOf"]);
const MAX_CONDITION_DEPTH = 5;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function quote(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}

/** Validates the envelope and every action of a parsed document. Returns the actions worth indexing. */
export function validateDocument(doc: unknown, problems: ProblemList, flowType: FlowType): void {
  if (!isObject(doc)) {
    problems.error("$", "Invalid contact flow format: the content must be a JSON object");
    return;
  }
  if (doc.Version === undefined) problems.error("Version", `Action is missing required property. Path: Version (must be "${SUPPORTED_VERSION}")`);
  else if (doc.Version !== SUPPORTED_VERSION) problems.error("Version", `Invalid flow Version ${quote(doc.Version)}: the only supported version is "${SUPPORTED_VERSION}"`);
  if (doc.Metadata !== undefined && !isObject(doc.Metadata)) problems.error("Metadata", "Invalid contact flow format: Metadata must be an object");

  const actions = doc.Actions;
  if (!Array.isArray(actions)) {
    problems.error("Actions", "Invalid contact flow format: Actions must be a list of actions");
    return;
  }
  if (actions.length > MAX_ACTIONS) problems.error("Actions", `A flow may have no more than ${MAX_ACTIONS} actions (this one has ${actions.length})`);

  const ids = new Set<string>();
  actions.forEach((a, i) => {
    if (isObject(a) && typeof a.Identifier === "string") {
      if (ids.has(a.Identifier)) problems.error(`Actions[${i}].Identifier`, `Duplicate action Identifier ${quote(a.Identifier)}: Identifiers must be unique within a flow`, a);
      ids.add(a.Identifier);
    }
  });

  if (typeof doc.StartAction !== "string" || doc.StartAction === "") problems.error("StartAction", "Action is missing required property. Path: StartAction");
  else if (!ids.has(doc.StartAction)) problems.error("StartAction", `Invalid StartAction ${quote(doc.StartAction)}: it must match the Identifier of an action in Actions`);

  const isModule = flowType === "MODULE";
  if (isModule && doc.Settings !== undefined && !isObject(doc.Settings)) problems.error("Settings", "Invalid contact flow format: module Settings must be an object");

  actions.forEach((a, i) => validateAction(a, i, ids, problems, flowType));
}

function validateAction(raw: unknown, index: number, ids: Set<string>, problems: ProblemList, flowType: FlowType): void {
  const path = `Actions[${index}]`;
  if (!isObject(raw)) {
    problems.error(path, "Invalid contact flow format: each action must be an object");
    return;
  }
  const id = raw.Identifier;
  if (typeof id !== "string" || id === "") problems.error(`${path}.Identifier`, "Action is missing required property. Path: " + `${path}.Identifier`, raw);
  else {
    if (id.length > 50) problems.error(`${path}.Identifier`, `Invalid Action property value. Path: ${path}.Identifier (Identifiers are at most 50 characters; this one has ${id.length})`, raw);
    const bad = FORBIDDEN_ID_CHARS.exec(id);
    if (bad) problems.error(`${path}.Identifier`, `Invalid Action property value. Path: ${path}.Identifier (the character ${quote(bad[0])} is not allowed in an Identifier)`, raw);
    if (FORBIDDEN_IDS.has(id)) problems.error(`${path}.Identifier`, `Invalid Action property value. Path: ${path}.Identifier (${quote(id)} is a reserved name)`, raw);
  }

  if (typeof raw.Type !== "string") {
    problems.error(`${path}.Type`, `Action is missing required property. Path: ${path}.Type`, raw);
    return;
  }
  const def = definitionFor(raw.Type);
  if (!def) {
    problems.error(`${path}.Type`, `Invalid Action type. Type: ${raw.Type} (not an action type of the flow language; console block names such as TransferToQueue or CheckAttribute are not Types)`, raw);
    return;
  }

  if (raw.Parameters !== undefined && !isObject(raw.Parameters)) problems.error(`${path}.Parameters`, `Invalid Action property value. Path: ${path}.Parameters (must be an object)`, raw);
  if (raw.Transitions === undefined) problems.error(`${path}.Transitions`, `Action is missing required property. Path: ${path}.Transitions`, raw);
  else if (!isObject(raw.Transitions)) problems.error(`${path}.Transitions`, `Invalid Action property value. Path: ${path}.Transitions (must be an object)`, raw);

  const action = validatorView(raw, raw.Type);
  const v: ValidationContext = { problems, path, flowType, isModule: flowType === "MODULE" };
  checkFlowType(def, raw, v);
  if (isObject(raw.Transitions)) checkTransitions(def, raw.Transitions, action, ids, v);
  checkParams(def.params, action.Parameters, `${path}.Parameters`, raw, problems);
  def.validate?.(action, v);
}

/**
 * The action as specs and their validators read it: Parameters an object, Transitions an
 * object whose NextAction is text and whose Errors and Conditions are lists. Anything else
 * written there has been reported by then and reads as absent. List entries stay as
 * written, so the paths validators give (`Errors[2]`) still point at them; validators guard
 * each entry themselves.
 */
function validatorView(raw: Record<string, unknown>, type: string): FlowAction {
  const t = isObject(raw.Transitions) ? raw.Transitions : {};
  const transitions: Record<string, unknown> = {};
  if (typeof t.NextAction === "string") transitions.NextAction = t.NextAction;
  if (Array.isArray(t.Errors)) transitions.Errors = t.Errors;
  if (Array.isArray(t.Conditions)) transitions.Conditions = t.Conditions;
  return {
    Identifier: typeof raw.Identifier === "string" ? raw.Identifier : "",
    Type: type,
    Parameters: isObject(raw.Parameters) ? raw.Parameters : {},
    Transitions: transitions as FlowAction["Transitions"],
  };
}

function checkFlowType(def: ActionDefinition, raw: Record<string, unknown>, v: ValidationContext): void {
  if (v.flowType === "MODULE") {
    if (def.flowTypes?.MODULE === "no") v.problems.error(`${v.path}.Type`, `Unsupported block type: ${def.type} cannot be used in a flow module`, raw);
    return;
  }
  const support = def.flowTypes?.[v.flowType];
  if (support === "no") {
    v.problems.error(`${v.path}.Type`, `Unsupported block type: ${def.type} is not allowed in ${withArticle(DISPLAY_NAMES[v.flowType])} (${v.flowType})`, raw);
  } else if (support === "warn") {
    v.problems.warning(`${v.path}.Type`, `${def.type} in ${withArticle(DISPLAY_NAMES[v.flowType])}: the action reference does not allow it, the admin guide does; the service may reject it`, raw);
  }
}

function checkTransitions(def: ActionDefinition, t: Record<string, unknown>, action: FlowAction, ids: Set<string>, v: ValidationContext): void {
  const { problems, path } = v;
  const tPath = `${path}.Transitions`;

  if (def.terminal) {
    const nonEmpty = Object.entries(t).filter(([, val]) => !(val === "" || (Array.isArray(val) && val.length === 0)));
    if (nonEmpty.length > 0) problems.error(tPath, `Action does not support transitions. Path: ${tPath} (${def.type} ends the flow; Transitions must be {})`, action);
    return;
  }

  const target = (value: unknown, at: string) => {
    if (typeof value !== "string") {
      problems.error(at, `Invalid Action property value. Path: ${at} (must be the Identifier of an action)`, action);
    } else if (value === "") {
      problems.error(at, `Invalid Action property value. Path: ${at} (the branch is not connected to any block: all connectors must be connected)`, action);
    } else if (!ids.has(value)) {
      problems.error(at, `Invalid Action property value. Path: ${at} (no action has the Identifier ${quote(value)})`, action);
    }
  };

  const nextMode = def.nextAction ?? "required";
  if (t.NextAction === undefined) {
    if (nextMode === "required") problems.error(`${tPath}.NextAction`, `Action is missing required property. Path: ${tPath}.NextAction (the success branch is not connected)`, action);
  } else if (nextMode === "none") {
    problems.error(`${tPath}.NextAction`, `Invalid Action property name. Path: ${tPath}.NextAction (${def.type} has no success branch)`, action);
  } else {
    target(t.NextAction, `${tPath}.NextAction`);
  }

  // Errors
  const listed = new Set<string>();
  if (t.Errors !== undefined) {
    if (!Array.isArray(t.Errors)) problems.error(`${tPath}.Errors`, `Invalid Action property value. Path: ${tPath}.Errors (must be a list)`, action);
    else
      t.Errors.forEach((e: unknown, i: number) => {
        const at = `${tPath}.Errors[${i}]`;
        if (!isObject(e)) return problems.error(at, `Invalid Action property value. Path: ${at}`, action);
        const type = e.ErrorType;
        if (typeof type !== "string") return problems.error(`${at}.ErrorType`, `Action is missing required property. Path: ${at}.ErrorType`, action);
        if (!def.errors.allowed.includes(type)) problems.error(`${at}.ErrorType`, `Invalid Action error. Error: ${type}, Path: ${path} (${def.type} can raise ${def.errors.allowed.length ? def.errors.allowed.join(", ") : "no errors"})`, action);
        if (listed.has(type)) problems.error(`${at}.ErrorType`, `Invalid Action error. Error: ${type}, Path: ${path} (listed twice)`, action);
        listed.add(type);
        target(e.NextAction, `${at}.NextAction`);
      });
  }
  for (const req of def.errors.required ?? []) {
    if (!listed.has(req)) problems.error(`${tPath}.Errors`, `Action is missing required error. Error: ${req}, Path: ${path} (the ${req} branch must be connected)`, action);
  }
  for (const rec of def.errors.recommended ?? []) {
    if (!listed.has(rec)) problems.warning(`${tPath}.Errors`, `No ${rec} branch: the action reference asks for one; when ${def.type} fails the flow stops here`, action);
  }

  // Conditions
  if (t.Conditions === undefined) return;
  if (!Array.isArray(t.Conditions)) return problems.error(`${tPath}.Conditions`, `Invalid Action property value. Path: ${tPath}.Conditions (must be a list)`, action);
  if (t.Conditions.length === 0) return;
  if (!def.conditions) return problems.error(`${tPath}.Conditions`, `Action does not support conditions. Path: ${tPath}.Conditions (${def.type} has no run result to compare)`, action);
  const operandsSeen = new Set<string>();
  t.Conditions.forEach((c: unknown, i: number) => {
    const at = `${tPath}.Conditions[${i}]`;
    if (!isObject(c)) return problems.error(at, `Invalid Action property value. Path: ${at}`, action);
    target(c.NextAction, `${at}.NextAction`);
    const operand = checkCondition(c.Condition, `${at}.Condition`, def, action, problems, 1);
    if (operand !== undefined) operandsSeen.add(operand);
  });
  const cond = def.conditions;
  for (const req of cond.requiredOperands ?? []) {
    if (!operandsSeen.has(req)) problems.error(`${tPath}.Conditions`, `Invalid Action property value. Path: ${tPath}.Conditions (${def.type} needs a Condition for Equals ${req})`, action);
  }
}

/** Checks one Condition; returns its single string operand when it has one. */
function checkCondition(c: unknown, at: string, def: ActionDefinition, action: FlowAction, problems: ProblemList, depth: number): string | undefined {
  if (depth > MAX_CONDITION_DEPTH) {
    problems.error(at, `Invalid Action property value. Path: ${at} (Conditions may be nested no more than ${MAX_CONDITION_DEPTH} deep)`, action);
    return undefined;
  }
  if (!isObject(c)) {
    problems.error(at, `Action is missing required property. Path: ${at}`, action);
    return undefined;
  }
  if (!isOperator(c.Operator)) {
    problems.error(`${at}.Operator`, `Invalid Action property value. Path: ${at}.Operator (${quote(c.Operator)} is not an operator of the flow language)`, action);
    return undefined;
  }
  const allowedOps = def.conditions?.operators ?? [];
  if (!allowedOps.includes(c.Operator)) {
    problems.error(`${at}.Operator`, `Invalid Action property value. Path: ${at}.Operator (${def.type} supports only ${allowedOps.join(", ")})`, action);
  }
  if (!Array.isArray(c.Operands) || c.Operands.length !== 1) {
    problems.error(`${at}.Operands`, `Invalid Action property value. Path: ${at}.Operands (${c.Operator} takes exactly one operand)`, action);
    return undefined;
  }
  const operand = c.Operands[0];
  if (typeof operand !== "string") {
    problems.error(`${at}.Operands[0]`, `Invalid Action property value. Path: ${at}.Operands[0] (operands are strings)`, action);
    return undefined;
  }
  const allowed = def.conditions?.allowedOperands;
  if (allowed && !allowed.includes(operand)) {
    problems.error(`${at}.Operands[0]`, `Invalid Action property value. Path: ${at}.Operands[0] (${def.type} results are ${allowed.join(", ")}; ${quote(operand)} can never match)`, action);
  }
  return operand;
}

/** Checks parameters against their specs: names, required, dynamism, shapes and ranges. */
export function checkParams(specs: Record<string, ParamSpec>, params: Record<string, unknown>, at: string, action: Record<string, unknown>, problems: ProblemList): void {
  for (const key of Object.keys(params)) {
    if (!Object.prototype.hasOwnProperty.call(specs, key)) {
      const known = Object.keys(specs);
      problems.error(`${at}.${key}`, `Invalid Action property name. Path: ${at}.${key} (${known.length ? `known parameters: ${known.join(", ")}` : "this action takes no parameters"})`, action);
    }
  }
  for (const [key, spec] of Object.entries(specs)) {
    const value = params[key];
    const p = `${at}.${key}`;
    if (value === undefined) {
      if (spec.required === true) problems.error(p, `Action is missing required property. Path: ${p}`, action);
      else if (spec.required === "warn") problems.warning(p, `Missing ${key}: the action reference requires it; flowsim uses the documented default`, action);
      continue;
    }
    checkValue(spec, value, p, action, problems);
  }
}

function checkValue(spec: ParamSpec, value: unknown, p: string, action: Record<string, unknown>, problems: ProblemList): void {
  if (typeof value === "string") {
    const whole = parseWholeReference(value);
    const refs = findReferences(value);
    if (refs.length > 0) {
      if (spec.dynamism === "static") {
        problems.error(p, `Invalid Action property value. Path: ${p} (must be defined statically; JSONPath ${quote(refs[0].ref.source)} is not allowed here)`, action);
        return;
      }
      if (spec.dynamism === "single" && !whole) {
        problems.error(p, `Invalid Action property value. Path: ${p} (must be static or a single JSONPath that is the whole value, not text around ${quote(refs[0].ref.source)})`, action);
        return;
      }
      for (const { ref } of refs) {
        const root = rootOf(ref);
        if (root !== undefined && !KNOWN_ROOTS.has(root)) {
          const msg = `${quote(ref.source)} does not start with a namespace of the flow data ($.${root} is not one; e.g. $.Attributes, $.External, $.Lex)`;
          if (spec.dynamism === "single") problems.error(p, `Invalid Action property value. Path: ${p} (${msg})`, action);
          else problems.warning(p, `${msg}; it resolves to empty text at run time`, action);
        }
      }
      return; // a dynamic value is checked at run time
    }
  }
  const kind = spec.kind ?? "string";
  const severity = spec.rangeSeverity ?? "error";
  const report = (why: string) =>
    severity === "error" ? problems.error(p, `Invalid Action property value. Path: ${p} (${why})`, action) : problems.warning(p, `Unusual value: ${why}`, action);
  switch (kind) {
    case "any":
      return;
    case "string":
      if (typeof value !== "string") problems.error(p, `Invalid Action property value. Path: ${p} (must be a string)`, action);
      return;
    case "integer":
    case "number": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n) || (kind === "integer" && !Number.isInteger(n))) {
        problems.error(p, `Invalid Action property value. Path: ${p} (${quote(value)} is not ${kind === "integer" ? "an integer" : "a number"})`, action);
        return;
      }
      if (spec.min !== undefined && n < spec.min) report(`${n} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) report(`${n} is above the maximum ${spec.max}`);
      return;
    }
    case "boolean":
      if (!(typeof value === "boolean" || (typeof value === "string" && /^(true|false)$/i.test(value)))) problems.error(p, `Invalid Action property value. Path: ${p} (${quote(value)} is not "True" or "False")`, action);
      return;
    case "enum":
      if (typeof value !== "string" || !(spec.enum ?? []).includes(value)) report(`${quote(value)} is not one of ${(spec.enum ?? []).join(", ")}`);
      return;
    case "object":
      if (!isObject(value)) {
        problems.error(p, `Invalid Action property value. Path: ${p} (must be an object)`, action);
        return;
      }
      if (spec.fields) checkParams(spec.fields, value, p, action, problems);
      return;
    case "map":
      if (!isObject(value)) {
        problems.error(p, `Invalid Action property value. Path: ${p} (must be an object of keys and values)`, action);
        return;
      }
      if (spec.values) for (const [k, x] of Object.entries(value)) checkValue(spec.values, x, `${p}.${k}`, action, problems);
      return;
    case "array":
      if (!Array.isArray(value)) {
        problems.error(p, `Invalid Action property value. Path: ${p} (must be a list)`, action);
        return;
      }
      if (spec.items) value.forEach((x, i) => checkValue(spec.items!, x, `${p}[${i}]`, action, problems));
      return;
  }
}
