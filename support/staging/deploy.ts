/**
 * What a team's pipeline puts on its staging instance before the nightly run, read from the
 * features themselves: the flows of every folder a scenario publishes, and the queues,
 * routing profiles and task templates the scenarios set up; and the "Always open" / "Never
 * open" hours that let a scenario's hours givens substitute hours in its test case
 * (support/targets/staging-voice.ts), and the Lambda functions the flows call, associated
 * with the instance (a test case's Lambda mock names the function's ARN, which `flowsim
 * pull` maps from the instance's associated functions). Deployed through the Connect API only (as
 * CloudFormation or a CDK stack would), once per name: scenarios that each say `a queue
 * "Support"` share the instance's one queue, as they do on staging.
 *
 * The staging profile then finds all of it by name (`flowsim pull` writes the map), and the
 * scenarios' own setup steps only check that it is there.
 */
import { CucumberExpression, ParameterTypeRegistry } from "@cucumber/cucumber-expressions";
import type { PickleStep } from "@cucumber/messages";
import { AssociateLambdaFunctionCommand, CreateHoursOfOperationCommand, CreateTaskTemplateCommand, type ConnectClient } from "@aws-sdk/client-connect";
import { parseFeature } from "../testcases/gherkin.js";
import { createFlow, readFlowsDir } from "../drivers/setup.js";
import { basicHoursId, createQueue } from "../drivers/queues.js";
import { createRoutingProfile, routingConcurrencies } from "../drivers/routing-profiles.js";
import { templateRequest } from "../drivers/tasks.js";
import { SUBSTITUTE_HOURS } from "../targets/staging-voice.js";

export interface DeployTarget {
  connect: ConnectClient;
  instanceId: string;
}

/** What the features need on the instance, each once. */
export interface DeployPlan {
  flowDirs: string[];
  queues: string[];
  routingProfiles: { name: string; queue: string; table: string[][] }[];
  /** By name, the fields of the first step that sets it up (an instance has one template by a name: scenarios that set it up otherwise share it). */
  taskTemplates: { name: string; flow: string; table: string[][] }[];
}

const registry = new ParameterTypeRegistry();
const expression = (text: string) => new CucumberExpression(text, registry);
const FLOWS = expression("the flows in {string} are published");
const QUEUE = expression("a queue {string}");
const PROFILE = expression("a routing profile {string} for the queue {string} with:");
const TEMPLATE = expression("a task template {string} for the flow {string} with the fields:");

function args(step: PickleStep, e: CucumberExpression): string[] | undefined {
  return e.match(step.text)?.map((a) => String(a.getValue(null)));
}

const tableOf = (step: PickleStep): string[][] => step.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? [];

/** The plan for these feature files: every setup step of every scenario, names first seen first kept. */
export function planDeploy(features: readonly string[]): DeployPlan {
  const plan: DeployPlan = { flowDirs: [], queues: [], routingProfiles: [], taskTemplates: [] };
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
          plan.routingProfiles.push({ name: profile[0], queue: profile[1], table: tableOf(step) });
        }
        const template = args(step, TEMPLATE);
        if (template && !plan.taskTemplates.some((t) => t.name === template[0])) {
          plan.taskTemplates.push({ name: template[0], flow: template[1], table: tableOf(step) });
        }
      }
    }
  }
  return plan;
}

const EVERY_DAY = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
const MIDNIGHT = { Hours: 0, Minutes: 0 };

/** Hours that are always open (midnight to midnight, every day) and hours that never open (no entries). */
async function substituteHours(target: DeployTarget): Promise<string[]> {
  const create = (Name: string, Config: { Day: (typeof EVERY_DAY)[number]; StartTime: typeof MIDNIGHT; EndTime: typeof MIDNIGHT }[]) =>
    target.connect.send(new CreateHoursOfOperationCommand({ InstanceId: target.instanceId, Name, Description: "Substituted by test cases for hours givens", TimeZone: "UTC", Config }));
  await create(SUBSTITUTE_HOURS.open, EVERY_DAY.map((Day) => ({ Day, StartTime: MIDNIGHT, EndTime: MIDNIGHT })));
  await create(SUBSTITUTE_HOURS.closed, []);
  return [`hours "${SUBSTITUTE_HOURS.open}"`, `hours "${SUBSTITUTE_HOURS.closed}"`];
}

/** The Lambda functions a flow's blocks name by ARN (a reference to an attribute is resolved only when the block runs). */
function lambdaArnsIn(doc: { Actions?: readonly { Type?: string; Parameters?: unknown }[] }): string[] {
  return (doc.Actions ?? []).flatMap((a) => {
    const arn = a.Type === "InvokeLambdaFunction" ? (a.Parameters as { LambdaFunctionARN?: unknown } | undefined)?.LambdaFunctionARN : undefined;
    return typeof arn === "string" && arn.startsWith("arn:") ? [arn] : [];
  });
}

/** Creates what the plan names: queues, then routing profiles over them, then flows (which may name both), then task templates (which name a flow), and the substitute hours. Returns a line per resource. */
export async function deploy(target: DeployTarget, plan: DeployPlan): Promise<string[]> {
  const done: string[] = [];
  const queues = new Map<string, string>();
  const hours = plan.queues.length ? await basicHoursId(target) : "";
  for (const name of plan.queues) {
    queues.set(name, (await createQueue(target, name, hours)).id);
    done.push(`queue "${name}"`);
  }
  for (const profile of plan.routingProfiles) {
    const queueId = queues.get(profile.queue);
    if (!queueId) throw new Error(`the routing profile "${profile.name}" names the queue "${profile.queue}", which no step creates`);
    await createRoutingProfile(target, profile.name, queueId, routingConcurrencies(profile.table), `${profile.name} (deployed for the features)`);
    done.push(`routing profile "${profile.name}"`);
  }
  const published = new Set<string>();
  const flows = new Map<string, string>();
  const functions = new Set<string>();
  for (const dir of plan.flowDirs) {
    for (const file of await readFlowsDir(dir)) {
      if (published.has(file.name)) throw new Error(`two flows are named "${file.name}" (the second in ${file.path}): an instance has one flow by a name`);
      published.add(file.name);
      flows.set(file.name, (await createFlow(target, file)).id);
      done.push(`flow "${file.name}"`);
      lambdaArnsIn(file.doc).forEach((arn) => functions.add(arn));
    }
  }
  for (const FunctionArn of functions) {
    await target.connect.send(new AssociateLambdaFunctionCommand({ InstanceId: target.instanceId, FunctionArn }));
    done.push(`Lambda function ${FunctionArn}`);
  }
  for (const t of plan.taskTemplates) {
    const flowId = flows.get(t.flow);
    if (!flowId) throw new Error(`the task template "${t.name}" names the flow "${t.flow}", which no published folder has`);
    const [header, ...rows] = t.table;
    const fields = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])) as Record<string, string>);
    await target.connect.send(new CreateTaskTemplateCommand(templateRequest(target.instanceId, t.name, flowId, fields.map((f) => ({ field: f.field, type: f.type, required: f.required, editable: f.editable, default: f.default })))));
    done.push(`task template "${t.name}"`);
  }
  done.push(...(await substituteHours(target)));
  return done;
}
