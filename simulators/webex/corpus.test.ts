/**
 * Conformance against the Webex corpus: every file either loads or is rejected with a
 * reason that names what is wrong (an unsupported activity by name, or "not a flow
 * export"); every activity type found in the corpus is one the simulator runs; and each
 * loadable flow runs a whole call (IVR, queue, agent, hang-up) without a simulator fault.
 * HTTP goes to a stub: tests never reach the flows' real endpoints.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { corpusDir } from "../connect/flow/corpus.js";
import { VirtualClock } from "../kernel/clock.js";
import { loadWebexFlowFile } from "./load.js";
import { ACTIVITIES } from "./activities/registry.js";
import { startCall } from "./runtime/call.js";
import type { WebexFlow } from "./model.js";

const corpus = corpusDir();
const skip = corpus ? false : "the shared corpus folder (../shared/corpus or $FLOWSIM_CORPUS) is absent";
const dir = () => join(corpus!, "webex");
const files = () => readdirSync(dir()).filter((f) => f.endsWith(".json")).sort();

test("every Webex export loads, or is rejected naming the unsupported activity or saying it is not a flow", { skip }, async () => {
  const loaded: string[] = [];
  const rejected: string[] = [];
  const unexplained: string[] = [];
  for (const f of files()) {
    const r = await loadWebexFlowFile(join(dir(), f), { file: f });
    if (r.ok) {
      loaded.push(f);
      continue;
    }
    rejected.push(f);
    for (const p of r.problems.filter((x) => x.severity === "error")) {
      const byName = p.action !== undefined && p.actionType !== undefined && p.message.includes(`"${p.actionType}"`) && p.message.includes(`"${p.action}"`);
      if (!byName && !/^not a flow export/.test(p.message)) unexplained.push(`${f}: ${p.path}: ${p.message}`);
    }
  }
  assert.deepEqual(unexplained, []);
  assert.equal(files().length, 17);
  assert.deepEqual(rejected, ["hnavilur__Menu_AutoAttendant_Template.activity-snippets.json"]);
  assert.equal(loaded.length, 16);
});

test("every activityName used in the corpus is one the simulator runs", { skip }, () => {
  const seen = new Set<string>();
  const collect = (acts: unknown) => {
    for (const a of Object.values((acts ?? {}) as Record<string, { group?: string; properties?: { activityName?: string } }>)) seen.add(a.properties?.activityName ?? (a.group === "event" ? "event" : "?"));
  };
  for (const f of files()) {
    let d = JSON.parse(readFileSync(join(dir(), f), "utf8"));
    if (typeof d.flow === "string") d = JSON.parse(d.flow);
    collect(d.process?.activities);
    collect(d.eventFlows?.eventsMap?.GLOBAL_EVENTS?.process?.activities);
    collect(d.activities);
  }
  const missing = [...seen].filter((n) => !ACTIVITIES.has(n));
  assert.deepEqual(missing, []);
  assert.ok(seen.size >= 20, `expected 20+ activity types in the corpus, saw ${seen.size}`);
});

function connectorsOf(flow: WebexFlow): Record<string, { baseUrl: string }> {
  const out: Record<string, { baseUrl: string }> = {};
  for (const g of [flow.main, flow.events]) for (const a of g.activities.values()) if (typeof a.props.connectorId === "string") out[a.props.connectorId] = { baseUrl: "http://stub.invalid" };
  return out;
}

test("each loadable corpus flow runs a whole call without a simulator fault", { skip }, async () => {
  const stubbed: string[] = [];
  const fetchStub: typeof fetch = async (input) => {
    stubbed.push(String(input));
    return new Response('{"records":[],"value":[],"data":[]}', { status: 200, headers: { "content-type": "application/json" } });
  };
  const faults: string[] = [];
  let calls = 0;
  for (const f of files()) {
    const r = await loadWebexFlowFile(join(dir(), f), { file: f });
    if (!r.ok) continue;
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 14, 0, 0));
    const call = await startCall(r, { clock, ani: "+14155551212", fetch: fetchStub, connectors: connectorsOf(r.flow!) });
    calls++;
    for (let i = 0; i < 6 && call.status !== "ended"; i++) {
      call.pressKeys("1");
      await call.advance(20_000);
    }
    if (call.status === "queued") await call.agentAnswers("agent-1");
    if (call.status !== "ended") await call.hangUp();
    for (let i = 0; i < 10 && !(await Promise.race([call.ended.then(() => true), new Promise((res) => setImmediate(() => res(false)))])); i++) await call.advance(10_000);
    const summary = await call.ended;
    assert.ok(["ended", "handed-off"].includes(summary.status), f);
    for (const e of call.errors) if (e.message.startsWith("simulator fault")) faults.push(`${f}: ${e.message}`);
  }
  assert.deepEqual(faults, []);
  assert.equal(calls, 16);
  assert.ok(stubbed.length > 10, "the flows' HTTP requests went to the stub");
});
