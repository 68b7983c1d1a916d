/**
 * Graph checks on a loaded flow: links join activities of the same graph on real output
 * ports, one start activity, event handlers that exist, variables that exist, names in
 * templates that mean something. Unlinked error ports are fine (they lead to
 * OnGlobalError); an unlinked normal port is a warning (the flow would stop there).
 */
import type { ProblemList } from "../kernel/problems.js";
import type { Activity, Graph, WebexFlow } from "./model.js";
import type { ActivityValidator } from "./activities/types.js";
import { start as startSpec, event as eventSpec } from "./activities/start-and-events.js";
import { specOf } from "./activities/registry.js";
import { EVENT_BY_SPEC, EVENTS, START_ALIASES, START_OUTPUTS, eventLabels } from "./events.js";

export interface ValidateOptions {
  eventsPath?: string;
  /** A bag of activities (not a flow): check each activity, skip the graph rules. */
  activitiesOnly?: boolean;
}

const who = (a: Activity) => ({ Identifier: a.name, Type: a.activityName });
const isEvent = (a: Activity) => specOf(a) === eventSpec;
const startsAFlow = (a: Activity) => isEvent(a) || specOf(a) === startSpec;

function checkLinks(graph: Graph, other: Graph, problems: ProblemList, rejected: Set<string>): void {
  const where = graph.kind === "main" ? "the main flow" : "the event flows";
  for (const l of graph.links) {
    const source = graph.activities.get(l.source);
    const target = graph.activities.get(l.target);
    if (rejected.has(l.source)) continue;
    // A link into a rejected activity still counts as linked (no follow-on warnings about it).
    const targetRejected = rejected.has(l.target);
    if (!source || (!target && !targetRejected)) {
      const id = !source ? l.source : l.target;
      const crossing = other.activities.get(id);
      problems.error(
        l.path,
        crossing ? `link ${l.id} joins ${where} to "${crossing.name}" in ${other.kind === "main" ? "the main flow" : "the event flows"}: links must stay inside one flow` : `link ${l.id} ${!source ? "starts at" : "leads to"} ${id}, which is not an activity of ${where}`,
      );
      continue;
    }
    const sourceSpec = specOf(source);
    const ports = sourceSpec.ports(source.props);
    if (!ports.includes(l.port)) {
      problems.error(`${l.path}.conditionExpr`, `"${l.port}" is not an output of ${sourceSpec.title} "${source.name}" (${ports.length ? `outputs: ${ports.join(", ")}` : "it has no outputs"})`, who(source));
      continue;
    }
    if (target && startsAFlow(target)) {
      problems.error(l.path, `link ${l.id} leads into ${specOf(target).title} "${target.name}", which starts a flow and takes no input`, who(target));
      continue;
    }
    let byPort = graph.out.get(l.source);
    if (!byPort) graph.out.set(l.source, (byPort = new Map()));
    if (byPort.has(l.port)) {
      problems.error(l.path, `output "${l.port}" of "${source.name}" has more than one link`, who(source));
      continue;
    }
    byPort.set(l.port, l);
  }
}

function reachable(graph: Graph, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const l of graph.out.get(id)?.values() ?? []) todo.push(l.target);
  }
  return seen;
}

function checkTemplates(flow: WebexFlow, a: Activity, problems: ProblemList): void {
  const labels = new Map<string, Activity>();
  for (const g of [flow.main, flow.events]) for (const x of g.activities.values()) if (specOf(x).outputs) labels.set(x.name.toLowerCase(), x);
  const startOutputs = START_OUTPUTS.map((s) => s.toLowerCase());
  for (const [key, t] of a.templates) {
    const at = `${a.path}.properties.${key}`;
    for (const ref of t.references) {
      if (flow.variables.has(ref.name)) continue;
      const lower = ref.name.toLowerCase();
      const attr = ref.attr?.toLowerCase();
      const unknownOutput = (owner: string, outputs: string[]) => {
        if (attr === undefined) problems.warning(at, `"${ref.name}" is ${owner}; read one of its outputs (${outputs.join(", ")})`, who(a));
        else if (outputs.length && !outputs.some((o) => o.toLowerCase() === attr)) problems.warning(at, `${owner} has no output "${ref.attr}" (outputs: ${outputs.join(", ")}); it renders empty`, who(a));
      };
      if (START_ALIASES.some((s) => s.toLowerCase() === lower) || (flow.startId && flow.main.activities.get(flow.startId)?.name.toLowerCase() === lower)) {
        if (attr === undefined || !startOutputs.includes(attr)) unknownOutput("the start activity", START_OUTPUTS);
        continue;
      }
      const owner = labels.get(lower);
      if (owner) {
        unknownOutput(`activity "${owner.name}"`, specOf(owner).outputs ?? []);
        continue;
      }
      const ev = EVENTS.find((e) => eventLabels(e).includes(lower));
      if (ev) {
        if (a.graph !== "events") problems.warning(at, `"${ref.name}" is an event output, visible only inside its event handler`, who(a));
        else unknownOutput(`event ${ev.display}`, ev.outputs);
        continue;
      }
      problems.warning(at, `"${ref.name}" is neither a declared variable nor an activity or event output; it renders empty`, who(a));
    }
  }
}

