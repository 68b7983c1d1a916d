/**
 * Runs test-case files on a running `flowsim serve` (`flowsim test-cases run --url`),
 * each on a fresh instance of its own (CreateInstance, then DeleteInstance), with the
 * flows of a folder published there through the API. The entry point may name its flow
 * by name or file name, as offline (simulators/connect/testing/files.ts).
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { loadTestCase } from "../../simulators/connect/testing/load.js";
import { problemMessage } from "../../simulators/connect/testing/store.js";
import { openTestCaseFile, type FileResult } from "../../simulators/connect/testing/files.js";
import { createFlow, readFlowsDir, type FlowFile } from "../drivers/setup.js";
import { instanceTarget } from "../targets/simulator.js";
import type { PublishedFlow } from "../world.js";
import { executeTestCase } from "./execute.js";

export interface RemoteOptions {
  /** The server, e.g. http://127.0.0.1:4566. */
  url: string;
  flowsDir?: string;
  closedHours?: string[];
}

/** Each file's instance gets the same ids on every run: its seed is the file's path. */
const seedOf = (file: string) => createHash("sha256").update(file).digest("hex").slice(0, 16);

function refusal(err: unknown, file: FlowFile): string | undefined {
  const e = err as { name?: string; message?: string; problems?: { message?: string }[] };
  if (!/^Invalid/.test(e.name ?? "")) return undefined;
  const problems = (e.problems ?? []).map((p) => p.message).filter(Boolean);
  return `the flow "${file.name}" (${file.path}) was refused with ${e.name}: ${problems.length ? problems.join("; ") : e.message}`;
}

/** Throws, saying why, unless a flowsim server with its control plane answers at `url`. */
async function checkServer(url: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${url}/_flowsim/clock`);
  } catch (err) {
    throw new Error(`no flowsim server answers at ${url}: ${(err as Error).message}`, { cause: err });
  }
  if (res.status === 404) throw new Error(`the server at ${url} has no control plane (started with --no-control?): test cases need it to make resources and move the clock`);
  if (!res.ok) throw new Error(`the server at ${url} answered GET /_flowsim/clock with ${res.status}: is it a flowsim server?`);
}

/** A runner for `runFiles`: one file at a time, each on its own instance of the server at `options.url`. */
export async function remoteRunner(options: RemoteOptions): Promise<(file: string) => Promise<FileResult>> {
  await checkServer(options.url);
  const flowFiles = options.flowsDir ? await readFlowsDir(options.flowsDir) : [];
  return async (file) => {
    const opened = await openTestCaseFile(file);
    if ("status" in opened) return opened;
    const warnings = loadTestCase({ ...opened.raw, Name: opened.name }, file).problems.filter((p) => p.severity === "warning").map(problemMessage);
    const target = await instanceTarget("server", options.url, seedOf(file));
    try {
      const published: (PublishedFlow & { file: string })[] = [];
      for (const flow of flowFiles) {
        try {
          published.push({ ...(await createFlow(target, flow)), file: basename(flow.path) });
        } catch (err) {
          const refused = refusal(err, flow);
          if (!refused) throw err;
          return { file, name: opened.name, status: "ERROR", problems: [refused], warnings };
        }
      }
      const byRef = (ref: string) => published.find((f) => f.name === ref || f.file === ref || f.file === `${ref}.json`);
      return await executeTestCase(
        { connect: target.connect, instanceId: target.instanceId, control: target.control! },
        { file, ...opened },
        { flowId: (ref) => byRef(ref)?.id, flow: (id) => published.find((f) => f.id === id), closedHours: options.closedHours, warnings },
      );
    } finally {
      await target.dispose();
    }
  };
}
