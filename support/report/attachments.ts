/**
 * What the World attaches to a scenario's Allure result. Attachments go through
 * cucumber's `this.attach(data, { mediaType, fileName })`: allure-cucumberjs turns each
 * into an Allure attachment named by `fileName` (its extension picks the file type) inside
 * the step that was running, and flowsim's formatter puts what an `After` hook attaches on
 * the scenario's result itself. So the evidence below shows on the result, and an HTTP
 * exchange attached during a step shows in that step.
 *
 *   After(async function (this: FlowsimWorld) {
 *     await attachEvidence(this, { transcript, events, attributes, trace, flows: (id) => ... });
 *   });
 */
import type { FlowDocument } from "../../simulators/connect/flow/model.js";
import type { TraceStep } from "../../simulators/connect/flow/trace.js";
import { RUN_FACTS_MEDIA_TYPE, safeFacts, type RunFacts } from "./environment.js";
import { pathThrough, renderFlowSvg } from "./flow-graph.js";
import { redactJson, redactText } from "./redact.js";
import {
  renderAttributesCsv,
  renderCallLog,
  renderFlowPath,
  renderHttpExchanges,
  renderLoggedPath,
  renderTranscript,
  safeAttributes,
  safeExchange,
  type CallEvent,
  type HttpExchange,
  type LoggedPathBlock,
  type TranscriptItem,
} from "./render.js";

/** The part of a cucumber World this library needs. */
export interface Attacher {
  attach(data: string, options: { mediaType: string; fileName?: string }): void | Promise<void>;
}

export interface Attachment {
  /** Shown in the report; its extension decides the stored file's extension. */
  fileName: string;
  mediaType: string;
  content: string;
}

/** A flow by the id the trace uses, for its picture. */
export type FlowLookup = (flowId: string) => { name: string; doc: FlowDocument } | undefined;

/** One contact's attributes, named by the role it plays in the scenario ("call", "customer chat", "task"). */
export interface ContactAttributes {
  contact: string;
  attributes: Readonly<Record<string, string | undefined>>;
}

/** What one caller heard and pressed. */
export interface CallLog {
  caller: string;
  events: readonly CallEvent[];
}

export interface ScenarioEvidence {
  /** The target's time when the scenario started (epoch ms): every time shown counts from it. */
  scenarioStart?: number;
  /** The chat as the customer saw it (GetTranscript items or websocket items, in order). */
  transcript?: readonly TranscriptItem[];
  /** Every websocket frame or event received, in arrival order, as recorded. */
  events?: readonly unknown[];
  /** Each contact's own attributes at the end of the scenario. */
  attributes?: readonly ContactAttributes[];
  /** Each simulated call, as its caller lived it. */
  calls?: readonly CallLog[];
  /** The simulator's trace of the contact (and its related contacts). */
  trace?: readonly TraceStep[];
  /** Finds each traced flow's document, for one path picture per flow. */
  flows?: FlowLookup;
  /** Where there is no trace (staging): each contact's blocks from the instance's flow logs. */
  loggedPaths?: readonly { contact: string; logGroup: string; blocks: readonly LoggedPathBlock[]; unreadable?: string }[];
  http?: readonly HttpExchange[];
}

const json = (value: unknown) => `${JSON.stringify(redactJson(value), null, 2)}\n`;

function safeName(name: string): string {
  // The name becomes a file extension source and a report label: keep it on one line.
  return name.replace(/[\r\n\t/\\]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 80) || "flow";
}

export function transcriptAttachments(items: readonly TranscriptItem[]): Attachment[] {
  return [
    { fileName: "chat transcript.txt", mediaType: "text/plain", content: renderTranscript(items) },
    { fileName: "chat transcript.json", mediaType: "application/json", content: json(items) },
  ];
}

export function eventLogAttachment(events: readonly unknown[]): Attachment {
  return { fileName: "websocket events.json", mediaType: "application/json", content: json(events) };
}

export function attributesAttachments({ contact, attributes }: ContactAttributes): Attachment[] {
  const name = `contact attributes - ${safeName(contact)}`;
  return [
    { fileName: `${name}.csv`, mediaType: "text/csv", content: renderAttributesCsv(attributes) },
    { fileName: `${name}.json`, mediaType: "application/json", content: json(safeAttributes(attributes)) },
  ];
}

