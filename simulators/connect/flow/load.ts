/**
 * Reading flow and module exports: JSON text → validated LoadedFlow. Values holding
 * deployment placeholders (`{{contactFlows.X.arn}}`, `${var}`, `%Name%`, `!GetAtt X`) are
 * ordinary strings to the loader; they only fail at run time if something resolves them.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { FLOW_TYPES, parseFlowType, type FlowType, DISPLAY_NAMES, withArticle } from "./flow-types.js";
import type { LoadedFlow } from "./loaded-flow.js";
import type { FlowAction, FlowDocument } from "./model.js";
import { FlowLoadError, ProblemList, type Problem } from "../../kernel/problems.js";
import { validateDocument } from "./validate.js";
import { jsonErrorOffset, lineAndColumn } from "./json-position.js";
import { pathDeeperThan } from "../../kernel/json-depth.js";

/** The service refuses flow content longer than this (CreateContactFlow's `Content`). */
export const MAX_FLOW_CONTENT = 256_000;
/**
 * Real exports nest about a dozen levels (Metadata, Conditions); far deeper is no flow, and
 * refusing it here keeps every recursive walk after loading off the stack limit.
 */
export const MAX_FLOW_DEPTH = 64;

export interface LoadOptions {
  /** The type the caller says it is (API `Type`, CLI `--type`). Wins over `Metadata.type`. */
  flowType?: FlowType;
  /** Identity inside an instance; defaults derive from the name. */
  id?: string;
  arn?: string;
  name?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The parser's complaint plus the line and column where the text goes wrong. */
function describeJsonError(text: string, err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).split("\n")[0];
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return message;
  const { line, column } = lineAndColumn(text, offset);
  return `${message} (line ${line}, column ${column})`;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function loadFlowText(text: string, source: string, options: LoadOptions = {}): LoadedFlow {
  if (text.length > MAX_FLOW_CONTENT) return refused(source, `Invalid contact flow format: the content has ${text.length} characters; the service accepts at most ${MAX_FLOW_CONTENT}`, options);
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(text));
  } catch (err) {
    return refused(source, `Invalid contact flow format: not valid JSON: ${describeJsonError(stripBom(text), err)}`, options);
  }
  return loadFlowDocument(doc, source, options);
}

export async function loadFlowFile(path: string, options: LoadOptions = {}): Promise<LoadedFlow> {
  let text: string;
  try {
    // A UTF-8 character takes at most 4 bytes: anything larger cannot be within the limit, and is not read.
    const { size } = await stat(path);
    if (size > MAX_FLOW_CONTENT * 4) return refused(path, `Invalid contact flow format: the file has ${size} bytes; the service accepts at most ${MAX_FLOW_CONTENT} characters`, options);
    text = await readFile(path, "utf8");
  } catch (err) {
    return refused(path, `cannot read the file: ${err instanceof Error ? err.message : String(err)}`, options);
  }
  return loadFlowText(text, path, options);
}

/** A flow refused as a whole, with one error at the document's root. */
function refused(source: string, message: string, options: LoadOptions, path = "$"): LoadedFlow {
  const problems = new ProblemList(source);
  problems.error(path, message);
  return broken(source, problems.items, options);
}

function broken(source: string, problems: Problem[], options: LoadOptions): LoadedFlow {
  const name = options.name ?? basename(source).replace(/\.json$/i, "");
  return {
    source,
    doc: { Version: "", StartAction: "", Actions: [] },
    kind: options.flowType === "MODULE" ? "module" : "flow",
    flowType: options.flowType ?? "CONTACT_FLOW",
    flowTypeSource: options.flowType ? "declared" : "inferred",
    id: options.id ?? name,
    arn: options.arn ?? name,
    name,
    actions: new Map(),
    indexOf: new Map(),
    problems,
    ok: false,
  };
}

function hasModuleShape(doc: Record<string, unknown>): boolean {
  if (doc.Settings !== undefined) return true;
  return Array.isArray(doc.Actions) && doc.Actions.some((a) => isObject(a) && a.Type === "EndFlowModuleExecution");
}

/** Only "not allowed in this flow type" problems differ between candidate types. */
function typeErrors(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.severity === "error" && p.message.startsWith("Unsupported block type"));
}

