/**
 * Flow coverage for people: a one-line summary (the report's Environment panel), a table
 * per flow (`npm run coverage`), the branches never taken, and an HTML page with the table
 * and each flow's picture, untaken branches marked (written beside the Allure report).
 */
import { escapeXml, flowGraph, renderFlowSvg } from "./flow-graph.js";
import { branchKey, coverableBranches, labelOf, numbersOf, share, type FlowCoverage, type Ratio } from "./flow-coverage.js";

export const COVERAGE_PAGE = "flow-coverage.html";

const percent = (r: Ratio) => (r.total === 0 ? "—" : `${Math.floor(share(r) * 100)}%`);
const ratio = (r: Ratio) => `${r.hit}/${r.total}`;

function totals(flows: readonly FlowCoverage[]): { blocks: Ratio; branches: Ratio } {
  const sum = { blocks: { hit: 0, total: 0 }, branches: { hit: 0, total: 0 } };
  for (const f of flows) {
    const n = numbersOf(f);
    sum.blocks.hit += n.blocks.hit;
    sum.blocks.total += n.blocks.total;
    sum.branches.hit += n.branches.hit;
    sum.branches.total += n.branches.total;
  }
  return sum;
}

/** "12 flows: blocks 84% (120/143), branches 61% (80/131)". */
export function summaryLine(flows: readonly FlowCoverage[]): string {
  const t = totals(flows);
  return `${flows.length} flow${flows.length === 1 ? "" : "s"}: blocks ${percent(t.blocks)} (${ratio(t.blocks)}), branches ${percent(t.branches)} (${ratio(t.branches)})`;
}

/** Every flow, worst branch coverage first: the flows that need scenarios head the list. */
function worstFirst(flows: readonly FlowCoverage[]): FlowCoverage[] {
  return [...flows].sort((a, b) => share(numbersOf(a).branches) - share(numbersOf(b).branches) || a.name.localeCompare(b.name));
}

export function coverageTable(flows: readonly FlowCoverage[]): string {
  const rows = worstFirst(flows).map((f) => {
    const n = numbersOf(f);
    return [labelOf(f, flows), f.type, `${percent(n.blocks)} ${ratio(n.blocks)}`, `${percent(n.branches)} ${ratio(n.branches)}`, String(f.scenarios)];
  });
  const head = ["flow", "type", "blocks", "branches", "scenarios"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), "", `all: ${summaryLine(flows)}`].join("\n");
}

/** The blocks that never ran and the branches never taken, as `block → branch`. */
export function untaken(flow: FlowCoverage): { blocks: string[]; branches: string[] } {
  const reached = new Set(flow.reached);
  const taken = new Set(flow.taken);
  const nodes = flowGraph(flow.doc).nodes;
  return {
    blocks: nodes.filter((n) => !reached.has(n.id)).map((n) => `${n.id} (${n.type})`),
    branches: nodes.flatMap((n) =>
      coverableBranches(n).flatMap((i) => {
        const b = n.branches[i]!;
        return taken.has(branchKey(n.id, i)) ? [] : [`${n.id} → ${b.kind === "next" ? b.label : b.kind === "error" ? `Error: ${b.label}` : `Condition: ${b.label}`}`];
      }),
    ),
  };
}

const STYLE = `body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#0f172a}table{border-collapse:collapse;margin:12px 0}
td,th{border:1px solid #cbd5e1;padding:4px 10px;text-align:left}td.n{text-align:right}section{margin:32px 0}
.low{color:#c2410c;font-weight:bold}ul{columns:2}svg{max-width:100%;height:auto;border:1px solid #e2e8f0}`;

/** The page beside the report: the table, then each flow's picture and what it never did. */
export function coverageHtml(flows: readonly FlowCoverage[], title = "Flow coverage"): string {
  const ordered = worstFirst(flows);
  const row = (f: FlowCoverage) => {
    const n = numbersOf(f);
    const cell = (r: Ratio) => `<td class="n${share(r) < 0.5 ? " low" : ""}">${percent(r)} (${ratio(r)})</td>`;
    return `<tr><td><a href="#flow-${escapeXml(f.sha)}">${escapeXml(labelOf(f, flows))}</a></td><td>${escapeXml(f.type)}</td>${cell(n.blocks)}${cell(n.branches)}<td class="n">${f.scenarios}</td></tr>`;
  };
  const section = (f: FlowCoverage) => {
    const missed = untaken(f);
    const list = (items: string[], none: string) => (items.length ? `<ul>${items.map((i) => `<li>${escapeXml(i)}</li>`).join("")}</ul>` : `<p>${none}</p>`);
    const ignored = flowGraph(f.doc).nodes.flatMap((n) => n.branches.map((_, i) => i).filter((i) => !coverableBranches(n).includes(i)).map((i) => branchKey(n.id, i)));
    const svg = renderFlowSvg(f.doc, [], { title: `${labelOf(f, flows)} — coverage`, coverage: { reached: f.reached, taken: f.taken, ignored } });
    return `<section id="flow-${escapeXml(f.sha)}"><h2>${escapeXml(labelOf(f, flows))}</h2>${svg}<h3>Blocks never run</h3>${list(missed.blocks, "None.")}<h3>Branches never taken</h3>${list(missed.branches, "None.")}</section>`;
  };
  return [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(title)}</h1><p>${escapeXml(summaryLine(flows))}, over every scenario of the run.</p>`,
    `<table><tr><th>flow</th><th>type</th><th>blocks run</th><th>branches taken</th><th>scenarios</th></tr>${ordered.map(row).join("")}</table>`,
    ...ordered.map(section),
    "</body></html>\n",
  ].join("\n");
}
