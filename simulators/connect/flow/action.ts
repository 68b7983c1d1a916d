/**
 * The contract every action type implements: a declarative spec (what the loader
 * validates) and a `run` (what the interpreter executes). One type, or one tight family,
 * per file under actions/, with its tests beside it.
 */
import type { Contact } from "./contact.js";
import type { FlowHost } from "./host.js";
import type { LoadedFlow } from "./loaded-flow.js";
import type { Channel, FlowAction } from "./model.js";
import type { FlowType } from "./flow-types.js";
import type { Operator } from "./conditions.js";
import type { Lookup } from "./jsonpath.js";
import type { ProblemList } from "../../kernel/problems.js";
import type { FlowRun } from "./run-state.js";

/**
 * How a parameter may use JSONPath (reference §1.4):
 * - `static`: no JSONPath at all;
 * - `single`: a literal, or exactly one valid JSONPath that is the whole value;
 * - `any`: free text, references may be embedded anywhere.
 */
export type Dynamism = "static" | "single" | "any";

export interface ParamSpec {
  dynamism: Dynamism;
  /** true: missing is an error; "warn": missing is a warning (docs and exports disagree). */
  required?: boolean | "warn";
  /**
   * Shape of a literal value. Scalars in exports are strings even when numeric, so
   * `integer`/`boolean` accept `"5"` and `5`, `"True"` and `true`.
   * `map`: an object of string keys to values validated by `values`.
   */
  kind?: "string" | "integer" | "number" | "boolean" | "enum" | "object" | "array" | "map" | "any";
  enum?: readonly string[];
  min?: number;
  max?: number;
  /** Severity of a literal outside min/max or the enum (default error). */
  rangeSeverity?: "error" | "warning";
  /** Fields of an `object` (unknown fields are errors, like unknown parameters). */
  fields?: Record<string, ParamSpec>;
  /** Elements of an `array`. */
  items?: ParamSpec;
  /** Values of a `map`. */
  values?: ParamSpec;
}

export type Support = "yes" | "no" | "warn";

/** What an action does on a channel it does not support. */
export type ChannelBehaviour = "run" | "error" | "skip";

export interface ActionSpec {
  /** Canonical Type as the service stores it. */
  type: string;
  /** Other spellings accepted (docs vs service, e.g. `UnTagContact` for `UntagContact`). */
  aliases?: readonly string[];
  family: "participant" | "flow-control" | "contact" | "interaction";
  /** Known parameters. Anything else is "Invalid Action property name". */
  params: Record<string, ParamSpec>;
  /** Terminal actions must have `Transitions: {}`. */
  terminal?: boolean;
  /** Whether a NextAction is needed: `required` (default for non-terminal), `optional`, or `none`. */
  nextAction?: "required" | "optional" | "none";
  errors: {
    /** ErrorTypes this action may list. */
    allowed: readonly string[];
    /** Missing ones are errors ("Action is missing required error"). */
    required?: readonly string[];
    /** Missing ones are warnings (the docs ask for them, real exports leave them out). */
    recommended?: readonly string[];
  };
  /** Absent: the action has no run result and Conditions are rejected. */
  conditions?: {
    operators: readonly Operator[];
    /** Operands every flow must give a Condition for (Loop: ContinueLooping and DoneLooping). */
    requiredOperands?: readonly string[];
    /** The only operands allowed, when the action's results are a closed set. */
    allowedOperands?: readonly string[];
  };
  /** Per flow type: allowed, rejected, or allowed with a warning (only some docs allow it). Missing types are allowed. */
  flowTypes?: Partial<Record<FlowType, Support>>;
  /** Per channel; missing channels run. */
  channels?: Partial<Record<Channel, ChannelBehaviour>>;
}

export type EndReason =
  | "disconnected"
  | "ended"
  | "queued"
  | "transferred"
  | "module-returned"
  | "interrupted"
  | "unhandled-error"
  | "no-next-action";

