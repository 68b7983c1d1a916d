/**
 * Flows and flow modules as the Connect API manages them: created SAVED or PUBLISHED,
 * updated, renamed, archived, deleted. Only PUBLISHED content runs, and only after it
 * passes the flow engine's loader; the runnable flow goes to the runtime (`publish`), so
 * contacts, Transfer to flow, event hooks and Invoke module find it by id, ARN or name.
 *
 * A SAVED draft is kept here only: the runtime never sees it. `id:$SAVED` addresses the
 * latest draft, the bare id the published content — or, for a flow never published, the
 * draft ("After a flow is published, $SAVED needs to be supplied to view saved content
 * that has not been published"). So DescribeContactFlow never needs
 * ContactFlowNotPublishedException: there is always content to show. Flow versions
 * (`id:3`) are not kept; asking for one is "not found".
 */
import { createHash } from "node:crypto";
import { DISPLAY_NAMES, type FlowType } from "../flow/flow-types.js";
import { loadFlowText, MAX_FLOW_DEPTH } from "../flow/load.js";
import { pathDeeperThan } from "../../kernel/json-depth.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { Problem } from "../../kernel/problems.js";
import { FlowContentRefusal, Refusal } from "./refusals.js";
import type { FlowDefinition, Store } from "./resources.js";
import type { Runtime } from "./runtime.js";

export type FlowKind = "flow" | "module";

export interface FlowInput {
  name: string;
  /** ContactFlowType; modules are always MODULE. */
  type?: FlowType;
  content: string;
  description?: string;
  status?: "PUBLISHED" | "SAVED";
  tags?: Record<string, string>;
  /** Module Settings (a JSON string). */
  settings?: string;
  externalInvocation?: { Enabled?: boolean };
  /** A fixed id (the instance's default flows); otherwise a new one. */
  id?: string;
}

/** One way of looking at a flow: its published content, or the latest draft. */
export interface FlowView {
  definition: FlowDefinition;
  content: string;
  status: "PUBLISHED" | "SAVED";
  sha256: string;
}

const ARN_KIND: Record<FlowKind, string> = { flow: "contact-flow", module: "flow-module" };

