/**
 * `staging`: a real Amazon Connect instance. Region and instance come from the config
 * file (`FLOWSIM_STAGING_CONFIG`, default `staging.config.json`) or the environment
 * (`FLOWSIM_STAGING_REGION`, `FLOWSIM_STAGING_INSTANCE_ID`); the names features use for
 * flows, queues, task templates, quick connects and agents map to the instance's ids in
 * the config's `names` section. Credentials come from the default AWS chain and are never
 * printed. There is no control plane: waits really wait, and @sim-only scenarios are skipped.
 *
 * ```json
 * { "region": "eu-central-1", "instanceId": "…",
 *   "names": { "flow": { "Callback inbound": "<flow id>" }, "queue": { "Support": "<queue id>" } } }
 * ```
 */
import { readFileSync, existsSync } from "node:fs";
import { ConnectClient } from "@aws-sdk/client-connect";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { InfrastructureError } from "../report/errors.js";
import type { Target } from "./target.js";

interface StagingConfig {
  region?: string;
  instanceId?: string;
  names?: Record<string, Record<string, string>>;
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
  };
}

export async function stagingTarget(): Promise<Target> {
  const config = readStagingConfig();
  if (!config.region || !config.instanceId) {
    throw new InfrastructureError("setup", `the staging target needs a region and an instance id: set them in ${config.path} or FLOWSIM_STAGING_REGION / FLOWSIM_STAGING_INSTANCE_ID`);
  }
  const connect = new ConnectClient({ region: config.region });
  // The Participant Service authenticates by bearer token only, but the SDK signs anyway and needs some credentials.
  const participant = new ConnectParticipantClient({ region: config.region });
  return {
    name: "staging",
    region: config.region,
    instanceId: config.instanceId,
    connect,
    participant,
    patienceMs: 60_000,
    async advance(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    resolveName(kind, name) {
      const id = config.names?.[kind]?.[name];
      if (!id) throw new InfrastructureError("setup", `no ${kind} named "${name}" in the staging config ${config.path} (names.${kind})`);
      return id;
    },
    describe: () => ({ target: "staging", instanceId: config.instanceId!, region: config.region!, clock: "real" }),
    async dispose() {
      connect.destroy();
      participant.destroy();
    },
  };
}
