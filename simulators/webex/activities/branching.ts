/** Condition (true/false) and Case (match a value against a list). */
import { ActivityError, textTemplate, type ActivitySpec } from "./types.js";
import { toText } from "../pebble/values.js";

export const condition: ActivitySpec = {
  names: ["condition-activity"],
  title: "Condition",
  ports: () => ["true", "false", "error"],
  errorPorts: ["error"],
  templates: (p) => textTemplate(p, "expression"),
  validate(a, v) {
    if (typeof a.props.expression !== "string" || a.props.expression.trim() === "") v.error("no expression", "expression");
  },
  async run(ctx) {
    const value = ctx.evaluate("expression");
    if (typeof value === "boolean") return { port: value ? "true" : "false" };
    // A rendered "true"/"false" (a BOOLEAN variable printed into text) counts; anything else is an error.
    const text = toText(value).trim().toLowerCase();
    if (text === "true" || text === "false") return { port: text };
    throw new ActivityError(`the expression gave "${toText(value)}", not true or false`);
  },
};

function caseLists(props: Record<string, unknown>): { ports: unknown; values: unknown } {
  return { ports: props.menuLinks, values: props.menuLinks_input ?? props["menuLinks:input"] };
}

export const caseStatement: ActivitySpec = {
  names: ["case-statement"],
  title: "Case",
  ports: (p) => [...(Array.isArray(p.menuLinks) ? p.menuLinks.map(String) : []), "default", "error"],
  errorPorts: ["error"],
  templates: (p) => textTemplate(p, "expression"),
  validate(a, v) {
    if (typeof a.props.expression !== "string" || a.props.expression.trim() === "") v.error("no expression", "expression");
    const { ports, values } = caseLists(a.props);
    if (!Array.isArray(ports) || ports.some((x) => typeof x !== "string")) v.error("menuLinks must list the case ports", "menuLinks");
    else if (!Array.isArray(values) || values.length !== ports.length) v.error(`menuLinks_input must give one case value per port (${ports.length} ports)`, "menuLinks_input");
    else {
      const seen = new Set<string>();
      for (const x of values) {
        const s = String(x);
        if (seen.has(s)) v.warning(`case value "${s}" appears twice: the first wins`, "menuLinks_input");
        seen.add(s);
      }
    }
  },
  async run(ctx) {
    const { ports, values } = caseLists(ctx.activity.props) as { ports: string[]; values: unknown[] };
    const value = ctx.render("expression");
    // Case values are matched as text, exactly (toolkit: string-based matching).
    const i = values.findIndex((x) => String(x) === value);
    return i >= 0 ? { port: ports[i], detail: `"${value}"` } : { port: "default", detail: `"${value}" matches no case` };
  },
};

export const definitions = [condition, caseStatement];
