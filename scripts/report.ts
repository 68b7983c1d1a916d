/**
 * Builds the Allure HTML report from the last run's results, keeping the trend history
 * (Allure 2: the previous report's `history/` is copied into the results before
 * generating, so the new report's trend charts include the earlier runs).
 *
 * Usage: npm run report -- [--results reports/allure-results ...] [--report reports/allure-report]
 * Several `--results` folders, or one holding a sharded run's shard folders, are one run
 * (results-folders.ts): they are merged into one folder for `allure generate`.
 * Needs Java 17+ (`java` on PATH or JAVA_HOME) for allure-commandline.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { RESULTS_DIR } from "../support/report/shards.mjs";
import { resultsFolders, ResultsFoldersError } from "./results-folders.js";
import { COVERAGE_FILE, readCoverage } from "../support/report/flow-coverage.js";
import { COVERAGE_PAGE, coverageHtml, summaryLine } from "../support/report/coverage-render.js";

export class ReportError extends Error {}

/** Fails clearly when there is nothing to build a report from. */
export function checkResults(resultsDir: string): number {
  if (!existsSync(resultsDir)) throw new ReportError(`no results folder at ${resultsDir}: run the scenarios first (npm run e2e)`);
  const count = readdirSync(resultsDir).filter((n) => n.endsWith("-result.json")).length;
  if (count === 0) throw new ReportError(`no Allure results (*-result.json) in ${resultsDir}: run the scenarios first (npm run e2e)`);
  return count;
}

/** What describes the whole run rather than a scenario: the same in every shard of one run (one checkout, one target). */
const RUN_WIDE = new Set(["categories.json", "environment.properties", "executor.json"]);

/**
 * Copies the results of several folders into `into`, for one report. The formatter names
 * every result, container, attachment and globals file uniquely, so a name found twice
 * means results were copied into two folders: an error, never an overwrite. The run-wide
 * files and `history/` are kept once, from the first folder that has them (carryHistory
 * then puts the previous report's history over it, as for one folder).
 */
export function mergeResults(dirs: readonly string[], into: string): void {
  const from = new Map<string, string>();
  for (const dir of dirs) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Allure reads no other folder in a results folder; the flow coverage is merged on its own (readCoverage).
      if ((entry.isDirectory() && entry.name !== "history") || entry.name === COVERAGE_FILE) continue;
      const earlier = from.get(entry.name);
      if (earlier !== undefined) {
        if (RUN_WIDE.has(entry.name) || entry.name === "history") continue;
        throw new ReportError(`${entry.name} is in both ${earlier} and ${dir}: results copied into two folders would count twice`);
      }
      cpSync(join(dir, entry.name), join(into, entry.name), { recursive: true });
      from.set(entry.name, dir);
    }
  }
}

/** Copies the previous report's history into the results; returns whether there was one. */
export function carryHistory(reportDir: string, resultsDir: string): boolean {
  const from = join(reportDir, "history");
  if (!existsSync(from)) return false;
  const to = join(resultsDir, "history");
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return true;
}

/** Results written by something other than flowsim's formatter still get the categories. */
export function ensureCategories(resultsDir: string, categoriesFile: string): boolean {
  const target = join(resultsDir, "categories.json");
  if (existsSync(target) || !existsSync(categoriesFile)) return false;
  cpSync(categoriesFile, target);
  return true;
}

export function checkJava(env: NodeJS.ProcessEnv = process.env): void {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, "bin", "java") : "java";
  const probe = spawnSync(java, ["-version"], { env, stdio: "ignore" });
  if (probe.error || probe.status !== 0) {
    throw new ReportError(`Allure needs Java 17 or newer: ${env.JAVA_HOME ? `${java} did not run` : "no java on PATH"} (install a JRE or set JAVA_HOME)`);
  }
}

/** Runs `allure generate --clean`; resolves with its exit code. */
export function generate(resultsDir: string, reportDir: string): Promise<number> {
  const allure = createRequire(import.meta.url)("allure-commandline") as (args: string[]) => ReturnType<typeof spawn>;
  return new Promise((done, fail) => {
    const child = allure(["generate", "--clean", resultsDir, "-o", reportDir]);
    child.on("error", fail);
    child.on("exit", (code) => done(code ?? 1));
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      results: { type: "string", multiple: true, default: [RESULTS_DIR] },
      report: { type: "string", default: "reports/allure-report" },
      categories: { type: "string", default: "reports/categories.json" },
    },
  });
  const reportDir = resolve(values.report!);
  const started = Date.now();
  let merged: string | undefined;
  try {
    const { dirs, label, missingShards } = resultsFolders(values.results!);
    // The report shows what ran, even when a shard is missing (the gate refuses such a run).
    if (missingShards) console.error(`report: ${label}: ${missingShards}; the report shows the other shards only`);
    const count = dirs.map((dir) => checkResults(resolve(dir))).reduce((a, b) => a + b, 0);
    if (dirs.length > 1) {
      merged = mkdtempSync(join(tmpdir(), "flowsim-allure-results-"));
      mergeResults(dirs, merged);
    }
    const resultsDir = merged ?? resolve(dirs[0]!);
    const history = carryHistory(reportDir, resultsDir);
    ensureCategories(resultsDir, resolve(values.categories!));
    checkJava();
    console.log(`report: ${count} result files${merged ? ` from ${label}` : ""}${history ? ", with the history of the previous report" : ", no previous history"}`);
    const code = await generate(resultsDir, reportDir);
    if (code !== 0 || !existsSync(join(reportDir, "index.html"))) throw new ReportError(`allure generate failed (exit ${code})`);
    const coverage = readCoverage(dirs.map((d) => resolve(d)));
    if (coverage.flows.length) {
      writeFileSync(join(reportDir, COVERAGE_PAGE), coverageHtml(coverage.flows));
      console.log(`report: flow coverage, ${summaryLine(coverage.flows)}: ${join(reportDir, COVERAGE_PAGE)}`);
    }
    console.log(`report: ${join(reportDir, "index.html")} in ${((Date.now() - started) / 1000).toFixed(1)} s (open it with: npx allure open ${values.report})`);
    return 0;
  } catch (err) {
    if (!(err instanceof ReportError || err instanceof ResultsFoldersError)) throw err;
    console.error(`report: ${err.message}`);
    return 1;
  } finally {
    if (merged) rmSync(merged, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main(process.argv.slice(2));
