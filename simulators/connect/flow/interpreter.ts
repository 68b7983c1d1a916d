/**
 * Runs a loaded flow for one contact (reference §1.6): start at StartAction, run each
 * action, pick the next one — an error by its ErrorType, else NoMatchingError; a result
 * against Conditions in order, else NoMatchingCondition; otherwise NextAction — until an
 * action ends the flow.
 */
import type { Contact } from "./contact.js";
import { ModuleDepthError, type ActionContext, type ActionDefinition, type EndReason, type ModuleReturn, type Outcome } from "./action.js";
import { conditionHolds } from "./conditions.js";
import { flowDataLookup } from "./data.js";
import type { FlowType } from "./flow-types.js";
import type { FlowHost } from "./host.js";
import { interpolate, parseWholeReference, evaluate, stringify, type Lookup } from "./jsonpath.js";
import type { LoadedFlow } from "./loaded-flow.js";
import type { ConditionExpr, FlowAction } from "./model.js";
import { definitionFor } from "./registry.js";
import { actionWatcher } from "./action-watch.js";
import { FlowRun } from "./run-state.js";
import type { AttributeChange } from "./trace.js";

export interface RunOptions {
  /** Aborting stops the flow at its current wait (e.g. an agent accepts a queued contact). */
  signal?: AbortSignal;
  /** Why the flow starts, for the trace (`start`, `customer-queue`, `event-hook:CustomerRemaining`...). */
  reason?: string;
  /** Rules to apply when they differ from the flow's own type. */
  flowType?: FlowType;
  /** Start at this action instead of StartAction (resuming an interrupted queue flow). */
  startAt?: string;
}

export interface FlowResult {
  reason: EndReason;
  detail?: string;
  /** The flow that was running when it ended (differs from the one started after TransferToFlow). */
  flow: LoadedFlow;
  /** The last action run. */
  lastActionId?: string;
  /** For a module: the branch and data it returned. */
  moduleResult?: { result?: string; resultData?: unknown };
  /** Set when a Loop prompts block was interrupted: where the flow resumes. */
  resumePoint?: string;
}

/** Actions run back to back without the clock moving before the engine calls it a runaway loop. */
export const MAX_STEPS_WITHOUT_TIME = 10_000;
/** "supporting up to five levels of nesting" (modules invoking modules). */
export const MAX_MODULE_DEPTH = 5;

/** An engine fault (a bug in flowsim or a host), as opposed to a flow taking an error branch. */
export class EngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EngineError";
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === "AbortError";
}

export function describeCondition(c: ConditionExpr): string {
  return `${c.Operator} ${c.Operands.map((o) => (typeof o === "string" ? o : describeCondition(o))).join(", ")}`;
}

interface Selection {
  next?: string;
  branch: string;
  errorType?: string;
}

/** Transition selection for one outcome (reference §1.6 step 3). */
export function selectTransition(action: FlowAction, outcome: Outcome): Selection {
  const t = action.Transitions ?? {};
  const byError = (errorType: string): Selection | undefined => {
    const exact = t.Errors?.find((e) => e.ErrorType === errorType);
    if (exact) return { next: exact.NextAction, branch: `Error: ${errorType}`, errorType };
    const fallback = t.Errors?.find((e) => e.ErrorType === "NoMatchingError");
    if (fallback) return { next: fallback.NextAction, branch: errorType === "NoMatchingError" ? "Error: NoMatchingError" : `Error: NoMatchingError (for ${errorType})`, errorType };
    return undefined;
  };
  switch (outcome.kind) {
    case "error":
      return byError(outcome.errorType) ?? { branch: `Error: ${outcome.errorType} (no branch)`, errorType: outcome.errorType };
    case "result": {
      const conditions = t.Conditions ?? [];
      for (const c of conditions) {
        if (conditionHolds(c.Condition, outcome.value)) return { next: c.NextAction, branch: `Condition: ${describeCondition(c.Condition)}` };
      }
      if (conditions.length === 0) return { next: t.NextAction, branch: "Success" };
      const noMatch = t.Errors?.find((e) => e.ErrorType === "NoMatchingCondition");
      if (noMatch) return { next: noMatch.NextAction, branch: "Error: NoMatchingCondition", errorType: "NoMatchingCondition" };
      // The console's Default branch is stored as NextAction when no NoMatchingCondition entry exists.
      return { next: t.NextAction, branch: "Default (NextAction; no NoMatchingCondition branch)", errorType: "NoMatchingCondition" };
    }
    default:
      return { next: t.NextAction, branch: "Success" };
  }
}

