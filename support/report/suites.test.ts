import { test } from "node:test";
import assert from "node:assert/strict";
import { suiteLabels } from "./suites.js";

test("Suites: the capability folder, then the feature", () => {
  assert.deepEqual(suiteLabels("features/callback/scheduled-callback.feature", "Scheduled callback"), [
    { name: "parentSuite", value: "callback" },
    { name: "suite", value: "Scheduled callback" },
  ]);
  assert.deepEqual(suiteLabels("features/flow-types/rejected/more.feature", "More"), [
    { name: "parentSuite", value: "flow-types" },
    { name: "suite", value: "More" },
  ]);
  assert.deepEqual(suiteLabels("features/demo.feature", "Demo"), [{ name: "suite", value: "Demo" }], "a feature outside any capability folder has no parent suite");
  assert.deepEqual(suiteLabels("acceptance/voice.feature", undefined), [{ name: "parentSuite", value: "acceptance" }]);
});
