/**
 * `flowsim serve`: the simulator as a long-running server. Prints one line with the
 * endpoint when it is ready (wait strategies can match it, or poll /_flowsim/health) and
 * stops cleanly on SIGTERM / SIGINT.
 */
import { startSimulator, type SimulatorOptions } from "../connect/api/server.js";
import { badValue, defineCommand, type Values } from "./command.js";

export const serve = defineCommand({
  name: "serve",
  summary: "run the simulator: Connect + Participant APIs, chat websockets, control plane",
  options: {
    port: { type: "string", value: "N", default: "4566", env: "FLOWSIM_PORT", description: "port to listen on; 0 picks a free one", parse: portNumber },
    host: { type: "string", value: "HOST", default: "127.0.0.1", env: "FLOWSIM_HOST", description: "address to listen on" },
    flows: { type: "string", value: "DIR", env: "FLOWSIM_FLOWS", description: "publish every flow export in DIR at start" },
    clock: { type: "string", choices: ["virtual", "real"], default: "virtual", env: "FLOWSIM_CLOCK", description: "virtual: time moves only when told to" },
    seed: { type: "string", value: "S", env: "FLOWSIM_SEED", description: "seed of the id generator (same seed, same ids)" },
    "instance-id": { type: "string", value: "ID", env: "FLOWSIM_INSTANCE_ID", description: "the simulated instance's id" },
    region: { type: "string", value: "R", env: "FLOWSIM_REGION", description: "the simulated instance's region" },
    "no-control": { type: "boolean", env: "FLOWSIM_NO_CONTROL", description: "leave out the control plane (/_flowsim/...)" },
  },
  async run({ values }, io) {
    const options = simulatorOptions(values);
    let handle;
    try {
      handle = await startSimulator(options);
    } catch (err) {
      io.err(`flowsim serve: ${(err as Error).message}`);
      return 1;
    }
    io.out(`flowsim listening on ${handle.endpoint} (instance ${handle.instanceId}, ${handle.runtime.clock.kind} clock${options.control === false ? ", control plane off" : ""})`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        io.out(`flowsim: ${signal}, stopping`);
        void handle.close().then(resolve);
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    });
    return 0;
  },
});

function portNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) badValue("must be 0..65535");
  return Number(text);
}

/** What the server is started with; options not given are left out, so the simulator's defaults apply. */
export function simulatorOptions(values: Values<typeof serve.options>): SimulatorOptions {
  const { port, host, clock, flows, seed, "instance-id": instanceId, region } = values;
  return {
    port,
    host,
    clock,
    ...(flows !== undefined && { flowsDir: flows }),
    ...(seed !== undefined && { seed }),
    ...(instanceId !== undefined && { instanceId }),
    ...(region !== undefined && { region }),
    ...(values["no-control"] && { control: false }),
  };
}
