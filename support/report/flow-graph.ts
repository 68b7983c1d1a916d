/**
 * A picture of a flow and the path a contact took through it, as SVG. Blocks sit where
 * the console put them (`Metadata.ActionMetadata[<Identifier>].position`, the block's
 * top-left corner), so the picture reads like the flow designer; blocks without a
 * position get a layered layout from the start action.
 */
import { describeCondition } from "../../simulators/connect/flow/interpreter.js";
import type { ConditionExpr, FlowAction, FlowDocument } from "../../simulators/connect/flow/model.js";
import type { TraceStep } from "../../simulators/connect/flow/trace.js";

/** One action run, as the trace records it (or as a staging flow log could be read into). */
export interface PathStep {
  actionId: string;
  /** The branch as the interpreter names it: `Success`, `Condition: Equals 2`, `Error: NoMatchingError`... */
  branch?: string;
  nextActionId?: string;
  /** Its number among all the actions the contact ran (as in the flow path text); default: its place in `path`. */
  number?: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface GraphBranch {
  kind: "next" | "condition" | "error";
  label: string;
  target: string;
  /** `Condition: ...` / `Error: ...` / `Success`, to match a trace step's branch. */
  match: string;
  errorType?: string;
}

export interface GraphNode {
  id: string;
  type: string;
  branches: GraphBranch[];
  /** Top-left corner in flow coordinates. */
  at: Point;
  /** Whether the position came from the export's metadata. */
  positioned: boolean;
  width: number;
  height: number;
}

export interface FlowGraph {
  start: string;
  entry: Point;
  nodes: GraphNode[];
}

// Console blocks are about this wide; real exports place neighbours ~210 px apart.
const NODE_WIDTH = 190;
const HEADER = 38;
const ROW = 16;
const COLUMN_GAP = 90;
const ROW_GAP = 40;
const ENTRY = { width: 70, height: 28 };
const MARGIN = 24;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function pointOf(v: unknown): Point | undefined {
  if (!isObject(v)) return undefined;
  const x = Number(v.x);
  const y = Number(v.y);
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

function branchesOf(action: FlowAction): GraphBranch[] {
  const t = isObject(action.Transitions) ? action.Transitions : {};
  const out: GraphBranch[] = [];
  const conditions = Array.isArray(t.Conditions) ? t.Conditions : [];
  const errors = Array.isArray(t.Errors) ? t.Errors : [];
  for (const c of conditions) {
    if (!isObject(c) || typeof c.NextAction !== "string") continue;
    let text: string;
    try {
      text = describeCondition(c.Condition as ConditionExpr);
    } catch {
      text = "(unreadable condition)";
    }
    out.push({ kind: "condition", label: text, target: c.NextAction, match: `Condition: ${text}` });
  }
  if (typeof t.NextAction === "string" && t.NextAction !== "") {
    const isDefault = conditions.length > 0 && !errors.some((e) => isObject(e) && e.ErrorType === "NoMatchingCondition");
    out.push({ kind: "next", label: isDefault ? "Default" : "Success", target: t.NextAction, match: isDefault ? "Default" : "Success" });
  }
  for (const e of errors) {
    if (!isObject(e) || typeof e.NextAction !== "string") continue;
    const errorType = String(e.ErrorType);
    out.push({ kind: "error", label: errorType, target: e.NextAction, match: `Error: ${errorType}`, errorType });
  }
  return out;
}

/** The graph of a flow document with every block placed. */
export function flowGraph(doc: FlowDocument): FlowGraph {
  const meta = isObject(doc.Metadata) ? doc.Metadata : {};
  const actionMeta = isObject(meta.ActionMetadata) ? meta.ActionMetadata : {};
  const actions = Array.isArray(doc.Actions) ? doc.Actions.filter((a) => isObject(a) && typeof a.Identifier === "string") : [];
  const nodes: GraphNode[] = actions.map((a) => {
    const branches = branchesOf(a);
    const position = pointOf(isObject(actionMeta[a.Identifier]) ? (actionMeta[a.Identifier] as Record<string, unknown>).position : undefined);
    return {
      id: a.Identifier,
      type: String(a.Type),
      branches,
      at: position ?? { x: 0, y: 0 },
      positioned: position !== undefined,
      width: NODE_WIDTH,
      height: HEADER + Math.max(1, branches.length) * ROW + 6,
    };
  });
  placeUnpositioned(nodes, doc.StartAction);
  const start = nodes.find((n) => n.id === doc.StartAction);
  const entry = pointOf(meta.entryPointPosition) ?? (start ? { x: start.at.x - ENTRY.width - 60, y: start.at.y } : { x: 0, y: 0 });
  return { start: doc.StartAction, entry, nodes };
}

/**
 * Blocks without a console position: when none has one, columns by distance from the
 * start action; otherwise a row below the positioned blocks, in document order.
 */
function placeUnpositioned(nodes: GraphNode[], startId: string): void {
  const loose = nodes.filter((n) => !n.positioned);
  if (loose.length === 0) return;
  const placed = nodes.filter((n) => n.positioned);
  if (placed.length > 0) {
    const bottom = Math.max(...placed.map((n) => n.at.y + n.height));
    const left = Math.min(...placed.map((n) => n.at.x));
    loose.forEach((n, i) => (n.at = { x: left + i * (NODE_WIDTH + COLUMN_GAP), y: bottom + ROW_GAP * 2 }));
    return;
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const queue = byId.has(startId) ? [startId] : [];
  if (queue.length) depth.set(startId, 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const b of byId.get(id)!.branches) {
      if (byId.has(b.target) && !depth.has(b.target)) {
        depth.set(b.target, depth.get(id)! + 1);
        queue.push(b.target);
      }
    }
  }
  const unreachableColumn = depth.size ? Math.max(...depth.values()) + 1 : 0;
  const columnY = new Map<number, number>();
  for (const n of nodes) {
    const column = depth.get(n.id) ?? unreachableColumn;
    const y = columnY.get(column) ?? 0;
    n.at = { x: column * (NODE_WIDTH + COLUMN_GAP), y };
    columnY.set(column, y + n.height + ROW_GAP);
  }
}

/** The action steps of one flow in a trace, in order, numbered among all the trace's actions. */
export function pathThrough(trace: readonly TraceStep[], flowId: string): PathStep[] {
  const out: PathStep[] = [];
  let number = 0;
  for (const s of trace) {
    if (s.kind !== "action") continue;
    number += 1;
    if (s.flowId === flowId) out.push({ actionId: s.actionId, branch: s.branch, nextActionId: s.nextActionId, number });
  }
  return out;
}

/** Which branch of `node` a step took: by the branch's name first, then by where it went. */
export function takenBranch(node: GraphNode, step: PathStep): number | undefined {
  const branch = step.branch ?? "";
  const noMatchingErrorFor = /^Error: NoMatchingError \(for .+\)$/.test(branch);
  const wanted = noMatchingErrorFor ? "Error: NoMatchingError" : branch.startsWith("Default") ? "Default" : branch;
  const byName = node.branches.findIndex((b) => b.match === wanted && (step.nextActionId === undefined || b.target === step.nextActionId));
  if (byName >= 0) return byName;
  if (step.nextActionId === undefined) return undefined;
  const byTarget = node.branches.findIndex((b) => b.target === step.nextActionId);
  return byTarget >= 0 ? byTarget : undefined;
}

// XML 1.0 forbids most control characters and lone surrogates even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an SVG element or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

export interface RenderOptions {
  /** Shown above the picture, e.g. the flow's name. */
  title?: string;
  /**
   * A run's coverage instead of one contact's path: blocks that ran filled (no order),
   * branches taken thick, and every branch never taken marked (dashed, red).
   */
  coverage?: { reached: readonly string[]; taken: readonly string[]; /** Branches no contact can take, drawn plain. */ ignored?: readonly string[] };
}

const COLORS = {
  node: { fill: "#f8fafc", stroke: "#94a3b8" },
  visited: { fill: "#dbeafe", stroke: "#1d4ed8" },
  edge: "#cbd5e1",
  taken: "#1d4ed8",
  takenError: "#c2410c",
  text: "#0f172a",
  muted: "#64748b",
  untaken: "#dc2626",
};

/**
 * The flow as SVG with the path highlighted: visited blocks filled and numbered in the
 * order they ran, taken branches and edges drawn thick (orange when an error branch).
 */
export function renderFlowSvg(doc: FlowDocument, path: readonly PathStep[], options: RenderOptions = {}): string {
  const graph = flowGraph(doc);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const visits = new Map<string, number[]>();
  const taken = new Set<string>(options.coverage?.taken);
  for (const id of options.coverage?.reached ?? []) visits.set(id, []);
  path.forEach((step, i) => {
    if (!byId.has(step.actionId)) return;
    visits.set(step.actionId, [...(visits.get(step.actionId) ?? []), step.number ?? i + 1]);
    const b = takenBranch(byId.get(step.actionId)!, step);
    if (b !== undefined) taken.add(`${step.actionId}#${b}`);
  });
  const marksUntaken = options.coverage !== undefined;
  const ignored = new Set(options.coverage?.ignored);
  const startTaken = marksUntaken ? visits.has(graph.start) : path.length > 0 && path[0]!.actionId === graph.start;

  const boxes = [...graph.nodes.map((n) => ({ x: n.at.x, y: n.at.y, w: n.width, h: n.height })), { x: graph.entry.x, y: graph.entry.y, w: ENTRY.width, h: ENTRY.height }];
  const minX = Math.min(...boxes.map((b) => b.x)) - MARGIN - 40;
  const minY = Math.min(...boxes.map((b) => b.y)) - MARGIN - (options.title ? 30 : 0);
  const maxX = Math.max(...boxes.map((b) => b.x + b.w)) + MARGIN + 60;
  const maxY = Math.max(...boxes.map((b) => b.y + b.h)) + MARGIN + 40;
  const width = maxX - minX;
  const height = maxY - minY;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="${fmt(minX)} ${fmt(minY)} ${fmt(width)} ${fmt(height)}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
  );
  out.push(
    "<defs>",
    ...(["edge", "taken", "takenError"] as const).map(
      // Sized in user units: scaled by stroke width, the thick taken edges got huge heads.
      (k) =>
        `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="${k === "edge" ? 8 : 11}" markerHeight="${k === "edge" ? 8 : 11}" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLORS[k]}"/></marker>`,
    ),
    "</defs>",
  );
  out.push(`<rect x="${fmt(minX)}" y="${fmt(minY)}" width="${fmt(width)}" height="${fmt(height)}" fill="#ffffff"/>`);
  if (options.title) out.push(`<text x="${fmt(minX + MARGIN)}" y="${fmt(minY + 22)}" font-size="14" font-weight="bold" fill="${COLORS.text}">${escapeXml(clip(options.title, 120))}</text>`);

  // Edges first so the blocks sit on top of them; taken edges last so they stay visible.
  const edges: { d: string; kind: "edge" | "taken" | "takenError" | "untaken" }[] = [];
  const start = byId.get(graph.start);
  if (start) edges.push({ d: curve({ x: graph.entry.x + ENTRY.width, y: graph.entry.y + ENTRY.height / 2 }, { x: start.at.x, y: start.at.y + HEADER / 2 }), kind: startTaken ? "taken" : "edge" });
  for (const n of graph.nodes) {
    n.branches.forEach((b, i) => {
      const target = byId.get(b.target);
      if (!target) return;
      const from = { x: n.at.x + n.width, y: n.at.y + HEADER + i * ROW + ROW / 2 };
      const d = target === n ? selfLoop(from, n) : curve(from, { x: target.at.x, y: target.at.y + HEADER / 2 });
      edges.push({ d, kind: taken.has(`${n.id}#${i}`) ? (b.kind === "error" ? "takenError" : "taken") : marksUntaken && !ignored.has(`${n.id}#${i}`) ? "untaken" : "edge" });
    });
  }
  edges.sort((a, b) => Number(a.kind !== "edge") - Number(b.kind !== "edge"));
  for (const e of edges) {
    const w = e.kind === "edge" || e.kind === "untaken" ? 1.2 : 3;
    const look = e.kind === "untaken" ? ` stroke-dasharray="5 4" class="untaken"` : e.kind === "edge" ? "" : ` class="taken"`;
    out.push(`<path d="${e.d}" fill="none" stroke="${COLORS[e.kind]}" stroke-width="${w}" marker-end="url(#arrow-${e.kind === "untaken" ? "edge" : e.kind})"${look}/>`);
  }

  out.push(
    `<g class="entry"><rect x="${fmt(graph.entry.x)}" y="${fmt(graph.entry.y)}" width="${ENTRY.width}" height="${ENTRY.height}" rx="14" fill="${startTaken ? COLORS.visited.fill : COLORS.node.fill}" stroke="${startTaken ? COLORS.visited.stroke : COLORS.node.stroke}"/>`,
    `<text x="${fmt(graph.entry.x + ENTRY.width / 2)}" y="${fmt(graph.entry.y + 18)}" text-anchor="middle" fill="${COLORS.text}">Entry</text></g>`,
  );

  for (const n of graph.nodes) {
    const seen = visits.get(n.id);
    const style = seen ? COLORS.visited : COLORS.node;
    out.push(`<g class="action${seen ? " visited" : ""}" data-id="${escapeXml(n.id)}">`);
    out.push(`<title>${escapeXml(`${n.type} — ${n.id}${seen ? ` — step ${seen.join(", ")}` : ""}${n.positioned ? "" : " (no position in the export)"}`)}</title>`);
    out.push(
      `<rect x="${fmt(n.at.x)}" y="${fmt(n.at.y)}" width="${n.width}" height="${n.height}" rx="6" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${seen ? 2 : 1}"${n.positioned ? "" : ` stroke-dasharray="4 3"`}/>`,
    );
    out.push(`<text x="${fmt(n.at.x + 8)}" y="${fmt(n.at.y + 15)}" font-weight="bold" fill="${COLORS.text}">${escapeXml(clip(n.type, 30))}</text>`);
    out.push(`<text x="${fmt(n.at.x + 8)}" y="${fmt(n.at.y + 29)}" fill="${COLORS.muted}">${escapeXml(clip(n.id, 31))}</text>`);
    if (n.branches.length === 0) out.push(`<text x="${fmt(n.at.x + 8)}" y="${fmt(n.at.y + HEADER + 12)}" fill="${COLORS.muted}" font-style="italic">(ends)</text>`);
    n.branches.forEach((b, i) => {
      const y = n.at.y + HEADER + i * ROW;
      const isTaken = taken.has(`${n.id}#${i}`);
      const untaken = marksUntaken && !isTaken && !ignored.has(`${n.id}#${i}`);
      const color = isTaken ? (b.kind === "error" ? COLORS.takenError : COLORS.taken) : untaken ? COLORS.untaken : b.kind === "error" ? "#9a3412" : COLORS.text;
      const missing = byId.has(b.target) ? "" : " → ?";
      const look = isTaken ? ` font-weight="bold" class="taken-branch"` : untaken ? ` font-style="italic" class="untaken-branch"` : "";
      out.push(`<text x="${fmt(n.at.x + n.width - 8)}" y="${fmt(y + 12)}" text-anchor="end" fill="${color}"${look}>${escapeXml((untaken ? "✗ " : "") + clip(b.label, 27) + missing)}</text>`);
      out.push(`<circle cx="${fmt(n.at.x + n.width)}" cy="${fmt(y + ROW / 2)}" r="3" fill="${isTaken ? color : COLORS.node.stroke}"/>`);
    });
    if (seen?.length) {
      const label = clip(seen.join(","), 12);
      const w = 10 + label.length * 6.5;
      out.push(
        `<rect x="${fmt(n.at.x - 6)}" y="${fmt(n.at.y - 10)}" width="${fmt(w)}" height="18" rx="9" fill="${COLORS.visited.stroke}"/>`,
        `<text x="${fmt(n.at.x - 6 + w / 2)}" y="${fmt(n.at.y + 3)}" text-anchor="middle" fill="#ffffff" font-weight="bold" class="order">${escapeXml(label)}</text>`,
      );
    }
    out.push("</g>");
  }

  const legendY = maxY - 16;
  out.push(
    `<g class="legend" fill="${COLORS.muted}">`,
    `<rect x="${fmt(minX + MARGIN)}" y="${fmt(legendY - 10)}" width="14" height="12" rx="3" fill="${COLORS.visited.fill}" stroke="${COLORS.visited.stroke}"/>`,
    `<text x="${fmt(minX + MARGIN + 20)}" y="${fmt(legendY)}">${marksUntaken ? "ran in some scenario" : "ran (numbers: order)"}</text>`,
    `<line x1="${fmt(minX + MARGIN + 150)}" y1="${fmt(legendY - 4)}" x2="${fmt(minX + MARGIN + 180)}" y2="${fmt(legendY - 4)}" stroke="${COLORS.taken}" stroke-width="3"/>`,
    `<text x="${fmt(minX + MARGIN + 186)}" y="${fmt(legendY)}">branch taken</text>`,
    `<line x1="${fmt(minX + MARGIN + 270)}" y1="${fmt(legendY - 4)}" x2="${fmt(minX + MARGIN + 300)}" y2="${fmt(legendY - 4)}" stroke="${COLORS.takenError}" stroke-width="3"/>`,
    `<text x="${fmt(minX + MARGIN + 306)}" y="${fmt(legendY)}">error branch taken</text>`,
    marksUntaken
      ? `<line x1="${fmt(minX + MARGIN + 420)}" y1="${fmt(legendY - 4)}" x2="${fmt(minX + MARGIN + 450)}" y2="${fmt(legendY - 4)}" stroke="${COLORS.untaken}" stroke-dasharray="5 4"/><text x="${fmt(minX + MARGIN + 456)}" y="${fmt(legendY)}">✗ never taken</text>`
      : `<text x="${fmt(minX + MARGIN + 420)}" y="${fmt(legendY)}">${escapeXml(`${path.length} step${path.length === 1 ? "" : "s"} in this flow`)}</text>`,
    "</g>",
  );
  out.push("</svg>");
  return out.join("\n");
}

function curve(from: Point, to: Point): string {
  const dx = Math.max(40, Math.abs(to.x - from.x) / 2);
  return `M${fmt(from.x)},${fmt(from.y)} C${fmt(from.x + dx)},${fmt(from.y)} ${fmt(to.x - dx)},${fmt(to.y)} ${fmt(to.x)},${fmt(to.y)}`;
}

function selfLoop(from: Point, n: GraphNode): string {
  const top = n.at.y;
  const mid = n.at.x + n.width / 2;
  return `M${fmt(from.x)},${fmt(from.y)} C${fmt(from.x + 50)},${fmt(from.y)} ${fmt(from.x + 50)},${fmt(top - 40)} ${fmt(mid)},${fmt(top - 30)} L${fmt(mid)},${fmt(top)}`;
}