export function validateFlow(flow: WebexFlow, problems: ProblemList, rejected: Set<string>, options: ValidateOptions = {}): void {
  checkLinks(flow.main, flow.events, problems, rejected);
  checkLinks(flow.events, flow.main, problems, rejected);

  if (!options.activitiesOnly) {
    const starts = [...flow.main.activities.values()].filter((a) => specOf(a) === startSpec);
    if (starts.length === 0) problems.error("process.activities", "the flow has no start activity (NewPhoneContact)");
    else if (starts.length > 1) problems.error("process.activities", `the flow has ${starts.length} start activities (${starts.map((s) => s.name).join(", ")}); it needs exactly one`);
    else {
      flow.startId = starts[0].id;
      if (!flow.main.out.get(starts[0].id)?.has("out")) problems.warning(starts[0].path, "the start activity is not linked: the flow does nothing", who(starts[0]));
    }

    const eventsPath = options.eventsPath ?? "eventFlows.eventsMap.GLOBAL_EVENTS";
    const handled = new Set<string>();
    for (const [spec, id] of flow.onEvents) {
      if (rejected.has(id)) continue;
      const node = flow.events.activities.get(id);
      if (!node || !isEvent(node)) {
        problems.error(`${eventsPath}.onEvents["${spec}"]`, `onEvents "${spec}" points at ${id}, which is not an event node of GLOBAL_EVENTS`);
        continue;
      }
      handled.add(id);
      if (!EVENT_BY_SPEC.has(spec)) problems.warning(`${eventsPath}.onEvents["${spec}"]`, `unknown event "${spec}": the simulator never fires it`);
      if (node.props.eventSpecificationName !== spec) problems.warning(`${eventsPath}.onEvents["${spec}"]`, `onEvents "${spec}" points at event node "${node.name}", which handles ${String(node.props.eventSpecificationName)}`, who(node));
    }
    for (const a of flow.events.activities.values()) {
      if (isEvent(a) && !handled.has(a.id)) problems.warning(a.path, `event node "${a.name}" is not listed in onEvents: it never runs`, who(a));
    }
  }

  for (const g of [flow.main, flow.events]) {
    const labels = new Map<string, Activity>();
    for (const a of g.activities.values()) {
      const spec = specOf(a);
      const validator: ActivityValidator = {
        flow,
        error: (message, property) => problems.error(property ? `${a.path}.properties.${property}` : a.path, `${message} (${spec.title} "${a.name}")`, who(a)),
        warning: (message, property) => problems.warning(property ? `${a.path}.properties.${property}` : a.path, `${message} (${spec.title} "${a.name}")`, who(a)),
        isVariable: (name) => flow.variables.has(name),
      };
      if (spec.graphs && !spec.graphs.includes(g.kind)) validator.error(`${spec.title} cannot be used in ${g.kind === "main" ? "the main flow" : "an event flow"}`);
      spec.validate?.(a, validator);
      a.outputs.forEach((o, i) => {
        if (!flow.variables.has(o.variable)) validator.error(`output variable "${o.variable}" is not declared in the flow's variables`, `outputVariableArray[${i}].outputVariable`);
      });
      if (!options.activitiesOnly) checkTemplates(flow, a, problems);
      const dup = labels.get(a.name.toLowerCase());
      if (dup && spec.outputs) validator.warning(`another activity is also labelled "${dup.name}": {{${a.name}.…}} is ambiguous`);
      labels.set(a.name.toLowerCase(), a);
      // An event nobody handles is normal, and an unlinked start has its own warning above.
      if (!options.activitiesOnly && !startsAFlow(a)) {
        const linked = g.out.get(a.id);
        for (const port of spec.ports(a.props)) {
          if (!spec.errorPorts.includes(port) && !linked?.has(port)) validator.warning(`output "${port}" is not linked: the flow stops there`);
        }
      }
    }
  }

  if (options.activitiesOnly) return;
  const mainReach = reachable(flow.main, flow.startId ? [flow.startId] : []);
  for (const a of flow.main.activities.values()) if (flow.startId && !mainReach.has(a.id)) problems.warning(a.path, `"${a.name}" cannot be reached from the start activity`, who(a));
  const eventRoots = [...flow.events.activities.values()].filter(isEvent).map((a) => a.id);
  const eventReach = reachable(flow.events, eventRoots);
  for (const a of flow.events.activities.values()) if (!eventReach.has(a.id)) problems.warning(a.path, `"${a.name}" cannot be reached from any event`, who(a));
}
