/** Transfer to flow: execution jumps to another flow's start and never returns. */
import { onlyIn, type ActionDefinition } from "../action.js";
import { flowParam, unmatched } from "./util.js";

export const transferToFlow: ActionDefinition = {
  type: "TransferToFlow",
  family: "flow-control",
  params: { ContactFlowId: { dynamism: "single", required: true } },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "AGENT_TRANSFER", "QUEUE_TRANSFER"]),
  async run(ctx) {
    const { ref, flow, names } = flowParam(ctx, "ContactFlowId", "flow");
    if (!flow) return { kind: "error", errorType: "NoMatchingError", detail: ref ? unmatched("published flow", ref, names) : "ContactFlowId has no value" };
    return { kind: "transfer", flow };
  },
};

export const definitions: ActionDefinition[] = [transferToFlow];
