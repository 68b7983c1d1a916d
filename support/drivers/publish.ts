/**
 * Publishing a flow to see whether the target takes it: CreateContactFlow /
 * CreateContactFlowModule under a scenario-unique name, so the same scenario can run on a
 * shared staging instance, with the answer kept as an attempt (accepted, or refused with
 * the service's `problems`). What a scenario creates here is deleted again: at once when
 * only the verdict matters, after the scenario when later steps still use it.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  CreateContactFlowCommand,
  CreateContactFlowModuleCommand,
  DeleteContactFlowCommand,
  DeleteContactFlowModuleCommand,
  DescribeContactFlowCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type ContactFlowType,
} from "@aws-sdk/client-connect";
import { DISPLAY_NAMES, metadataName, parseFlowType, type FlowType, withArticle } from "../../simulators/connect/flow/flow-types.js";
import type { FlowDocument } from "../../simulators/connect/flow/model.js";
import type { FlowsimWorld } from "../world.js";
import { asInfrastructureError, infrastructure, InfrastructureError } from "../report/errors.js";
import { scenarioState } from "../scenario-state.js";
import { describeRefusal, refusalOf, type Refusal } from "./flow-refusal.js";

/** The flow types as a QA engineer names them in a sentence. */
export const FLOW_TYPE_PHRASES: Record<string, Exclude<FlowType, "MODULE" | "CAMPAIGN">> = {
  "inbound flow": "CONTACT_FLOW",
  "customer queue flow": "CUSTOMER_QUEUE",
  "customer hold flow": "CUSTOMER_HOLD",
  "customer whisper flow": "CUSTOMER_WHISPER",
  "outbound whisper flow": "OUTBOUND_WHISPER",
  "agent hold flow": "AGENT_HOLD",
  "agent whisper flow": "AGENT_WHISPER",
  "transfer to agent flow": "AGENT_TRANSFER",
  "transfer to queue flow": "QUEUE_TRANSFER",
};

export interface PublishAttempt {
  /** The file (or generated flow) as the scenario names it. */
  label: string;
  /** The unique name it was created under. */
  name: string;
  type: FlowType;
  text: string;
  doc: FlowDocument;
  /** The export's path, when it came from a file. */
  file?: string;
  accepted: boolean;
  id?: string;
  arn?: string;
  /** When refused: the exception and the service's problem messages. */
  refusal?: Refusal;
}

interface Created {
  kind: "flow" | "module";
  id: string;
  name: string;
}

const featureDirs = new WeakMap<FlowsimWorld, string>();
const created = scenarioState((): Created[] => []);
const attempts = scenarioState(() => new Map<string, PublishAttempt>());

/** Paths in a scenario are relative to its feature file's folder. */
export function rememberFeature(world: FlowsimWorld, featureUri: string): void {
  featureDirs.set(world, dirname(featureUri));
}

/** A path as a scenario wrote it: in its feature's folder when there is such a file there, else from the working folder. */
export function featurePath(world: FlowsimWorld, path: string): string {
  const base = featureDirs.get(world);
  return base && existsSync(join(base, path)) ? join(base, path) : path;
}

/** A file a scenario names: in its feature's folder, else in the working folder. */
export async function readScenarioFile(world: FlowsimWorld, path: string, what: string): Promise<{ file: string; body: Buffer }> {
  const base = featureDirs.get(world);
  const full = featurePath(world, path);
  try {
    return { file: full, body: await readFile(full) };
  } catch (err) {
    throw new InfrastructureError("setup", `cannot read the ${what} ${path}${base ? ` (looked in ${base} and the working folder)` : ""}: ${(err as Error).message}`);
  }
}

export async function readExport(world: FlowsimWorld, path: string): Promise<{ file: string; text: string; doc: FlowDocument }> {
  const { file: full, body } = await readScenarioFile(world, path, "flow");
  const text = body.toString("utf8");
  try {
    return { file: full, text, doc: JSON.parse(text) as FlowDocument };
  } catch (err) {
    throw new InfrastructureError("setup", `the flow ${full} is not JSON: ${(err as Error).message}`);
  }
}

