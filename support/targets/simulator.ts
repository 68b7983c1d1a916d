/**
 * `sim`: a fresh simulator in this process for every scenario, on 127.0.0.1 and a free
 * port, with the virtual clock and a seed derived from the scenario — scenarios are
 * isolated and repeatable, and parallel workers never share one. `server`: the same wire
 * against a running `flowsim serve`.
 */
import { ConnectClient } from "@aws-sdk/client-connect";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { startSimulator, type SimulatorHandle } from "../../simulators/connect/api/server.js";
import { ControlPlane } from "../drivers/control.js";
import { InfrastructureError } from "../report/errors.js";
import { AWS_TEST_CREDENTIALS, type Target } from "./target.js";

function clients(endpoint: string, region: string) {
  const common = { region, endpoint, credentials: AWS_TEST_CREDENTIALS, maxAttempts: 1 };
  return { connect: new ConnectClient(common), participant: new ConnectParticipantClient(common) };
}

export async function simulatorTarget(seed: string): Promise<Target & { simulator: SimulatorHandle }> {
  const simulator = await startSimulator({ port: 0, seed });
  const { connect, participant } = clients(simulator.endpoint, simulator.region);
  const control = new ControlPlane(simulator.endpoint);
  return {
    name: "sim",
    simulator,
    region: simulator.region,
    instanceId: simulator.instanceId,
    connect,
    participant,
    control,
    patienceMs: 5_000,
    async advance(ms) {
      await control.post("/clock/advance", { ms });
    },
    resolveName: (_kind, name) => name,
    describe: () => ({ target: "sim", endpoint: "in-process simulator (127.0.0.1, free port)", instanceId: simulator.instanceId, region: simulator.region, clock: "virtual" }),
    async dispose() {
      connect.destroy();
      participant.destroy();
      await simulator.close();
    },
  };
}

/** A running simulator by URL (`FLOWSIM_URL`). */
export async function serverTarget(url: string): Promise<Target> {
  const endpoint = url.replace(/\/+$/, "");
  let health: Record<string, unknown>;
  try {
    const res = await fetch(`${endpoint}/_flowsim/health`);
    health = (await res.json()) as Record<string, unknown>;
  } catch (err) {
    throw new InfrastructureError("target-unreachable", `no flowsim server answers at ${endpoint} (set FLOWSIM_URL): ${(err as Error).message}`, { cause: err });
  }
  const region = String(health.region ?? "us-east-1");
  const { connect, participant } = clients(endpoint, region);
  const control = new ControlPlane(endpoint);
  const virtual = health.clock === "virtual";
  return {
    name: "server",
    region,
    instanceId: String(health.instanceId),
    connect,
    participant,
    control,
    patienceMs: 10_000,
    async advance(ms) {
      if (virtual) await control.post("/clock/advance", { ms });
      else await new Promise((resolve) => setTimeout(resolve, ms));
    },
    resolveName: (_kind, name) => name,
    describe: () => ({ target: "server", endpoint, instanceId: String(health.instanceId), region, clock: String(health.clock) }),
    async dispose() {
      connect.destroy();
      participant.destroy();
    },
  };
}
