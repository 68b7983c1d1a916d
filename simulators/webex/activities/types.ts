/**
 * The contract between the interpreter and an activity type: a declarative part used at
 * load time (output ports, templated properties, output variables, extra checks) and
 * `run`, which does the work through the call (`ctx.host`) and says where to go next.
 */
import type { Activity, GraphKind, WebexFlow } from "../model.js";
import type { CallHost } from "../runtime/host.js";
import type { WebexPolicy } from "../policy.js";

/** Where the activity sends the contact. */
export type Outcome =
  /** Leave on this output port. */
  | { port: string; detail?: string }
  /** Stop this flow: End Flow, Disconnect Contact, or a transfer that takes the call away. */
  | { end: EndReason; detail?: string }
  /** The activity failed: its error port (or `port`, e.g. "failure") if linked, else OnGlobalError. */
  | { error: string; port?: string };

export type EndReason = "end-flow" | "disconnect" | "transferred" | "bridged" | "handed-off";

/** Raised by activities for an expected failure (maps to the error path). */
export class ActivityError extends Error {
  constructor(
    message: string,
    readonly port?: string,
  ) {
    super(message);
    this.name = "ActivityError";
  }
}

export interface RunInfo {
  /** `main`, or the event handler's spec name (`AgentContactAssigned`, `ContactEnded`...). */
  label: string;
  kind: GraphKind;
}

export interface ActivityContext {
  readonly activity: Activity;
  readonly run: RunInfo;
  readonly signal: AbortSignal;
  readonly host: CallHost;
  readonly policy: WebexPolicy;
  /** Renders a templated property to text (throws TemplateError → error path). */
  render(key: string): string;
  /** The value of a templated property (a lone `{{ }}` keeps its type). */
  evaluate(key: string): unknown;
  hasTemplate(key: string): boolean;
  /** The value of a flow variable or an activity output (`VirtualAgent.MetaData`). */
  read(name: string): unknown;
  /** Sets a flow variable, converting to its declared type (throws ActivityError when it cannot). */
  setVariable(name: string, value: unknown): void;
  /** Sets this activity's output variables (`<label>.<name>`). */
  setOutputs(values: Record<string, unknown>): void;
  /** Applies outputVariableArray to a parsed document (the no-match policy applies). */
  applyOutputMappings(document: unknown): void;
  /** Adds a remark to this activity's trace step. */
  note(text: string): void;
  /** Waits on the simulator clock; rejects with an AbortError when the flow is interrupted. */
  sleep(ms: number, label: string): Promise<void>;
}

/** What load-time checks can report and look up. */
export interface ActivityValidator {
  readonly flow: WebexFlow;
  error(message: string, property?: string): void;
  warning(message: string, property?: string): void;
  /** True when `name` is a declared flow variable. */
  isVariable(name: string): boolean;
}

export interface TemplatedProperty {
  key: string;
  text: string;
}

export interface ActivitySpec {
  /** `properties.activityName` values handled by this spec. */
  names: string[];
  /** What the Flow Designer palette calls it (for messages). */
  title: string;
  /** Output ports for an activity with these properties (terminal activities have none). */
  ports(props: Record<string, unknown>): string[];
  /** Ports that are error paths: unlinked, they lead to OnGlobalError. */
  errorPorts: string[];
  /** Output variables read as `{{<label>.<name>}}`. */
  outputs?: string[];
  /** Templated properties (`{{ }}` allowed). */
  templates?(props: Record<string, unknown>): TemplatedProperty[];
  /** Extra load-time checks. */
  validate?(activity: Activity, v: ActivityValidator): void;
  /** Where the activity may appear. */
  graphs?: GraphKind[];
  run(ctx: ActivityContext): Promise<Outcome>;
}

/** Reads a property that exports store as either a string or a number ("5000" / 2000). */
export function numberProp(props: Record<string, unknown>, key: string): number | undefined {
  const v = props[key];
  if (v === null || v === undefined || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function stringProp(props: Record<string, unknown>, key: string): string | undefined {
  const v = props[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Templates in a `{k: v}` property: values are templated (keys are literal). */
export function mapTemplates(props: Record<string, unknown>, key: string): TemplatedProperty[] {
  const v = props[key];
  if (!v || typeof v !== "object" || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => typeof x === "string")
    .map(([k, x]) => ({ key: `${key}.${k}`, text: x as string }));
}

export function textTemplate(props: Record<string, unknown>, key: string): TemplatedProperty[] {
  const v = props[key];
  return typeof v === "string" ? [{ key, text: v }] : [];
}