/** What the caller heard and pressed, in order, with times from the scenario's start. */
export function callAttachments({ caller, events }: CallLog, scenarioStart?: number): Attachment[] {
  const name = `call - ${safeName(caller)}`;
  return [
    { fileName: `${name}.txt`, mediaType: "text/plain", content: renderCallLog(events, scenarioStart) },
    { fileName: `${name}.json`, mediaType: "application/json", content: json(events) },
  ];
}

/** The readable path, plus one SVG picture per flow the contact went through (in order of entry). */
export function flowPathAttachments(trace: readonly TraceStep[], flows?: FlowLookup, scenarioStart?: number): Attachment[] {
  const out: Attachment[] = [{ fileName: "flow path.txt", mediaType: "text/plain", content: renderFlowPath(trace, scenarioStart) }];
  if (!flows) return out;
  const seen = new Set<string>();
  for (const step of trace) {
    if (step.kind === "note" || seen.has(step.flowId)) continue;
    seen.add(step.flowId);
    const flow = flows(step.flowId);
    if (!flow) continue;
    const title = `${flow.name} — path of the contact`;
    out.push({ fileName: `flow path - ${safeName(flow.name)}.svg`, mediaType: "image/svg+xml", content: renderFlowSvg(flow.doc, pathThrough(trace, step.flowId), { title }) });
  }
  return out;
}

export function httpAttachments(exchanges: readonly HttpExchange[], name = "http exchanges"): Attachment[] {
  return [
    { fileName: `${safeName(name)}.txt`, mediaType: "text/plain", content: renderHttpExchanges(exchanges) },
    { fileName: `${safeName(name)}.json`, mediaType: "application/json", content: json(exchanges.map(safeExchange)) },
  ];
}

/** Every attachment for a scenario's evidence; parts not given are left out. */
export function evidenceAttachments(evidence: ScenarioEvidence): Attachment[] {
  return [
    ...(evidence.transcript ? transcriptAttachments(evidence.transcript) : []),
    ...(evidence.events ? [eventLogAttachment(evidence.events)] : []),
    ...(evidence.calls ?? []).flatMap((call) => callAttachments(call, evidence.scenarioStart)),
    ...(evidence.attributes ?? []).flatMap(attributesAttachments),
    ...(evidence.trace ? flowPathAttachments(evidence.trace, evidence.flows, evidence.scenarioStart) : []),
    ...(evidence.loggedPaths ?? []).map((p) => ({ fileName: `flow path - ${safeName(p.contact)}.txt`, mediaType: "text/plain", content: p.unreadable ? `(the flow logs in ${p.logGroup} could not be read: ${redactText(p.unreadable)})\n` : renderLoggedPath(p.blocks, p.logGroup, evidence.scenarioStart) })),
    ...(evidence.http && evidence.http.length ? httpAttachments(evidence.http) : []),
  ];
}

export async function attach(world: Attacher, attachments: readonly Attachment[]): Promise<void> {
  for (const a of attachments) await world.attach(a.content, { mediaType: a.mediaType, fileName: a.fileName });
}

/** Attaches everything in `evidence` to the running scenario. */
export async function attachEvidence(world: Attacher, evidence: ScenarioEvidence): Promise<void> {
  await attach(world, evidenceAttachments(evidence));
}

/** Attaches one HTTP exchange to the running step (call it right after the request). */
export async function attachHttpExchange(world: Attacher, exchange: HttpExchange): Promise<void> {
  await attach(world, httpAttachments([exchange], `${exchange.method.toUpperCase()} ${hostAndPath(exchange.url)}`));
}

function hostAndPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/**
 * Tells the report what the run is talking to (target, endpoint, instance id, region) once
 * it is known, e.g. from the Before hook that set the target up. flowsim's formatter puts
 * these in the report's Environment panel rather than in the scenario; secret-named facts
 * are dropped before they leave the World.
 */
export async function reportRunFacts(world: Attacher, facts: RunFacts): Promise<void> {
  await world.attach(JSON.stringify(safeFacts(facts)), { mediaType: RUN_FACTS_MEDIA_TYPE });
}
