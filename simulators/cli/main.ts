/** The `flowsim` command. */
import { lintCommand } from "./lint.js";
import { serveCommand } from "./serve.js";

const USAGE = `usage: flowsim <command> [options]

commands:
  lint <files or dirs...> [--json] [--type FLOW_TYPE] [--quiet]
      check flow exports the way the service does on publish
  serve [--port 4566] [--host 127.0.0.1] [--flows DIR] [--clock virtual|real] [--seed S] [--no-control]
      run the simulator: Connect + Participant APIs, chat websockets, control plane`;

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "lint":
      return lintCommand(rest);
    case "serve":
      return serveCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`flowsim: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
