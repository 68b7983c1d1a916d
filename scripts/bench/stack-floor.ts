/**
 * The floor of the chosen stack: what cucumber-js, the real AWS SDK clients and flowsim's
 * Allure formatter cost per scenario with no simulator behind them, so the scenario bench's
 * warm rate can be read against what the stack alone allows on this machine.
 *
 * A synthetic feature of the suite's shape (as many scenarios, its mean step count) runs
 * through cucumber's API against a bare `node:http` server that answers every request with
 * a constant JSON body. Its hooks do what support/hooks.ts does that is not the simulator:
 * a Before with one SDK call (the instance) and the run facts attached, an After with two
 * evidence attachments and one SDK call. Each variant runs in this process, one worker,
 * warmed up and then timed over a few rounds (see warmThenTimed). The real suite runs as `scenarios` runs it,
 * before and after, for the ratio and for its HTTP request count, which the last variant
 * makes through the SDK in place of one call a step. Printed, never asserted.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfiguration, loadSupport, runCucumber } from "@cucumber/cucumber/api";
import { parsedFeatures } from "../feature-pickles.js";
import { BENCH_RESULTS_ROOT, silentStream, warm } from "../bench-scenarios.js";
import { RUN_FACTS_MEDIA_TYPE } from "../../support/report/environment.js";

type Record = (name: string, value: string) => void;

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const FORMATTER = join(ROOT, "support/report/formatter.ts");
const TIMED_ROUNDS = 3;

/** The suite's scenario count and mean steps per scenario, as cucumber compiles them. */
export function suiteShape(root = ROOT): { scenarios: number; steps: number } {
  const pickles = parsedFeatures(root).flatMap((f) => f.pickles);
  if (!pickles.length) throw new Error(`stack floor: no scenario in ${root}/features to take the suite's shape from`);
  const steps = pickles.reduce((n, p) => n + p.steps.length, 0) / pickles.length;
  return { scenarios: pickles.length, steps: Math.max(1, Math.round(steps)) };
}

const KEYWORDS = ["Given", "And", "When", "And", "Then"];

/**
 * A feature of `scenarios` scenarios of `steps` steps each, all matched by the one step
 * definition of stepsModule. Tags as the suite's carry them, since the formatter turns
 * tags into labels on every result.
 */
