/**
 * Data Table block types (reference §2.5). Evaluate is modelled: its parameters are known
 * from console exports, and the data-tables responder holds the rows. List and Upsert are
 * rejected at load time: only a third-party type file mentions them, and neither the
 * shape of their parameters nor their results (`$.DataTableList.*`) can be grounded.
 *
 * Decision: a query that finds no row takes the Error branch (the block has no "not
 * found" branch, and an empty `$.DataTables.<query>` would hide the miss), and the block
 * stores nothing unless every query succeeds.
 */
import type { ActionDefinition, ParamSpec } from "../action.js";
import type { DataTableRequest } from "../responders.js";
import { isObject } from "./util.js";

const QUERY: ParamSpec = {
  dynamism: "static",
  kind: "object",
  fields: {
    QueryName: { dynamism: "static", kind: "string", required: true },
    Attributes: { dynamism: "static", kind: "array", required: true, items: { dynamism: "static", kind: "string" } },
    PrimaryValues: {
      dynamism: "static",
      kind: "array",
      required: true,
      items: {
        dynamism: "static",
        kind: "object",
        fields: { AttributeName: { dynamism: "static", kind: "string", required: true }, Value: { dynamism: "any", required: true } },
      },
    },
  },
};

export const evaluateDataTableValues: ActionDefinition = {
  type: "EvaluateDataTableValues",
  family: "interaction",
  params: {
    DataTableId: { dynamism: "single", required: true },
    Queries: { dynamism: "static", kind: "array", required: true, items: QUERY },
  },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  validate(action, v) {
    const queries = action.Parameters.Queries;
    const at = `${v.path}.Parameters.Queries`;
    if (!Array.isArray(queries)) return;
    if (queries.length === 0) v.problems.error(at, `Invalid Action property value. Path: ${at} (at least one query is needed)`, action);
    const names = new Set<string>();
    queries.forEach((q, i) => {
      if (!isObject(q)) return;
      const name = q.QueryName;
      if (typeof name === "string") {
        if (!/^[A-Za-z0-9_-]+$/.test(name)) v.problems.error(`${at}[${i}].QueryName`, `Invalid Action property value. Path: ${at}[${i}].QueryName (${JSON.stringify(name)} must be letters, digits, "_" or "-" so that $.DataTables.${name} can be read)`, action);
        if (names.has(name)) v.problems.error(`${at}[${i}].QueryName`, `Invalid Action property value. Path: ${at}[${i}].QueryName (the query name ${JSON.stringify(name)} is used twice)`, action);
        names.add(name);
      }
      if (Array.isArray(q.Attributes) && q.Attributes.length === 0) v.problems.error(`${at}[${i}].Attributes`, `Invalid Action property value. Path: ${at}[${i}].Attributes (name at least one attribute to read)`, action);
      if (Array.isArray(q.PrimaryValues) && q.PrimaryValues.length === 0) v.problems.error(`${at}[${i}].PrimaryValues`, `Invalid Action property value. Path: ${at}[${i}].PrimaryValues (give the primary attribute values that select the row)`, action);
    });
  },
  async run(ctx) {
    const dataTableId = ctx.text(ctx.params.DataTableId);
    if (!dataTableId) return { kind: "error", errorType: "NoMatchingError", detail: `DataTableId ${String(ctx.params.DataTableId)} has no value` };
    const results: Record<string, Record<string, unknown>> = {};
    for (const query of ctx.params.Queries as Record<string, unknown>[]) {
      const request: DataTableRequest = {
        dataTableId,
        queryName: String(query.QueryName),
        attributes: (query.Attributes as unknown[]).map(String),
        primaryValues: Object.fromEntries((query.PrimaryValues as Record<string, unknown>[]).map((p) => [String(p.AttributeName), ctx.text(p.Value) ?? ""])),
      };
      const answer = await ctx.host.responders.dataTable(request);
      const source = ctx.host.responders.lastSource("dataTables");
      ctx.note(`${request.queryName}: answered by ${source === "default" ? "the default data-tables responder (no rows)" : source}`);
      const key = Object.entries(request.primaryValues).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
      if (answer.kind === "none") return { kind: "error", errorType: "NoMatchingError", detail: `query ${request.queryName}: no row of ${dataTableId} has ${key}` };
      if (answer.kind === "error") return { kind: "error", errorType: "NoMatchingError", detail: `query ${request.queryName}: ${answer.message}` };
      results[request.queryName] = answer.values;
    }
    for (const [name, values] of Object.entries(results)) {
      const before = isObject(ctx.contact.dataTables[name]) ? (ctx.contact.dataTables[name] as Record<string, unknown>) : {};
      for (const attr of new Set([...Object.keys(before), ...Object.keys(values)])) {
        ctx.changed("DataTables", `${name}.${attr}`, before[attr] === undefined ? undefined : String(before[attr]), values[attr] === undefined ? undefined : String(values[attr]));
      }
      ctx.contact.dataTables[name] = values;
    }
    return { kind: "next" };
  },
};

/** A Type the service knows but flowsim cannot model: every use is a load-time error saying why. */
function unmodelled(type: string, why: string): ActionDefinition {
  const reason = `Unsupported action type: flowsim cannot model ${type}: ${why}`;
  return {
    type,
    family: "interaction",
    params: {},
    errors: { allowed: ["NoMatchingError"] },
    validate(action, v) {
      v.problems.error(`${v.path}.Type`, reason, action);
    },
    // Unreachable for a loaded flow (validation refuses it); kept so a hand-built run still explains itself.
    async run() {
      return { kind: "error", errorType: "NoMatchingError", detail: reason };
    },
  };
}

export const listDataTableValues = unmodelled("ListDataTableValues", "only a third-party type file mentions it; the shape of its parameters and of its results ($.DataTableList.*) is documented nowhere flowsim draws on");
export const upsertDataTableValues = unmodelled("UpsertDataTableValues", "only a third-party type file mentions it; its parameters and what it writes are documented nowhere flowsim draws on");

export const definitions: ActionDefinition[] = [evaluateDataTableValues, listDataTableValues, upsertDataTableValues];
