/**
 * The simulator targets. Each scenario gets an instance of its own (CreateInstance before,
 * DeleteInstance after) on a simulator shared by the run, so scenarios are isolated —
 * own contacts, agents, ids and virtual time — and parallel workers never see each other:
 *
 * - `sim`: a simulator in this worker's process on 127.0.0.1 and a free port, started at
 *   the first scenario and kept for the worker's life (starting one per scenario cost more
 *   than the scenario);
 * - `server`: a running `flowsim serve` (`FLOWSIM_URL`);
 * - `container`: the simulator image, started for the run by testcontainers (container.ts).
 *
 * An instance's seed comes from the scenario, so a scenario gets the same ids on every run
 * whichever worker runs it.
 */
import { randomBytes } from "node:crypto";
import { ConnectClient, CreateInstanceCommand, DeleteInstanceCommand } from "@aws-sdk/client-connect";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { startSimulator, type SimulatorHandle } from "../../simulators/connect/api/server.js";
import { SEED_TAG } from "../../simulators/connect/api/instance-registry.js";
import { ControlPlane } from "../drivers/control.js";
import { send } from "../drivers/keep-alive.js";
import { InfrastructureError } from "../report/errors.js";
import { AWS_TEST_CREDENTIALS, type Target, type TargetName } from "./target.js";
import { ALL_CAPABILITIES } from "../capabilities.js";

/** What a worker keeps of a simulator across its scenarios: what it said of itself, and clients to it. */
interface Connection {
  region: string;
  clock?: string;
  connect: ConnectClient;
  participant: ConnectParticipantClient;
}

// Clients are kept for the worker's life, one pair per simulator: a new pair per scenario
// resolved its configuration and opened its sockets again, a tenth of a warm scenario's CPU
// (`npm run bench -- scenarios`). Scenarios share no state through them: the instance id is
// in every call.
const connections = new Map<string, Promise<Connection>>();

function connectionTo(endpoint: string): Promise<Connection> {
  let connection = connections.get(endpoint);
  if (!connection) {
    connection = health(endpoint).then((found) => {
      const region = found.region ?? "us-east-1";
      const common = { region, endpoint, credentials: AWS_TEST_CREDENTIALS, maxAttempts: 1 };
      return { region, clock: found.clock, connect: new ConnectClient(common), participant: new ConnectParticipantClient(common) };
    });
    connections.set(endpoint, connection);
    // An unreachable simulator is asked again by the next scenario, not remembered as gone.
    connection.catch(() => forget(endpoint));
  }
  return connection;
}

/** Closes a connection's clients, once it is made (one that failed has none). */
async function release(connection: Promise<Connection>): Promise<void> {
  const made = await connection.catch(() => undefined);
  made?.connect.destroy();
  made?.participant.destroy();
}

function forget(endpoint: string): void {
  const connection = connections.get(endpoint);
  connections.delete(endpoint);
  if (connection) void release(connection);
}

/** Lets go of every simulator's clients (a worker's end). */
export async function closeConnections(): Promise<void> {
  const open = [...connections.values()];
  connections.clear();
  await Promise.all(open.map(release));
}

let embedded: Promise<SimulatorHandle> | undefined;

/** This worker's in-process simulator, started once. */
export function embeddedSimulator(): Promise<SimulatorHandle> {
  embedded ??= startSimulator({ port: 0, seed: "flowsim" });
  return embedded;
}

/** Stops this worker's in-process simulator, if it started one, and lets go of the clients to any. */
export async function stopEmbeddedSimulator(): Promise<void> {
  await closeConnections();
  const running = embedded;
  embedded = undefined;
  if (running) await (await running).close();
}

interface Health {
  region?: string;
  clock?: string;
}

async function health(endpoint: string): Promise<Health> {
  try {
    const res = await send("GET", `${endpoint}/_flowsim/health`, {});
    if (res.status !== 200) throw new Error(`GET /_flowsim/health answered ${res.status}`);
    return JSON.parse(res.text) as Health;
  } catch (err) {
    throw new InfrastructureError("target-unreachable", `no flowsim server answers at ${endpoint} (set FLOWSIM_URL): ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A fresh instance for the scenario. Its alias is unique (two workers may run scenarios of
 * the same name at once); its ids are seeded by the scenario through the seed tag.
 */
async function freshInstance(connect: ConnectClient, scenarioSeed: string): Promise<string> {
  const created = await connect.send(
    new CreateInstanceCommand({
      IdentityManagementType: "CONNECT_MANAGED",
      InstanceAlias: `scenario-${scenarioSeed}-${randomBytes(4).toString("hex")}`,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
      Tags: { [SEED_TAG]: scenarioSeed },
    }),
  );
  return created.Id!;
}

/** A scenario's target on a simulator at `endpoint`: its own instance there, removed by `dispose`. */
export async function instanceTarget(name: Exclude<TargetName, "staging">, endpoint: string, scenarioSeed: string, describeEndpoint = endpoint): Promise<Target> {
  const { region, clock, connect, participant } = await connectionTo(endpoint);
  let instanceId: string;
  try {
    instanceId = await freshInstance(connect, scenarioSeed);
  } catch (err) {
    // The simulator may have gone since it last answered: the next scenario asks it afresh.
    forget(endpoint);
    throw err;
  }
  const control = new ControlPlane(endpoint, instanceId);
  const virtual = clock === "virtual";
  return {
    name,
    region,
    instanceId,
    connect,
    participant,
    control,
    // A simulator does everything a step may ask; on the real clock, time only passes.
    offers: new Set(ALL_CAPABILITIES.filter((c) => virtual || c !== "virtual clock")),
    patienceMs: name === "sim" ? 5_000 : 10_000,
    async advance(ms) {
      if (virtual) await control.post("/clock/advance", { ms });
      else await new Promise((resolve) => setTimeout(resolve, ms));
    },
    resolveName: (_kind, name) => name,
    describe: () => ({ target: name, endpoint: describeEndpoint, region, clock: String(clock), instance: "one per scenario" }),
    async dispose() {
      await connect.send(new DeleteInstanceCommand({ InstanceId: instanceId }));
    },
  };
}

export async function simulatorTarget(scenarioSeed: string): Promise<Target> {
  const simulator = await embeddedSimulator();
  return instanceTarget("sim", simulator.endpoint, scenarioSeed, "in-process simulator (127.0.0.1, free port)");
}
