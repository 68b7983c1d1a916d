/**
 * Names that console exports keep beside resource ARNs (`ActionMetadata`). An export
 * from another instance refers to flows and queues by that instance's ARNs; like the
 * console's import, flowsim resolves by ARN first and then by these names.
 */
import type { LoadedFlow } from "./loaded-flow.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Display names recorded for the resources an action references, e.g. `["Sample queue customer"]`. */
export function resourceNames(flow: LoadedFlow, actionId: string, param?: string): string[] {
  const meta = flow.doc.Metadata;
  const am = isObject(meta) && isObject(meta.ActionMetadata) ? meta.ActionMetadata : undefined;
  const entry = am && isObject(am[actionId]) ? am[actionId] : undefined;
  if (!entry) return [];
  const names: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string" && v.trim() !== "" && !names.includes(v)) names.push(v);
  };
  const params = isObject(entry.parameters) ? entry.parameters : {};
  const collect = (v: unknown) => {
    if (!isObject(v)) return;
    add(v.displayName);
    for (const inner of Object.values(v)) if (isObject(inner)) add(inner.displayName);
  };
  if (param) collect(params[param]);
  else Object.values(params).forEach(collect);
  for (const key of ["ContactFlow", "contactFlow", "queue", "Queue"]) if (isObject(entry[key])) add((entry[key] as Record<string, unknown>).text);
  add(entry.contactFlowModuleName);
  return names;
}
