/**
 * What a step needs beyond the public Amazon Connect APIs, and what each target offers. A
 * scenario runs on a target when every one of its steps can; otherwise it is skipped before
 * it starts (nothing half-done on a shared instance) and the report names the first step
 * that cannot run there and why. Blanket tags on whole features said less and hid more.
 *
 * A step declares its needs where it is defined:
 *
 *   Given(...requires(["agent desktop"], "agent {string} is available"), async function (...) {...});
 *
 * The step is still defined by cucumber's own Given (so its file and line stay the step
 * file's); `requires` only notes the pattern and hands it over with the needs as options.
 * Steps that need nothing special are defined as before.
 *
 * Where the needs depend on what the sentence says, or on the rest of the scenario, they are
 * a function of the step's argument values and the scenario's step texts, evaluated before
 * the scenario runs (here for the readiness count, in the Before hook for the run):
 *
 *   When(...requires(([, what]) => (what === "chat" ? ["chat agent"] : ["agent desktop"]), "agent {string} accepts the {word}"), ...);
 */
import type { Given } from "@cucumber/cucumber";
import type { Pickle } from "@cucumber/messages";
import type { CompiledScenario } from "./testcases/compile.js";
import { ExpressionFactory, ParameterType, ParameterTypeRegistry, type Expression } from "@cucumber/cucumber-expressions";

export type Capability =
  /** Moving the simulator's time: waits that only a virtual clock can make instant. */
  | "virtual clock"
  /** A human agent's desktop: status, offers, after-contact work, holds, quick connects, views. */
  | "agent desktop"
  /**
   * An agent who joins a chat where it waits, writes, reads and idles in it (a custom
   * participant can play it on staging). Not what follows from a human agent: routing,
   * whisper flows, agent-role timers, leaving and after-contact work need "agent desktop".
   */
  | "chat agent"
  /** A caller on a simulated voice call: dialling, hearing prompts, pressing keys. */
  | "voice caller"
  /** Answers programmed for Lambda functions, Lex bots, hours of operation, queue metrics. */
  | "programmed answers"
  /** A contact's place in line: the Connect API tells which queue, never the position. */
  | "queue position"
  /** The blocks a contact ran in its flows (on staging: its flow logs, when the config names their log group). */
  | "flow path"
  /** The branch each block took: the simulator's trace only, flow logs do not tell it. */
  | "flow branches"
  /** A supervisor monitoring or barging in. */
  | "supervisor"
  /** Webex Contact Center and its Salesforce org. */
  | "webex"
  /** A Connect test case run where flowsim makes the resources its flows name and moves the clock. */
  | "simulated test-case run";

/** Why a target without the capability cannot run the step (for the report). */
export const MISSING: Record<Capability, string> = {
  "virtual clock": "time cannot be moved there, and a real wait is not exact to the second",
  "agent desktop": "no agent desktop can be driven there",
  "chat agent": 'no agent can join a chat there (a custom participant can stand in: "chatAgents": "custom-participant" in the staging config, or FLOWSIM_STAGING_CHAT_AGENTS=custom-participant)',
  "voice caller": "no simulated caller can call there",
  "programmed answers": "Lambda, Lex and hours answers cannot be programmed there",
  "queue position": "the Connect API tells a contact's queue, never its place in line",
  "flow path": 'the path a contact took through its flows cannot be read there (on staging it is read from the instance\'s flow logs: "flowLogs": { "logGroup": "/aws/connect/<alias>" } in the staging config, or FLOWSIM_STAGING_FLOW_LOG_GROUP)',
  "flow branches": "flow logs show the blocks a contact ran, not the branch each took",
  supervisor: "no supervisor can be driven there",
  webex: "Webex Contact Center is not there",
  "simulated test-case run": "a test case there runs on the service's own terms, not on a simulator's",
};

export const ALL_CAPABILITIES = Object.keys(MISSING) as Capability[];

/**
 * What a step needs: a fixed list, or a function of the step's argument values (as the step
 * function receives them, data tables and doc strings left out) and the texts of every step of
 * its scenario.
 */
export type Needs = readonly Capability[] | ((args: readonly unknown[], scenario: readonly string[]) => readonly Capability[]);

interface Declared {
  pattern: string | RegExp;
  expression: Expression;
  needs: Needs;
}

/** The options cucumber's Given/When/Then take (not exported by name). */
type StepOptions = Extract<Parameters<typeof Given>, [unknown, unknown, unknown]>[1];

const parameterTypes = new ParameterTypeRegistry();
const factory = new ExpressionFactory(parameterTypes);
const declared: Declared[] = [];

/** Steps' custom parameter types must be known here too, to match step texts against patterns. */
export function knowParameterType(name: string, regexp: RegExp): void {
  parameterTypes.defineParameterType(new ParameterType(name, regexp, null, (s: string) => s, true, false));
}

/** The pattern and the options for cucumber's Given/When/Then, noting what the step needs. */
export function requires<P extends string | RegExp>(needs: Needs, pattern: P): [P, StepOptions] {
  declared.push({ pattern, expression: factory.createExpression(pattern), needs });
  return [pattern, { wrapperOptions: { needs } }];
}

export interface Unmet {
  step: string;
  capability: Capability;
  reason: string;
}

/**
 * What a target offers one scenario. Most targets offer every scenario the same; staging
 * runs a voice scenario's caller steps (or a chat's with programmed answers) as a Connect
 * test case, which it can only when they compile to one — so whether a step can run there
 * depends on the scenario around it.
 */
export interface ScenarioOffer {
  offers: ReadonlySet<Capability>;
  /** The test case the scenario's caller or chat customer steps run as; the steps it stands for (its `compiled` keys) need nothing more. */
  testCase?: CompiledScenario;
  /** Why a capability the target has for some scenarios is not this one's (its caller or chat steps do not compile to a test case). */
  reasons?: Partial<Record<Capability, string>>;
}

/** A target's offer to every scenario alike. */
export const offerToAll = (offers: ReadonlySet<Capability>): ScenarioOffer => ({ offers });

/** The first step of a scenario that needs what the target does not offer it, if any. */
export function firstUnmetIn(pickle: Pick<Pickle, "steps">, offer: ScenarioOffer): Unmet | undefined {
  const stepTexts = pickle.steps.map((s) => s.text);
  for (const { id, text: step } of pickle.steps) {
    if (offer.testCase?.compiled.has(id)) continue;
    for (const d of declared) {
      const args = d.expression.match(step);
      if (args === null) continue;
      const needs = typeof d.needs === "function" ? d.needs(args.map((a) => a.getValue(null)), stepTexts) : d.needs;
      const missing = needs.find((c) => !offer.offers.has(c));
      if (missing) return { step, capability: missing, reason: offer.reasons?.[missing] ?? MISSING[missing] };
    }
  }
  return undefined;
}

/** The first of these steps that needs what the target does not offer, if any. */
export function firstUnmet(stepTexts: readonly string[], offers: ReadonlySet<Capability>): Unmet | undefined {
  return firstUnmetIn({ steps: stepTexts.map((text, i) => ({ id: String(i), text, astNodeIds: [] })) }, offerToAll(offers));
}

/** The patterns declared so far with their needs (for the README's table). */
export function declaredNeeds(): readonly { pattern: string | RegExp; needs: Needs }[] {
  return declared;
}
