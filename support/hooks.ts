/** Scenario lifecycle: a target per scenario, skipped scenarios on staging, evidence at the end. */
import { After, AfterAll, Before, BeforeAll, BeforeStep, setDefaultTimeout, setWorldConstructor, type ITestCaseHookParameter } from "@cucumber/cucumber";
import { createHash } from "node:crypto";
import { FlowsimWorld } from "./world.js";
import { instanceTarget, simulatorTarget, stopEmbeddedSimulator } from "./targets/simulator.js";
import type { RunningSimulatorContainer } from "./targets/container.js";
import { attachEvidence, reportRunFacts } from "./report/attachments.js";
import { collectEvidence, reportCoverage } from "./evidence.js";
import { InfrastructureError, infrastructure } from "./report/errors.js";
import { firstUnmetIn, offerToAll } from "./capabilities.js";
import { atStep, runCallerAsTestCase, testCaseCaller } from "./drivers/test-case-caller.js";

setWorldConstructor(FlowsimWorld);
// Real waits on staging can be long (idle timers); the simulator never needs this much.
setDefaultTimeout((process.env.FLOWSIM_TARGET ?? "sim") === "staging" ? 15 * 60_000 : 60_000);

let container: RunningSimulatorContainer | undefined;

// The container and staging targets load with the run that uses them: testcontainers and the
// staging clients cost every simulator worker about half a second of start-up otherwise.
const containerTarget = () => import("./targets/container.js");
const stagingTargets = () => import("./targets/staging.js");

// `npm run e2e` starts the run's container and hands its URL over (FLOWSIM_URL); a worker
// started without one (cucumber-js run by hand) starts its own.
BeforeAll({ timeout: 10 * 60_000 }, async function () {
  const target = (this.parameters as { target?: string }).target ?? process.env.FLOWSIM_TARGET;
  if (target === "container" && !process.env.FLOWSIM_URL) container = await (await containerTarget()).startSimulatorContainer();
});

AfterAll(async function () {
  await stopEmbeddedSimulator();
  await container?.stop();
});

function seedOf(testCase: ITestCaseHookParameter): string {
  return createHash("sha256").update(`${testCase.pickle.uri}:${testCase.pickle.name}`).digest("hex").slice(0, 16);
}

Before({ name: "start the target" }, async function (this: FlowsimWorld, testCase) {
  switch (this.targetName) {
    case "sim":
      this.target = await infrastructure("starting the embedded simulator", () => simulatorTarget(seedOf(testCase)));
      break;
    case "server":
      this.target = await instanceTarget("server", this.parameters.serverUrl ?? process.env.FLOWSIM_URL ?? "http://127.0.0.1:4566", seedOf(testCase));
      break;
    case "container":
      this.target = await instanceTarget("container", container?.url ?? process.env.FLOWSIM_URL!, seedOf(testCase));
      break;
    case "staging":
      this.target = await (await stagingTargets()).stagingTarget();
      break;
    default:
      throw new InfrastructureError("setup", `target "${this.targetName}" is not available: use sim, server, container or staging`);
  }
  const offer = this.target.offersFor ? await this.target.offersFor(testCase.pickle) : offerToAll(this.target.offers);
  const unmet = firstUnmetIn(testCase.pickle, offer);
  if (unmet) {
    // Nothing of the scenario has run: the target is let go before any step could leave something behind.
    await this.target.dispose();
    this.target = undefined as never;
    this.attach(`Skipped on ${this.targetName}: the step "${unmet.step}" needs ${unmet.capability}, and ${unmet.reason}.`, "text/plain");
    return "skipped";
  }
  if (offer.testCase) runCallerAsTestCase(this, offer.testCase);
  await reportRunFacts(this, this.target.describe());
  this.startedAt = await this.now();
  return undefined;
});

// A caller run as a test case answers each step from that step's own observations.
BeforeStep(function (this: FlowsimWorld, { pickleStep }) {
  atStep(this, pickleStep);
});

After({ name: "attach the evidence and stop the target" }, async function (this: FlowsimWorld) {
  if (!this.target) return;
  try {
    const evidence = await collectEvidence(this);
    await attachEvidence(this, evidence);
    await reportCoverage(this, evidence.trace);
  } finally {
    for (const chat of this.chats.values()) chat.close();
    await this.target.dispose();
  }
});

// Defined after the hook above, so it runs before it (cucumber runs After hooks last-defined
// first): the test case is attached while it still exists; the target's dispose deletes it.
After({ name: "attach the customer's test case" }, async function (this: FlowsimWorld) {
  if (this.target) await testCaseCaller(this)?.attachEvidence();
});
