/** A Flow Designer export after loading: activities with their compiled templates, links by port, variables, event handlers. */
import type { Problem } from "../kernel/problems.js";
import type { CompiledTemplate } from "./pebble/template.js";
import type { CompiledPath } from "./jsonpath.js";

export type WebexShape = "export" | "template" | "process-only" | "activity-snippets" | "flowir";

export type VariableType = "STRING" | "INTEGER" | "BOOLEAN" | "DECIMAL" | "DATETIME" | "JSON";
export const VARIABLE_TYPES: readonly VariableType[] = ["STRING", "INTEGER", "BOOLEAN", "DECIMAL", "DATETIME", "JSON"];

export interface VariableDecl {
  name: string;
  type: VariableType;
  /** The declared default, converted to the variable's type (null when none). */
  initial: unknown;
  global: boolean;
  /** Call Associated Data: shown on the agent desktop. */
  cad: boolean;
  agentEditable: boolean;
}

/** Which graph an activity lives in: the main flow or the event flows (GLOBAL_EVENTS). */
export type GraphKind = "main" | "events";

export interface OutputMapping {
  variable: string;
  path: CompiledPath;
}

export interface Activity {
  id: string;
  /** The label (`name`): outputs are read as `{{<name>.<output>}}`. */
  name: string;
  group: string;
  /**
   * `properties.activityName` (event nodes, which have none in older exports, read as "event").
   * What the activity does is looked up by it (`specOf`), so this model stays data that the
   * activity specs can read without the model knowing them.
   */
  activityName: string;
  props: Record<string, unknown>;
  graph: GraphKind;
  /** JSON path of the activity in the document, for problems. */
  path: string;
  /** Compiled templates by property key (`httpRequestPath`, `promptsTts[0].value`, `httpRequestHeaders.Authorization`). */
  templates: Map<string, CompiledTemplate>;
  /** outputVariableArray, compiled (entries with an empty path are left out). */
  outputs: OutputMapping[];
}

export interface Link {
  id: string;
  source: string;
  target: string;
  /** `conditionExpr`: the source's output port. */
  port: string;
  path: string;
}

export interface Graph {
  kind: GraphKind;
  activities: Map<string, Activity>;
  links: Link[];
  /** source id → port → link. */
  out: Map<string, Map<string, Link>>;
}

export interface WebexFlow {
  file: string;
  shape: WebexShape;
  id?: string;
  name: string;
  flowType: "FLOW" | "SUBFLOW";
  variables: Map<string, VariableDecl>;
  main: Graph;
  events: Graph;
  /** The start activity (NewPhoneContact / NewContact) of the main flow. */
  startId?: string;
  /** eventSpecificationName (`AgentContactAssigned`, `ContactEnded`...) → event node id. */
  onEvents: Map<string, string>;
  problems: Problem[];
}

export interface LoadResult {
  ok: boolean;
  problems: Problem[];
  /** The loaded flow; present whenever the file was a Flow Designer document, even with errors (lint reads it). */
  flow?: WebexFlow;
  shape?: WebexShape;
  /** `WEBEX:FLOW`, `WEBEX:SUBFLOW`, `WEBEX:ACTIVITIES`, `WEBEX:FLOWIR`, or `UNKNOWN`. */
  flowType: string;
}

export function linkFrom(graph: Graph, activityId: string, port: string): Link | undefined {
  return graph.out.get(activityId)?.get(port);
}