export function syntheticFeature(scenarios: number, steps: number): string {
  const lines = ["Feature: The stack's floor", "  Scenarios of the suite's shape with nothing behind their steps.", ""];
  for (let s = 1; s <= scenarios; s++) {
    lines.push(`  @floor @severity:normal`, `  Scenario: Synthetic scenario ${s}`);
    for (let i = 1; i <= steps; i++) {
      const keyword = i === 1 ? "Given" : i === steps ? "Then" : KEYWORDS[1 + ((i - 2) % (KEYWORDS.length - 1))]!;
      lines.push(`    ${keyword} step ${i} of scenario ${s}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

export interface StepsModuleOptions {
  /** file: URLs of the packages, since the generated file sits outside this checkout's node_modules. */
  cucumberUrl: string;
  connectUrl: string;
  endpoint: string;
  /** Steps per scenario, over which stepCalls are spread as evenly as whole calls allow. */
  steps: number;
  /** SDK calls the steps of one scenario make in all; with 0 the hooks make none either, but still attach. */
  stepCalls: number;
}

/**
 * Support code as plain ESM: one step definition, a Before and an After. The client is
 * made once and shared by every scenario, as the suite's are; `destroy` lets the bench
 * close its sockets afterwards.
 */
export function stepsModule(o: StepsModuleOptions): string {
  const ids = { InstanceId: "00000000-0000-4000-8000-000000000001", ContactId: "00000000-0000-4000-8000-000000000002" };
  const hookCall = (command: string, input: object) => (o.stepCalls > 0 ? `await connect.send(new ${command}(${JSON.stringify(input)}));` : "");
  return `import { Before, After, Given } from ${JSON.stringify(o.cucumberUrl)};
import { ConnectClient, CreateInstanceCommand, DeleteInstanceCommand, DescribeContactCommand } from ${JSON.stringify(o.connectUrl)};

const connect = new ConnectClient({ region: "us-east-1", endpoint: ${JSON.stringify(o.endpoint)}, credentials: { accessKeyId: "floor", secretAccessKey: "floor" }, maxAttempts: 1 });
export function destroy() { connect.destroy(); }
const STEPS = ${o.steps};
const CALLS = ${o.stepCalls};

Before({ name: "start the target" }, async function () {
  ${hookCall("CreateInstanceCommand", { IdentityManagementType: "CONNECT_MANAGED", InboundCallsEnabled: true, OutboundCallsEnabled: true, InstanceAlias: "floor" })}
  await this.attach(JSON.stringify({ target: "floor", instanceId: ${JSON.stringify(ids.InstanceId)} }), { mediaType: ${JSON.stringify(RUN_FACTS_MEDIA_TYPE)} });
});

Given("step {int} of scenario {int}", async function (step, _scenario) {
  const calls = Math.floor((step * CALLS) / STEPS) - Math.floor(((step - 1) * CALLS) / STEPS);
  for (let c = 0; c < calls; c++) await connect.send(new DescribeContactCommand(${JSON.stringify(ids)}));
});

After({ name: "attach the evidence and stop the target" }, async function () {
  await this.attach("12:00:00 CUSTOMER Hello\\n12:00:01 SYSTEM Thank you for your message\\n", { mediaType: "text/plain", fileName: "chat transcript.txt" });
  await this.attach(JSON.stringify({ channel: "CHAT", language: "en_US", step: "done" }, null, 2), { mediaType: "application/json", fileName: "contact attributes - customer chat.json" });
  ${hookCall("DeleteInstanceCommand", { InstanceId: ids.InstanceId })}
});
`;
}

/** Any request, any path: the body is read and a StartChatContact-sized answer given. */
async function startBareServer(): Promise<{ server: Server; endpoint: string }> {
  const reply = JSON.stringify({ ContactId: "c-1", ParticipantId: "p-1", ParticipantToken: "t-1" });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(reply)) }).end(reply));
  });
  // As the simulator does: clients keep their sockets between calls.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Outcome {
  ms: number;
  scenarios: number;
  ok: boolean;
  failure?: string;
}


/** One support set, loaded once: a module registers its steps only on first import. */
async function loadSet(dir: string, supportFile: string, featureFile: string) {
  const environment = { cwd: dir, stdout: silentStream(), stderr: process.stderr, env: process.env };
  const { runConfiguration } = await loadConfiguration({ file: false, provided: { paths: [featureFile], import: [supportFile], parallel: 0 } }, environment);
  const support = await loadSupport(runConfiguration, environment);
  // The API's type is opaque; these are the library's own fields, which the formatter reads too.
  const library = support as unknown as { stepDefinitions?: unknown[]; beforeTestCaseHookDefinitions?: unknown[] };
  if (!library.stepDefinitions?.length || !library.beforeTestCaseHookDefinitions?.length) {
    throw new Error(`stack floor: loading ${supportFile} registered no steps or hooks; was it imported before?`);
  }
  return { environment, runConfiguration, support };
}

type LoadedSet = Awaited<ReturnType<typeof loadSet>>;

async function once(set: LoadedSet, allureDir?: string): Promise<Outcome> {
  const formats = allureDir
    ? { ...set.runConfiguration.formats, files: { [join(allureDir, "formatter.log")]: FORMATTER }, options: { resultsDir: join(allureDir, "results") } }
    : set.runConfiguration.formats;
  let scenarios = 0;
  let failure: string | undefined;
  global.gc?.();
  const start = performance.now();
  const result = await runCucumber({ ...set.runConfiguration, formats, support: set.support }, set.environment, (envelope) => {
    const step = envelope.testStepFinished;
    if (step && step.testStepResult.status !== "PASSED" && !failure) failure = `${step.testStepResult.status} ${step.testStepResult.message?.split("\n")[0] ?? ""}`;
    if (envelope.testCaseFinished) scenarios++;
  });
  const outcome = { ms: performance.now() - start, scenarios, ok: result.success, failure };
  // A formatter that silently wrote nothing would make the Allure figures a second "without".
  const written = allureDir && outcome.ok ? readdirSync(join(allureDir, "results")).filter((f) => f.endsWith("-result.json")).length : scenarios;
  return written === scenarios ? outcome : { ...outcome, ok: false, failure: `the Allure formatter wrote ${written} results for ${scenarios} scenarios` };
}

/**
 * Every variant once to warm up, then `rounds` timed rounds of them all, each variant's
 * median reported. The SDK's path, cucumber's and the formatter's are shared by the
 * variants, and one variant's first run alone left them short of warm (its second run was
 * up to twice as slow as its fourth); interleaved rounds spread a busy spell of the machine
 * over every variant rather than one.
 */
async function warmThenTimed(variants: { set: LoadedSet; allureDir?: string }[], rounds: number): Promise<Outcome[]> {
  const runs: Outcome[][] = variants.map(() => []);
  for (let round = 0; round <= rounds; round++) {
    for (const [i, v] of variants.entries()) {
      if (runs[i]!.some((o) => !o.ok)) continue;
      const outcome = await once(v.set, v.allureDir);
      runs[i]!.push(round === 0 && !outcome.ok ? { ...outcome, failure: `warm-up: ${outcome.failure ?? "failed"}` } : outcome);
    }
  }
  return runs.map((list) => list.find((o) => !o.ok) ?? median(list.slice(1)));
}

function median(list: Outcome[]): Outcome {
  return [...list].sort((x, y) => x.ms / x.scenarios - y.ms / y.scenarios)[Math.floor(list.length / 2)]!;
}

const perSecond = (o: Outcome) => o.scenarios / (o.ms / 1000);

function show(o: Outcome): string {
  if (!o.ok) return `FAILED (${o.scenarios} scenarios ran${o.failure ? `; first failure ${o.failure}` : ""})`;
  return `${perSecond(o).toFixed(1)} scenarios/s (${(o.ms / o.scenarios).toFixed(2)} ms each)`;
}

/** The suite warm, as `scenarios` runs it, counting the HTTP requests its scenarios make (SDK calls and websocket upgrades). */
async function suiteRun(): Promise<Outcome & { requests: number }> {
  let requests = 0;
  const count = () => requests++;
  subscribe("http.client.request.start", count);
  try {
    const outcome = await warm("sim");
    // Both rounds run the same scenarios: half the count is the reported round's.
    return { ...outcome, requests: requests / 2 };
  } finally {
    unsubscribe("http.client.request.start", count);
  }
}

export async function stackFloor(record: Record, quick: boolean): Promise<void> {
  const shape = suiteShape();
  const scenarios = quick ? 30 : shape.scenarios;
  // Beside the suite's results, so that both write to the same disk (see BENCH_RESULTS_ROOT).
  const dir = mkdtempSync(join(BENCH_RESULTS_ROOT, "floor-"));
  const { server, endpoint } = await startBareServer();
  const destroyers: (() => void)[] = [];
  try {
    // The suite first, as its request count sets the last variant's, and again at the end:
    // the ratio is against the mean of the two, so a busy spell weighs on both sides.
    const before = await suiteRun();
    const suiteCalls = before.ok ? Math.round(before.requests / before.scenarios) : 0;
    if (before.ok) record("floor: the suite's HTTP requests a scenario", `${(before.requests / before.scenarios).toFixed(1)} (SDK calls and websocket upgrades)`);

    const featureFile = join(dir, "floor.feature");
    writeFileSync(featureFile, syntheticFeature(scenarios, shape.steps));
    const common = { cucumberUrl: import.meta.resolve("@cucumber/cucumber"), connectUrl: import.meta.resolve("@aws-sdk/client-connect"), endpoint, steps: shape.steps };
    // Distinct files: each set's module is imported, and its steps registered, once.
    const set = async (name: string, stepCalls: number) => {
      const file = join(dir, `${name}.steps.mjs`);
      writeFileSync(file, stepsModule({ ...common, stepCalls }));
      const loaded = await loadSet(dir, file, featureFile);
      destroyers.push(((await import(pathToFileURL(file).href)) as { destroy: () => void }).destroy);
      return loaded;
    };
    const empty = await set("empty", 0);
    const perStep = await set("per-step", shape.steps);
    // The suite's own request count, all through the SDK: what the stack costs at its real call rate.
    const asSuite = suiteCalls > 2 + shape.steps ? await set("suite-calls", suiteCalls - 2) : undefined;

    const [alone, withSdk, floor, allureOnly, atSuiteRate] = await warmThenTimed([
      { set: empty },
      { set: perStep },
      { set: perStep, allureDir: join(dir, "allure") },
      { set: empty, allureDir: join(dir, "allure-empty") },
      ...(asSuite ? [{ set: asSuite, allureDir: join(dir, "allure-suite") }] : []),
    ], TIMED_ROUNDS);
    const after = before.ok ? await suiteRun() : before;
    const suite: Outcome = after.ok ? { ...before, ms: ((before.ms + after.ms) / 2) } : after;
    record(`floor: the real suite (sim, warm, ${suite.scenarios} scenarios, before and after)`, `${show(suite)}${suite.ok ? `; ${perSecond(before).toFixed(1)}, ${perSecond(after).toFixed(1)}` : ""}`);
    record(`floor: cucumber alone (${scenarios} scenarios × ${shape.steps} steps, empty)`, show(alone!));
    record(`floor: + one SDK call a step and hook (${shape.steps + 2} a scenario)`, show(withSdk!));
    record("floor: + the Allure formatter (the stack's floor)", show(floor!));
    record("floor: (cucumber + the Allure formatter, no SDK call)", show(allureOnly!));
    // A quick run's 30 synthetic scenarios leave the SDK's path short of warm, the suite's 116 do not: no ratio from it.
    const ratio = (part: Outcome) => (quick ? "— (a quick run is too short to warm the synthetic suite; run it full)" : share(part, suite));
    if (suite.ok && floor!.ok) record("floor: the stack's share of a suite scenario's time", ratio(floor!));
    if (atSuiteRate) {
      record(`floor: the floor at the suite's ${suiteCalls} calls a scenario`, show(atSuiteRate));
      if (suite.ok && atSuiteRate.ok) record("floor: its share of a suite scenario's time", ratio(atSuiteRate));
    }
    // Other work on the machine moves every figure above; this says how much there was.
    record("floor: load average, last minute", `${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`);
  } finally {
    for (const destroy of destroyers) destroy();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  }
}

function share(part: Outcome, whole: Outcome): string {
  const partMs = part.ms / part.scenarios;
  const wholeMs = whole.ms / whole.scenarios;
  return `${((100 * partMs) / wholeMs).toFixed(0)} % (${partMs.toFixed(2)} of ${wholeMs.toFixed(2)} ms)`;
}
