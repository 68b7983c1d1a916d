/**
 * What a team's pipeline puts on its staging instance before the nightly run, read from the
 * features themselves: the flows of every folder a scenario publishes, and the queues and
 * routing profiles the scenarios set up. Deployed through the Connect API only (as
 * CloudFormation or a CDK stack would), once per name: scenarios that each say `a queue
 * "Support"` share the instance's one queue, as they do on staging.
 *
 * The staging profile then finds all of it by name (`flowsim pull` writes the map), and the
 * scenarios' own setup steps only check that it is there.
 */
import { CucumberExpression, ParameterTypeRegistry } from "@cucumber/cucumber-expressions";
import type { PickleStep } from "@cucumber/messages";
import { CreateQueueCommand, ListHoursOfOperationsCommand, type ConnectClient } from "@aws-sdk/client-connect";
import { parseFeature } from "../testcases/gherkin.js";
import { createFlow, readFlowsDir } from "../drivers/setup.js";
import { createRoutingProfile, routingConcurrencies } from "../drivers/routing-profiles.js";

export interface DeployTarget {
  connect: ConnectClient;
  instanceId: string;
}

/** What the features need on the instance, each once. */
export interface DeployPlan {
  flowDirs: string[];
  queues: string[];
  routingProfiles: { name: string; queue: string; table: string[][] }[];
}

const registry = new ParameterTypeRegistry();
const expression = (text: string) => new CucumberExpression(text, registry);
const FLOWS = expression("the flows in {string} are published");
const QUEUE = expression("a queue {string}");
const PROFILE = expression("a routing profile {string} for the queue {string} with:");

function args(step: PickleStep, e: CucumberExpression): string[] | undefined {
  return e.match(step.text)?.map((a) => String(a.getValue(null)));
}

/** The plan for these feature files: every setup step of every scenario, names first seen first kept. */
export function planDeploy(features: readonly string[]): DeployPlan {
  const plan: DeployPlan = { flowDirs: [], queues: [], routingProfiles: [] };
  const add = (list: string[], value: string) => void (list.includes(value) || list.push(value));
  for (const file of features) {
    for (const pickle of parseFeature(file).pickles) {
      for (const step of pickle.steps) {
        const flows = args(step, FLOWS);
        if (flows) add(plan.flowDirs, flows[0]);
        const queue = args(step, QUEUE);
        if (queue) add(plan.queues, queue[0]);
        const profile = args(step, PROFILE);
        if (profile && !plan.routingProfiles.some((p) => p.name === profile[0])) {
          plan.routingProfiles.push({ name: profile[0], queue: profile[1], table: step.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? [] });
        }
      }
    }
  }
  return plan;
}

async function basicHours(target: DeployTarget): Promise<string> {
  const res = await target.connect.send(new ListHoursOfOperationsCommand({ InstanceId: target.instanceId }));
  const basic = res.HoursOfOperationSummaryList?.find((h) => h.Name === "Basic Hours") ?? res.HoursOfOperationSummaryList?.[0];
  if (!basic?.Id) throw new Error(`the instance ${target.instanceId} has no hours of operation to attach a queue to`);
  return basic.Id;
}

/** Creates what the plan names: queues, then routing profiles over them, then flows (which may name both). Returns a line per resource. */
export async function deploy(target: DeployTarget, plan: DeployPlan): Promise<string[]> {
  const done: string[] = [];
  const queues = new Map<string, string>();
  const hours = plan.queues.length ? await basicHours(target) : "";
  for (const name of plan.queues) {
    const res = await target.connect.send(new CreateQueueCommand({ InstanceId: target.instanceId, Name: name, HoursOfOperationId: hours }));
    queues.set(name, res.QueueId!);
    done.push(`queue "${name}"`);
  }
  for (const profile of plan.routingProfiles) {
    const queueId = queues.get(profile.queue);
    if (!queueId) throw new Error(`the routing profile "${profile.name}" names the queue "${profile.queue}", which no step creates`);
    await createRoutingProfile(target, profile.name, queueId, routingConcurrencies(profile.table), `${profile.name} (deployed for the features)`);
    done.push(`routing profile "${profile.name}"`);
  }
  const published = new Set<string>();
  for (const dir of plan.flowDirs) {
    for (const file of await readFlowsDir(dir)) {
      if (published.has(file.name)) throw new Error(`two flows are named "${file.name}" (the second in ${file.path}): an instance has one flow by a name`);
      published.add(file.name);
      await createFlow(target, file);
      done.push(`flow "${file.name}"`);
    }
  }
  return done;
}