/** Staging is shared: every run creates its own copy, so parallel runs and leftovers never collide. */
function uniqueName(label: string): string {
  const suffix = ` flowsim-${randomBytes(4).toString("hex")}`;
  return label.slice(0, 127 - suffix.length) + suffix;
}

export interface PublishOptions {
  /** Module, or a flow of this type. */
  type: FlowType;
  /** SAVED skips the service's validation (a draft). */
  status?: "PUBLISHED" | "SAVED";
  tags?: Record<string, string>;
  /** Keep it until the scenario ends (later steps use it); otherwise it is deleted at once. */
  keep?: boolean;
  /** The export's path, when it came from a file: a refusal names the lint command for it. */
  file?: string;
}

/** Creates the flow or module and records the verdict; a refusal is an answer, not an error. */
export async function attemptPublish(world: FlowsimWorld, label: string, text: string, doc: FlowDocument, options: PublishOptions): Promise<PublishAttempt> {
  const { target } = world;
  const exported = doc.Metadata?.name;
  const name = uniqueName(typeof exported === "string" && exported.trim() ? exported : label);
  const attempt: PublishAttempt = { label, name, type: options.type, text, doc, file: options.file, accepted: false };
  const doing = `publishing "${label}" as ${options.type === "MODULE" ? "a flow module" : DISPLAY_NAMES[options.type]}`;
  try {
    if (options.type === "MODULE") {
      // Settings travel beside the content too: the service reads a module's settings from this member.
      const settings = doc.Settings === undefined ? undefined : JSON.stringify(doc.Settings);
      const res = await target.connect.send(new CreateContactFlowModuleCommand({ InstanceId: target.instanceId, Name: name, Content: text, Settings: settings, Tags: options.tags }));
      Object.assign(attempt, { accepted: true, id: res.Id, arn: res.Arn });
    } else {
      const res = await target.connect.send(
        new CreateContactFlowCommand({ InstanceId: target.instanceId, Name: name, Type: options.type as ContactFlowType, Content: text, Status: options.status ?? "PUBLISHED", Tags: options.tags }),
      );
      Object.assign(attempt, { accepted: true, id: res.ContactFlowId, arn: res.ContactFlowArn });
    }
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw asInfrastructureError(err, doing) ?? err;
    attempt.refusal = refusal;
  }
  if (attempt.accepted) {
    const made: Created = { kind: options.type === "MODULE" ? "module" : "flow", id: attempt.id!, name };
    if (options.keep) created.of(world).push(made);
    else await remove(world, made);
  }
  attempts.of(world).set(label, attempt);
  return attempt;
}

export async function publishExport(world: FlowsimWorld, path: string, options: PublishOptions): Promise<PublishAttempt> {
  const { file, text, doc } = await readExport(world, path);
  return attemptPublish(world, path, text, doc, { ...options, file });
}

/** The kept flow or module this scenario published from `label`. */
export function publishedAttempt(world: FlowsimWorld, label: string): PublishAttempt & { id: string; arn: string } {
  const attempt = attempts.peek(world)?.get(label);
  if (!attempt) throw new Error(`"${label}" has not been published in this scenario`);
  if (!attempt.accepted || !attempt.id || !attempt.arn) {
    throw new Error(`"${label}" was refused (${attempt.refusal?.name}: ${attempt.refusal?.problems.join("; ") || attempt.refusal?.message}), there is nothing to look at`);
  }
  return attempt as PublishAttempt & { id: string; arn: string };
}

