/**
 * What a scenario leaves as evidence, gathered once it has ended: the customer's chat,
 * every websocket frame, each contact's own attributes (a call's, a task's — each under the
 * role it plays), each call as its caller lived it, and the path through the flows, with
 * times counted from the scenario's start.
 */
import { GetContactAttributesCommand } from "@aws-sdk/client-connect";
import type { TraceStep } from "../simulators/connect/flow/trace.js";
import type { FlowsimWorld } from "./world.js";
import type { ContactAttributes, ScenarioEvidence } from "./report/attachments.js";
import { callLogs } from "./drivers/caller.js";
import { FLOW_COVERAGE_MEDIA_TYPE, flowUses } from "./report/flow-coverage.js";

/** Each contact of the scenario once, named by the shortest role it was given ("call" rather than "call from +1555..."). */
function contactsOf(world: FlowsimWorld): Map<string, string> {
  const named = new Map<string, string>();
  for (const [role, id] of world.contacts) {
    const known = named.get(id);
    if (!known || role.length < known.length) named.set(id, role);
  }
  if (world.currentContactId && !named.has(world.currentContactId)) named.set(world.currentContactId, "contact");
  return named;
}

async function attributesOf(world: FlowsimWorld, contacts: Map<string, string>): Promise<ContactAttributes[]> {
  const { connect, instanceId } = world.target;
  const out: ContactAttributes[] = [];
  for (const [id, contact] of contacts) {
    try {
      const res = await connect.send(new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: id }));
      out.push({ contact, attributes: res.Attributes ?? {} });
    } catch {
      // a contact the target no longer describes has no attributes to show
    }
  }
  return out;
}

async function traceOf(world: FlowsimWorld, contacts: Map<string, string>): Promise<TraceStep[] | undefined> {
  const control = world.target.control;
  if (!control || contacts.size === 0) return undefined;
  const trace: TraceStep[] = [];
  for (const id of contacts.keys()) {
    try {
      // The control plane writes times as ISO text; the trace model keeps epoch ms.
      const res = await control.get<{ steps: (Omit<TraceStep, "at"> & { at: string })[] }>(`/contacts/${id}/trace`);
      trace.push(...res.steps.map((s) => ({ ...s, at: Date.parse(s.at) }) as TraceStep));
    } catch {
      // a contact the simulator never saw (e.g. created on staging) has no trace
    }
  }
  return trace;
}

/** On a target without a trace (staging), each contact's blocks as its instance's flow logs hold them now (read once: the scenario is over). */
async function loggedPathsOf(world: FlowsimWorld, contacts: Map<string, string>): Promise<ScenarioEvidence["loggedPaths"]> {
  const logs = world.target.flowLogs;
  if (world.target.control || !logs) return undefined;
  const out: NonNullable<ScenarioEvidence["loggedPaths"]>[number][] = [];
  for (const [id, contact] of contacts) {
    try {
      out.push({ contact, logGroup: logs.logGroup, blocks: await logs.blocks(id) });
    } catch (err) {
      // Evidence never fails a scenario: a log that cannot be read says so in its place.
      out.push({ contact, logGroup: logs.logGroup, blocks: [], unreadable: (err as Error).message });
    }
  }
  return out;
}

/**
 * What the scenario's contacts did in each flow it published, for the run's flow coverage:
 * sent to the formatter, which adds it up over the run rather than showing it here.
 */
export async function reportCoverage(world: FlowsimWorld, trace: readonly TraceStep[] | undefined): Promise<void> {
  if (!trace || world.flows.size === 0) return;
  await world.attach(JSON.stringify(flowUses(trace, [...world.flows.values()])), { mediaType: FLOW_COVERAGE_MEDIA_TYPE });
}

export async function collectEvidence(world: FlowsimWorld): Promise<ScenarioEvidence> {
  const contacts = contactsOf(world);
  const flowsById = new Map([...world.flows.values()].map((f) => [f.id, f]));
  const calls = world.target.control ? await callLogs(world) : [];
  return {
    scenarioStart: world.startedAt,
    transcript: world.chats.get("customer")?.items,
    events: world.frames,
    attributes: await attributesOf(world, contacts),
    calls,
    trace: await traceOf(world, contacts),
    loggedPaths: await loggedPathsOf(world, contacts),
    flows: (flowId: string) => {
      const f = flowsById.get(flowId);
      return f ? { name: f.name, doc: f.doc } : undefined;
    },
  };
}
