/**
 * Recognises Flow Designer documents by shape (no file-name rules): a full export
 * (`process.activities` + `process.links`, usually `eventFlows` and `diagram`), a
 * process-only excerpt, the template wrapper whose `flow` is the export as a JSON
 * string (reference §1.6), a bag of activity objects (not a flow), and FlowIR
 * (`nodes`/`edges`, the Flow Store v2 format).
 */
import type { WebexShape } from "./model.js";

export interface Detected {
  shape: WebexShape;
  /** The export itself (for the template wrapper: the parsed `flow` string). */
  doc: Record<string, unknown>;
  /** Prefix of JSON paths inside `doc` ("" or "flow→" for the wrapper). */
  prefix: string;
  /** The wrapper's `flow` string is not JSON. */
  error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function isActivityBag(v: unknown): boolean {
  if (!isObject(v)) return false;
  const values = Object.values(v);
  return values.length > 0 && values.every((a) => isObject(a) && isObject(a.properties) && typeof a.group === "string");
}

export function detectWebex(doc: unknown): Detected | undefined {
  if (!isObject(doc)) return undefined;
  if (typeof doc.flow === "string" && ("category" in doc || "featureFlagName" in doc || "instructionsURL" in doc || "labels" in doc)) {
    let inner: unknown;
    try {
      inner = JSON.parse(doc.flow);
    } catch (e) {
      return { shape: "template", doc, prefix: "flow→", error: `the template's "flow" string is not JSON: ${(e as Error).message}` };
    }
    const d = detectWebex(inner);
    if (!d) return { shape: "template", doc: isObject(inner) ? inner : {}, prefix: "flow→", error: `the template's "flow" string is not a Flow Designer export` };
    return { ...d, shape: d.shape === "export" ? "template" : d.shape, prefix: "flow→" };
  }
  if (isObject(doc.process) && isObject(doc.process.activities)) {
    return { shape: isObject(doc.eventFlows) ? "export" : "process-only", doc, prefix: "" };
  }
  if (Array.isArray(doc.nodes) && Array.isArray(doc.edges)) return { shape: "flowir", doc, prefix: "" };
  if (!("Actions" in doc) && isActivityBag(doc.activities)) return { shape: "activity-snippets", doc, prefix: "" };
  return undefined;
}
