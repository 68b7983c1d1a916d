/**
 * `staging`: a real Amazon Connect instance. Region and instance come from the config
 * file (`FLOWSIM_STAGING_CONFIG`, default `staging.config.json`) or the environment
 * (`FLOWSIM_STAGING_REGION`, `FLOWSIM_STAGING_INSTANCE_ID`); the names features use for
 * flows, queues, task templates, quick connects and agents map to the instance's ids in
 * the config's `names` section. Credentials come from the default AWS chain and are never
 * printed. There is no control plane: waits really wait, and a scenario with a step that needs
 * what staging does not offer is skipped (capabilities.ts).
 *
 * Hygiene: every contact and test execution a scenario starts is stopped after it, when it
 * fails too (contact-ledger.ts); throttling (ThrottlingException, TooManyRequestsException,
 * LimitExceededException) is retried by the SDK's adaptive retry, which backs off with
 * jitter and slows the client down to what the service grants.
 *
 * Chat agents: with `"chatAgents": "custom-participant"` (or FLOWSIM_STAGING_CHAT_AGENTS) a
 * custom participant stands in for an agent who only joins, writes in and idles in a chat
 * (chat timers apply to custom participants), and staging offers "chat agent".
 *
 * Flow path: with `"flowLogs": { "logGroup": "/aws/connect/<alias>" }` (or
 * FLOWSIM_STAGING_FLOW_LOG_GROUP) the flow-path steps read a contact's blocks from the
 * instance's flow logs in CloudWatch Logs (drivers/flow-logs.ts), and staging offers "flow
 * path"; `flowsim pull` writes it. The branch each block took is not in flow logs.
 *
 * Rehearsal: `FLOWSIM_STAGING_ENDPOINT` points the clients at a simulator standing in for
 * the service, and `FLOWSIM_TIME_SCALE` (that simulator's `--time-scale`) shrinks the waits.
 *
 * ```json
 * { "region": "eu-central-1", "instanceId": "…",
 *   "names": { "flow": { "Callback inbound": "<flow id>" }, "queue": { "Support": "<queue id>" } } }
 * ```
 */
import { readFileSync, existsSync } from "node:fs";
import { ConnectClient } from "@aws-sdk/client-connect";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { InfrastructureError } from "../report/errors.js";
import { notFound } from "../nearest.js";
import type { ChatAgents, Target } from "./target.js";
import { ContactLedger } from "./contact-ledger.js";
import type { Capability } from "../capabilities.js";
import { stagingOfferOn } from "./staging-voice.js";
import { FlowLogReader } from "../drivers/flow-logs.js";

/**
 * What a real instance can do for a step beyond its public APIs: nothing yet. Agents,
 * callers and programmed answers need the simulator until their staging equivalents
 * (custom participants, native test cases) are in.
 */
export const STAGING_OFFERS: ReadonlySet<Capability> = new Set<Capability>();

/**
 * What staging offers with the config's options: a custom participant standing in for chat
 * agents adds "chat agent"; the flow logs' log group adds "flow path".
 */
export function stagingOffers(options: { chatAgents?: ChatAgents; flowLogs?: FlowLogsConfig }): ReadonlySet<Capability> {
  return new Set<Capability>([...STAGING_OFFERS, ...(options.chatAgents ? (["chat agent"] as const) : []), ...(options.flowLogs ? (["flow path"] as const) : [])]);
}

/** Everything the staging config can turn on: what the rehearsal runs with, and what the README counts. */
export const STAGING_OFFERS_WITH_OPTIONS = stagingOffers({ chatAgents: "custom-participant", flowLogs: { logGroup: "/aws/connect/<alias>" } });

/** Where the instance's flow logs are: CloudWatch Logs' log group `/aws/connect/<instance alias>`. */
export interface FlowLogsConfig {
  logGroup: string;
}

/** `flowLogs` (config) or FLOWSIM_STAGING_FLOW_LOG_GROUP (environment, first): unset, or a log group name. */
function flowLogsOf(value: unknown, where: string): FlowLogsConfig | undefined {
  if (value === undefined) return undefined;
  const group = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { logGroup?: unknown }).logGroup : undefined;
  if (typeof group !== "string" || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(group)) {
    throw new InfrastructureError("setup", `${where} must be { "logGroup": "/aws/connect/<instance alias>" }, a CloudWatch Logs log group name (got ${JSON.stringify(value)?.slice(0, 200)})`);
  }
  return { logGroup: group };
}

/** `chatAgents` (config) or FLOWSIM_STAGING_CHAT_AGENTS (environment, first): unset, or "custom-participant". */
function chatAgentsOf(value: unknown, where: string): ChatAgents | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "custom-participant") return value;
  throw new InfrastructureError("setup", `${where} must be "custom-participant" (a custom participant plays the agent of a chat) or left out (got ${JSON.stringify(value)})`);
}