async function remove(world: FlowsimWorld, item: Created): Promise<void> {
  const { target } = world;
  await infrastructure(`deleting the ${item.kind} "${item.name}"`, () =>
    item.kind === "module"
      ? target.connect.send(new DeleteContactFlowModuleCommand({ InstanceId: target.instanceId, ContactFlowModuleId: item.id }))
      : target.connect.send(new DeleteContactFlowCommand({ InstanceId: target.instanceId, ContactFlowId: item.id })),
  );
}

/**
 * Deletes what the scenario kept. A leftover is reported beside the scenario rather than
 * failing it: the scenario's verdict is already known.
 */
export async function cleanUp(world: FlowsimWorld): Promise<void> {
  const items = created.peek(world)?.splice(0) ?? [];
  for (const item of items.reverse()) {
    try {
      await remove(world, item);
    } catch (err) {
      world.attach(`Could not delete the ${item.kind} "${item.name}" (${item.id}); delete it by hand: ${(err as Error).message}`, "text/plain");
    }
  }
}

export async function tagsOf(world: FlowsimWorld, arn: string): Promise<Record<string, string>> {
  const res = await infrastructure("listing tags", () => world.target.connect.send(new ListTagsForResourceCommand({ resourceArn: arn })));
  return res.tags ?? {};
}

export async function tag(world: FlowsimWorld, arn: string, tags: Record<string, string>): Promise<void> {
  await infrastructure("tagging", () => world.target.connect.send(new TagResourceCommand({ resourceArn: arn, tags })));
}

export async function untag(world: FlowsimWorld, arn: string, keys: string[]): Promise<void> {
  await infrastructure("removing tags", () => world.target.connect.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys })));
}

/** The draft's status; `:$SAVED` because a flow that was never published has only its draft. */
export async function savedStatus(world: FlowsimWorld, id: string): Promise<string | undefined> {
  const { target } = world;
  const res = await infrastructure("describing the saved flow", () => target.connect.send(new DescribeContactFlowCommand({ InstanceId: target.instanceId, ContactFlowId: `${id}:$SAVED` })));
  return res.ContactFlow?.Status;
}

// ---- which problem is about which block ------------------------------------------------

/**
 * Whether a problem message is about the block `identifier`: the service names blocks by
 * their place (`Actions[3]`), flowsim by Identifier too.
 */
export function namesBlock(message: string, doc: FlowDocument, identifier: string): boolean {
  if (message.includes(identifier)) return true;
  const index = (doc.Actions ?? []).findIndex((a) => a.Identifier === identifier);
  return index >= 0 && new RegExp(`Actions\\[${index}\\](?!\\d)`).test(message);
}

export const REASONS = {
  /** "Unsupported block type" / "Invalid Action type" / "... is not allowed in ...". */
  "not allowed": /\.Type\b|block type|action type|not allowed|not supported|unsupported/i,
  /** An empty or dangling NextAction, or a required error branch left out. */
  "not connected": /Transitions|NextAction|required error|not connected/i,
} as const;

export function describeAttempt(a: PublishAttempt): string {
  if (a.accepted) return `"${a.label}" was published as "${a.name}" (${a.id})`;
  return describeRefusal({ label: `"${a.label}"`, file: a.file, type: a.type, text: a.text, refusal: a.refusal! });
}

// ---- flows made up for one block ---------------------------------------------------------

interface BlockTemplate {
  type: string;
  parameters: Record<string, unknown>;
  /** Transitions towards the flow's end block; absent: the block needs no end (terminal, or it loops). */
  transitions?: (end: string) => Record<string, unknown>;
}

const ERROR = (end: string, ...types: string[]) => types.map((ErrorType) => ({ NextAction: end, ErrorType }));

