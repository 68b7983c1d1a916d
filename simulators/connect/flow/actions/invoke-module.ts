/**
 * Invoke module: runs a flow module to its Return and continues here. A module that
 * names the branch it returns (`$.Modules.Result`) is matched against this action's
 * Conditions; otherwise the flow goes on at NextAction.
 */
import { ModuleDepthError, type ActionDefinition } from "../action.js";
import { flowParam, unmatched } from "./util.js";

export const invokeFlowModule: ActionDefinition = {
  type: "InvokeFlowModule",
  family: "contact",
  params: { FlowModuleId: { dynamism: "any", required: true } },
  errors: { allowed: ["NoMatchingError", "NoMatchingCondition"], recommended: ["NoMatchingError"] },
  conditions: { operators: ["Equals"] },
  async run(ctx) {
    const { ref, flow: module, names } = flowParam(ctx, "FlowModuleId", "module");
    if (!module) return { kind: "error", errorType: "NoMatchingError", detail: ref ? unmatched("published flow module", ref, names) : "FlowModuleId has no value" };
    let returned;
    try {
      returned = await ctx.invokeModule(module, undefined);
    } catch (err) {
      if (err instanceof ModuleDepthError) return { kind: "error", errorType: "NoMatchingError", detail: err.message };
      throw err;
    }
    ctx.run.modules = { Result: returned.result, ResultData: returned.resultData };
    if (returned.reason !== "module-returned") return { kind: "end", reason: returned.reason, detail: `inside module ${module.name}` };
    return returned.result !== undefined ? { kind: "result", value: returned.result } : { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [invokeFlowModule];
