/**
 * A Connect test case inside a scenario (`Then the test case "x.json" passes`): it runs
 * through the Test Case APIs on the scenario's own instance, against the flows the
 * scenario published, and its records, transcript and path are attached to the scenario.
 * Only a simulator moves time for it and makes the resources its flows name, so on
 * staging its steps declare that they need the simulator (support/capabilities.ts).
 */
import type { FileResult } from "../../simulators/connect/testing/file-result.js";
import { openTestCaseFile } from "../../simulators/connect/testing/files.js";
import { featurePath } from "../drivers/publish.js";
import { attach } from "../report/attachments.js";
import { InfrastructureError, infrastructure } from "../report/errors.js";
import { testCaseAttachments } from "../report/test-case-results.js";
import type { FlowsimWorld } from "../world.js";
import { executeTestCase } from "./execute.js";

/**
 * Runs the test-case file (relative to the feature's folder, else to the working folder) and
 * attaches what it saw. Hours the run makes for it are open all week, except `closedHours`
 * (names or ids), which never open: a test case that substitutes "closed" hours brings them.
 */
export async function runScenarioTestCase(world: FlowsimWorld, path: string, closedHours: string[] = []): Promise<FileResult> {
  const { control, connect, instanceId } = world.target;
  if (!control) throw new InfrastructureError("setup", "a Connect test case runs on the simulator, which moves its clock and makes the resources its flows name (its steps declare so: requires in support/capabilities.ts)");
  const opened = await openTestCaseFile(featurePath(world, path));
  if ("status" in opened) throw new InfrastructureError("setup", opened.problems!.join("; "));
  const flows = [...world.flows.values()];
  const result = await infrastructure(`running the test case "${opened.name}"`, () =>
    executeTestCase({ connect, instanceId, control }, { file: path, ...opened }, { flowId: (ref) => world.flows.get(ref)?.id, flow: (id) => flows.find((f) => f.id === id), closedHours }),
  );
  await attach(world, testCaseAttachments(result));
  return result;
}