function stores(rt: Runtime, kind: FlowKind): { defs: Store<FlowDefinition>; live: Store<LoadedFlow> } {
  return kind === "module" ? { defs: rt.resources.moduleDefinitions, live: rt.resources.modules } : { defs: rt.resources.flowDefinitions, live: rt.resources.flows };
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Keeps the definitions in line with what the runtime runs: a flow published outside
 * the API (a flows folder, the control plane) gets a definition, one replaced there is
 * refreshed, and one withdrawn there keeps only its draft.
 */
export function syncDefinitions(rt: Runtime, kind: FlowKind): void {
  const { defs, live } = stores(rt, kind);
  const now = rt.clock.now();
  for (const flow of live.all()) {
    const def = defs.get(flow.id);
    if (def?.published?.flow === flow) continue;
    const content = JSON.stringify(flow.doc);
    if (!def) {
      defs.add({ id: flow.id, arn: flow.arn, name: flow.name, kind, type: flow.flowType, state: "ACTIVE", status: "PUBLISHED", content, published: { content, flow }, tags: {}, createdTime: now, lastModifiedTime: now });
    } else {
      Object.assign(def, { arn: flow.arn, name: flow.name, type: flow.flowType, status: "PUBLISHED", content, published: { content, flow }, lastModifiedTime: now });
    }
  }
  for (const def of defs.all()) {
    if (def.published && live.get(def.id) !== def.published.flow) {
      def.published = undefined;
      def.status = "SAVED";
    }
  }
}

/** Splits `id:$SAVED` / `arn:...:contact-flow/id:$SAVED` into the reference and its alias. */
function splitAlias(ref: string): { base: string; alias?: string } {
  const slash = ref.lastIndexOf("/");
  const colon = ref.indexOf(":", slash + 1);
  // A bare id has no colon; an ARN without a slash is not a flow ARN and is left whole.
  if (colon < 0 || (slash < 0 && ref.startsWith("arn:"))) return { base: ref };
  return { base: ref.slice(0, colon), alias: ref.slice(colon + 1) };
}

/** A flow of this instance by id or ARN (flows are addressed by identifier, never by name, in the API). */
function lookup(rt: Runtime, kind: FlowKind, ref: string): { def: FlowDefinition; alias?: string } {
  syncDefinitions(rt, kind);
  const { defs } = stores(rt, kind);
  const { base, alias } = splitAlias(ref.trim());
  const prefix = `${rt.instance.arn}/${ARN_KIND[kind]}/`;
  const id = base.startsWith(prefix) ? base.slice(prefix.length) : base;
  const def = defs.get(id);
  if (!def) throw new Refusal("not-found", `${kind === "module" ? "Flow module" : "Flow"} not found: ${ref}`);
  if (alias !== undefined && alias !== "$SAVED") throw new Refusal("not-found", `${kind === "module" ? "Flow module" : "Flow"} version ${alias} not found: flowsim keeps no flow versions, only the published content and the $SAVED draft`);
  return { def, alias };
}

export function findDefinition(rt: Runtime, kind: FlowKind, ref: string): FlowDefinition {
  return lookup(rt, kind, ref).def;
}

export function describeFlow(rt: Runtime, kind: FlowKind, ref: string): FlowView {
  const { def, alias } = lookup(rt, kind, ref);
  if (alias === undefined && def.published) return { definition: def, content: def.published.content, status: "PUBLISHED", sha256: sha256(def.published.content) };
  return { definition: def, content: def.content, status: def.status, sha256: sha256(def.content) };
}

export function listFlows(rt: Runtime, kind: FlowKind): FlowDefinition[] {
  syncDefinitions(rt, kind);
  return stores(rt, kind).defs.all();
}

/** One problem as the service reports it: where (action and JSON path) and why. */
export function problemMessage(p: Problem): string {
  const where = p.message.includes(`Path: ${p.path}`) ? "" : `${p.message.endsWith(".") ? "" : "."} Path: ${p.path}`;
  const action = p.action !== undefined ? `Action ${p.action}${p.actionType ? ` (${p.actionType})` : ""}: ` : "";
  return `${action}${p.message}${where}`;
}

/** Module Settings given beside the content become the document's `Settings`, where the loader and InvokeFlowModule read them. */
function withSettings(content: string, settings: string | undefined): { text: string; problems: string[] } {
  if (settings === undefined) return { text: content, problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(settings);
  } catch (err) {
    return { text: content, problems: [`Settings is not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const deep = pathDeeperThan(parsed, MAX_FLOW_DEPTH);
  if (deep !== undefined) return { text: content, problems: [`Settings ${deep} is nested more than ${MAX_FLOW_DEPTH} levels deep`] };
  try {
    const doc = JSON.parse(content) as unknown;
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { text: content, problems: [] };
    return { text: JSON.stringify({ ...doc, Settings: parsed }), problems: [] };
  } catch {
    // The loader reports the content's own JSON error.
    return { text: content, problems: [] };
  }
}

/** Loads content for publishing; every error becomes one problem message. */
function loadForPublish(kind: FlowKind, def: Pick<FlowDefinition, "id" | "arn" | "name" | "type">, content: string, settings: string | undefined): LoadedFlow {
  const merged = kind === "module" ? withSettings(content, settings) : { text: content, problems: [] };
  if (merged.problems.length) throw new FlowContentRefusal(kind, merged.problems);
  const flow = loadFlowText(merged.text, `<api:${def.name}>`, { flowType: def.type as FlowType, id: def.id, arn: def.arn, name: def.name });
  const errors = flow.problems.filter((p) => p.severity === "error");
  if (errors.length) throw new FlowContentRefusal(kind, errors.map(problemMessage));
  return flow;
}

function publishDefinition(rt: Runtime, def: FlowDefinition, content: string): void {
  const flow = loadForPublish(def.kind, def, content, def.settings);
  const published = rt.publish(flow, { id: def.id, name: def.name });
  def.published = { content, flow: published };
}

function assertNameFree(rt: Runtime, kind: FlowKind, name: string, self?: string): void {
  syncDefinitions(rt, kind);
  const taken = stores(rt, kind).defs.all().find((d) => d.name === name && d.id !== self);
  if (taken) throw new Refusal("duplicate", `${kind === "module" ? "A flow module" : "A flow"} named "${name}" already exists (${taken.id})`);
}

export function createFlow(rt: Runtime, kind: FlowKind, input: FlowInput): FlowView {
  assertNameFree(rt, kind, input.name);
  const id = input.id ?? rt.ids.uuid();
  const now = rt.clock.now();
  const type = kind === "module" ? "MODULE" : input.type ?? "CONTACT_FLOW";
  const def: FlowDefinition = {
    id,
    arn: rt.resources.arn(ARN_KIND[kind], id),
    name: input.name,
    kind,
    type,
    description: input.description,
    state: "ACTIVE",
    // Modules have no Status on create: the service publishes them.
    status: kind === "module" ? "PUBLISHED" : input.status ?? "PUBLISHED",
    content: input.content,
    settings: input.settings,
    externalInvocation: input.externalInvocation,
    tags: { ...input.tags },
    createdTime: now,
    lastModifiedTime: now,
  };
  // "The PUBLISHED status will initiate validation on the content. the SAVED status does not."
  if (def.status === "PUBLISHED") publishDefinition(rt, def, input.content);
  stores(rt, kind).defs.add(def);
  return describeFlow(rt, kind, id);
}

/**
 * New content: with the `:$SAVED` alias it is stored as the draft without validation (the
 * published content keeps running); otherwise it is validated and published.
 */
export function updateFlowContent(rt: Runtime, kind: FlowKind, ref: string, update: { content?: string; settings?: string }): FlowView {
  const { def, alias } = lookup(rt, kind, ref);
  const content = update.content ?? def.content;
  if (alias === "$SAVED") {
    def.content = content;
    if (update.settings !== undefined) def.settings = update.settings;
    def.status = "SAVED";
  } else {
    const previousSettings = def.settings;
    if (update.settings !== undefined) def.settings = update.settings;
    try {
      publishDefinition(rt, def, content);
    } catch (err) {
      def.settings = previousSettings;
      throw err;
    }
    def.content = content;
    def.status = "PUBLISHED";
  }
  def.lastModifiedTime = rt.clock.now();
  return describeFlow(rt, kind, def.id);
}

export function updateFlowMetadata(rt: Runtime, kind: FlowKind, ref: string, update: { name?: string; description?: string; state?: "ACTIVE" | "ARCHIVED" }): FlowDefinition {
  const { def } = lookup(rt, kind, ref);
  if (update.name !== undefined && update.name !== def.name) {
    assertNameFree(rt, kind, update.name, def.id);
    def.name = update.name;
    // The runtime finds flows by name too, so the running copy takes the new name.
    if (def.published) def.published = { content: def.published.content, flow: rt.publish(def.published.flow, { id: def.id, name: def.name }) };
  }
  if (update.description !== undefined) def.description = update.description;
  // Archived flows and modules keep running ("Archived modules still execute"); the state is bookkeeping.
  if (update.state !== undefined) def.state = update.state;
  def.lastModifiedTime = rt.clock.now();
  return def;
}

export function deleteFlow(rt: Runtime, kind: FlowKind, ref: string): void {
  const { def } = lookup(rt, kind, ref);
  const { defs, live } = stores(rt, kind);
  defs.remove(def.id);
  live.remove(def.id);
}

/** The flow type of a flow of this instance, published or only saved (quick connects and templates may name either). */
export function flowTypeOf(rt: Runtime, ref: string): { def: FlowDefinition; type: FlowType } | undefined {
  try {
    const def = findDefinition(rt, "flow", ref);
    return { def, type: def.type as FlowType };
  } catch (err) {
    if (err instanceof Refusal) return undefined;
    throw err;
  }
}

export function typeName(type: string): string {
  return DISPLAY_NAMES[type as FlowType] ?? type;
}
