import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadFlowDocument, loadFlowText, MAX_FLOW_CONTENT, MAX_FLOW_DEPTH } from "./load.js";
import { knownTypes } from "./registry.js";
import { FLOW_TYPES } from "./flow-types.js";
import { hostileDocument } from "./hostile-flows.js";
import type { LoadedFlow } from "./loaded-flow.js";
import { pathDeeperThan } from "../../kernel/json-depth.js";

const TYPES = knownTypes();
const flowType = fc.option(fc.constantFrom(...FLOW_TYPES), { nil: undefined });

function assertReported(flow: LoadedFlow): void {
  assert.ok(Array.isArray(flow.problems));
  for (const p of flow.problems) {
    assert.equal(typeof p.path, "string");
    assert.equal(typeof p.message, "string");
    assert.equal(p.file, flow.source);
  }
  assert.equal(flow.ok, !flow.problems.some((p) => p.severity === "error"));
}

for (const type of TYPES) {
  test(`${type}: whatever its Parameters, Transitions and envelope hold, loading reports problems and never throws`, () => {
    fc.assert(
      fc.property(hostileDocument(type, TYPES), flowType, (doc, declared) => {
        const flow = loadFlowDocument(doc, "hostile.json", declared ? { flowType: declared } : {});
        assertReported(flow);
        const [first] = (doc as { Actions: Record<string, unknown>[] }).Actions;
        const params = first.Parameters;
        const refusedWhole = pathDeeperThan(doc, MAX_FLOW_DEPTH) !== undefined;
        if (params !== undefined && (typeof params !== "object" || params === null || Array.isArray(params)) && !refusedWhole) {
          assert.ok(flow.problems.some((p) => p.severity === "error" && p.path === "Actions[0].Parameters" && /must be an object/.test(p.message)), "a non-object Parameters is named");
        }
      }),
      { numRuns: 25 },
    );
  });
}

test("an action without Parameters is checked as one with none: required parameters are missing, not a crash", () => {
  for (const Parameters of [undefined, null, 7]) {
    const flow = loadFlowDocument({ Version: "2019-10-30", StartAction: "t", Actions: [{ Identifier: "t", Type: "TagContact", Parameters, Transitions: { NextAction: "t" } }] }, "bare.json", { flowType: "CONTACT_FLOW" });
    assert.equal(flow.ok, false);
    const problem = flow.problems.find((p) => p.path === "Actions[0].Parameters.Tags");
    assert.ok(problem, JSON.stringify(flow.problems));
    assert.deepEqual([problem.file, problem.action, problem.actionType, problem.message], ["bare.json", "t", "TagContact", "Action is missing required property. Path: Actions[0].Parameters.Tags"]);
  }
});

test("content nested deeper than the limit is refused at the path where it goes too deep", () => {
  const deep = `${"[".repeat(100_000)}"x"${"]".repeat(100_000)}`;
  const flow = loadFlowText(`{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"Wait","Parameters":{"X":${deep}}}]}`, "deep.json");
  assert.equal(flow.ok, false);
  assert.equal(flow.problems.length, 1);
  assert.match(flow.problems[0].path, /^Actions\[0\]\.Parameters\.X(\[0\])+$/);
  assert.match(flow.problems[0].message, new RegExp(`nested more than ${MAX_FLOW_DEPTH} levels deep`));
});

test("content longer than the service accepts is refused without parsing it", () => {
  const flow = loadFlowText(" ".repeat(MAX_FLOW_CONTENT + 1), "long.json");
  assert.equal(flow.ok, false);
  assert.match(flow.problems[0].message, /at most 256000/);
});
