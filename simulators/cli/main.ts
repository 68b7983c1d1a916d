/** The `flowsim` command: one definition per subcommand (see command.ts), listed here. */
import { dispatch, stdio, type Output } from "./command.js";
import { lint } from "./lint.js";
import { pull } from "./pull.js";
import { serve } from "./serve.js";

export const COMMANDS = [lint, serve, pull];

export function main(args: string[], io: Output = stdio): Promise<number> {
  return dispatch(COMMANDS, args, io);
}
