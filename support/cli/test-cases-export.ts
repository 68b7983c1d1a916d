/**
 * `flowsim test-cases export`: writes each voice scenario of the features as a Connect
 * test case (support/testcases/compile.ts), one JSON file per scenario in the shape
 * DescribeTestCase returns, ready for `flowsim test-cases run` or the console's import.
 * Exits 1 when a voice scenario has a step no test case can express, 2 on a usage error.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { defineCommand } from "../../simulators/cli/command.js";
import { compileScenario, isVoiceScenario, UncompilableStep } from "../testcases/compile.js";
import { parseFeature } from "../testcases/gherkin.js";

/** The files named, and the .feature files under the folders named, in name order. */
function featureFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => (statSync(p, { throwIfNoEntry: false })?.isDirectory() ? featureFiles(readdirSync(p).sort().map((name) => join(p, name))).filter((f) => f.endsWith(".feature")) : [p]));
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "scenario";

export const testCasesExport = defineCommand({
  name: "test-cases export",
  summary: "write the voice scenarios of features as Amazon Connect test cases",
  operands: { name: "feature files or dirs...", description: ".feature files, or folders of them", required: true },
  options: {
    out: { type: "string", value: "DIR", default: "test-cases", description: "write the test cases here, a folder per feature" },
  },
  async run({ values, operands }, io) {
    const counts = { exported: 0, failed: 0, other: 0 };
    for (const file of featureFiles(operands)) {
      let feature;
      try {
        feature = parseFeature(file);
      } catch (err) {
        io.err(`flowsim test-cases export: cannot read ${file}: ${(err as Error).message}`);
        return 1;
      }
      const dir = join(values.out, basename(file, ".feature"));
      const taken = new Set<string>();
      for (const pickle of feature.pickles) {
        if (!isVoiceScenario(pickle)) {
          counts.other++;
          continue;
        }
        let compiled;
        try {
          compiled = compileScenario(pickle, { source: feature.source });
        } catch (err) {
          if (!(err instanceof UncompilableStep)) throw err;
          counts.failed++;
          io.out(`ERROR   "${pickle.name}" (${file}:${feature.lineOf(pickle) ?? "?"}): ${err.message}`);
          continue;
        }
        let name = slug(pickle.name);
        for (let n = 2; taken.has(name); n++) name = `${slug(pickle.name)}-${n}`;
        taken.add(name);
        mkdirSync(dir, { recursive: true });
        const out = join(dir, `${name}.json`);
        writeFileSync(out, `${JSON.stringify(compiled.testCase, null, 2)}\n`);
        counts.exported++;
        io.out(`wrote   ${out} ("${pickle.name}", ${file}:${feature.lineOf(pickle) ?? "?"})`);
        if (compiled.leftOut.length) io.out(`        left out, not the caller's: the steps at lines ${compiled.leftOut.map((l) => l.line ?? "?").join(", ")}`);
      }
    }
    io.out(`${counts.exported} voice scenario${counts.exported === 1 ? "" : "s"} exported, ${counts.failed} could not be; ${counts.other} other scenario${counts.other === 1 ? "" : "s"} skipped`);
    return counts.failed ? 1 : 0;
  },
});
