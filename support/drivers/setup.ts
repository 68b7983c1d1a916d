/**
 * Puts what a scenario needs on the target: flows (CreateContactFlow /
 * CreateContactFlowModule with the export's own JSON), and on staging checks that the
 * mapped flows exist instead, since the instance's flows are deployed by its own pipeline.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  CreateContactFlowCommand,
  CreateContactFlowModuleCommand,
  DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand,
  ListContactFlowsCommand,
  type ContactFlowType,
} from "@aws-sdk/client-connect";
import { parseFlowType, type FlowType } from "../../simulators/connect/flow/flow-types.js";
import type { FlowDocument } from "../../simulators/connect/flow/model.js";
import type { FlowsimWorld, PublishedFlow } from "../world.js";
import { asInfrastructureError, FlowRefusedError, infrastructure, InfrastructureError, ScenarioError } from "../report/errors.js";
import { nearest, notFound } from "../nearest.js";
import { describeRefusal, refusalOf } from "./flow-refusal.js";
import type { Target } from "../targets/target.js";

async function jsonFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (err) {
    throw new InfrastructureError("setup", `cannot read the flows folder ${dir}: ${(err as Error).message}`);
  }
  const out: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) out.push(...(await jsonFiles(path)));
    else if (name.endsWith(".json")) out.push(path);
  }
  return out;
}

export interface FlowFile {
  path: string;
  name: string;
  text: string;
  doc: FlowDocument;
  /** API flow type, or MODULE. */
  type: string;
}

export async function readFlowFile(path: string): Promise<FlowFile> {
  const text = await readFile(path, "utf8");
  const doc = JSON.parse(text) as FlowDocument;
  const meta = (doc.Metadata ?? {}) as Record<string, unknown>;
  const type = doc.Settings !== undefined ? "MODULE" : (parseFlowType(meta.type) ?? "CONTACT_FLOW");
  const name = typeof meta.name === "string" && meta.name ? meta.name : basename(path, ".json");
  return { path, name, text, doc, type };
}

/** The flows in `dir`, modules first, so that flows that invoke them find them when published in this order. */
export async function readFlowsDir(dir: string): Promise<FlowFile[]> {
  const files = await Promise.all((await jsonFiles(dir)).map(readFlowFile));
  return files.sort((a, b) => Number(b.type === "MODULE") - Number(a.type === "MODULE"));
}

/** Publishes every flow in `dir`. */
export async function publishFlows(world: FlowsimWorld, dir: string): Promise<PublishedFlow[]> {
  const published: PublishedFlow[] = [];
  for (const file of await readFlowsDir(dir)) published.push(await publishFlow(world, file));
  return published;
}

export async function publishFlow(world: FlowsimWorld, file: FlowFile): Promise<PublishedFlow> {
  const { target } = world;
  let flow: PublishedFlow;
  if (target.name === "staging" && file.type === "MODULE") {
    // A module is a resource of its own kind: names.module of the staging config (flowsim pull writes it).
    const id = target.resolveName("module", file.name);
    const res = await infrastructure(`finding the module "${file.name}" on staging`, () => target.connect.send(new DescribeContactFlowModuleCommand({ InstanceId: target.instanceId, ContactFlowModuleId: id })));
    flow = { name: file.name, id, arn: res.ContactFlowModule?.Arn ?? id, type: file.type, doc: JSON.parse(res.ContactFlowModule?.Content ?? file.text) as FlowDocument };
  } else if (target.name === "staging") {
    const id = target.resolveName("flow", file.name);
    const res = await infrastructure(`finding the flow "${file.name}" on staging`, () => target.connect.send(new DescribeContactFlowCommand({ InstanceId: target.instanceId, ContactFlowId: id })));
    flow = { name: file.name, id, arn: res.ContactFlow?.Arn ?? id, type: file.type, doc: JSON.parse(res.ContactFlow?.Content ?? file.text) as FlowDocument };
  } else {
    flow = await createFlow(target, file);
  }
  world.flows.set(flow.name, flow);
  return flow;
}

/**
 * CreateContactFlow / CreateContactFlowModule on an instance flowsim set up (never staging's);
 * a refusal is the flow's fault and says why, block by block.
 */
export async function createFlow(target: Pick<Target, "connect" | "instanceId">, file: FlowFile): Promise<PublishedFlow> {
  try {
    if (file.type === "MODULE") {
      const res = await target.connect.send(new CreateContactFlowModuleCommand({ InstanceId: target.instanceId, Name: file.name, Content: file.text }));
      return { name: file.name, id: res.Id!, arn: res.Arn!, type: file.type, doc: file.doc };
    }
    const res = await target.connect.send(
      new CreateContactFlowCommand({ InstanceId: target.instanceId, Name: file.name, Type: file.type as ContactFlowType, Content: file.text, Status: "PUBLISHED" }),
    );
    return { name: file.name, id: res.ContactFlowId!, arn: res.ContactFlowArn!, type: file.type, doc: file.doc };
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal) throw new FlowRefusedError(describeRefusal({ label: `The flow "${file.name}"`, file: file.path, type: file.type as FlowType, text: file.text, refusal }), { cause: err });
    throw asInfrastructureError(err, `publishing the flow "${file.name}"`) ?? err;
  }
}

/**
 * The id of a flow by the name a scenario gives it: one the scenario published, else (on a
 * simulator) one the instance has, such as its default flows. A name that matches nothing
 * stops the scenario with the flows there are and the nearest name.
 */
export async function flowIdOf(world: FlowsimWorld, name: string): Promise<string> {
  const published = world.flows.get(name);
  if (published) return published.id;
  const { target } = world;
  if (target.name === "staging") return target.resolveName("flow", name);
  const onInstance = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await infrastructure("listing the flows", () => target.connect.send(new ListContactFlowsCommand({ InstanceId: target.instanceId, NextToken })));
    for (const f of page.ContactFlowSummaryList ?? []) if (f.Name && f.Id) onInstance.set(f.Name, f.Id);
    NextToken = page.NextToken;
  } while (NextToken);
  const id = onInstance.get(name);
  if (id) return id;
  const ours = [...world.flows.keys()];
  const guesses = nearest(name, onInstance.keys()).filter((g) => !ours.includes(g));
  const publish = ours.length ? "" : ' Publish it first, e.g. Given the flows in "features/<capability>/flows" are published.';
  const others = guesses.length ? ` The instance also has ${guesses.map((g) => `"${g}"`).join(", ")}.` : "";
  throw new ScenarioError(`${notFound("flow", name, ours, "published in this scenario")}${others}${publish}`);
}
