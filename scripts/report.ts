/**
 * Builds the Allure HTML report from the last run's results, keeping the trend history
 * (Allure 2: the previous report's `history/` is copied into the results before
 * generating, so the new report's trend charts include the earlier runs).
 *
 * Usage: npm run report -- [--results reports/allure-results] [--report reports/allure-report]
 * Needs Java 17+ (`java` on PATH or JAVA_HOME) for allure-commandline.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export class ReportError extends Error {}

/** Fails clearly when there is nothing to build a report from. */
export function checkResults(resultsDir: string): number {
  if (!existsSync(resultsDir)) throw new ReportError(`no results folder at ${resultsDir}: run the scenarios first (npm run e2e)`);
  const count = readdirSync(resultsDir).filter((n) => n.endsWith("-result.json")).length;
  if (count === 0) throw new ReportError(`no Allure results (*-result.json) in ${resultsDir}: run the scenarios first (npm run e2e)`);
  return count;
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
      results: { type: "string", default: "reports/allure-results" },
      report: { type: "string", default: "reports/allure-report" },
      categories: { type: "string", default: "reports/categories.json" },
    },
  });
  const resultsDir = resolve(values.results!);
  const reportDir = resolve(values.report!);
  const started = Date.now();
  try {
    const count = checkResults(resultsDir);
    const history = carryHistory(reportDir, resultsDir);
    ensureCategories(resultsDir, resolve(values.categories!));
    checkJava();
    console.log(`report: ${count} result files${history ? ", with the history of the previous report" : ", no previous history"}`);
    const code = await generate(resultsDir, reportDir);
    if (code !== 0 || !existsSync(join(reportDir, "index.html"))) throw new ReportError(`allure generate failed (exit ${code})`);
    console.log(`report: ${join(reportDir, "index.html")} in ${((Date.now() - started) / 1000).toFixed(1)} s (open it with: npx allure open ${values.report})`);
    return 0;
  } catch (err) {
    if (!(err instanceof ReportError)) throw err;
    console.error(`report: ${err.message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main(process.argv.slice(2));