/** Runs `flow` for `contact` from its StartAction until something ends it. */
export async function runFlow(flow: LoadedFlow, contact: Contact, host: FlowHost, options: RunOptions = {}): Promise<FlowResult> {
  if (!flow.ok) throw new EngineError(`${flow.source} has errors and cannot run`);
  const signal = options.signal ?? new AbortController().signal;
  const run = new FlowRun(flow, options.flowType ?? flow.flowType, 0);
  if (options.startAt !== undefined && !flow.actions.has(options.startAt)) throw new EngineError(`${flow.source}: cannot resume at unknown action "${options.startAt}"`);
  return execute(run, contact, host, signal, options.reason ?? "start", options.startAt);
}

async function runModule(module: LoadedFlow, input: unknown, caller: FlowRun, contact: Contact, host: FlowHost, signal: AbortSignal): Promise<ModuleReturn> {
  const run = new FlowRun(module, caller.flowType, caller.depth + 1);
  run.modules = { Input: input };
  const result = await execute(run, contact, host, signal, "module");
  return { reason: result.reason, result: result.moduleResult?.result, resultData: result.moduleResult?.resultData };
}

async function execute(initial: FlowRun, contact: Contact, host: FlowHost, signal: AbortSignal, reason: string, startAt?: string): Promise<FlowResult> {
  let run = initial;
  const flowStart = (why: string) =>
    host.trace(contact, { kind: "flow-start", at: host.clock.now(), contactId: contact.id, flowId: run.flow.id, flowName: run.flow.name, flowType: run.flowType, reason: why });
  const finish = (result: Omit<FlowResult, "flow">): FlowResult => {
    host.trace(contact, { kind: "flow-end", at: host.clock.now(), contactId: contact.id, flowId: run.flow.id, flowName: run.flow.name, reason: result.reason, detail: result.detail });
    return { ...result, flow: run.flow, resumePoint: run.resumePoint };
  };

  // One data lookup per flow execution (it reads the contact and the run, both live objects).
  const lookups = new WeakMap<FlowRun, Lookup>();
  flowStart(reason);
  let currentId: string | undefined = startAt ?? run.flow.doc.StartAction;
  let lastTime = host.clock.now();

  for (;;) {
    if (signal.aborted || contact.ended) return finish({ reason: signal.aborted ? "interrupted" : "disconnected", detail: contact.ended ? "the contact has ended" : "interrupted", lastActionId: currentId });
    const action: FlowAction | undefined = currentId === undefined ? undefined : run.flow.actions.get(currentId);
    if (!action) throw new EngineError(`${run.flow.source}: transition to unknown action "${currentId}" (validation should have caught this)`);
    const definition = definitionFor(action.Type);
    if (!definition) throw new EngineError(`${run.flow.source}: no definition for action type ${action.Type} (validation should have caught this)`);

    const startedAt = host.clock.now();
    if (startedAt !== lastTime) {
      run.stepsWithoutTime = 0;
      lastTime = startedAt;
    }
    if (++run.stepsWithoutTime > MAX_STEPS_WITHOUT_TIME) {
      return finish({ reason: "unhandled-error", detail: `ran ${MAX_STEPS_WITHOUT_TIME} actions without any time passing; the flow loops without waiting (last action ${action.Identifier})`, lastActionId: action.Identifier });
    }

    let outcome: Outcome;
    const ctx = new Context(action, run, contact, host, signal, lookups.get(run) ?? lookups.set(run, flowDataLookup(contact, run, host)).get(run)!);
    const { changes, notes } = ctx;
    const refusal = refuse(definition, run, contact);
    if (refusal) {
      outcome = refusal;
    } else {
      try {
        const watcher = actionWatcher(contact);
        outcome = watcher ? await watcher(ctx, (as = ctx) => definition.run(as)) : await definition.run(ctx);
      } catch (err) {
        if (isAbort(err) || signal.aborted) {
          host.trace(contact, { kind: "action", at: host.clock.now(), contactId: contact.id, flowId: run.flow.id, flowName: run.flow.name, actionId: action.Identifier, actionType: action.Type, branch: "Interrupted", changes: changes.length ? changes : undefined, detail: notes.join("; ") || undefined, waitedMs: host.clock.now() - startedAt || undefined });
          return finish({ reason: contact.ended ? "disconnected" : "interrupted", detail: contact.ended ? "the contact ended while the flow waited" : "interrupted while waiting", lastActionId: action.Identifier });
        }
        throw new EngineError(`${run.flow.source}: action ${action.Identifier} (${action.Type}) failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }

    const base = {
      kind: "action" as const,
      contactId: contact.id,
      flowId: run.flow.id,
      flowName: run.flow.name,
      actionId: action.Identifier,
      actionType: action.Type,
      changes: changes.length ? changes : undefined,
      waitedMs: host.clock.now() - startedAt || undefined,
    };
    const detailOf = (extra?: string) => [extra, ...notes].filter(Boolean).join("; ") || undefined;

    if (outcome.kind === "end") {
      host.trace(contact, { ...base, at: host.clock.now(), branch: `End: ${outcome.reason}`, detail: detailOf(outcome.detail) });
      if (outcome.reason === "module-returned" && run.depth > 0) {
        return finish({ reason: outcome.reason, detail: outcome.detail, lastActionId: action.Identifier, moduleResult: { result: run.modules.Result, resultData: run.modules.ResultData } });
      }
      return finish({ reason: outcome.reason, detail: outcome.detail, lastActionId: action.Identifier });
    }
    if (outcome.kind === "transfer") {
      host.trace(contact, { ...base, at: host.clock.now(), branch: `Transfer: ${outcome.flow.name}`, detail: detailOf() });
      host.trace(contact, { kind: "flow-end", at: host.clock.now(), contactId: contact.id, flowId: run.flow.id, flowName: run.flow.name, reason: "transferred", detail: `to flow ${outcome.flow.name}` });
      // Flow attributes do not survive the jump; contact data does.
      run = new FlowRun(outcome.flow, outcome.flow.flowType, run.depth);
      flowStart("transfer");
      currentId = run.flow.doc.StartAction;
      continue;
    }

    const selection = selectTransition(action, outcome);
    host.trace(contact, {
      ...base,
      at: host.clock.now(),
      branch: selection.branch,
      result: outcome.kind === "result" ? outcome.value : undefined,
      errorType: selection.errorType,
      detail: detailOf(outcome.kind === "error" ? outcome.detail : undefined),
      nextActionId: selection.next || undefined,
    });
    if (selection.next === undefined || selection.next === "") {
      const why =
        outcome.kind === "error"
          ? `${action.Type} raised ${outcome.errorType}${outcome.detail ? ` (${outcome.detail})` : ""} and has no ${outcome.errorType === "NoMatchingError" ? "" : `${outcome.errorType} or `}NoMatchingError branch`
          : `${action.Type} has no NextAction for its ${selection.branch} branch`;
      return finish({ reason: outcome.kind === "error" ? "unhandled-error" : "no-next-action", detail: why, lastActionId: action.Identifier });
    }
    currentId = selection.next;
  }
}

/** An action refused before it runs: not allowed in this flow type or not supported on this channel. */
function refuse(definition: ActionDefinition, run: FlowRun, contact: Contact): Outcome | undefined {
  const flowType = run.flowType;
  const moduleOnly = run.flow.kind === "module" && definition.flowTypes?.MODULE === "yes";
  if (flowType !== "MODULE" && !moduleOnly && definition.flowTypes?.[flowType] === "no") {
    return { kind: "error", errorType: "NoMatchingError", detail: `${definition.type} is not supported in ${flowType} flows` };
  }
  const behaviour = definition.channels?.[contact.channel] ?? "run";
  if (behaviour === "error") return { kind: "error", errorType: "NoMatchingError", detail: `${definition.type} is not supported on the ${contact.channel} channel` };
  if (behaviour === "skip") return { kind: "next" };
  return undefined;
}

/**
 * The context handed to each action. A class rather than an object of closures: a flow
 * runs thousands of actions, and per-action closures were most of the engine's cost.
 */
class Context implements ActionContext {
  readonly changes: AttributeChange[] = [];
  readonly notes: string[] = [];
  readonly params: Record<string, unknown>;
  readonly flowType: FlowType;

  constructor(
    readonly action: FlowAction,
    readonly run: FlowRun,
    readonly contact: Contact,
    readonly host: FlowHost,
    readonly signal: AbortSignal,
    readonly lookup: Lookup,
  ) {
    this.params = action.Parameters ?? {};
    this.flowType = run.flowType;
    // Actions pass these around as plain functions (e.g. a note callback).
    this.value = this.value.bind(this);
    this.text = this.text.bind(this);
    this.note = this.note.bind(this);
    this.changed = this.changed.bind(this);
  }

  value(raw: unknown): unknown {
    if (typeof raw !== "string") return raw;
    if (!raw.includes("$")) return raw;
    const whole = parseWholeReference(raw);
    if (whole) return evaluate(whole, this.lookup);
    return interpolate(raw, this.lookup);
  }

  text(raw: unknown): string | undefined {
    return stringify(this.value(raw));
  }

  changed(scope: string, key: string, from: string | undefined, to: string | undefined): void {
    if (from !== to) this.changes.push({ scope, key, from, to });
  }

  note(detail: string): void {
    this.notes.push(detail);
  }

  async invokeModule(module: LoadedFlow, input: unknown): Promise<ModuleReturn> {
    if (this.run.depth + 1 > MAX_MODULE_DEPTH) throw new ModuleDepthError(`modules nest more than ${MAX_MODULE_DEPTH} levels deep`);
    return runModule(module, input, this.run, this.contact, this.host, this.signal);
  }
}
