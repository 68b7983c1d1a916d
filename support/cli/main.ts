/**
 * The `flowsim` command of a checkout (bin/flowsim.mjs): the simulator's own commands —
 * all the container image carries (simulators/cli/main.ts) — and those that need the
 * harness (the AWS SDK drivers, Allure results, Gherkin).
 */
import { dispatch, stdio, type Output } from "../../simulators/cli/command.js";
import { COMMANDS as SIMULATOR_COMMANDS } from "../../simulators/cli/main.js";
import { testCasesExport } from "./test-cases-export.js";
import { testCasesRun } from "./test-cases-run.js";

export const COMMANDS = [...SIMULATOR_COMMANDS, testCasesRun, testCasesExport];

export function main(args: string[], io: Output = stdio): Promise<number> {
  return dispatch(COMMANDS, args, io);
}
