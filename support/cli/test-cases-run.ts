/**
 * `flowsim test-cases run`: runs Connect test-case files offline (each on a fresh
 * in-process instance with the flows of --flows), or on a running `flowsim serve`
 * (--url) through the Test Case APIs; prints a line per test case and writes Allure
 * results. Exits 1 when any test case did not pass, 2 on a usage error.
 */
import { badValue, defineCommand } from "../../simulators/cli/command.js";
import { runFiles, runTestCaseFile, type FileResult } from "../../simulators/connect/testing/files.js";
import { RESULTS_DIR } from "../report/shards.mjs";
import { writeTestCaseResults, type TimedResult } from "../report/test-case-results.js";
import { remoteRunner } from "../testcases/remote.js";

export const testCasesRun = defineCommand({
  name: "test-cases run",
  summary: "run Amazon Connect test cases (the Testing language) against flows, offline or on a flowsim server",
  operands: { name: "files or dirs...", description: "test-case files as DescribeTestCase returns them, or folders of them", required: true },
  options: {
    flows: { type: "string", value: "DIR", description: "publish the flow exports in DIR on each test case's instance" },
    url: {
      type: "string",
      value: "URL",
      description: "run on this flowsim serve through the Test Case APIs, each test case on a new instance",
      parse: (text) => (/^https?:\/\/\S+$/.test(text) ? text.replace(/\/+$/, "") : badValue("must be an http:// or https:// URL")),
    },
    "closed-hours": {
      type: "string",
      value: "NAMES",
      description: "hours of operation made on the fly that are never open (comma-separated names or ids); the others are open all week",
      parse: (text) => text.split(",").map((name) => name.trim()).filter((name) => name !== ""),
    },
    results: { type: "string", value: "DIR", default: RESULTS_DIR, description: "write an Allure result per test case here (for npm run report and npm run gate)" },
    json: { type: "boolean", description: "print the results as one JSON document instead of a line per test case" },
  },
  async run({ values, operands }, io) {
    const options = { flowsDir: values.flows, closedHours: values["closed-hours"] };
    const timed: TimedResult[] = [];
    let exitCode = 1;
    try {
      const runOne: (file: string) => Promise<FileResult> = values.url ? await remoteRunner({ url: values.url, ...options }) : (file) => runTestCaseFile(file, options);
      const timedRun = async (file: string) => {
        const start = Date.now();
        const result = await runOne(file);
        timed.push({ result, start, stop: Date.now() });
        return result;
      };
      ({ exitCode } = await runFiles(operands, timedRun, { json: values.json, write: (text) => text.replace(/\n$/, "").split("\n").forEach((line) => io.out(line)) }));
    } catch (err) {
      // The server went away or refused what only it can do: what ran so far is still reported below.
      io.err(`flowsim test-cases run: ${(err as Error).message}`);
      exitCode = 1;
    }
    if (timed.length) {
      writeTestCaseResults(values.results, timed);
      if (!values.json) io.out(`Allure results: ${values.results}`);
    }
    return exitCode;
  },
});
