/**
 * Writes what `readInstance` read as files flowsim reads: each published flow and module as
 * an export file (the content the service returns, with the name, type and description in
 * `Metadata` as the console's export puts them), the other resources as JSON, and the staging
 * config that maps the names features use to the instance's ids.
 *
 * ```
 * DIR/flows/<name>.json           flows: `flowsim serve --flows DIR/flows`, `flowsim lint DIR/flows`
 * DIR/flows/modules/<name>.json   flow modules (published with the flows)
 * DIR/resources/<kind>.json       queues, hours of operation, routing profiles, quick connects, task templates
 * DIR/staging.config.json         { region, instanceId, flowLogs: { logGroup }, names: kind → name → id }
 * ```
 *
 * A pull replaces what an earlier pull wrote (it would otherwise leave deleted flows behind);
 * a folder that has `flows/` or `resources/` but no staging config is someone else's, and is
 * refused rather than cleared.
 */
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { flowLogGroupOf } from "../../connect/runtime/flow-logs.js";
import { metadataName, parseFlowType } from "../../connect/flow/flow-types.js";
import type { InstanceContents } from "./read-instance.js";

export const CONFIG_FILE = "staging.config.json";

/** The kinds of name the staging target resolves (support/targets/staging.ts). */
export type NameKind = "flow" | "module" | "queue" | "routing profile" | "task template" | "quick connect" | "agent" | "hours" | "lambda";

export interface StagingConfig {
  region: string;
  instanceId: string;
  /** Where the instance's flow logs are: the staging target reads the flow path there. */
  flowLogs: { logGroup: string };
  names: Record<NameKind, Record<string, string>>;
}

export interface Written {
  /** Paths of the files written, relative to the folder, in the order written. */
  files: string[];
  config: StagingConfig;
  /** Names that two resources of one kind share: the first keeps the name. */
  clashes: string[];
}

export class ForeignFolderError extends Error {}

type Doc = Record<string, unknown>;

const parse = (text: string | undefined): Doc => {
  const doc: unknown = text ? JSON.parse(text) : {};
  return doc !== null && typeof doc === "object" && !Array.isArray(doc) ? (doc as Doc) : {};
};

const metadataOf = (doc: Doc): Doc => (doc.Metadata !== null && typeof doc.Metadata === "object" ? (doc.Metadata as Doc) : {});

/** A file name from a display name: lower case, runs of anything but letters and digits as one dash. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 100) || "unnamed";
}

/** File names unique within a folder: a name taken twice gets its resource id after it. */
function fileNamer(): (name: string, id: string) => string {
  const taken = new Set<string>();
  return (name, id) => {
    let file = `${slug(name)}.json`;
    if (taken.has(file)) file = `${slug(name)}-${id}.json`;
    taken.add(file);
    return file;
  };
}

function flowExport(flow: InstanceContents["flows"][number]): Doc {
  const doc = parse(flow.Content);
  // A type flowsim does not know keeps whatever the content says, rather than a wrong guess.
  const type = parseFlowType(flow.Type);
  return { ...doc, Metadata: { ...metadataOf(doc), name: flow.Name, ...(flow.Description && { description: flow.Description }), ...(type && { type: metadataName(type) }), status: "PUBLISHED" } };
}

function moduleExport(module: InstanceContents["modules"][number]): Doc {
  const doc = parse(module.Content);
  return { ...doc, Metadata: { ...metadataOf(doc), name: module.Name, ...(module.Description && { description: module.Description }) }, ...(module.Settings && { Settings: parse(module.Settings) }) };
}

export async function writeExport(dir: string, contents: InstanceContents, instance: { region: string; instanceId: string }): Promise<Written> {
  const owned = ["flows", "resources"];
  if (!existsSync(join(dir, CONFIG_FILE)) && owned.some((d) => existsSync(join(dir, d)))) {
    throw new ForeignFolderError(`${dir} has a flows/ or resources/ folder but no ${CONFIG_FILE}: it is not an earlier pull; choose another --out`);
  }
  for (const d of owned) await rm(join(dir, d), { recursive: true, force: true });
  await mkdir(join(dir, "flows", "modules"), { recursive: true });
  await mkdir(join(dir, "resources"), { recursive: true });

  const files: string[] = [];
  const write = async (path: string, value: unknown) => {
    await writeFile(join(dir, path), `${JSON.stringify(value, null, 2)}\n`);
    files.push(path);
  };
  const flowFile = fileNamer();
  for (const flow of contents.flows) await write(join("flows", flowFile(flow.Name ?? "", flow.Id ?? "")), flowExport(flow));
  const moduleFile = fileNamer();
  for (const module of contents.modules) await write(join("flows", "modules", moduleFile(module.Name ?? "", module.Id ?? "")), moduleExport(module));

  await write(join("resources", "queues.json"), contents.queues);
  await write(join("resources", "hours-of-operation.json"), contents.hours);
  await write(join("resources", "routing-profiles.json"), contents.routingProfiles);
  await write(join("resources", "quick-connects.json"), contents.quickConnects);
  await write(join("resources", "task-templates.json"), contents.taskTemplates);

  const { names, clashes } = nameMap(contents);
  const config: StagingConfig = { ...instance, flowLogs: { logGroup: flowLogGroupOf(contents.alias) }, names };
  await write(CONFIG_FILE, config);
  return { files, config, clashes };
}

/** kind → display name → id, for every resource the features may name. */
function nameMap(contents: InstanceContents): { names: StagingConfig["names"]; clashes: string[] } {
  const clashes: string[] = [];
  const index = (kind: string, entries: [string | undefined, string | undefined][]) => {
    const map: Record<string, string> = {};
    for (const [name, id] of entries) {
      if (!name || !id) continue;
      if (map[name] === undefined) map[name] = id;
      else if (map[name] !== id) clashes.push(`${kind} "${name}"`);
    }
    return map;
  };
  // An agent answers to its user name and, as features call agents, to its first name.
  const agents = contents.users.flatMap((u): [string | undefined, string][] => [[u.Username, u.Id], [u.FirstName, u.Id]]);
  const names = {
    flow: index("flow", contents.flows.map((f) => [f.Name, f.Id])),
    // A flow folder holds modules too: on staging, publishing the folder finds each by name.
    module: index("module", contents.modules.map((m) => [m.Name, m.Id])),
    queue: index("queue", contents.queues.map((q) => [q.Name, q.QueueId])),
    "routing profile": index("routing profile", contents.routingProfiles.map((p) => [p.Name, p.RoutingProfileId])),
    "task template": index("task template", contents.taskTemplates.map((t) => [t.Name, t.Id])),
    "quick connect": index("quick connect", contents.quickConnects.map((q) => [q.Name, q.QuickConnectId])),
    agent: index("agent", agents),
    hours: index("hours", contents.hours.map((h) => [h.Name, h.HoursOfOperationId])),
    // Features name a Lambda by its function name (an ARN's last part but a version or alias).
    lambda: index("lambda", contents.lambdaFunctions.map((arn) => [/:function:([^:]+)/.exec(arn)?.[1], arn])),
  };
  return { names, clashes };
}
