import { test } from "node:test";
import assert from "node:assert/strict";
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from "@cucumber/gherkin";
import { IdGenerator } from "@cucumber/messages";
import { stepsModule, suiteShape, syntheticFeature } from "./stack-floor.js";

function pickles(source: string) {
  const newId = IdGenerator.incrementing();
  return compile(new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(source), "floor.feature", newId);
}

test("the synthetic feature compiles to as many scenarios of as many steps as asked, all of one sentence shape", () => {
  const compiled = pickles(syntheticFeature(7, 11));
  assert.equal(compiled.length, 7);
  for (const [s, p] of compiled.entries()) {
    assert.equal(p.steps.length, 11);
    assert.deepEqual(p.tags.map((t) => t.name), ["@floor", "@severity:normal"]);
    for (const [i, step] of p.steps.entries()) assert.equal(step.text, `step ${i + 1} of scenario ${s + 1}`);
  }
  assert.equal(pickles(syntheticFeature(1, 1))[0]!.steps.length, 1);
});

test("the suite's shape is read from features/: its scenario count and a whole mean step count", () => {
  const shape = suiteShape();
  assert.ok(shape.scenarios > 0);
  assert.ok(Number.isInteger(shape.steps) && shape.steps > 0);
});

test("support code without the SDK makes no call but keeps the attachments", () => {
  const options = { cucumberUrl: "file:///c.mjs", connectUrl: "file:///a.mjs", endpoint: "http://127.0.0.1:1", steps: 11 };
  const bare = stepsModule({ ...options, stepCalls: 0 });
  const sdk = stepsModule({ ...options, stepCalls: 11 });
  assert.equal(bare.match(/await connect\.send/g)?.length, 1, "only the step's loop, which runs no call");
  assert.match(bare, /const CALLS = 0;/);
  assert.equal(sdk.match(/await connect\.send/g)?.length, 3);
  for (const text of [bare, sdk]) assert.equal(text.match(/this\.attach\(/g)?.length, 3);
});

test("the steps' calls are spread over the steps, every one made", () => {
  // The step definition's own arithmetic, run here on its generated text.
  const source = stepsModule({ cucumberUrl: "x", connectUrl: "y", endpoint: "z", steps: 11, stepCalls: 30 });
  const formula = /const calls = (.*);/.exec(source)![1]!;
  const callsAt = new Function("step", "CALLS", "STEPS", `return ${formula};`) as (step: number, calls: number, steps: number) => number;
  for (const total of [0, 5, 11, 30]) {
    const spread = Array.from({ length: 11 }, (_, i) => callsAt(i + 1, total, 11));
    assert.equal(spread.reduce((a, b) => a + b, 0), total);
    assert.ok(Math.max(...spread) - Math.min(...spread) <= 1);
  }
});