export type Outcome =
  /** Success: follow NextAction. */
  | { kind: "next" }
  /** A run result: evaluate Conditions, else NoMatchingCondition. */
  | { kind: "result"; value: string }
  /** An error: the Errors entry for this ErrorType, else NoMatchingError. */
  | { kind: "error"; errorType: string; detail?: string }
  /** The flow stops here (terminal action, contact queued or gone...). */
  | { kind: "end"; reason: EndReason; detail?: string }
  /** Continue at the start of another flow (TransferToFlow). */
  | { kind: "transfer"; flow: LoadedFlow };

export interface ModuleReturn {
  /** How the module ended. */
  reason: EndReason;
  /** Branch name returned by the module, when it names one. */
  result?: string;
  resultData?: unknown;
}

export interface ActionContext {
  readonly action: FlowAction;
  readonly params: Record<string, unknown>;
  readonly contact: Contact;
  readonly run: FlowRun;
  readonly host: FlowHost;
  /** Aborts when the contact ends or the flow is interrupted (e.g. an agent accepts a queued contact). */
  readonly signal: AbortSignal;
  /** The flow type whose rules apply (a module runs under its caller's). */
  readonly flowType: FlowType;
  /** Reads `$.<root>` of the flow data for this contact and flow run. */
  readonly lookup: Lookup;
  /**
   * A parameter's value with references resolved: a whole-value reference gives the
   * referenced value (any JSON type, undefined when missing); text gets embedded
   * references replaced; non-strings are returned as they are.
   */
  value(raw: unknown): unknown;
  /** `value()` as flow text: undefined stays undefined, objects become JSON. */
  text(raw: unknown): string | undefined;
  /** Records a data change in the trace step. */
  changed(scope: string, key: string, from: string | undefined, to: string | undefined): void;
  /** Adds a note to the trace step (why an error was taken, which responder answered...). */
  note(detail: string): void;
  /** Runs a module to its Return, under this flow's rules. */
  invokeModule(module: LoadedFlow, input: unknown): Promise<ModuleReturn>;
}

export interface ValidationContext {
  problems: ProblemList;
  /** `Actions[3]` */
  path: string;
  flowType: FlowType;
  /** Whether the flow is a module. */
  isModule: boolean;
}

export interface ActionDefinition extends ActionSpec {
  /** Checks beyond what the spec expresses (mutually exclusive parameters, operand rules...). */
  validate?(action: FlowAction, v: ValidationContext): void;
  run(ctx: ActionContext): Promise<Outcome>;
}

/** Flow-type support written as "only these" (others rejected). */
export function onlyIn(allowed: readonly FlowType[], warnIn: readonly FlowType[] = []): Partial<Record<FlowType, Support>> {
  const out: Partial<Record<FlowType, Support>> = {};
  const all: FlowType[] = ["CONTACT_FLOW", "CUSTOMER_QUEUE", "CUSTOMER_HOLD", "CUSTOMER_WHISPER", "AGENT_HOLD", "AGENT_WHISPER", "OUTBOUND_WHISPER", "AGENT_TRANSFER", "QUEUE_TRANSFER", "CAMPAIGN"];
  for (const t of all) out[t] = allowed.includes(t) ? "yes" : warnIn.includes(t) ? "warn" : "no";
  return out;
}

/** Transfer flows (agent and queue quick connects). */
export const TRANSFER_FLOWS: readonly FlowType[] = ["AGENT_TRANSFER", "QUEUE_TRANSFER"];
export const WHISPER_FLOWS: readonly FlowType[] = ["CUSTOMER_WHISPER", "OUTBOUND_WHISPER", "AGENT_WHISPER"];
export const HOLD_FLOWS: readonly FlowType[] = ["CUSTOMER_HOLD", "AGENT_HOLD"];

/** Raised to InvokeFlowModule when modules nest too deep; the action turns it into its Error branch. */
export class ModuleDepthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModuleDepthError";
  }
}
