/**
 * Flow coverage of the last run: for every flow the scenarios published, the blocks that
 * ran and the branches taken out of all the flow has, over every scenario (and every shard).
 *
 * Usage: npm run coverage -- [--results reports/allure-results ...] [--flow NAME ...] [--untaken]
 *   --flow     only these flows (by name)
 *   --untaken  also list, per flow, the blocks never run and the branches never taken
 * Exit: 0, or 2 when there is no coverage to show (no run, or results without it).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { RESULTS_DIR } from "../support/report/shards.mjs";
import { COVERAGE_FILE, labelOf, readCoverage, type FlowCoverage } from "../support/report/flow-coverage.js";
import { coverageTable, untaken } from "../support/report/coverage-render.js";
import { resultsFolders, ResultsFoldersError } from "./results-folders.js";

function details(flows: readonly FlowCoverage[]): string {
  return flows
    .map((f) => {
      const missed = untaken(f);
      const list = (title: string, items: string[]) => `  ${title}: ${items.length ? `\n${items.map((i) => `    - ${i}`).join("\n")}` : "none"}`;
      return [`${labelOf(f, flows)}`, list("blocks never run", missed.blocks), list("branches never taken", missed.branches)].join("\n");
    })
    .join("\n\n");
}

export function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { results: { type: "string", multiple: true, default: [RESULTS_DIR] }, flow: { type: "string", multiple: true }, untaken: { type: "boolean" } } }));
  } catch (err) {
    console.error(`coverage: ${(err as Error).message}`);
    return 2;
  }
  let dirs: string[];
  try {
    ({ dirs } = resultsFolders(values.results!));
  } catch (err) {
    if (!(err instanceof ResultsFoldersError)) throw err;
    console.error(`coverage: ${err.message}`);
    return 2;
  }
  const { flows, without } = readCoverage(dirs.map((d) => resolve(d)));
  if (without.length) console.error(`coverage: no ${COVERAGE_FILE} in ${without.join(", ")}: run the scenarios first (npm run e2e)`);
  const wanted = values.flow ?? [];
  const unknown = wanted.filter((name) => !flows.some((f) => f.name === name));
  if (unknown.length) {
    console.error(`coverage: no published flow named ${unknown.map((n) => `"${n}"`).join(", ")} (flows: ${flows.map((f) => `"${f.name}"`).join(", ") || "none"})`);
    return 2;
  }
  const shown = wanted.length ? flows.filter((f) => wanted.includes(f.name)) : flows;
  if (shown.length === 0) return 2;
  console.log(coverageTable(shown));
  if (values.untaken) console.log(`\n${details(shown)}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main(process.argv.slice(2));
