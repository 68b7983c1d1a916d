/**
 * Parses and validates test-case content (the Testing language): the envelope, each
 * observation, its event and actions, and the transitions between them. Every problem
 * names the observation or action Identifier, the JSON path and the reason; errors
 * block running, warnings say where the live service is reported to differ.
 *
 * Decisions where the reference is uncertain (§2, §4.5, §10.1, §10.2):
 * - Version: "2019-10-30" (current pages, live service) and "2025-06-21" (the API
 *   Reference copy of the example, with a warning); anything else is refused.
 * - Usage: absent means exactly once. `{"Type": "Exactly", "Times": n}` makes the
 *   observation match n times, running its actions each time and activating its
 *   successors after the last. AtLeast, AtMost and Always are refused: their run-time
 *   meaning is not documented and the console cannot set them.
 * - Actions run from the first one no NextAction names, along NextAction; one the chain
 *   does not reach runs after it, in document order, with a warning. NextAction "" (the
 *   older rendering) means none.
 */
import { ProblemList, type Problem } from "../../kernel/problems.js";
import type { EntryPoint, Observation, TestAction, TestCaseDocument } from "./model.js";
import { MAX_ACTIONS_PER_OBSERVATION, MAX_CONTENT_CHARS, MAX_IDENTIFIER_CHARS, MAX_OBSERVATIONS, MAX_USAGE_TIMES } from "./limits.js";
import { ContentReader, type Json, type Owner, isJsonObject, show } from "./reader.js";
import { readEvent } from "./parse-events.js";
import { readActionBody } from "./parse-actions.js";

export const VERSIONS = ["2019-10-30", "2025-06-21"];

export interface ParsedContent {
  /** Present when the content has no errors. */
  document?: TestCaseDocument;
  problems: Problem[];
}

