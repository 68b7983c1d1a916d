/**
 * Scenarios per second on each simulator target, measured on the real feature suite:
 *
 * - cold: `node scripts/e2e.mjs --no-report` from process start to exit (module loading,
 *   simulator start, 2 workers), as a developer or CI pays it;
 * - warm: the suite run twice through cucumber's API in this process, one worker, with
 *   support code and simulator kept between the runs: the second run's rate is what a
 *   scenario itself costs.
 *
 * `server` runs against a `flowsim serve` this script starts (an instance per scenario on
 * one shared process); `container` against the image started by testcontainers, and only
 * when a container engine answers (it says so when none does). Printed, never asserted.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { loadConfiguration, loadSupport, runCucumber } from "@cucumber/cucumber/api";
import { startServe } from "./serve-child.js";
import { startSimulator } from "../simulators/connect/api/server.js";
import { startSimulatorContainer } from "../support/targets/container.js";
import { getContainerRuntimeClient } from "testcontainers";

type Record = (name: string, value: string) => void;

/**
 * The runs' Allure results go beside the user's (reports/), not over them, and not to the
 * system's temporary folder: a run writes ~17 files a scenario, and writing them cost 6 times
 * more in this machine's /tmp than in the checkout, which is where a user's results go.
 */
export const BENCH_RESULTS_ROOT = join(process.cwd(), "reports", "bench");
mkdirSync(BENCH_RESULTS_ROOT, { recursive: true });
const resultsRoot = mkdtempSync(join(BENCH_RESULTS_ROOT, "scenarios-"));
process.once("exit", () => rmSync(resultsRoot, { recursive: true, force: true }));
const RESULTS = JSON.stringify({ resultsDir: join(resultsRoot, "allure-results") });

const rate = (scenarios: number, ms: number, cpuMs?: number) =>
  `${(scenarios / (ms / 1000)).toFixed(1)} scenarios/s (${scenarios} in ${(ms / 1000).toFixed(1)} s${cpuMs === undefined ? "" : `; ${(cpuMs / scenarios).toFixed(1)} ms of this process's CPU a scenario`})`;

/** The whole suite as `npm test` runs it, from process start to exit. */
function cold(profile: string, env: NodeJS.ProcessEnv = {}): { ms: number; scenarios: number; ok: boolean } {
  const start = performance.now();
  const run = spawnSync(process.execPath, ["scripts/e2e.mjs", "--no-report", "--format", "summary", "--format-options", RESULTS], { env: { ...process.env, FLOWSIM_PROFILE: profile, ...env }, encoding: "utf8" });
  const ms = performance.now() - start;
  const scenarios = Number(/(\d+) scenarios? \(/.exec(run.stdout)?.[1] ?? 0);
  return { ms, scenarios, ok: run.status === 0 };
}

/** Cucumber's stdout in a bench: the formatters' output is not the figure. */
export const silentStream = () => new Writable({ write: (_chunk, _encoding, done) => done() });

let supportLibrary: Awaited<ReturnType<typeof loadSupport>> | undefined;

/** The suite twice in this process: the second run is the warm one. */
export async function warm(profile: string): Promise<{ ms: number; cpuMs?: number; scenarios: number; ok: boolean; failure?: string }> {
  const environment = { cwd: process.cwd(), stdout: silentStream(), stderr: process.stderr, env: process.env };
  const { runConfiguration } = await loadConfiguration({ profiles: [profile], provided: { parallel: 0, formatOptions: JSON.parse(RESULTS) } }, environment);
  // Step files are modules, run once per process: a second load would register no steps.
  // Every profile imports the same support code, so the first load serves them all.
  supportLibrary ??= await loadSupport(runConfiguration, environment);
  const support = supportLibrary;
  let last: Awaited<ReturnType<typeof warm>> = { ms: 0, scenarios: 0, ok: false };
  for (let round = 0; round < 2; round++) {
    let scenarios = 0;
    let failure: string | undefined;
    const names = new Map<string, string>();
    const start = performance.now();
    const cpu = process.cpuUsage();
    const result = await runCucumber({ ...runConfiguration, support }, environment, (envelope) => {
      if (envelope.pickle) names.set(envelope.pickle.id, envelope.pickle.name);
      if (envelope.testCase) names.set(envelope.testCase.id, names.get(envelope.testCase.pickleId) ?? "");
      if (envelope.testCaseStarted) names.set(envelope.testCaseStarted.id, names.get(envelope.testCaseStarted.testCaseId) ?? "");
      const step = envelope.testStepFinished;
      if (envelope.testRunFinished && !envelope.testRunFinished.success && !failure) failure = `the run: ${envelope.testRunFinished.exception?.message ?? envelope.testRunFinished.message ?? "failed"}`;
      if (step && !["PASSED", "SKIPPED"].includes(step.testStepResult.status) && !failure) failure = `"${names.get(step.testCaseStartedId)}": ${step.testStepResult.status} ${step.testStepResult.message?.split("\n")[0] ?? ""}`;
      if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried) scenarios++;
    });
    const used = process.cpuUsage(cpu);
    last = { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, scenarios, ok: result.success, failure: failure && `round ${round + 1}: ${failure}` };
    if (!result.success) break;
  }
  return last;
}

