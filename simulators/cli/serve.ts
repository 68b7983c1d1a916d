/**
 * `flowsim serve`: the simulator as a long-running server. Prints one line with the
 * endpoint when it is ready (wait strategies can match it, or poll /_flowsim/health) and
 * stops cleanly on SIGTERM / SIGINT.
 */
import { startSimulator, type SimulatorOptions } from "../connect/api/server.js";
import { TIME_SCALE_RANGE } from "../kernel/scaled-clock.js";
import { badValue, defineCommand, type Values } from "./command.js";

export const serve = defineCommand({
  name: "serve",
  summary: "run the simulator: Connect + Participant APIs, chat websockets, control plane",
  options: {
    port: { type: "string", value: "N", default: "4566", env: "FLOWSIM_PORT", description: "port to listen on; 0 picks a free one", parse: portNumber },
    host: { type: "string", value: "HOST", default: "127.0.0.1", env: "FLOWSIM_HOST", description: "address to listen on" },
    flows: { type: "string", value: "DIR", env: "FLOWSIM_FLOWS", description: "publish every flow export in DIR at start" },
    clock: { type: "string", choices: ["virtual", "real"], default: "virtual", env: "FLOWSIM_CLOCK", description: "virtual: time moves only when told to" },
    "time-scale": { type: "string", value: "N", env: "FLOWSIM_TIME_SCALE", description: "with --clock real: simulated time runs N times faster than wall time", parse: timeScale },
    strict: { type: "boolean", env: "FLOWSIM_STRICT", description: "behave as the service under load: its rate limits and active-contact quotas, searches that lag" },
    "consistency-delay-ms": { type: "string", value: "MS", env: "FLOWSIM_CONSISTENCY_DELAY_MS", description: "with --strict: simulated ms before SearchContacts sees a new contact, 2000 unless given", parse: milliseconds },
    seed: { type: "string", value: "S", env: "FLOWSIM_SEED", description: "seed of the id generator (same seed, same ids)" },
    "instance-id": { type: "string", value: "ID", env: "FLOWSIM_INSTANCE_ID", description: "the simulated instance's id" },
    region: { type: "string", value: "R", env: "FLOWSIM_REGION", description: "the simulated instance's region" },
    "no-control": { type: "boolean", env: "FLOWSIM_NO_CONTROL", description: "leave out the control plane (/_flowsim/...)" },
  },
  conflicts(values) {
    if (values["time-scale"] !== undefined && values.clock !== "real") return "--time-scale needs --clock real (a virtual clock moves only when told to)";
    if (values["consistency-delay-ms"] !== undefined && !values.strict) return "--consistency-delay-ms needs --strict";
    return undefined;
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
    const traits = [`${handle.runtime.clock.kind} clock${options.timeScale ? ` at ${options.timeScale}×` : ""}`, options.strict && "strict", options.control === false && "control plane off"];
    io.out(`flowsim listening on ${handle.endpoint} (instance ${handle.instanceId}, ${traits.filter(Boolean).join(", ")})`);
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

function timeScale(text: string): number {
  const scale = Number(text);
  if (text.trim() === "" || !(scale >= TIME_SCALE_RANGE.min && scale <= TIME_SCALE_RANGE.max)) badValue(`must be a number from ${TIME_SCALE_RANGE.min} to ${TIME_SCALE_RANGE.max}`);
  return scale;
}

function milliseconds(text: string): number {
  if (!/^\d+$/.test(text)) badValue("must be a whole number of milliseconds");
  return Number(text);
}

function portNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) badValue("must be 0..65535");
  return Number(text);
}

/** What the server is started with; options not given are left out, so the simulator's defaults apply. */
export function simulatorOptions(values: Values<typeof serve.options>): SimulatorOptions {
  const { port, host, clock, flows, seed, "instance-id": instanceId, region, "time-scale": scale, "consistency-delay-ms": delay } = values;
  return {
    port,
    host,
    clock,
    ...(flows !== undefined && { flowsDir: flows }),
    ...(seed !== undefined && { seed }),
    ...(instanceId !== undefined && { instanceId }),
    ...(region !== undefined && { region }),
    ...(values["no-control"] && { control: false }),
    ...(scale !== undefined && { timeScale: scale }),
    ...(values.strict && { strict: delay === undefined ? true : { consistencyDelayMs: delay } }),
  };
}
