/**
 * Behaviour the public Webex documentation leaves open, as switchable policies. The
 * defaults and the reasons for them are in README.md ("Policies").
 */
import type { TemplateSyntaxPolicy } from "./pebble/template.js";

export interface WebexPolicy {
  /** `{{ }}` that does not parse: "repair" stray brackets with a warning (default) or fail when rendered ("runtime"). */
  templateSyntax: TemplateSyntaxPolicy;
  /** An unknown name in a template: null (false, Pebble's default) or an error that sends the activity down its error path. */
  strictVariables: boolean;
  /** An output JSONPath that matches nothing: leave the variable as it was ("keep", default) or set it to "" ("empty"). */
  jsonPathNoMatch: "keep" | "empty";
  /** An activity error with no error link and no OnGlobalError handler: drop the call ("disconnect", default) or leave it in dead air ("stay"). */
  unhandledError: "disconnect" | "stay";
  /** How long an audio file plays when `audioDurationsMs` does not list it. */
  audioFileMs: number;
  audioDurationsMs: Record<string, number>;
  /** Text-to-speech pace at speaking rate 1 (words per second) and the shortest prompt. */
  ttsWordsPerSecond: number;
  ttsMinimumMs: number;
  /** Pause between HTTP retries after a 5xx. */
  retryDelayMs: number;
  /** Timeout when an HTTP activity does not set httpResponseTimeout (the Flow Designer default). */
  defaultHttpTimeoutMs: number;
  /** Activities one flow may run without the clock moving before the simulator calls it a runaway loop. */
  maxActivitiesWithoutTime: number;
  /** Per-activity loop limits (executions of one activity in one flow run beyond the first). */
  selfLoopLimits: Record<string, number>;
  /** Replace tokens, passwords and client secrets in recorded HTTP exchanges. */
  redactSecrets: boolean;
}

/** Cisco's published self-loop limits for the activities the simulator runs (toolkit self-loop-limits.md). */
export const SELF_LOOP_LIMITS: Record<string, number> = {
  "queue-contact": 100,
  "ivr-menu": 100,
  "blind-transfer": 10,
  "bridged-transfer": 75,
  "start-media-stream": 20,
  "ivr-virtualassistant": 20,
  "ivr-virtualassistantvoice": 20,
};

export const DEFAULT_POLICY: WebexPolicy = {
  templateSyntax: "repair",
  strictVariables: false,
  jsonPathNoMatch: "keep",
  unhandledError: "disconnect",
  audioFileMs: 30_000,
  audioDurationsMs: {},
  ttsWordsPerSecond: 2.5,
  ttsMinimumMs: 1000,
  retryDelayMs: 0,
  defaultHttpTimeoutMs: 2000,
  maxActivitiesWithoutTime: 1000,
  selfLoopLimits: SELF_LOOP_LIMITS,
  redactSecrets: true,
};

export function policyWith(overrides: Partial<WebexPolicy> = {}): WebexPolicy {
  return { ...DEFAULT_POLICY, ...overrides, selfLoopLimits: { ...SELF_LOOP_LIMITS, ...(overrides.selfLoopLimits ?? {}) } };
}