function report(record: Record, name: string, result: { ms: number; cpuMs?: number; scenarios: number; ok: boolean; failure?: string }): void {
  record(name, result.ok ? rate(result.scenarios, result.ms, result.cpuMs) : `FAILED (${result.scenarios} scenarios ran${result.failure ? `; first failure ${result.failure}` : ""})`);
}

async function withServe<T>(fn: (url: string) => Promise<T> | T): Promise<T> {
  const { url, child } = await startServe([], "flowsim serve");
  try {
    return await fn(url);
  } finally {
    child.kill("SIGTERM");
  }
}

export async function scenarioThroughput(record: Record, quick: boolean): Promise<void> {
  report(record, "scenarios: sim, cold (npm test's feature run, 2 workers)", cold("sim"));
  report(record, "scenarios: sim, warm (1 worker, second run)", await warm("sim"));
  if (quick) return;
  await withServe(async (url) => {
    process.env.FLOWSIM_URL = url;
    report(record, "scenarios: server, cold (shared flowsim serve, 2 workers)", cold("server", { FLOWSIM_URL: url }));
    report(record, "scenarios: server, warm (1 worker, second run)", await warm("server"));
    delete process.env.FLOWSIM_URL;
  });
  try {
    await getContainerRuntimeClient();
  } catch {
    return record("scenarios: container", "skipped: no container engine answers (source container/podman-setup.sh)");
  }
  report(record, "scenarios: container, cold (image build cached, start, 2 workers)", cold("container"));
  const container = await startSimulatorContainer();
  try {
    process.env.FLOWSIM_URL = container.url;
    report(record, "scenarios: container, warm (1 worker, second run)", await warm("container"));
  } finally {
    delete process.env.FLOWSIM_URL;
    await container.stop();
  }
}

/** Where one warm scenario's time goes without the harness: starting a simulator vs an instance in a running one. */
export async function instanceCost(record: Record, quick: boolean): Promise<void> {
  const n = quick ? 10 : 50;
  let start = performance.now();
  for (let i = 0; i < n; i++) await (await startSimulator({ port: 0 })).close();
  record(`scenarios: start + close a simulator (${n})`, `${((performance.now() - start) / n).toFixed(2)} ms each`);
  const sim = await startSimulator({ port: 0 });
  start = performance.now();
  for (let i = 0; i < n; i++) await sim.instances.delete((await sim.instances.create({ profile: { alias: `bench-${i}` } })).id);
  record(`scenarios: create + delete an instance in a running one (${n})`, `${((performance.now() - start) / n).toFixed(2)} ms each`);
  await sim.close();
}
