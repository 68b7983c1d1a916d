import type { LoadedFlow } from "./loaded-flow.js";
import type { FlowType } from "./flow-types.js";

export interface LoopState {
  Index: string;
  Element?: unknown;
  Elements?: unknown[];
}

/**
 * State that lives as long as one execution of one flow: flow attributes (never seen by
 * other flows, modules, or the contact record), Loop counters, and module data.
 */
export class FlowRun {
  flowAttributes: Record<string, string> = {};
  /** Times each Loop action has run in this execution. */
  readonly loopCounters = new Map<string, number>();
  /** `$.Loop.<name>.*` */
  readonly loops: Record<string, LoopState> = {};
  /** `$.Modules.*`: `Input` inside a module; `Result`/`ResultData` in the caller after it returns. */
  modules: { Input?: unknown; Result?: string; ResultData?: unknown } = {};
  /**
   * Where a customer queue flow resumes after its interrupt branch ends the flow
   * (End flow / Resume returns to the Loop prompts block that was interrupted).
   */
  resumePoint?: string;
  /** Actions run since the clock last moved (guards against loops that never wait). */
  stepsWithoutTime = 0;

  constructor(
    readonly flow: LoadedFlow,
    /** The rules in force: a module runs under its caller's flow type. */
    readonly flowType: FlowType,
    /** Module nesting depth (0 for a flow). */
    readonly depth = 0,
  ) {}
}
