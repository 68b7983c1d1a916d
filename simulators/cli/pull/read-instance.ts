/**
 * Reads what an instance runs through the Connect API, every list to its last page and every
 * call retried when throttled: its alias (DescribeInstance), the published flows and modules with their content, and the
 * queues, hours, routing profiles, quick connects, task templates and users they name. The
 * same calls work on the service and on the simulator.
 */
import {
  DescribeContactFlowCommand,
  DescribeInstanceCommand,
  DescribeContactFlowModuleCommand,
  DescribeHoursOfOperationCommand,
  DescribeQueueCommand,
  DescribeQuickConnectCommand,
  DescribeRoutingProfileCommand,
  DescribeUserCommand,
  GetTaskTemplateCommand,
  ListContactFlowModulesCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListQueuesCommand,
  ListQuickConnectsCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  ListLambdaFunctionsCommand,
  ListTaskTemplatesCommand,
  ListUsersCommand,
  type ConnectClient,
  type ContactFlow,
  type ContactFlowModule,
  type GetTaskTemplateResponse,
  type HoursOfOperation,
  type Queue,
  type QuickConnect,
  type RoutingProfile,
  type RoutingProfileQueueConfigSummary,
} from "@aws-sdk/client-connect";
import { retryThrottled, type RetryOptions } from "../aws-retry.js";

export interface InstanceContents {
  /** The instance's alias: Amazon Connect writes its flow logs to the log group `/aws/connect/<alias>`. */
  alias: string;
  flows: ContactFlow[];
  modules: ContactFlowModule[];
  /** ARNs of the Lambda functions associated with the instance. */
  lambdaFunctions: string[];
  queues: Queue[];
  hours: HoursOfOperation[];
  routingProfiles: (RoutingProfile & { Queues: RoutingProfileQueueConfigSummary[] })[];
  quickConnects: QuickConnect[];
  taskTemplates: Omit<GetTaskTemplateResponse, "$metadata">[];
  users: { Id: string; Username: string; FirstName?: string }[];
  /** Flows and modules left out because they are not published or are archived, by name. */
  skipped: string[];
}

type Page = { NextToken?: string };

/** Every item of a List call, one page after another until no NextToken comes back. */
export async function listAll<P extends Page, T>(page: (NextToken: string | undefined) => Promise<P>, items: (p: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const out = await page(token);
    all.push(...(items(out) ?? []));
    token = out.NextToken;
  } while (token);
  return all;
}

/** The summaries' ids, each described; the summaries without an id (none should have one) are passed over. */
async function describeEach<S extends { Id?: string }, T>(summaries: S[], describe: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const out: T[] = [];
  for (const s of summaries) {
    const described = s.Id ? await describe(s.Id) : undefined;
    if (described) out.push(described);
  }
  return out;
}

export async function readInstance(client: ConnectClient, InstanceId: string, retry: RetryOptions = {}): Promise<InstanceContents> {
  const send = <T>(call: () => Promise<T>) => retryThrottled(call, retry);
  const skipped: string[] = [];
  const alias = (await send(() => client.send(new DescribeInstanceCommand({ InstanceId })))).Instance?.InstanceAlias;
  if (!alias) throw new Error(`DescribeInstance gave no InstanceAlias for ${InstanceId}: the flow logs' log group (/aws/connect/<alias>) cannot be named`);

  const flowSummaries = await listAll((NextToken) => send(() => client.send(new ListContactFlowsCommand({ InstanceId, NextToken, MaxResults: 1000 }))), (p) => p.ContactFlowSummaryList);
  const published = flowSummaries.filter((f) => {
    const keep = f.ContactFlowStatus !== "SAVED" && f.ContactFlowState !== "ARCHIVED";
    if (!keep) skipped.push(f.Name ?? f.Id ?? "?");
    return keep;
  });
  const flows = await describeEach(published, async (ContactFlowId) => (await send(() => client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId })))).ContactFlow);

  const moduleSummaries = await listAll((NextToken) => send(() => client.send(new ListContactFlowModulesCommand({ InstanceId, NextToken, MaxResults: 1000, ContactFlowModuleState: "ACTIVE" }))), (p) => p.ContactFlowModulesSummaryList);
  const modules = (await describeEach(moduleSummaries, async (ContactFlowModuleId) => (await send(() => client.send(new DescribeContactFlowModuleCommand({ InstanceId, ContactFlowModuleId })))).ContactFlowModule)).filter((m) => {
    if (m.Status !== "SAVED") return true;
    skipped.push(m.Name ?? m.Id ?? "?");
    return false;
  });

  const queueSummaries = await listAll((NextToken) => send(() => client.send(new ListQueuesCommand({ InstanceId, NextToken, QueueTypes: ["STANDARD"] }))), (p) => p.QueueSummaryList);
  const queues = await describeEach(queueSummaries, async (QueueId) => (await send(() => client.send(new DescribeQueueCommand({ InstanceId, QueueId })))).Queue);

  const hoursSummaries = await listAll((NextToken) => send(() => client.send(new ListHoursOfOperationsCommand({ InstanceId, NextToken }))), (p) => p.HoursOfOperationSummaryList);
  const hours = await describeEach(hoursSummaries, async (HoursOfOperationId) => (await send(() => client.send(new DescribeHoursOfOperationCommand({ InstanceId, HoursOfOperationId })))).HoursOfOperation);

  const profileSummaries = await listAll((NextToken) => send(() => client.send(new ListRoutingProfilesCommand({ InstanceId, NextToken }))), (p) => p.RoutingProfileSummaryList);
  const routingProfiles = await describeEach(profileSummaries, async (RoutingProfileId) => {
    const profile = (await send(() => client.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId })))).RoutingProfile;
    const Queues = await listAll((NextToken) => send(() => client.send(new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, NextToken }))), (p) => p.RoutingProfileQueueConfigSummaryList);
    return profile && { ...profile, Queues };
  });

  const quickConnectSummaries = await listAll((NextToken) => send(() => client.send(new ListQuickConnectsCommand({ InstanceId, NextToken }))), (p) => p.QuickConnectSummaryList);
  const quickConnects = await describeEach(quickConnectSummaries, async (QuickConnectId) => (await send(() => client.send(new DescribeQuickConnectCommand({ InstanceId, QuickConnectId })))).QuickConnect);

  const templateSummaries = await listAll((NextToken) => send(() => client.send(new ListTaskTemplatesCommand({ InstanceId, NextToken }))), (p) => p.TaskTemplates);
  const taskTemplates = await describeEach(templateSummaries, async (TaskTemplateId) => {
    const { $metadata: _metadata, ...template } = await send(() => client.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId })));
    return template;
  });

  const userSummaries = await listAll((NextToken) => send(() => client.send(new ListUsersCommand({ InstanceId, NextToken }))), (p) => p.UserSummaryList);
  // Features name agents as people do (the first name); only DescribeUser tells it.
  const users = await describeEach(userSummaries, async (UserId) => {
    const user = (await send(() => client.send(new DescribeUserCommand({ InstanceId, UserId })))).User;
    return user?.Id && user.Username ? { Id: user.Id, Username: user.Username, FirstName: user.IdentityInfo?.FirstName } : undefined;
  });

  // The functions flows may invoke: their ARNs, for the Lambda givens a test case mocks by ARN.
  const lambdaFunctions = await listAll((NextToken) => send(() => client.send(new ListLambdaFunctionsCommand({ InstanceId, NextToken, MaxResults: 25 }))), (p) => p.LambdaFunctions);

  return { alias, flows, modules, queues, hours, routingProfiles, quickConnects, taskTemplates, users, lambdaFunctions, skipped };
}