/** Blocks by their console names, configured as a designer would leave them, with no resource of any instance. */
export const BLOCKS: Record<string, BlockTemplate> = {
  "Play prompt": {
    type: "MessageParticipant",
    parameters: { Text: "Thank you for contacting Example Corp." },
    transitions: (end) => ({ NextAction: end, Errors: ERROR(end, "NoMatchingError") }),
  },
  "Loop prompts": {
    type: "MessageParticipantIteratively",
    parameters: { Messages: [{ Text: "Please stay on the line." }] },
  },
  "Get customer input": {
    type: "GetParticipantInput",
    parameters: { Text: "Press 1 for billing or 2 for support.", InputTimeLimitSeconds: "5", StoreInput: "False" },
    transitions: (end) => ({
      NextAction: end,
      Conditions: ["1", "2"].map((digit) => ({ NextAction: end, Condition: { Operator: "Equals", Operands: [digit] } })),
      Errors: ERROR(end, "InputTimeLimitExceeded", "NoMatchingCondition", "NoMatchingError"),
    }),
  },
  "Set recording behavior": {
    type: "UpdateContactRecordingBehavior",
    parameters: { RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] } },
    transitions: (end) => ({ NextAction: end }),
  },
  "Check hours of operation": {
    type: "CheckHoursOfOperation",
    parameters: {},
    transitions: (end) => ({
      NextAction: end,
      Conditions: ["True", "False"].map((answer) => ({ NextAction: end, Condition: { Operator: "Equals", Operands: [answer] } })),
      Errors: ERROR(end, "NoMatchingError"),
    }),
  },
  "Transfer to queue": {
    type: "TransferContactToQueue",
    parameters: {},
    transitions: (end) => ({ NextAction: end, Errors: ERROR(end, "QueueAtCapacity", "NoMatchingError") }),
  },
  "Transfer to agent": { type: "TransferContactToAgent", parameters: {} },
};

/** How each flow type ends where nothing else does: the end the console's default flows of that type use. */
function endBlock(type: FlowType): { Identifier: string; Type: string; Parameters: Record<string, unknown>; Transitions: Record<string, unknown> } {
  switch (type) {
    case "CUSTOMER_HOLD":
    case "AGENT_HOLD":
      return { Identifier: "Play hold music", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: "You are on hold." }] }, Transitions: {} };
    case "CUSTOMER_QUEUE":
    case "CUSTOMER_WHISPER":
    case "OUTBOUND_WHISPER":
    case "AGENT_WHISPER":
      return { Identifier: "End flow", Type: "EndFlowExecution", Parameters: {}, Transitions: {} };
    default:
      return { Identifier: "Disconnect", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };
  }
}

/** A console-style export of a flow of `type` that starts with the block `block` (by its console name). */
export function flowWithBlock(type: FlowType, block: string): { label: string; text: string; doc: FlowDocument } {
  const template = BLOCKS[block];
  if (!template) throw new Error(`no block "${block}" to build a flow with (known: ${Object.keys(BLOCKS).join(", ")})`);
  const end = endBlock(type);
  const actions = [{ Identifier: block, Type: template.type, Parameters: template.parameters, Transitions: template.transitions?.(end.Identifier) ?? {} }];
  if (template.transitions) actions.push(end);
  const label = `${DISPLAY_NAMES[type]} with ${block}`;
  const doc: FlowDocument = {
    Version: "2019-10-30",
    StartAction: block,
    Metadata: {
      entryPointPosition: { x: 40, y: 40 },
      ActionMetadata: Object.fromEntries(actions.map((a, i) => [a.Identifier, { position: { x: 200 + 280 * i, y: 40 }, isFriendlyName: true }])),
      Annotations: [],
      name: label,
      description: `Checks that ${withArticle(DISPLAY_NAMES[type])} offers the ${block} block.`,
      type: metadataName(type),
      status: "PUBLISHED",
      hash: {},
    },
    Actions: actions,
  };
  return { label, text: JSON.stringify(doc, null, 2), doc };
}

export function flowTypeOfPhrase(phrase: string): FlowType {
  const type = FLOW_TYPE_PHRASES[phrase] ?? parseFlowType(phrase);
  if (!type) throw new Error(`unknown flow type "${phrase}" (${Object.keys(FLOW_TYPE_PHRASES).join(", ")})`);
  return type;
}
