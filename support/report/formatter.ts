/**
 * The cucumber formatter that writes Allure results: allure-cucumberjs's reporter with
 * flowsim's rules on top.
 *
 * - Status of a failed step or hook from errors.ts (`failureStatus`): assertions and
 *   rejected flows are failed, everything else broken. Upstream decides by looking for
 *   "assert" anywhere in the formatted message and stack, so an InfrastructureError
 *   thrown from a file named `assertions.ts` would count as a product failure.
 * - A failed Before/After hook decides the scenario's status. Upstream takes the status
 *   from the steps only: a Before hook that cannot reach the target leaves every step
 *   skipped, and the scenario would read "skipped" — invisible to the release gate.
 * - An undefined or ambiguous step is broken (upstream: no status, so the scenario
 *   could read "passed"); an undefined one names the nearest known sentences.
 * - What an After hook attaches (the World's evidence) goes on the scenario's result, not
 *   under "Tear down" where upstream puts it.
 * - Suites: the capability folder as parentSuite, the feature as suite (suites.ts).
 * - Flow coverage: what each scenario reports of its flows (flow-coverage.ts) is added up
 *   over the run and written to `flow-coverage.json` in the results folder, with a summary
 *   in the Environment panel.
 * - Labels and links from tags (tags.ts), environment.properties (environment.ts, plus
 *   the facts the World sends with `reportRunFacts`), categories.json
 *   (reports/categories.json), and a clean results folder per run (clean-results.ts).
 *
 * Cucumber configuration (formatOptions are shared by all formatters):
 *
 *   format: ["./support/report/formatter.ts"],
 *   formatOptions: {
 *     resultsDir: "reports/allure-results",            // default, relative to the working directory; a shard's: shards.mjs
 *     environment: { target: "staging", region },      // default: FLOWSIM_* variables (environment.ts)
 *     issueUrlTemplate: "https://tracker/issue/%s",    // default: FLOWSIM_ISSUE_URL
 *   }
 */
import { readFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import type { IFormatterOptions } from "@cucumber/cucumber";
import type * as messages from "@cucumber/messages";
import * as upstream from "allure-cucumberjs/reporter";
import { getMessageAndTraceFromError } from "allure-js-commons/sdk";
import { ResultsWriter } from "./results-writer.js";
import { cleanResults } from "./clean-results.js";
import { environmentInfo, mergeFacts, PROJECT_ROOT, RUN_FACTS_MEDIA_TYPE, type RunFacts } from "./environment.js";
import { failureStatus } from "./errors.js";
import { RESULTS_DIR } from "./shards.mjs";
import { didYouMean, stepDefinitionsOf } from "./step-suggestions.js";
import { suiteLabels } from "./suites.js";
import { CoverageRun, FLOW_COVERAGE_MEDIA_TYPE, writeCoverage, type FlowUse } from "./flow-coverage.js";
import { COVERAGE_PAGE, summaryLine } from "./coverage-render.js";
import { tagMetadata, type AllureLabel, type AllureLink } from "./tags.js";

export const DEFAULT_CATEGORIES_FILE = join(PROJECT_ROOT, "reports/categories.json");

export interface FlowsimAllureOptions {
  resultsDir?: string;
  /** Allure categories (see reports/README.md); default: this checkout's reports/categories.json. */
  categoriesFile?: string;
  issueUrlTemplate?: string;
  tmsUrlTemplate?: string;
  /** Target, endpoint, instance id... for the Environment panel (never credentials). */
  environment?: RunFacts;
  /** Delete the previous run's results first (default true) so the gate never reads stale files. */
  cleanResultsDir?: boolean;
}

type AllureStatus = "failed" | "broken" | "passed" | "skipped";
const PRIORITY: Record<string, number> = { failed: 0, broken: 1, passed: 2, skipped: 3 };

interface ResultLike {
  status?: string;
  fullName?: string;
  statusDetails?: { message?: string; trace?: string };
  labels: AllureLabel[];
  links: AllureLink[];
}

/** The parts of allure-cucumberjs 3.x this formatter builds on; checked at start so an upgrade that moves them fails loudly. */
interface UpstreamInternals {
  allureRuntime: {
    startTest(result: Partial<ResultLike>, scopeUuids?: string[]): string;
    applyGlobalRuntimeMessages(messages: { type: string }[]): void;
    applyRuntimeMessages(rootUuid: string, messages: { type: string; data: Record<string, unknown> }[]): void;
    updateTest(uuid: string, update: (result: ResultLike) => void): void;
    writeTest(uuid: string): void;
  };
  testResultUuids: Map<string, string>;
  parseStatus(result: messages.TestStepResult): AllureStatus | undefined;
  onAttachment(attachment: messages.Attachment): void;
}

/** Something that decides a scenario's status beside its steps' own results. */
interface Problem {
  status: "failed" | "broken";
  message: string;
  trace?: string;
}

/** A cucumber attachment as an Allure attachment of the result itself (not wrapped in a step). */
function evidenceContent(attachment: messages.Attachment): Record<string, unknown> {
  const encoding = attachment.contentEncoding === "BASE64" ? "base64" : "utf-8";
  return {
    name: attachment.fileName ?? "Attachment",
    content: Buffer.from(attachment.body, encoding).toString("base64"),
    encoding: "base64",
    contentType: attachment.mediaType,
    fileExtension: attachment.fileName ? extname(attachment.fileName) : undefined,
    wrapInStep: false,
  };
}

function loadCategories(file: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`flowsim Allure formatter: cannot read the categories file ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`flowsim Allure formatter: ${file} must hold a JSON array of Allure categories`);
  return parsed;
}

// One set of type declarations serves both of the package's builds, so TypeScript reads
// them as CommonJS (the class at `default.default`) while Node loads the ES build (the
// class at `default`).
type ReporterClass = typeof upstream.default.default;
const loaded = (upstream as unknown as { default: ReporterClass | { default: ReporterClass } }).default;
const AllureCucumberReporter: ReporterClass = typeof loaded === "function" ? loaded : loaded.default;

export default class FlowsimAllureFormatter extends AllureCucumberReporter {
  static override readonly documentation = "Writes Allure results with flowsim's failed/broken rules, tag labels, environment and categories";

  constructor(options: IFormatterOptions) {
    const { resultsDir, categoriesFile, issueUrlTemplate, tmsUrlTemplate, environment, cleanResultsDir, ...rest } = options.parsedArgvOptions as FlowsimAllureOptions &
      Record<string, unknown>;
    const dir = resolve(options.cwd, resultsDir ?? RESULTS_DIR);
    if (cleanResultsDir !== false) cleanResults(dir);
    const parsedArgvOptions = {
      ...rest,
      resultsDir: dir,
      writer: new ResultsWriter(dir),
      categories: loadCategories(resolve(options.cwd, categoriesFile ?? DEFAULT_CATEGORIES_FILE)),
      environmentInfo: environmentInfo({ facts: environment }),
    };
    super({ ...options, parsedArgvOptions });
    const tagOptions = { issueUrlTemplate: issueUrlTemplate ?? process.env.FLOWSIM_ISSUE_URL, tmsUrlTemplate: tmsUrlTemplate ?? process.env.FLOWSIM_TMS_URL };
    this.install(options, tagOptions, dir);
  }

  private install(options: IFormatterOptions, tagOptions: { issueUrlTemplate?: string; tmsUrlTemplate?: string }, resultsDir: string): void {
    const self = this as unknown as UpstreamInternals;
    const runtime = self.allureRuntime;
    for (const [what, ok] of [
      [
        "allureRuntime.startTest/updateTest/writeTest/applyGlobalRuntimeMessages/applyRuntimeMessages",
        ["startTest", "updateTest", "writeTest", "applyGlobalRuntimeMessages", "applyRuntimeMessages"].every((m) => typeof (runtime as unknown as Record<string, unknown> | undefined)?.[m] === "function"),
      ],
      ["testResultUuids", self.testResultUuids instanceof Map],
      ["parseStatus", typeof self.parseStatus === "function"],
      ["onAttachment", typeof self.onAttachment === "function"],
      ["allureRuntime.environmentInfo", typeof (runtime as unknown as { environmentInfo?: unknown }).environmentInfo === "object"],
    ] as const) {
      if (!ok) throw new Error(`flowsim Allure formatter: this allure-cucumberjs has no ${what}; support/report/formatter.ts must be adapted to it`);
    }

    const upstreamStatus = self.parseStatus.bind(this);
    self.parseStatus = (result) => {
      if (result.status === "FAILED") return failureStatus(result.exception);
      if (result.status === "UNDEFINED" || result.status === "AMBIGUOUS") return "broken";
      return upstreamStatus(result);
    };

    const hookNames = new Map<string, string>();
    const afterHooks = new Set<string>();
    const library = options.supportCodeLibrary;
    const stepDefinitions = stepDefinitionsOf(library);
    for (const [kind, hooks] of [
      ["Before", library.beforeTestCaseHookDefinitions],
      ["After", library.afterTestCaseHookDefinitions],
    ] as const) {
      for (const h of hooks) hookNames.set(h.id, h.name ? `${kind} hook "${h.name}"` : `${kind} hook (${h.uri}:${h.line})`);
    }
    for (const h of library.afterTestCaseHookDefinitions) afterHooks.add(h.id);
    const hookOfStep = new Map<string, string>();

    // Run facts from the World go to environment.properties, not into the scenario. What an
    // After hook attaches is the scenario's evidence (transcript, attributes, flow path):
    // it goes on the result itself, where a reader looks first, rather than in "Tear down".
    const environment = (runtime as unknown as { environmentInfo: Record<string, string> }).environmentInfo;
    const seenFacts = new Map<string, string[]>();
    // Flow coverage from every worker's scenarios, added up here and written once the run ends.
    const coverage = new CoverageRun();
    options.eventBroadcaster.prependListener("envelope", (envelope: messages.Envelope) => {
      if (!envelope.testRunFinished) return;
      const flows = coverage.flows();
      writeCoverage(resultsDir, flows);
      if (flows.length) environment.flowCoverage = `${summaryLine(flows)} (per flow: npm run coverage, or ${COVERAGE_PAGE} beside the report)`;
    });
    const upstreamAttachment = self.onAttachment.bind(this);
    self.onAttachment = (attachment) => {
      const testUuid = attachment.testCaseStartedId ? self.testResultUuids.get(attachment.testCaseStartedId) : undefined;
      const hookId = attachment.testStepId ? hookOfStep.get(attachment.testStepId) : undefined;
      if (attachment.mediaType === RUN_FACTS_MEDIA_TYPE) {
        try {
          mergeFacts(environment, JSON.parse(attachment.body) as RunFacts, seenFacts);
        } catch {
          // reportRunFacts writes JSON; anything else is not a fact worth failing the run for
        }
      } else if (attachment.mediaType === FLOW_COVERAGE_MEDIA_TYPE) {
        for (const use of JSON.parse(attachment.body) as FlowUse[]) coverage.add(use);
      } else if (testUuid && hookId && afterHooks.has(hookId)) {
        runtime.applyRuntimeMessages(testUuid, [{ type: "attachment_content", data: evidenceContent(attachment) }]);
      } else {
        upstreamAttachment(attachment);
      }
    };

    const startTest = runtime.startTest.bind(runtime);
    runtime.startTest = (result, scopeUuids) => {
      const tags = (result.labels ?? []).filter((l) => l.name === "tag").map((l) => l.value);
      const { labels, links } = tagMetadata(tags, tagOptions);
      const replacesSeverity = labels.some((l) => l.name === "severity");
      const feature = result.labels?.find((l) => l.name === "feature")?.value;
      const suites = suiteLabels((result.fullName ?? "").replace(/^[^:/]*:/, "").split("#")[0]!, feature).filter((s) => !result.labels?.some((l) => l.name === s.name));
      result.labels = [...(result.labels ?? []).filter((l) => !(replacesSeverity && l.name === "severity")), ...labels, ...suites];
      result.links = [...(result.links ?? []), ...links];
      return startTest(result, scopeUuids);
    };

    const pickleStepOf = new Map<string, string>();
    const stepText = new Map<string, string>();
    const problems = new Map<string, Problem[]>();
    const testUuidOf = new Map<string, string>();
    const record = (testCaseStartedId: string, problem: Problem) => problems.set(testCaseStartedId, [...(problems.get(testCaseStartedId) ?? []), problem]);

    // Upstream also records a scenario hook's failure as a run-wide "global error"; here it
    // already decides the scenario's status, and the gate reads globals as errors outside
    // any scenario (BeforeAll/AfterAll), so that duplicate is dropped.
    let inScenarioHookResult = false;
    options.eventBroadcaster.prependListener("envelope", (envelope: messages.Envelope) => {
      inScenarioHookResult = !!envelope.testStepFinished && hookOfStep.has(envelope.testStepFinished.testStepId);
    });
    const applyGlobal = runtime.applyGlobalRuntimeMessages.bind(runtime);
    runtime.applyGlobalRuntimeMessages = (list) => applyGlobal(inScenarioHookResult ? list.filter((m) => m.type !== "global_error") : list);

    options.eventBroadcaster.on("envelope", (envelope: messages.Envelope) => {
      inScenarioHookResult = false;
      if (envelope.pickle) {
        for (const step of envelope.pickle.steps) stepText.set(step.id, step.text);
      } else if (envelope.testCase) {
        for (const step of envelope.testCase.testSteps) {
          if (step.hookId) hookOfStep.set(step.id, step.hookId);
          if (step.pickleStepId) pickleStepOf.set(step.id, step.pickleStepId);
        }
      } else if (envelope.testCaseStarted) {
        const uuid = self.testResultUuids.get(envelope.testCaseStarted.id);
        if (uuid) testUuidOf.set(uuid, envelope.testCaseStarted.id);
      } else if (envelope.testStepFinished) {
        const { testStepId, testCaseStartedId, testStepResult } = envelope.testStepFinished;
        const hookId = hookOfStep.get(testStepId);
        if (hookId && testStepResult.status === "FAILED") {
          const label = hookNames.get(hookId) ?? "hook";
          const exception = testStepResult.exception;
          const details = getMessageAndTraceFromError({ message: testStepResult.message ?? exception?.message ?? "", stack: exception?.stackTrace, name: exception?.type ?? "Error" });
          record(testCaseStartedId, { status: failureStatus(exception), message: `${label} failed: ${details.message ?? ""}`, trace: details.trace });
        } else if (!hookId && (testStepResult.status === "UNDEFINED" || testStepResult.status === "AMBIGUOUS")) {
          const text = stepText.get(pickleStepOf.get(testStepId) ?? "") ?? "?";
          const why = testStepResult.status === "UNDEFINED" ? `undefined: no step definition matches it. ${didYouMean(text, stepDefinitions)}` : `ambiguous: ${testStepResult.message ?? "more than one step definition matches it"}`;
          record(testCaseStartedId, { status: "broken", message: `Step "${text}" is ${why}` });
        }
      }
    });

    // The scenario's status is decided when upstream writes it: the worst problem wins
    // over a better status, and fills in the message when the status is already that bad.
    const writeTest = runtime.writeTest.bind(runtime);
    runtime.writeTest = (uuid) => {
      const started = testUuidOf.get(uuid);
      const found = started ? problems.get(started) : undefined;
      if (found?.length) {
        const worst = found.find((f) => f.status === "failed") ?? found[0]!;
        runtime.updateTest(uuid, (result) => {
          const current = PRIORITY[result.status ?? "passed"] ?? PRIORITY.passed!;
          const target = PRIORITY[worst.status]!;
          if (current > target || (current === target && !result.statusDetails?.message)) {
            result.status = worst.status;
            result.statusDetails = { message: worst.message, trace: worst.trace };
          }
        });
      }
      if (started) {
        problems.delete(started);
        testUuidOf.delete(uuid);
      }
      writeTest(uuid);
    };
  }
}
