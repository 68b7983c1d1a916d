/**
 * Readable text for what a scenario saw: the chat transcript, the flow path, the contact
 * attributes, HTTP exchanges. Pure functions from data to text, so they are tested
 * without cucumber; attachments.ts attaches their output.
 */
import type { AttributeChange, TraceStep } from "../../simulators/connect/flow/trace.js";
import { isSecretKey, REDACTED, redactBody, redactHeaders, redactJson, redactText, redactUrl } from "./redact.js";

/** A chat item as the Participant API returns it (GetTranscript `Item`, or a websocket `aws/chat` item). */
export interface TranscriptItem {
  AbsoluteTime?: string;
  Id?: string;
  Type?: string;
  ContentType?: string;
  Content?: string;
  ParticipantId?: string;
  ParticipantRole?: string;
  DisplayName?: string;
  Attachments?: { AttachmentName?: string; ContentType?: string; AttachmentId?: string; Status?: string }[];
  MessageMetadata?: unknown;
  [key: string]: unknown;
}

/** One HTTP request and its answer (the Webex scenarios' Salesforce calls). */
export interface HttpExchange {
  method: string;
  url: string;
  requestHeaders?: Record<string, string | string[] | undefined>;
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string | string[] | undefined>;
  responseBody?: string;
  durationMs?: number;
  /** When no answer came (connection refused, timeout...). */
  error?: string;
}

const EVENT_PREFIX = "application/vnd.amazonaws.connect.event.";

function time(iso: string | undefined): string {
  if (!iso) return "            ";
  const m = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(iso);
  return (m ? m[1]! : iso).padEnd(12).slice(0, 12);
}

/** The transcript as a reader would follow the chat: time, role, who, what. */
export function renderTranscript(items: readonly TranscriptItem[]): string {
  if (items.length === 0) return "(no chat items)\n";
  const lines = items.map((item) => {
    const role = (item.ParticipantRole ?? "").padEnd(8);
    const who = item.DisplayName ? `${item.DisplayName}: ` : "";
    const contentType = item.ContentType ?? "";
    let what: string;
    if (item.Type === "EVENT" || contentType.startsWith(EVENT_PREFIX)) {
      what = `[event ${contentType.startsWith(EVENT_PREFIX) ? contentType.slice(EVENT_PREFIX.length) : contentType}]${item.DisplayName ? ` ${item.DisplayName}` : ""}`;
    } else if (item.Type === "ATTACHMENT") {
      const files = (item.Attachments ?? []).map((a) => `${a.AttachmentName ?? "?"} (${a.ContentType ?? "?"}, ${a.Status ?? "?"})`).join(", ");
      what = `${who}[attachment] ${files}`;
    } else if (item.Type === "MESSAGEMETADATA") {
      what = `[receipt] ${JSON.stringify(redactJson(item.MessageMetadata ?? {}))}`;
    } else {
      const content = item.Content ?? "";
      const shown = contentType && contentType !== "text/plain" && contentType !== "text/markdown" ? `[${contentType}] ${content}` : content;
      what = `${who}${shown}`;
    }
    return `${time(item.AbsoluteTime)}  ${role}  ${redactText(what).replace(/\r?\n/g, "\n" + " ".repeat(24))}`;
  });
  return `${lines.join("\n")}\n`;
}

/** `+m:ss.mmm` from the origin; callers pass offsets that are never negative (`originOf`). */
function elapsed(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  const seconds = ((ms % 60000) / 1000).toFixed(3).padStart(6, "0");
  return `+${minutes}:${seconds}`;
}

