/**
 * `flowsim test-cases export`: writes each voice scenario of the features, and each chat
 * scenario with programmed answers, as a Connect test case (support/testcases/compile.ts,
 * compile-chat.ts), one JSON file per scenario in the shape DescribeTestCase returns, ready
 * for `flowsim test-cases run` or the console's import. A chat's Lex mocks name the bot of
 * the entry flow, read from the flow exports beside the feature (by Metadata.name or file
 * name). Exits 1 when such a scenario has a step no test case can express, 2 on a usage error.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Pickle } from "@cucumber/messages";
import { defineCommand } from "../../simulators/cli/command.js";
import { compileScenario, isVoiceScenario, UncompilableStep, type CompileOptions, type CompiledScenario } from "../testcases/compile.js";
import { compileChatScenario, isChatWithProgrammedAnswers } from "../testcases/compile-chat.js";
import { parseFeature } from "../testcases/gherkin.js";
import { lexAliasesIn } from "../testcases/lex-aliases.js";

/** The flow exports under a folder, by Metadata.name and by file name (without .json). */
function flowsUnder(dir: string): Map<string, object> {
  const flows = new Map<string, object>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) {
        let doc: { Actions?: unknown; Metadata?: { name?: unknown } };
        try {
          doc = JSON.parse(readFileSync(path, "utf8"));
        } catch {
          continue; // not JSON, so not a flow export: only flows are looked up here
        }
        if (!Array.isArray(doc.Actions)) continue;
        if (typeof doc.Metadata?.name === "string") flows.set(doc.Metadata.name, doc);
        flows.set(basename(name, ".json"), doc);
      }
    }
  };
  walk(dir);
  return flows;
}

/** Compile options for a feature's scenarios where no instance answers: flows read from beside the feature; a queue's hours cannot be known. */
function offlineOptions(file: string, source: CompileOptions["source"]): CompileOptions {
  let flows: Map<string, object> | undefined;
  return {
    source,
    lexAliases: (flow) => {
      const doc = (flows ??= flowsUnder(dirname(file))).get(flow);
      if (!doc) throw new UncompilableStep("", undefined, `no flow export named "${flow}" beside the feature (${dirname(file)}) to read its Lex bot from`);
      return lexAliasesIn(doc);
    },
    queueHours: () => {
      throw new UncompilableStep("", undefined, "the hours a queue runs on are the instance's, which an export does not know: name the hours (the hours of operation \"…\" are …)");
    },
  };
}

/** The scenario's test case, or undefined when it is neither a voice scenario nor a chat with programmed answers. */
function compiledOf(pickle: Pickle, options: CompileOptions): CompiledScenario | undefined {
  if (isVoiceScenario(pickle)) return compileScenario(pickle, options);
  if (isChatWithProgrammedAnswers(pickle)) return compileChatScenario(pickle, options);
  return undefined;
}

/** The files named, and the .feature files under the folders named, in name order. */
function featureFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => (statSync(p, { throwIfNoEntry: false })?.isDirectory() ? featureFiles(readdirSync(p).sort().map((name) => join(p, name))).filter((f) => f.endsWith(".feature")) : [p]));
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "scenario";

export const testCasesExport = defineCommand({
  name: "test-cases export",
  summary: "write the voice scenarios of features, and their chats with programmed answers, as Amazon Connect test cases",
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
      const options = offlineOptions(file, feature.source);
      for (const pickle of feature.pickles) {
        let compiled;
        try {
          compiled = compiledOf(pickle, options);
        } catch (err) {
          if (!(err instanceof UncompilableStep)) throw err;
          counts.failed++;
          io.out(`ERROR   "${pickle.name}" (${file}:${feature.lineOf(pickle) ?? "?"}): ${err.message}`);
          continue;
        }
        if (!compiled) {
          counts.other++;
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
        if (compiled.leftOut.length) io.out(`        left out, not the customer's: the steps at lines ${compiled.leftOut.map((l) => l.line ?? "?").join(", ")}`);
      }
    }
    io.out(`${counts.exported} scenario${counts.exported === 1 ? "" : "s"} exported, ${counts.failed} could not be; ${counts.other} other scenario${counts.other === 1 ? "" : "s"} skipped`);
    return counts.failed ? 1 : 0;
  },
});
