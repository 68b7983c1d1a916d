/** Set Variable (one variable, or up to ten through setVariablesArray) and Parse. */
import { ActivityError, type ActivitySpec, type TemplatedProperty } from "./types.js";
import { VARIABLE_TYPES } from "../model.js";

interface Assignment {
  variable: unknown;
  type: unknown;
  setTo: unknown;
  /** Property key of the value template. */
  key: string;
  text: unknown;
}

// Newer exports mirror the first entry of setVariablesArray at top level; the array wins when present.
function assignments(props: Record<string, unknown>): Assignment[] {
  const arr = props.setVariablesArray;
  if (Array.isArray(arr) && arr.length > 0) {
    return arr.map((x: Record<string, unknown>, i) => ({
      variable: x?.srcVariable,
      type: x?.srcVariableType,
      setTo: x?.setTo,
      key: typeof x?.expr === "string" ? `setVariablesArray[${i}].expr` : `setVariablesArray[${i}].literal`,
      text: typeof x?.expr === "string" ? x.expr : x?.literal,
    }));
  }
  return [{ variable: props.srcVariable, type: props.srcVariableType, setTo: props.setTo, key: typeof props.expr === "string" ? "expr" : "literal", text: typeof props.expr === "string" ? props.expr : props.literal }];
}

export const setVariable: ActivitySpec = {
  names: ["set-variable"],
  title: "Set Variable",
  ports: () => ["out", "error"],
  errorPorts: ["error"],
  templates: (props) => assignments(props).flatMap((a): TemplatedProperty[] => (typeof a.text === "string" ? [{ key: a.key, text: a.text }] : [])),
  validate(a, v) {
    const list = assignments(a.props);
    if (list.length > 10) v.error(`sets ${list.length} variables; Flow Designer allows 10`, "setVariablesArray");
    list.forEach((x, i) => {
      const where = Array.isArray(a.props.setVariablesArray) && a.props.setVariablesArray.length ? `setVariablesArray[${i}]` : "";
      const at = (k: string) => (where ? `${where}.${k}` : k);
      if (typeof x.variable !== "string" || x.variable === "") v.error("no variable to set (srcVariable is empty)", at("srcVariable"));
      else if (!v.isVariable(x.variable)) v.error(`variable "${x.variable}" is not declared in the flow's variables`, at("srcVariable"));
      else {
        const declared = v.flow.variables.get(x.variable)!.type;
        if (typeof x.type === "string" && x.type !== declared) v.warning(`srcVariableType ${x.type} differs from ${x.variable}'s declared type ${declared}; the declared type is used`, at("srcVariableType"));
      }
      if (x.type !== undefined && x.type !== null && !VARIABLE_TYPES.includes(x.type as never)) v.error(`unknown srcVariableType "${String(x.type)}"`, at("srcVariableType"));
      if (x.setTo !== undefined && x.setTo !== null && x.setTo !== "set-to-literal") v.error(`setTo "${String(x.setTo)}" is not supported (only "set-to-literal", a value or {{ expression }})`, at("setTo"));
      if (typeof x.text !== "string") v.error("no value to set (expr is missing)", at("expr"));
    });
  },
  async run(ctx) {
    for (const a of assignments(ctx.activity.props)) ctx.setVariable(a.variable as string, ctx.evaluate(a.key));
    return { port: "out" };
  },
};

export const parse: ActivitySpec = {
  names: ["parse-activity"],
  title: "Parse",
  ports: () => ["default"],
  errorPorts: [],
  validate(a, v) {
    const input = a.props.inputVariable;
    if (typeof input !== "string" || input === "") v.error("no input variable (inputVariable is empty)", "inputVariable");
    const type = a.props.contentType;
    if (type !== undefined && type !== null && type !== "" && type !== "JSON") v.error(`contentType "${String(type)}" is not supported: the simulator parses JSON only`, "contentType");
    if (!a.outputs.length) v.warning("no output variables: the activity has no effect", "outputVariableArray");
  },
  async run(ctx) {
    const input = ctx.read(ctx.activity.props.inputVariable as string);
    if (input === null || input === undefined || input === "") {
      ctx.note("the input is empty: no output variable receives a value");
      ctx.applyOutputMappings(undefined);
      return { port: "default" };
    }
    let doc: unknown = input;
    if (typeof input === "string") {
      try {
        doc = JSON.parse(input);
      } catch (e) {
        throw new ActivityError(`${ctx.activity.props.inputVariable} is not JSON: ${(e as Error).message}`);
      }
    }
    ctx.applyOutputMappings(doc);
    return { port: "default" };
  },
};

export const definitions = [setVariable, parse];
