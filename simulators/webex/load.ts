/**
 * Loads a Flow Designer export into a runnable WebexFlow and reports problems the way
 * the Connect loader does (file, activity, JSON path, reason). Activity types the
 * simulator cannot run are rejected here, by name; the graph checks are in validate.ts.
 */
import { readFile } from "node:fs/promises";
import { ProblemList } from "../kernel/problems.js";
import { compileTemplate } from "./pebble/template.js";
import { compileJsonPath, JsonPathError } from "./jsonpath.js";
import { activitySpec } from "./activities/registry.js";
import { detectWebex } from "./shape.js";
import { convertValue } from "./runtime/values.js";
import { validateFlow } from "./validate.js";
import { policyWith, type WebexPolicy } from "./policy.js";
import { VARIABLE_TYPES, type Activity, type Graph, type GraphKind, type LoadResult, type VariableDecl, type VariableType, type WebexFlow } from "./model.js";

export interface WebexLoadOptions {
  /** Name used in problems (default "flow.json"). */
  file?: string;
  policy?: Partial<WebexPolicy>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function loadVariables(doc: Record<string, unknown>, prefix: string, problems: ProblemList): Map<string, VariableDecl> {
  const out = new Map<string, VariableDecl>();
  const list = doc.variables;
  if (list === undefined) return out;
  if (!Array.isArray(list)) {
    problems.error(`${prefix}variables`, "variables must be a list");
    return out;
  }
  list.forEach((v: unknown, i) => {
    const path = `${prefix}variables[${i}]`;
    if (!isObject(v) || typeof v.name !== "string" || v.name === "") return problems.error(path, "a variable without a name");
    const type = (v.type ?? "STRING") as VariableType;
    if (!VARIABLE_TYPES.includes(type)) return problems.error(`${path}.type`, `variable "${v.name}" has unknown type "${String(v.type)}" (${VARIABLE_TYPES.join(", ")})`);
    if (out.has(v.name)) return problems.error(`${path}.name`, `variable "${v.name}" is declared twice`);
    let initial = convertValue(type, v.value);
    if (!initial.ok) {
      problems.warning(`${path}.value`, `default of ${type} variable "${v.name}" is not usable (${initial.reason}); it starts empty`);
      initial = { ok: true, value: null };
    }
    out.set(v.name, {
      name: v.name,
      type,
      initial: initial.value,
      global: typeof v.source === "string" && v.source.startsWith("GLOBAL"),
      cad: v.isCAD === true,
      agentEditable: v.isAgentEditable === true,
    });
  });
  return out;
}

function compileActivity(id: string, raw: unknown, kind: GraphKind, path: string, policy: WebexPolicy, problems: ProblemList): Activity | undefined {
  if (!isObject(raw) || !isObject(raw.properties)) {
    problems.error(path, `activity ${id} has no properties`);
    return undefined;
  }
  const props = raw.properties;
  const name = typeof raw.name === "string" ? raw.name : typeof props.name === "string" ? props.name : id;
  const group = typeof raw.group === "string" ? raw.group : "";
  // Event nodes of older exports carry no activityName.
  const activityName = typeof props.activityName === "string" ? props.activityName : group === "event" ? "event" : undefined;
  const who = { Identifier: name, Type: activityName };
  if (activityName === undefined) {
    problems.error(`${path}.properties.activityName`, `activity "${name}" (id ${id}) has no activityName`, who);
    return undefined;
  }
  const spec = activitySpec(activityName);
  if (!spec) {
    problems.error(`${path}.properties.activityName`, `activity "${name}" (id ${id}) is a "${activityName}", which the simulator does not support: it cannot run this flow`, who);
    return undefined;
  }
  if (typeof raw.id === "string" && raw.id !== id) problems.warning(`${path}.id`, `activity "${name}" is stored under ${id} but its id says ${raw.id}`, who);
  const activity: Activity = { id, name, group, activityName, props, graph: kind, path, templates: new Map(), outputs: [] };
  for (const t of spec.templates?.(props) ?? []) {
    const { template, problems: found } = compileTemplate(t.text, policy.templateSyntax);
    activity.templates.set(t.key, template);
    for (const p of found) (p.severity === "error" ? problems.error : problems.warning).call(problems, `${path}.properties.${t.key}`, `${p.message} (activity "${name}")`, who);
  }
  const outs = props.outputVariableArray;
  if (Array.isArray(outs)) {
    outs.forEach((o: unknown, i) => {
      const at = `${path}.properties.outputVariableArray[${i}]`;
      if (!isObject(o)) return problems.error(at, "an output mapping must be an object {outputVariable, jsonPathExp}", who);
      const expr = typeof o.jsonPathExp === "string" ? o.jsonPathExp.trim() : "";
      const variable = typeof o.outputVariable === "string" ? o.outputVariable : "";
      // The UI leaves {"outputVariable": "" or "Select", "jsonPathExp": ""} behind when no mapping is set.
      if (expr === "") return;
      if (variable === "") return problems.error(`${at}.outputVariable`, `output path ${expr} has no variable to store into`, who);
      try {
        activity.outputs.push({ variable, path: compileJsonPath(expr) });
      } catch (e) {
        if (!(e instanceof JsonPathError)) throw e;
        problems.error(`${at}.jsonPathExp`, `JSONPath "${expr}" does not parse: ${e.message}`, who);
      }
    });
  } else if (outs !== undefined && outs !== null) problems.error(`${path}.properties.outputVariableArray`, "outputVariableArray must be a list", who);
  return activity;
}

function loadGraph(kind: GraphKind, process: unknown, path: string, policy: WebexPolicy, problems: ProblemList, rejected: Set<string>): Graph {
  const graph: Graph = { kind, activities: new Map(), links: [], out: new Map() };
  if (!isObject(process)) return graph;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const acts = process.activities;
  if (!isObject(acts)) problems.error(at("activities"), "process.activities must be an object keyed by activity id");
  else {
    for (const [id, raw] of Object.entries(acts)) {
      const a = compileActivity(id, raw, kind, at(`activities["${id}"]`), policy, problems);
      if (a) graph.activities.set(id, a);
      else rejected.add(id);
    }
  }
  const links = process.links;
  if (links !== undefined && !Array.isArray(links)) problems.error(at("links"), "process.links must be a list");
  else if (Array.isArray(links)) {
    links.forEach((l: unknown, i) => {
      const linkPath = at(`links[${i}]`);
      if (!isObject(l) || typeof l.sourceActivityId !== "string" || typeof l.targetActivityId !== "string") return problems.error(linkPath, "a link needs sourceActivityId and targetActivityId");
      const port = typeof l.conditionExpr === "string" ? l.conditionExpr : isObject(l.properties) && typeof l.properties.value === "string" ? l.properties.value : "";
      graph.links.push({ id: typeof l.id === "string" ? l.id : `#${i}`, source: l.sourceActivityId, target: l.targetActivityId, port, path: linkPath });
    });
  } else if (kind === "main") problems.error(at("links"), "process.links is missing");
  return graph;
}

function flowTypeOf(doc: Record<string, unknown>, prefix: string, problems: ProblemList): "FLOW" | "SUBFLOW" {
  const t = doc.flowType;
  if (t === undefined || t === null || t === "FLOW") return "FLOW";
  if (t === "SUBFLOW") return "SUBFLOW";
  problems.error(`${prefix}flowType`, `flowType "${String(t)}" is not FLOW or SUBFLOW`);
  return "FLOW";
}

function emptyGraph(kind: GraphKind): Graph {
  return { kind, activities: new Map(), links: [], out: new Map() };
}

/** Loads a Flow Designer document given as JSON text or an already parsed value. */
export function loadWebexFlow(input: string | unknown, options: WebexLoadOptions = {}): LoadResult {
  const file = options.file ?? "flow.json";
  const policy = policyWith(options.policy);
  const problems = new ProblemList(file);
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      problems.error("$", `not JSON: ${(e as Error).message}`);
      return { ok: false, problems: problems.items, flowType: "UNKNOWN" };
    }
  }
  const detected = detectWebex(doc);
  if (!detected) {
    problems.error("$", "not a Webex Contact Center Flow Designer export (no process.activities/process.links)");
    return { ok: false, problems: problems.items, flowType: "UNKNOWN" };
  }
  const { shape, prefix } = detected;
  if (detected.error) {
    problems.error("flow", detected.error);
    return { ok: false, problems: problems.items, shape, flowType: "WEBEX:TEMPLATE" };
  }
  if (shape === "flowir") {
    problems.error("$", "this is FlowIR (Flow Store v2 nodes/edges), not a Flow Designer export; export the flow from Flow Designer to simulate it");
    return { ok: false, problems: problems.items, shape, flowType: "WEBEX:FLOWIR" };
  }
  const d = detected.doc;
  const flow: WebexFlow = {
    file,
    shape,
    id: typeof d.id === "string" ? d.id : undefined,
    name: typeof d.name === "string" ? d.name : file,
    flowType: shape === "activity-snippets" ? "FLOW" : flowTypeOf(d, prefix, problems),
    variables: loadVariables(d, prefix, problems),
    main: emptyGraph("main"),
    events: emptyGraph("events"),
    onEvents: new Map(),
    problems: problems.items,
  };
  const rejected = new Set<string>();
  if (shape === "activity-snippets") {
    // Activity objects without links, a start or event flows: check each one, but there is no flow to run.
    flow.main = loadGraph("main", { activities: d.activities, links: [] }, prefix, policy, problems, rejected);
    problems.error("$", "not a flow export: the file holds activity objects only (no process.links, no start activity, no event flows); its activities are checked but it cannot be run");
    validateFlow(flow, problems, rejected, { activitiesOnly: true });
    return { ok: false, problems: problems.items, flow, shape, flowType: "WEBEX:ACTIVITIES" };
  }
  flow.main = loadGraph("main", d.process, `${prefix}process`, policy, problems, rejected);
  const globalEvents = isObject(d.eventFlows) && isObject(d.eventFlows.eventsMap) ? d.eventFlows.eventsMap.GLOBAL_EVENTS : undefined;
  const eventsPath = `${prefix}eventFlows.eventsMap.GLOBAL_EVENTS`;
  if (isObject(globalEvents)) {
    flow.events = loadGraph("events", globalEvents.process, `${eventsPath}.process`, policy, problems, rejected);
    if (isObject(globalEvents.onEvents)) {
      for (const [spec, id] of Object.entries(globalEvents.onEvents)) if (typeof id === "string") flow.onEvents.set(spec, id);
    } else if (globalEvents.onEvents !== undefined) problems.error(`${eventsPath}.onEvents`, "onEvents must map event names to event node ids");
  }
  validateFlow(flow, problems, rejected, { eventsPath });
  const ok = problems.errors.length === 0;
  return { ok, problems: problems.items, flow, shape, flowType: `WEBEX:${flow.flowType}` };
}

export async function loadWebexFlowFile(path: string, options: Omit<WebexLoadOptions, "file"> & { file?: string } = {}): Promise<LoadResult> {
  const file = options.file ?? path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const problems = new ProblemList(file);
    problems.error("$", `cannot read the file: ${(e as Error).message}`);
    return { ok: false, problems: problems.items, flowType: "UNKNOWN" };
  }
  return loadWebexFlow(text, { ...options, file });
}
