/**
 * A throwaway cucumber run through the real cucumber-js API and this formatter: proves the
 * results are written, failed and broken come out as intended (including the cases
 * allure-cucumberjs alone gets wrong), attachments land in the results, the gate reads
 * them, and the Allure report builds from them.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";
import { getStatusFromError } from "allure-js-commons/sdk";
import { evaluate, parsePolicy, readResults } from "../../scripts/gate.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const repo = here("../../");

const FEATURE = `Feature: Report demo
  Scenarios that exercise every way a result can come out.

  @critical @issue:42
  Scenario: a passing scenario
    Given the customer says "hello"
    Then the flow answers

  @critical
  Scenario: a wrong value
    Given the customer says "hello"
    Then the saved tier is "gold"

  Scenario: the target is down
    Given the customer says "hello"
    When the message goes to a closed port

  @needs-container
  Scenario: the container does not start
    Given the customer says "hello"

  @flaky
  Scenario: passes on retry
    Given a step that fails the first time

  @sim-only
  Scenario: only on the simulator
    Given the customer says "hello"

  Scenario: nobody wrote this step
    Given a step nobody wrote

  Scenario: a bug in the test code
    Given the step code has a bug
`;

// Named "assertion-steps" on purpose: allure-cucumberjs alone would call every error
// thrown from this file "failed", because its stack mentions "assert".
const STEPS = (imports: { cucumber: string; errors: string; attachments: string; testing: string; closedUrl: string }) => `
import { Given, When, Then, Before, After } from ${JSON.stringify(imports.cucumber)};
import assert from "node:assert/strict";
import { InfrastructureError, infrastructure } from ${JSON.stringify(imports.errors)};
import { attachEvidence, attachHttpExchange, reportRunFacts } from ${JSON.stringify(imports.attachments)};
import { flowDoc } from ${JSON.stringify(imports.testing)};

let attempts = 0;
const doc = flowDoc([
  { Identifier: "greet", Type: "MessageParticipant", Parameters: { Text: "hi" }, Transitions: { NextAction: "bye" } },
  { Identifier: "bye", Type: "DisconnectParticipant" },
]);
doc.Metadata = { entryPointPosition: { x: 0, y: 0 }, ActionMetadata: { greet: { position: { x: 120, y: 0 } }, bye: { position: { x: 400, y: 0 } } } };

let port = 40000;
Before({ name: "report the target" }, async function () {
  port += 1;
  await reportRunFacts(this, { target: "sim", endpoint: "http://127.0.0.1:" + port, instanceId: "sim-instance", secretAccessKey: "never-shown-either" });
});
Before({ tags: "@needs-container", name: "start the container" }, function () {
  throw new InfrastructureError("container", "podman run flowsim:test exited with 125");
});
Before({ tags: "@sim-only", name: "skip off the simulator" }, function () {
  return "skipped";
});
After({ name: "attach evidence" }, async function () {
  await attachEvidence(this, {
    transcript: [{ AbsoluteTime: "2026-01-05T09:00:00.000Z", Type: "MESSAGE", ContentType: "text/plain", Content: "hello", ParticipantRole: "CUSTOMER", DisplayName: "Ana" }],
    events: [{ topic: "aws/chat", content: "{}" }],
    attributes: [{ contact: "customer chat", attributes: { tier: "silver" } }],
    trace: [
      { kind: "flow-start", at: 0, contactId: "c", flowId: "f", flowName: "Demo", flowType: "CONTACT_FLOW", reason: "start" },
      { kind: "action", at: 0, contactId: "c", flowId: "f", flowName: "Demo", actionId: "greet", actionType: "MessageParticipant", branch: "Success", nextActionId: "bye" },
      { kind: "action", at: 0, contactId: "c", flowId: "f", flowName: "Demo", actionId: "bye", actionType: "DisconnectParticipant", branch: "End: disconnected" },
    ],
    flows: (id) => (id === "f" ? { name: "Demo", doc } : undefined),
  });
});

Given("the customer says {string}", function (text) {
  this.said = text;
});
Then("the flow answers", async function () {
  await attachHttpExchange(this, { method: "GET", url: "https://acme.my.salesforce.com/services/data/v59.0/sobjects/Account", requestHeaders: { Authorization: "Bearer secret-token" }, status: 200, responseBody: '{"Id":"001"}' });
});
Then("the saved tier is {string}", function (tier) {
  assert.equal("silver", tier, "the saved tier");
});
When("the message goes to a closed port", async function () {
  await infrastructure("sending the message", () => fetch(${JSON.stringify(imports.closedUrl)}));
});
Given("a step that fails the first time", function () {
  attempts += 1;
  assert.ok(attempts > 1, "fails on the first attempt");
});
Given("the step code has a bug", function () {
  const missing = undefined;
  return missing.property;
});
`;

interface Attachment {
  name: string;
  source: string;
  type: string;
}
interface Step {
  name: string;
  status?: string;
  attachments: Attachment[];
  steps: Step[];
}
interface Result {
  uuid: string;
  name: string;
  status: string;
  historyId: string;
  stop: number;
  statusDetails?: { message?: string; trace?: string };
  labels: { name: string; value: string }[];
  links: { type: string; url: string }[];
  steps: Step[];
  attachments: Attachment[];
}
interface Container {
  children: string[];
  afters: (Step & { name: string })[];
  befores: (Step & { name: string })[];
}

/** A loopback URL nothing listens on: a port the kernel just handed out and took back. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}/`;
}

let dir = "";
let resultsDir = "";
let success: boolean | undefined;
let results: Result[] = [];
let containers: Container[] = [];

const byName = (name: string) => {
  const found = results.filter((r) => r.name === name).sort((a, b) => a.stop - b.stop);
  assert.ok(found.length, `a result for "${name}"`);
  return found[found.length - 1]!;
};
// Attachment wrapper steps carry no `steps` member.
const attachmentsOf = (steps: Step[] = []): Attachment[] => steps.flatMap((s) => [...(s.attachments ?? []), ...attachmentsOf(s.steps)]);
const readAttachment = (a: Attachment) => readFileSync(join(resultsDir, a.source), "utf8");

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "flowsim-cucumber-"));
  resultsDir = join(dir, "allure-results");
  mkdirSync(join(dir, "features"));
  mkdirSync(resultsDir);
  writeFileSync(join(resultsDir, "0000-stale-result.json"), JSON.stringify({ name: "from an earlier run", status: "passed", historyId: "stale" }));
  writeFileSync(join(dir, "features", "demo.feature"), FEATURE);
  writeFileSync(
    join(dir, "assertion-steps.mjs"),
    STEPS({
      cucumber: import.meta.resolve("@cucumber/cucumber"),
      errors: pathToFileURL(here("./errors.ts")).href,
      attachments: pathToFileURL(here("./attachments.ts")).href,
      testing: pathToFileURL(here("../../simulators/connect/runtime/flow-testing.ts")).href,
      closedUrl: await closedPortUrl(),
    }),
  );
  const sink = new PassThrough();
  sink.resume();
  const environment = { cwd: dir, stdout: sink, stderr: sink, env: { ...process.env, FLOWSIM_TARGET: "from-env" } };
  const { runConfiguration } = await loadConfiguration(
    {
      provided: {
        paths: ["features/demo.feature"],
        import: ["assertion-steps.mjs"],
        format: [pathToFileURL(here("./formatter.ts")).href],
        formatOptions: {
          resultsDir: "allure-results",
          categoriesFile: join(repo, "reports/categories.json"),
          issueUrlTemplate: "https://tracker.example/issues/%s",
          environment: { target: "from-config", region: "eu-west-2", endpoint: "http://user:pw@127.0.0.1:4566", awsSecretAccessKey: "never-shown" },
        },
        retry: 1,
        retryTagFilter: "@flaky",
      },
    },
    environment,
  );
  ({ success } = await runCucumber(runConfiguration, environment));
  const files = readdirSync(resultsDir);
  results = files.filter((f) => f.endsWith("-result.json")).map((f) => JSON.parse(readFileSync(join(resultsDir, f), "utf8")) as Result);
  containers = files.filter((f) => f.endsWith("-container.json")).map((f) => JSON.parse(readFileSync(join(resultsDir, f), "utf8")) as Container);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("one result per scenario attempt; the previous run's files are gone", () => {
  assert.equal(success, false);
  assert.deepEqual([...new Set(results.map((r) => r.name))].sort(), [
    "a bug in the test code",
    "a passing scenario",
    "a wrong value",
    "nobody wrote this step",
    "only on the simulator",
    "passes on retry",
    "the container does not start",
    "the target is down",
  ]);
  assert.equal(results.length, 9, "the retried scenario has two attempts");
  assert.ok(!existsSync(join(resultsDir, "0000-stale-result.json")));
});

test("assertions are failed; infrastructure, undefined steps and harness bugs are broken", () => {
  assert.equal(byName("a passing scenario").status, "passed");
  const wrong = byName("a wrong value");
  assert.equal(wrong.status, "failed");
  assert.match(wrong.statusDetails!.message!, /^AssertionError \[ERR_ASSERTION\]: the saved tier/);

  const down = byName("the target is down");
  assert.equal(down.status, "broken");
  assert.match(down.statusDetails!.message!, /^InfrastructureError: \[target-unreachable\] sending the message: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
  // What allure-cucumberjs alone would have said about the same error:
  assert.equal(getStatusFromError({ message: down.statusDetails!.message, stack: down.statusDetails!.trace, name: "InfrastructureError" }), "failed");

  const bug = byName("a bug in the test code");
  assert.equal(bug.status, "broken");
  assert.match(bug.statusDetails!.message!, /^TypeError: Cannot read properties of undefined/);

  const undefinedStep = byName("nobody wrote this step");
  assert.equal(undefinedStep.status, "broken", "upstream would report this scenario as passed");
  assert.match(undefinedStep.statusDetails!.message!, /^Step "a step nobody wrote" is undefined: no step definition matches it\. Did you mean:\n {2}Given a step that fails the first time\n/);
});

test("a failing Before hook breaks the scenario instead of leaving it skipped", () => {
  const r = byName("the container does not start");
  assert.equal(r.status, "broken");
  assert.match(r.statusDetails!.message!, /^Before hook "start the container" failed: InfrastructureError: \[container\] podman run flowsim:test exited with 125/);
  assert.deepEqual(
    readdirSync(resultsDir).filter((f) => f.endsWith("-globals.json")),
    [],
    "not also a run-wide error: the scenario carries it",
  );
  assert.deepEqual(
    r.steps.map((s) => s.status),
    ["skipped"],
  );
});

test("a retried scenario keeps both attempts under one historyId; a hook may skip a scenario", () => {
  const attempts = results.filter((r) => r.name === "passes on retry").sort((a, b) => a.stop - b.stop);
  assert.deepEqual(
    attempts.map((r) => r.status),
    ["failed", "passed"],
  );
  assert.equal(attempts[0]!.historyId, attempts[1]!.historyId);
  const skipped = byName("only on the simulator");
  assert.equal(skipped.status, "skipped");
  assert.ok(skipped.labels.some((l) => l.name === "layer" && l.value === "simulator"));
});

test("tags become severity, issue links and tags", () => {
  const r = byName("a passing scenario");
  assert.deepEqual(
    r.labels.filter((l) => l.name === "severity"),
    [{ name: "severity", value: "critical" }],
  );
  assert.ok(r.labels.some((l) => l.name === "tag" && l.value === "@issue:42"));
  assert.deepEqual(
    r.links.map((l) => [l.type, l.url]),
    [["issue", "https://tracker.example/issues/42"]],
  );
  assert.ok(!byName("the target is down").labels.some((l) => l.name === "severity"));
});

test("a step's attachments are in its step; the After hook's evidence is on the result itself, not in tear-down", () => {
  const r = byName("a passing scenario");
  const inSteps = attachmentsOf(r.steps);
  assert.deepEqual(
    inSteps.map((a) => a.name),
    ["GET acme.my.salesforce.com services data v59.0 sobjects Account.txt", "GET acme.my.salesforce.com services data v59.0 sobjects Account.json"],
  );
  const http = readAttachment(inSteps[0]!);
  assert.match(http, /^#1 GET https:\/\/acme\.my\.salesforce\.com\/services\/data\/v59\.0\/sobjects\/Account → 200/);
  assert.ok(!http.includes("secret-token"));

  // Allure may spread one scenario's fixtures over several containers.
  const teardown = containers.filter((c) => c.children.includes(r.uuid)).flatMap((c) => c.afters).find((a) => a.name === "attach evidence");
  assert.ok(teardown, "the After hook is a tear-down fixture");
  assert.deepEqual(attachmentsOf([teardown]), [], "its attachments are not in the tear-down");
  assert.deepEqual(
    r.labels.filter((l) => ["parentSuite", "suite"].includes(l.name)),
    [{ name: "suite", value: "Report demo" }],
    "Suites by feature (a feature directly in features/ has no capability folder)",
  );
  const evidence = r.attachments;
  assert.deepEqual(
    evidence.map((a) => [a.name, a.type]),
    [
      ["chat transcript.txt", "text/plain"],
      ["chat transcript.json", "application/json"],
      ["websocket events.json", "application/json"],
      ["contact attributes - customer chat.csv", "text/csv"],
      ["contact attributes - customer chat.json", "application/json"],
      ["flow path.txt", "text/plain"],
      ["flow path - Demo.svg", "image/svg+xml"],
    ],
  );
  assert.ok(evidence.every((a) => existsSync(join(resultsDir, a.source))));
  assert.match(evidence[0]!.source, /\.txt$/);
  assert.match(evidence[6]!.source, /\.svg$/);
  const svg = readAttachment(evidence[6]!);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal((svg.match(/class="action visited"/g) ?? []).length, 2);
  assert.equal(readAttachment(evidence[0]!), "09:00:00.000  CUSTOMER  Ana: hello\n");
});

test("environment.properties and categories.json are written, without credentials", () => {
  const env = readFileSync(join(resultsDir, "environment.properties"), "utf8");
  assert.match(env, /^target=sim$/m, "facts the World reports win over the configuration and FLOWSIM_TARGET");
  assert.match(env, /^region=eu-west-2$/m, "configured facts stay when the World does not report them");
  assert.match(env, /^instanceId=sim-instance$/m);
  assert.match(env, /^endpoint=http\\?:\/\/127.0.0.1\\?:40001\/, http\\?:\/\/127.0.0.1\\?:40002\/, http\\?:\/\/127.0.0.1\\?:40003\/, \.\.\. \(9 values\)$/m);
  assert.match(env, new RegExp(`^node=${process.version.replace(/\./g, "\\.")}$`, "m"));
  assert.match(env, /^flowsim=/m);
  assert.match(env, /^@aws-sdk\/client-connect=\d/m);
  assert.ok(!/never-shown|awsSecretAccessKey|secretAccessKey|user|pw@/.test(env), env);
  const attached = [...results.flatMap((r) => [...(r.attachments ?? []), ...attachmentsOf(r.steps)]), ...containers.flatMap((c) => attachmentsOf([...c.befores, ...c.afters]))];
  assert.ok(attached.length > 0);
  assert.ok(!attached.some((a) => a.type.includes("run-facts")), "run facts are not attached to scenarios");
  assert.deepEqual(JSON.parse(readFileSync(join(resultsDir, "categories.json"), "utf8")), JSON.parse(readFileSync(join(repo, "reports/categories.json"), "utf8")));
});

test("the gate reads these results", () => {
  const policy = parsePolicy(JSON.stringify({ criticalTags: ["critical"], minPassRate: 0.9, minScenarios: 5, allowBroken: 0 }));
  const summary = evaluate(readResults(resultsDir), policy);
  assert.deepEqual(summary.counts, { passed: 2, failed: 1, broken: 4, skipped: 1, unknown: 0 });
  assert.equal(summary.retriesMerged, 1);
  assert.equal(summary.flaky, 1);
  assert.deepEqual(summary.criticalNotPassed.map((s) => s.name), ["a wrong value"]);
  assert.equal(summary.go, false);
  assert.equal(summary.reasons.length, 3);
});

const java = spawnSync(process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java", ["-version"], { stdio: "ignore" });

test("npm run report builds the Allure report from these results, with the categories applied", { skip: java.status === 0 ? false : "no Java on this machine (Allure needs Java 17+)" }, () => {
  const reportDir = join(dir, "allure-report");
  const run = spawnSync(process.execPath, ["--import", "tsx", join(repo, "scripts/report.ts"), "--results", resultsDir, "--report", reportDir], { encoding: "utf8", cwd: repo });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /report: 9 result files, no previous history/);
  assert.ok(existsSync(join(reportDir, "index.html")));
  // categories → messages → tests
  type Node = { name: string; children?: Node[] };
  const tree = JSON.parse(readFileSync(join(reportDir, "data/categories.json"), "utf8")) as Node;
  const leaves = (n: Node): string[] => (n.children ? n.children.flatMap(leaves) : [n.name]);
  const categoryOf = Object.fromEntries((tree.children ?? []).flatMap((c) => leaves(c).map((test) => [test, c.name])));
  assert.deepEqual(categoryOf, {
    "a wrong value": "Product defects: wrong behaviour (assertion failed)",
    "the target is down": "Infrastructure: target unreachable",
    "the container does not start": "Infrastructure: container (podman/docker)",
    "nobody wrote this step": "Scenario: step undefined or ambiguous",
    "a bug in the test code": "Harness: error in the test code",
  });
  const env = JSON.parse(readFileSync(join(reportDir, "widgets/environment.json"), "utf8")) as { name: string; values: string[] }[];
  assert.deepEqual(env.find((e) => e.name === "target")?.values, ["sim"]);
});
