/**
 * Conformance against real exports: every flow in corpus/connect loads without errors and
 * runs from its StartAction on each channel without an engine fault; every flow in
 * corpus/connect-invalid is rejected naming the offending action and Type.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { corpusDir } from "./corpus.js";
import { loadFlowFile } from "./load.js";
import { Runtime } from "../runtime/runtime.js";
import { VirtualClock } from "../../kernel/clock.js";
import type { Channel } from "./model.js";
import { FLOW_TYPE_CHANNELS } from "./flow-types.js";

const corpus = corpusDir();
const skip = corpus ? false : "the shared corpus folder (../shared/corpus or $FLOWSIM_CORPUS) is absent";

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => join(dir, f));
}

test("every real flow export in corpus/connect loads without errors", { skip }, async () => {
  const files = jsonFiles(join(corpus!, "connect"));
  assert.ok(files.length >= 100, `expected the corpus to hold 100+ flows, found ${files.length}`);
  const failures: string[] = [];
  for (const file of files) {
    const flow = await loadFlowFile(file);
    for (const p of flow.problems.filter((x) => x.severity === "error")) failures.push(`${file}: [${p.action ?? "-"}] ${p.path}: ${p.message}`);
  }
  assert.deepEqual(failures, [], `${failures.length} errors:\n${failures.slice(0, 40).join("\n")}`);
});

/** Virtual time each corpus run may use before the test stops looking (queue flows loop forever). */
const RUN_LIMIT_MS = 30 * 60 * 1000;

test("every corpus flow runs from StartAction on each of its channels without an engine fault", { skip }, async () => {
  const files = jsonFiles(join(corpus!, "connect"));
  const faults: string[] = [];
  let runs = 0;
  for (const file of files) {
    const loaded = await loadFlowFile(file);
    if (!loaded.ok) continue; // reported by the loading test
    const channels = FLOW_TYPE_CHANNELS[loaded.flowType].filter((c): c is Channel => c !== "EMAIL");
    for (const channel of channels) {
      const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
      const runtime = new Runtime({ clock, seed: file });
      const flow = runtime.publish(loaded);
      let contact;
      try {
        contact = runtime.startContact({
          channel,
          flow,
          customerEndpoint: channel === "TASK" ? undefined : { Address: "+15555550100", Type: "TELEPHONE_NUMBER" },
          systemEndpoint: { Address: "+15555550199", Type: "TELEPHONE_NUMBER" },
          initialMessage: channel === "CHAT" ? "hello" : undefined,
          name: channel === "TASK" ? "corpus task" : undefined,
        });
      } catch (err) {
        faults.push(`${file} on ${channel}: could not start: ${(err as Error).message}`);
        continue;
      }
      await clock.runUntilIdle(RUN_LIMIT_MS);
      runs++;
      for (const session of runtime.allSessions()) {
        for (const e of session.engineErrors) faults.push(`${file} on ${channel}: ${e.message}`);
      }
      assert.ok(runtime.session(contact.id)!.trace.length > 0, `${file} on ${channel}: nothing ran`);
    }
  }
  assert.ok(runs > 100, `only ${runs} runs happened`);
  assert.deepEqual(faults, [], faults.slice(0, 30).join("\n"));
});

test("every flow in corpus/connect-invalid is rejected, naming the action and its non-existent Type", { skip }, async () => {
  const index = JSON.parse(readFileSync(join(corpus!, "index.json"), "utf8")) as { file: string; note?: string }[];
  const invalid = index.filter((e) => e.file.startsWith("connect-invalid/"));
  assert.ok(invalid.length > 0);
  for (const entry of invalid) {
    const flow = await loadFlowFile(join(corpus!, entry.file));
    assert.equal(flow.ok, false, `${entry.file} should be rejected`);
    const badTypes = /do not exist in the flow language: (.*)$/.exec(entry.note ?? "")?.[1].split(",").map((s) => s.trim()) ?? [];
    assert.ok(badTypes.length > 0, `index.json names the bad Types of ${entry.file}`);
    for (const type of badTypes) {
      const problem = flow.problems.find((p) => p.severity === "error" && p.message.startsWith(`Invalid Action type. Type: ${type} `));
      assert.ok(problem, `${entry.file}: no error names the Type ${type}; got:\n${flow.problems.map((p) => p.message).join("\n")}`);
      assert.ok(problem.action, `${entry.file}: the error for ${type} names the action Identifier`);
      assert.match(problem.path, /^Actions\[\d+\]\.Type$/);
    }
  }
});