export function loadFlowDocument(doc: unknown, source: string, options: LoadOptions = {}): LoadedFlow {
  const deep = pathDeeperThan(doc, MAX_FLOW_DEPTH);
  if (deep !== undefined) return refused(source, `Invalid contact flow format: ${deep} is nested more than ${MAX_FLOW_DEPTH} levels deep`, options, deep);
  const problems = new ProblemList(source);
  const obj = isObject(doc) ? doc : {};
  const metadata = isObject(obj.Metadata) ? obj.Metadata : {};
  const metaTypeRaw = metadata.type;
  const metaType = parseFlowType(metaTypeRaw);
  if (metaTypeRaw !== undefined && !metaType) problems.warning("Metadata.type", `Unknown flow type ${JSON.stringify(metaTypeRaw)} in Metadata.type; ignored`);

  let flowType: FlowType;
  let flowTypeSource: LoadedFlow["flowTypeSource"];
  let items: Problem[];
  if (options.flowType) {
    flowType = options.flowType;
    flowTypeSource = "declared";
    if (metaType && metaType !== flowType && !(flowType === "MODULE")) {
      problems.error("Metadata.type", `This is ${withArticle(DISPLAY_NAMES[metaType])} (Metadata.type ${JSON.stringify(metaTypeRaw)}) and cannot be imported as ${withArticle(DISPLAY_NAMES[flowType])}: a flow of one type cannot be imported as another`);
    }
    validateDocument(doc, problems, flowType);
    items = problems.items;
  } else if (metaType) {
    flowType = metaType;
    flowTypeSource = "metadata";
    validateDocument(doc, problems, flowType);
    items = problems.items;
  } else if (hasModuleShape(obj)) {
    flowType = "MODULE";
    flowTypeSource = "settings";
    validateDocument(doc, problems, flowType);
    items = problems.items;
  } else {
    // No type anywhere: validate as an inbound flow unless only another type accepts every action.
    const attempts = FLOW_TYPES.filter((t) => t !== "MODULE" && t !== "CAMPAIGN").map((t) => {
      const list = new ProblemList(source);
      list.items.push(...problems.items);
      validateDocument(doc, list, t);
      return { type: t, items: list.items };
    });
    const fit = attempts.find((a) => typeErrors(a.items).length === 0) ?? attempts[0];
    flowType = fit.type;
    flowTypeSource = "inferred";
    items = fit.items;
    items.push({
      severity: "warning",
      file: source,
      path: "Metadata.type",
      message: `No flow type given and no Metadata.type: validated as ${withArticle(DISPLAY_NAMES[flowType])} (${flowType}); pass the type to check it as another`,
    });
  }

  if (flowType === "MODULE" && obj.Settings === undefined) {
    items.push({ severity: "warning", file: source, path: "Settings", message: "A flow module without Settings: the service is reported to refuse it (\"JSON field is missing or null for field name: settings\")" });
  }

  const actions = new Map<string, FlowAction>();
  const indexOf = new Map<string, number>();
  if (Array.isArray(obj.Actions)) {
    obj.Actions.forEach((a, i) => {
      if (isObject(a) && typeof a.Identifier === "string" && !actions.has(a.Identifier)) {
        const action = a as unknown as FlowAction;
        if (!isObject(action.Parameters)) action.Parameters = {};
        if (!isObject(action.Transitions)) action.Transitions = {};
        actions.set(a.Identifier, action);
        indexOf.set(a.Identifier, i);
      }
    });
  }
  const name = options.name ?? (typeof metadata.name === "string" && metadata.name ? metadata.name : basename(source).replace(/\.json$/i, ""));
  return {
    source,
    doc: obj as unknown as FlowDocument,
    kind: flowType === "MODULE" ? "module" : "flow",
    flowType,
    flowTypeSource,
    id: options.id ?? name,
    arn: options.arn ?? name,
    name,
    actions,
    indexOf,
    problems: items,
    ok: !items.some((p) => p.severity === "error"),
  };
}

/** Throws a FlowLoadError naming every error unless the flow can run. */
export function assertRunnable(flow: LoadedFlow): LoadedFlow {
  if (!flow.ok) throw new FlowLoadError(flow.source, flow.problems.filter((p) => p.severity === "error"));
  return flow;
}
