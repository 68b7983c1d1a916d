/** The start activity of the main flow and the event nodes that start each event handler. */
import type { ActivitySpec } from "./types.js";
import { EVENT_BY_SPEC, START_OUTPUTS } from "../events.js";

// The start outputs are set by the call before the flow runs; the activity only leaves on `out`.
export const start: ActivitySpec = {
  names: ["NewPhoneContact", "NewContact", "start"],
  title: "Start (NewPhoneContact)",
  ports: () => ["out"],
  errorPorts: [],
  outputs: START_OUTPUTS,
  graphs: ["main"],
  validate(a, v) {
    const spec = (a.props.flowType as { eventSpecificationName?: unknown } | undefined)?.eventSpecificationName;
    if (spec !== undefined && spec !== "ContactStartWorkflow") v.error(`the start activity handles "${String(spec)}"; only ContactStartWorkflow (a new phone contact) can be simulated`, "flowType.eventSpecificationName");
  },
  async run() {
    return { port: "out" };
  },
};

export const event: ActivitySpec = {
  names: ["event", "Event"],
  title: "Event",
  ports: () => ["out"],
  errorPorts: [],
  graphs: ["events"],
  validate(a, v) {
    const spec = a.props.eventSpecificationName;
    if (typeof spec !== "string" || spec === "") v.error("the event node has no eventSpecificationName", "eventSpecificationName");
    else if (!EVENT_BY_SPEC.has(spec)) v.warning(`unknown event "${spec}": the simulator never fires it`, "eventSpecificationName");
  },
  async run() {
    return { port: "out" };
  },
};

export const definitions = [start, event];
