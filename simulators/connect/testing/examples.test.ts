import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { runTestCaseFiles } from "./files.js";

/** examples/test-cases/<feature>/*.json run against features/<feature>/flows. */
const EXAMPLES = "examples/test-cases";

test("every example test case passes against its feature's flows", async () => {
  const features = (await readdir(EXAMPLES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(features.length >= 5, `examples for at least five features, found ${features.join(", ")}`);
  for (const feature of features) {
    let report = "";
    const { exitCode, results } = await runTestCaseFiles([join(EXAMPLES, feature)], { flowsDir: join("features", feature, "flows"), closedHours: ["closed-hours"], write: (t) => void (report += t), startTime: Date.UTC(2026, 0, 5, 9) });
    assert.equal(exitCode, 0, `${feature}:\n${report}`);
    assert.ok(results.length > 0 && results.every((r) => r.status === "PASSED" && (r.warnings ?? []).length === 0), `${feature}:\n${report}`);
  }
});
