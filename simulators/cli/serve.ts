/**
 * `flowsim serve`: the simulator as a long-running server. Prints one line with the
 * endpoint when it is ready (wait strategies can match it, or poll /_flowsim/health) and
 * stops cleanly on SIGTERM / SIGINT.
 */
import { startSimulator, type SimulatorOptions } from "../connect/api/server.js";

const USAGE = "usage: flowsim serve [--port N] [--host 127.0.0.1] [--flows DIR] [--clock virtual|real] [--seed S] [--instance-id ID] [--region R] [--no-control]";

export function parseServeArgs(args: string[]): SimulatorOptions | string {
  const options: SimulatorOptions = { port: 4566, host: "127.0.0.1" };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      switch (a) {
        case "--port": {
          const n = Number(value());
          if (!Number.isInteger(n) || n < 0 || n > 65535) return `--port must be 0..65535`;
          options.port = n;
          break;
        }
        case "--host":
          options.host = value();
          break;
        case "--flows":
          options.flowsDir = value();
          break;
        case "--clock": {
          const c = value();
          if (c !== "virtual" && c !== "real") return `--clock must be virtual or real (got ${c})`;
          options.clock = c;
          break;
        }
        case "--seed":
          options.seed = value();
          break;
        case "--instance-id":
          options.instanceId = value();
          break;
        case "--region":
          options.region = value();
          break;
        case "--no-control":
          options.control = false;
          break;
        case "--help":
        case "-h":
          return USAGE;
        default:
          return `unknown option ${a}\n${USAGE}`;
      }
    } catch (err) {
      return `${(err as Error).message}\n${USAGE}`;
    }
  }
  return options;
}

export async function serveCommand(args: string[]): Promise<number> {
  const options = parseServeArgs(args);
  if (typeof options === "string") {
    console.error(options);
    return options === USAGE ? 0 : 2;
  }
  let handle;
  try {
    handle = await startSimulator(options);
  } catch (err) {
    console.error(`flowsim serve: ${(err as Error).message}`);
    return 1;
  }
  console.log(`flowsim listening on ${handle.endpoint} (instance ${handle.instanceId}, ${handle.runtime.clock.kind} clock${options.control === false ? ", control plane off" : ""})`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`flowsim: ${signal}, stopping`);
      void handle.close().then(resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}