/** `FLOWSIM_TIME_SCALE`: how much faster than wall time the simulator standing in for staging runs. */
function timeScale(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 1 || n > 3600) throw new InfrastructureError("setup", `FLOWSIM_TIME_SCALE must be a number from 1 to 3600 (got "${text}")`);
  return n;
}

interface StagingConfig {
  region?: string;
  instanceId?: string;
  names?: Record<string, Record<string, string>>;
  chatAgents?: ChatAgents;
  flowLogs?: FlowLogsConfig;
}

export function readStagingConfig(path = process.env.FLOWSIM_STAGING_CONFIG ?? "staging.config.json"): StagingConfig & { path: string } {
  let config: StagingConfig = {};
  if (existsSync(path)) {
    try {
      config = JSON.parse(readFileSync(path, "utf8")) as StagingConfig;
    } catch (err) {
      throw new InfrastructureError("setup", `the staging config ${path} is not valid JSON: ${(err as Error).message}`);
    }
  }
  return {
    path,
    region: process.env.FLOWSIM_STAGING_REGION ?? config.region,
    instanceId: process.env.FLOWSIM_STAGING_INSTANCE_ID ?? config.instanceId,
    names: config.names ?? {},
    chatAgents:
      process.env.FLOWSIM_STAGING_CHAT_AGENTS !== undefined
        ? chatAgentsOf(process.env.FLOWSIM_STAGING_CHAT_AGENTS, "FLOWSIM_STAGING_CHAT_AGENTS")
        : chatAgentsOf(config.chatAgents, `chatAgents in the staging config ${path}`),
    flowLogs:
      process.env.FLOWSIM_STAGING_FLOW_LOG_GROUP !== undefined && process.env.FLOWSIM_STAGING_FLOW_LOG_GROUP !== ""
        ? flowLogsOf({ logGroup: process.env.FLOWSIM_STAGING_FLOW_LOG_GROUP }, "FLOWSIM_STAGING_FLOW_LOG_GROUP")
        : flowLogsOf(config.flowLogs, `flowLogs in the staging config ${path}`),
  };
}

export async function stagingTarget(): Promise<Target> {
  const config = readStagingConfig();
  if (!config.region || !config.instanceId) {
    throw new InfrastructureError("setup", `the staging target needs a region and an instance id: set them in ${config.path} or FLOWSIM_STAGING_REGION / FLOWSIM_STAGING_INSTANCE_ID`);
  }
  const endpoint = process.env.FLOWSIM_STAGING_ENDPOINT;
  const scale = timeScale(process.env.FLOWSIM_TIME_SCALE);
  const common = { region: config.region, retryMode: "adaptive", maxAttempts: 8, ...(endpoint ? { endpoint } : {}) };
  const connect = new ConnectClient(common);
  // The Participant Service authenticates by bearer token only, but the SDK signs anyway and needs some credentials.
  const participant = new ConnectParticipantClient(common);
  const logs = config.flowLogs ? new CloudWatchLogsClient(common) : undefined;
  const ledger = new ContactLedger(config.instanceId);
  ledger.watch(connect);
  const resolveName = (kind: string, name: string) => {
    const id = config.names?.[kind]?.[name];
    if (!id) throw new InfrastructureError("setup", `${notFound(kind, name, Object.keys(config.names?.[kind] ?? {}), `names.${kind} of the staging config ${config.path}`)} Map it there to the instance's id.`);
    return id;
  };
  return {
    name: "staging",
    region: config.region,
    instanceId: config.instanceId,
    connect,
    participant,
    offers: stagingOffers(config),
    ...(logs && { flowLogs: new FlowLogReader({ logs, logGroup: config.flowLogs!.logGroup, connect, instanceId: config.instanceId, patienceMs: 60_000, timeScale: scale }) }),
    ...(config.chatAgents ? { chatAgents: config.chatAgents } : {}),
    // A voice scenario's caller steps, and a chat's with programmed answers, run as a Connect test case when they compile to one (staging-voice.ts).
    offersFor: (pickle) => stagingOfferOn({ connect, instanceId: config.instanceId!, names: config.names ?? {}, resolve: resolveName }, pickle, stagingOffers(config)),
    patienceMs: 60_000,
    async advance(ms) {
      // Real time: a wait on staging is a wait (shortened only when a simulator runs faster).
      await new Promise((resolve) => setTimeout(resolve, ms / scale));
    },
    resolveName,
    describe: () => ({ target: "staging", instanceId: config.instanceId!, region: config.region!, clock: scale === 1 ? "real" : `real × ${scale}`, ...(endpoint ? { endpoint } : {}), ...(config.chatAgents ? { "chat agents": config.chatAgents } : {}), ...(config.flowLogs ? { "flow logs": config.flowLogs.logGroup } : {}) }),
    async dispose() {
      try {
        const left = await ledger.stopAll(connect);
        if (left.length) throw new InfrastructureError("target-error", `could not stop what the scenario started on staging:\n  ${left.join("\n  ")}`);
      } finally {
        connect.destroy();
        participant.destroy();
        logs?.destroy();
      }
    },
  };
}