function readJson(r: ContentReader, content: unknown): Json | undefined {
  if (typeof content !== "string") return r.object(content, "Content", undefined, "Content");
  if (content.length === 0 || content.length > MAX_CONTENT_CHARS) {
    r.error("Content", `Content is ${content.length} characters long; it must be 1 to ${MAX_CONTENT_CHARS}`);
    return undefined;
  }
  try {
    return r.object(JSON.parse(content), "Content", undefined, "Content");
  } catch (err) {
    r.error("Content", `Content is not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
}

function readUsage(r: ContentReader, raw: unknown, path: string, owner: Owner): number | undefined {
  if (raw === undefined) return 1;
  r.warning(path, "the service is reported to refuse some Usage forms; leaving Usage out means exactly once", owner);
  const u = r.object(raw, path, owner, "Usage");
  if (!u) return undefined;
  r.onlyKeys(u, ["Type", "Times"], path, owner);
  const type = r.string(u, "Type", path, owner, { required: true });
  if (type === undefined) return undefined;
  if (type !== "Exactly") {
    const why = type === "EXACTLY" ? "Usage.Type is case-sensitive: write Exactly (the service refused EXACTLY)" : ["AtLeast", "AtMost", "Always"].includes(type) ? `Usage ${type} is not supported: its run-time meaning is not documented` : `unknown Usage.Type ${show(type)}`;
    r.error(`${path}.Type`, why, owner);
    return undefined;
  }
  const times = u.Times;
  if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > MAX_USAGE_TIMES) {
    r.error(`${path}.Times`, `Times must be a whole number from 1 to ${MAX_USAGE_TIMES}, not ${show(times)}`, owner);
    return undefined;
  }
  return times as number;
}

/** The actions in run order, or undefined when the NextAction chain is broken. */
type Linked = TestAction & { nextRaw?: string };

function orderActions(r: ContentReader, actions: Linked[], path: string, observationId: string): TestAction[] | undefined {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const targets = new Set<string>();
  let broken = false;
  actions.forEach((a, i) => {
    if (a.nextRaw === undefined) return;
    if (!byId.has(a.nextRaw)) {
      r.error(`${path}.Actions[${i}].Transitions.NextAction`, `NextAction ${show(a.nextRaw)} is not an action of observation ${show(observationId)}`, { Identifier: a.id, Type: a.type });
      broken = true;
    } else targets.add(a.nextRaw);
  });
  if (broken || actions.length === 0) return broken ? undefined : [];
  const first = actions.find((a) => !targets.has(a.id));
  if (!first) {
    r.error(`${path}.Actions`, "the actions' NextAction links form a loop: every action is some action's NextAction", { Identifier: observationId });
    return undefined;
  }
  const ordered: Linked[] = [];
  const seen = new Set<string>();
  for (let a: Linked | undefined = first; a; a = a.nextRaw === undefined ? undefined : byId.get(a.nextRaw)) {
    if (seen.has(a.id)) {
      r.error(`${path}.Actions`, `the NextAction chain comes back to ${show(a.id)}: the actions would run forever`, { Identifier: a.id, Type: a.type });
      return undefined;
    }
    seen.add(a.id);
    ordered.push(a);
  }
  actions.forEach((a, i) => {
    if (seen.has(a.id)) return;
    r.warning(`${path}.Actions[${i}]`, `no NextAction leads to ${show(a.id)}; it runs after the chain, in document order`, { Identifier: a.id, Type: a.type });
    ordered.push(a);
  });
  return ordered.map(({ nextRaw: _, ...a }) => a as TestAction);
}

function readActions(r: ContentReader, raw: unknown[], path: string, observationId: string, globalIds: Set<string>, entry?: EntryPoint): TestAction[] | undefined {
  const actions: Linked[] = [];
  const ids = new Set<string>();
  let failed = false;
  raw.forEach((value, i) => {
    const at = `${path}.Actions[${i}]`;
    const a = r.object(value, at, { Identifier: observationId }, "an action");
    if (!a) return void (failed = true);
    const owner: Owner = { Identifier: a.Identifier, Type: a.Type };
    r.onlyKeys(a, ["Identifier", "Type", "Parameters", "Transitions"], at, owner, (k) => (["ActionType", "Actor", "Instruction", "Command", "Behavior"].includes(k) ? `${k} belongs inside Parameters` : undefined));
    const id = r.string(a, "Identifier", at, owner, { required: true, nonEmpty: true, max: MAX_IDENTIFIER_CHARS });
    const type = r.string(a, "Type", at, owner, { required: true });
    if (id !== undefined && ids.has(id)) r.error(`${at}.Identifier`, `two actions of observation ${show(observationId)} are called ${show(id)}`, owner);
    else if (id !== undefined && globalIds.has(id)) r.warning(`${at}.Identifier`, `another observation has an action called ${show(id)}; keep action identifiers unique in the test case`, owner);
    const transitions = a.Transitions === undefined ? {} : r.object(a.Transitions, `${at}.Transitions`, owner, "Transitions");
    let nextRaw: string | undefined;
    if (transitions) {
      r.onlyKeys(transitions, ["NextAction"], `${at}.Transitions`, owner);
      nextRaw = r.string(transitions, "NextAction", `${at}.Transitions`, owner);
      if (nextRaw === "") {
        r.warning(`${at}.Transitions.NextAction`, 'NextAction "" is the older rendering of "no next action"; write Transitions: {}', owner);
        nextRaw = undefined;
      }
    }
    const body = type === undefined ? undefined : readActionBody(r, type, a.Parameters, at, owner, entry);
    if (id === undefined || type === undefined || !body || !transitions) return void (failed = true);
    ids.add(id);
    actions.push({ ...body, id, type, raw: a, nextRaw });
  });
  ids.forEach((id) => globalIds.add(id));
  const ordered = orderActions(r, actions, path, observationId);
  return failed ? undefined : ordered;
}

function readObservation(r: ContentReader, raw: unknown, index: number, ids: Set<string>, actionIds: Set<string>, entry?: EntryPoint): (Observation & { nextPath: string }) | undefined {
  const path = `Observations[${index}]`;
  const o = r.object(raw, path, undefined, "an observation");
  if (!o) return undefined;
  const owner: Owner = { Identifier: o.Identifier };
  r.onlyKeys(o, ["Identifier", "Event", "Actions", "Usage", "Transitions"], path, owner);
  const id = r.string(o, "Identifier", path, owner, { required: true, nonEmpty: true, max: MAX_IDENTIFIER_CHARS });
  if (id !== undefined && ids.has(id)) r.error(`${path}.Identifier`, `two observations are called ${show(id)}`, owner);
  if (id !== undefined) ids.add(id);
  const name = id ?? `#${index}`;
  const event = readEvent(r, o.Event, `${path}.Event`, name);
  const rawActions = r.array(o, "Actions", path, owner, { required: true, max: MAX_ACTIONS_PER_OBSERVATION });
  const actions = rawActions && readActions(r, rawActions, path, name, actionIds, entry);
  const times = readUsage(r, o.Usage, `${path}.Usage`, owner);
  const transitions = o.Transitions === undefined ? {} : r.object(o.Transitions, `${path}.Transitions`, owner, "Transitions");
  let next: string[] | undefined = [];
  if (transitions) {
    r.onlyKeys(transitions, ["NextObservations"], `${path}.Transitions`, owner);
    next = r.array(transitions, "NextObservations", `${path}.Transitions`, owner, { max: MAX_OBSERVATIONS }) as string[] | undefined;
    if (next?.some((n) => typeof n !== "string")) {
      r.error(`${path}.Transitions.NextObservations`, "NextObservations must list observation identifiers (strings)", owner);
      next = undefined;
    }
    next ??= transitions.NextObservations === undefined ? [] : undefined;
  }
  if (id === undefined || !event || !actions || times === undefined || !next) return undefined;
  return { id, index, eventId: event.id, eventType: event.type, event: event.event, rawEvent: event.raw, actions, next, times, nextPath: `${path}.Transitions.NextObservations` };
}

/** Warnings about ends the live service is reported to handle badly (§1.4, §3.2). */
function endWarnings(r: ContentReader, observations: Observation[]): void {
  if (observations.some((o) => o.actions.some((a) => a.kind === "EndTest"))) return;
  const transfer = observations.find((o) => o.event.kind === "FlowActionStarted" && o.event.resource.actionType === "TransferContactToQueue");
  if (transfer) r.warning(`Observations[${transfer.index}]`, "no EndTest: on the live service the contact reaches the queue, and a real agent may answer it", { Identifier: transfer.id });
  else if (observations.some((o) => o.event.kind === "TestCompleted")) r.warning("Observations", "no EndTest: TestCompleted alone ends a live run only at the 5-minute limit");
}

/**
 * Parses content (the JSON text, or the object itself). `entryPoint`, when known, lets
 * channel rules apply (DTMF is refused for chats).
 */
export function parseContent(content: unknown, options: { source: string; entryPoint?: EntryPoint }): ParsedContent {
  const problems = new ProblemList(options.source);
  const r = new ContentReader(problems);
  const doc = readJson(r, content);
  if (!doc) return { problems: problems.items };
  r.onlyKeys(doc, ["Version", "Metadata", "Observations"], "Content");
  const version = r.string(doc, "Version", "Content", undefined, { required: true, oneOf: VERSIONS });
  if (version === "2025-06-21") r.warning("Content.Version", 'only the API Reference copy of the example writes "2025-06-21"; the live service is reported to accept "2019-10-30" alone');
  // Metadata is the console's layout: it does not change what runs.
  if (doc.Metadata !== undefined && !isJsonObject(doc.Metadata)) r.error("Content.Metadata", `Metadata must be a JSON object, not ${show(doc.Metadata)}`);
  const raw = r.array(doc, "Observations", "Content", undefined, { required: true, max: MAX_OBSERVATIONS });
  if (raw && raw.length === 0) r.error("Content.Observations", "a test case needs at least one observation");
  const ids = new Set<string>();
  const actionIds = new Set<string>();
  const read = (raw ?? []).map((o, i) => readObservation(r, o, i, ids, actionIds, options.entryPoint));
  const observations = read.filter((o): o is NonNullable<typeof o> => o !== undefined);
  const activated = new Set<string>();
  for (const o of observations) {
    o.next.forEach((n, i) => {
      if (!ids.has(n)) r.error(`${o.nextPath}[${i}]`, `NextObservations names ${show(n)}, which is not an observation of this test case`, { Identifier: o.id });
      activated.add(n);
    });
  }
  const starting = observations.filter((o) => !activated.has(o.id)).map((o) => o.id);
  if (observations.length > 0 && starting.length === 0) r.error("Content.Observations", "no observation is active at the start: every one is some observation's NextObservations");
  endWarnings(r, observations);
  if (problems.errors.length > 0 || !version || read.length !== observations.length) return { problems: problems.items };
  return { document: { version, observations: observations.map(({ nextPath: _, ...o }) => o), starting }, problems: problems.items };
}
