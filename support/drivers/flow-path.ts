/**
 * The blocks a contact ran, for the flow-path steps, read where the target keeps them: the
 * simulator's trace (control plane `/contacts/<id>/trace`), or on staging the instance's
 * flow logs (flow-logs.ts). Each read waits as its source needs: on a virtual clock, for
 * prompts still playing (prompt-time.ts); on flow logs, for the logs to catch up.
 */
import type { TraceStep } from "../../simulators/connect/flow/trace.js";
import { InfrastructureError } from "../report/errors.js";
import { nextOnTheClock, throughPrompts, type Scene } from "./prompt-time.js";

/** One block run; `branch` only where the source tells it (the simulator). */
export interface PathBlock {
  flowName: string;
  actionId: string;
  actionType: string;
  branch?: string;
}

type ActionStep = Extract<TraceStep, { kind: "action" }>;

/** The simulator's trace of the contact, its actions only. */
export async function tracedActions(scene: Scene, contactId: string): Promise<ActionStep[]> {
  if (!scene.target.control) throw new InfrastructureError("setup", "the branches a contact took are known only to the simulator (the step must declare what it needs: requires in support/capabilities.ts)");
  const res = await scene.target.control.get<{ steps: TraceStep[] }>(`/contacts/${contactId}/trace`);
  return res.steps.filter((s): s is ActionStep => s.kind === "action");
}

function source(scene: Scene): "trace" | "logs" {
  if (scene.target.control) return "trace";
  if (scene.target.flowLogs) return "logs";
  throw new InfrastructureError("setup", "the path through a flow is read from the simulator's trace or an instance's flow logs, and this target has neither (the step must declare what it needs: requires in support/capabilities.ts)");
}

/**
 * Waits until the contact's blocks satisfy `found` — through prompts still playing on a
 * virtual clock, or until the flow logs show it (bounded) — and returns whether they did,
 * with the blocks last read.
 */
export async function waitForPath(scene: Scene, contactId: string, found: (blocks: PathBlock[]) => boolean): Promise<{ found: boolean; blocks: PathBlock[] }> {
  if (source(scene) === "logs") return scene.target.flowLogs!.waitFor(contactId, found);
  const read = async () => (await tracedActions(scene, contactId)) as PathBlock[];
  if (await throughPrompts(scene, async () => (found(await read()) ? true : undefined))) return { found: true, blocks: await read() };
  return { found: false, blocks: await read() };
}

/** Every block the contact has run, once the source has caught up with it (see FlowLogReader.settled). */
export async function settledPath(scene: Scene, contactId: string): Promise<PathBlock[]> {
  if (source(scene) === "logs") return scene.target.flowLogs!.settled(contactId);
  return tracedActions(scene, contactId);
}

/** The path as a failure message shows it, with where it was read and (on a virtual clock) what comes next. */
export async function describePath(scene: Scene, blocks: readonly PathBlock[]): Promise<string> {
  const lines = blocks.map((s) => `  ${s.flowName}: ${s.actionId} (${s.actionType})${s.branch ? ` → ${s.branch}` : ""}`).join("\n");
  const where = source(scene) === "logs" ? `\n(read from the flow logs in ${scene.target.flowLogs!.logGroup})` : await nextOnTheClock(scene);
  return `${lines || "  (no block)"}${where}`;
}