function duration(ms: number): string {
  if (ms >= 60000) {
    const seconds = Math.round((ms % 60000) / 1000);
    return `${Math.floor(ms / 60000)} min${seconds ? ` ${seconds} s` : ""}`;
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`;
}

function change(c: AttributeChange): string {
  const show = (v: string | undefined) => (v === undefined ? "(unset)" : isSecretKey(c.key) ? REDACTED : JSON.stringify(redactText(v)));
  return `${c.scope}.${c.key}: ${show(c.from)} → ${show(c.to)}`;
}

/**
 * Where times count from: the scenario's start on the target's clock, or the earliest time
 * given when the start is unknown or later (another clock), so no offset is negative.
 */
function originOf(times: readonly number[], scenarioStart: number | undefined): number {
  const earliest = Math.min(...times);
  return scenarioStart === undefined || scenarioStart > earliest ? earliest : scenarioStart;
}

/**
 * The path through the flows as a numbered list: which flow started and why, each action
 * with the branch it took, what it changed and how long it waited, and how each flow ended.
 * Steps of several contacts are merged in time order; times are offsets from the
 * scenario's start on the target's clock.
 */
/** One block a contact ran, as an instance's flow log tells it (support/drivers/flow-logs.ts). */
export interface LoggedPathBlock {
  flowName: string;
  actionId: string;
  actionType: string;
  at: number;
}

/** A contact's path read from flow logs: the blocks in order, with no branches (the logs do not tell them). */
export function renderLoggedPath(blocks: readonly LoggedPathBlock[], logGroup: string, scenarioStart?: number): string {
  if (blocks.length === 0) return `(no block in the flow logs of ${logGroup})\n`;
  const origin = originOf(blocks.map((b) => b.at), scenarioStart);
  const lines = blocks.map((b, i) => `${elapsed(b.at - origin)}  ${String(i + 1).padStart(3)}. ${b.actionType} [${b.actionId}] in "${b.flowName}"`);
  return `${lines.join("\n")}\n(read from the flow logs in ${logGroup}; they do not tell the branch a block took)\n`;
}

export function renderFlowPath(trace: readonly TraceStep[], scenarioStart?: number): string {
  if (trace.length === 0) return "(no flow ran)\n";
  const origin = originOf(trace.map((s) => s.at), scenarioStart);
  const lines: string[] = [];
  let n = 0;
  // A stable sort: steps at the same moment keep the order the simulator recorded them in.
  for (const s of [...trace].sort((a, b) => a.at - b.at)) {
    const at = elapsed(s.at - origin);
    switch (s.kind) {
      case "flow-start":
        lines.push(`${at}  ▶ flow "${s.flowName}" (${s.flowType}) started: ${s.reason}  [contact ${s.contactId}]`);
        break;
      case "action": {
        n += 1;
        const extra = [s.result !== undefined ? `result ${JSON.stringify(s.result)}` : "", s.waitedMs ? `waited ${duration(s.waitedMs)}` : ""].filter(Boolean).join(", ");
        lines.push(`${at}  ${String(n).padStart(3)}. ${s.actionType} [${s.actionId}] → ${s.branch}${extra ? `  (${extra})` : ""}`);
        if (s.detail) lines.push(`${" ".repeat(19)}${redactText(s.detail)}`);
        for (const c of s.changes ?? []) lines.push(`${" ".repeat(19)}${change(c)}`);
        break;
      }
      case "flow-end":
        lines.push(`${at}  ■ flow "${s.flowName}" ended: ${s.reason}${s.detail ? ` (${redactText(s.detail)})` : ""}`);
        break;
      case "note":
        lines.push(`${at}  • ${redactText(s.detail)}`);
        break;
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Something a caller heard (a prompt) or did (pressed keys, hung up), at a time on the target's clock. */
export interface CallEvent {
  at: number;
  kind: "heard" | "pressed" | "hung up";
  /** The block that played the prompt. */
  actionId?: string;
  text: string;
}

/** A call as the caller lived it, in order: what they heard and pressed, with times from the scenario's start. */
export function renderCallLog(events: readonly CallEvent[], scenarioStart?: number): string {
  if (events.length === 0) return "(the caller heard nothing and pressed nothing)\n";
  const origin = originOf(events.map((e) => e.at), scenarioStart);
  const lines = [...events]
    .sort((a, b) => a.at - b.at)
    .map((e) => `${elapsed(e.at - origin)}  ${e.kind.padEnd(7)}  ${e.actionId ? `[${e.actionId}] ` : ""}${redactText(e.text)}`.trimEnd());
  return `${lines.join("\n")}\n`;
}

/** Contact attributes with secret-named values hidden, keys sorted for stable diffs. */
export function safeAttributes(attributes: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(attributes).sort()) {
    const value = attributes[key];
    if (value === undefined) continue;
    out[key] = isSecretKey(key) ? REDACTED : redactText(value);
  }
  return out;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Attributes as CSV (Allure shows text/csv as a table). */
export function renderAttributesCsv(attributes: Readonly<Record<string, string | undefined>>): string {
  const rows = Object.entries(safeAttributes(attributes)).map(([k, v]) => `${csvField(k)},${csvField(v)}`);
  return `name,value\n${rows.join("\n")}${rows.length ? "\n" : ""}`;
}

function headerLines(prefix: string, headers: Record<string, string | string[] | undefined> | undefined): string[] {
  return Object.entries(redactHeaders(headers) ?? {}).map(([k, v]) => `${prefix} ${k}: ${v}`);
}

function contentTypeOf(headers: Record<string, string | string[] | undefined> | undefined): string {
  const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "content-type");
  return entry ? String(entry[1]) : "";
}

/** The exchange with credentials removed: URL user info and secret parameters, secret headers, secret body fields. */
export function safeExchange(x: HttpExchange): HttpExchange {
  return {
    ...x,
    url: redactUrl(x.url),
    requestHeaders: redactHeaders(x.requestHeaders),
    requestBody: x.requestBody === undefined ? undefined : redactBody(x.requestBody, contentTypeOf(x.requestHeaders)),
    responseHeaders: redactHeaders(x.responseHeaders),
    responseBody: x.responseBody === undefined ? undefined : redactBody(x.responseBody, contentTypeOf(x.responseHeaders)),
    error: x.error === undefined ? undefined : redactText(x.error),
  };
}

/** HTTP exchanges in the style of `curl -v`: `>` what was sent, `<` what came back. */
export function renderHttpExchanges(exchanges: readonly HttpExchange[]): string {
  if (exchanges.length === 0) return "(no HTTP exchanges)\n";
  const blocks = exchanges.map((raw, i) => {
    const x = safeExchange(raw);
    const outcome = x.error ? `failed: ${x.error}` : x.status !== undefined ? String(x.status) : "(no answer recorded)";
    const lines = [`#${i + 1} ${x.method.toUpperCase()} ${x.url} → ${outcome}${x.durationMs !== undefined ? ` (${x.durationMs} ms)` : ""}`];
    lines.push(...headerLines(">", x.requestHeaders));
    if (x.requestBody) lines.push(...x.requestBody.split(/\r?\n/).map((l) => `> ${l}`));
    if (x.status !== undefined) lines.push(`< ${x.status}`);
    lines.push(...headerLines("<", x.responseHeaders));
    if (x.responseBody) lines.push(...x.responseBody.split(/\r?\n/).map((l) => `< ${l}`));
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}
