/**
 * How a `flowsim` subcommand is declared: one definition (name, summary, operands, options)
 * from which both the parsing (`node:util` parseArgs) and the `--help` text are made, so
 * the two cannot drift apart. Bad input is a one-line error and exit code 2, never a stack
 * trace; a subcommand's `run` only ever sees values that passed their checks.
 */
import { parseArgs } from "node:util";

const PROGRAM = "flowsim";

/** Where a command prints, a line per call; tests collect the lines instead. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

interface FlagOption {
  type: "boolean";
  short?: string;
  /** Environment variable that sets it when the command line does not (`true`/`false`, `1`/`0`, `yes`/`no`). */
  env?: string;
  description: string;
}

interface ValueOption {
  type: "string";
  short?: string;
  /** What help calls the value (`--port N`); options with `choices` show them instead. */
  value?: string;
  /** Written as on the command line, so that help can show it; it goes through the same checks as a value given there. */
  default?: string;
  /** The only values accepted; the option's value is then one of them. */
  choices?: readonly string[];
  /** Turns the text into the value, or throws `badValue(...)` saying what the text should be. */
  parse?: (text: string) => unknown;
  /** Environment variable that sets it when the command line does not (a container's settings come this way). */
  env?: string;
  /** The command cannot run without it (from the command line or its environment variable). */
  required?: boolean;
  description: string;
}

export type OptionSpec = FlagOption | ValueOption;
export type Options = Readonly<Record<string, OptionSpec>>;

type Converted<O> = O extends { choices: readonly (infer C)[] } ? C : O extends { parse: (text: string) => infer T } ? T : string;
type OptionValue<O> = O extends { type: "boolean" } ? boolean : O extends { default: string } | { required: true } ? Converted<O> : Converted<O> | undefined;
export type Values<O extends Options> = { -readonly [K in keyof O]: OptionValue<O[K]> };

export interface CommandInput<O extends Options> {
  values: Values<O>;
  operands: string[];
}

export interface CommandDefinition<O extends Options = Options> {
  /** Words after `flowsim`: `lint`, or `test-cases run` for a command in a group. */
  name: string;
  /** One line: what the command does. */
  summary: string;
  /** The arguments after the options (always a list); none: the command takes no arguments. */
  operands?: { name: string; description: string; required: boolean };
  options: O;
  /** What the options cannot be together (`--time-scale` without `--clock real`): a message saying so, or nothing. */
  conflicts?(values: Values<O>): string | undefined;
  run(input: CommandInput<O>, io: Output): Promise<number>;
}

/** Declares a command; the options' literal types give `run` its typed values. */
export function defineCommand<const O extends Options>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition;
}

/** Input a command cannot use: the message names what is wrong, the caller points at --help. */
class UsageError extends Error {
  override name = "UsageError";
}

/** Thrown by an option's `parse`: says what the value should be (`must be 0..65535`). */
class BadValue extends Error {}

export function badValue(expected: string): never {
  throw new BadValue(expected);
}

const HELP: FlagOption = { type: "boolean", short: "h", description: "show this help" };

/** Every command takes -h / --help besides its own options. */
const optionsOf = (command: CommandDefinition): [string, OptionSpec][] => [...Object.entries(command.options), ["help", HELP]];

function tokenize(command: CommandDefinition, args: string[]) {
  const options = Object.fromEntries(optionsOf(command).map(([name, o]) => [name, { type: o.type, ...(o.short && { short: o.short }) }]));
  // Not strict: the checks below name the option at fault in flowsim's words, where strict mode's
  // errors would have to be taken apart to find it.
  return parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
}

function convert(flag: string, option: ValueOption, text: string): unknown {
  if (option.choices && !option.choices.includes(text)) throw new UsageError(`${flag} must be ${orList(option.choices)} (got "${text}")`);
  try {
    return option.parse ? option.parse(text) : text;
  } catch (err) {
    if (err instanceof BadValue) throw new UsageError(`${flag} ${err.message} (got "${text}")`);
    throw err;
  }
}

const orList = (words: readonly string[]) => (words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : words.join(""));

const FLAG_WORDS: Record<string, boolean> = { true: true, "1": true, yes: true, false: false, "0": false, no: false, "": false };

/** An option's value before the command line is read: its environment variable, else its default. */
function initial(name: string, option: OptionSpec, env: NodeJS.ProcessEnv): unknown {
  const text = option.env === undefined ? undefined : env[option.env];
  if (option.type === "boolean") {
    if (text === undefined) return false;
    const flag = FLAG_WORDS[text.trim().toLowerCase()];
    if (flag === undefined) throw new UsageError(`${option.env} must be true or false (got "${text}")`);
    return flag;
  }
  if (text !== undefined) return convert(option.env!, option, text);
  return option.default === undefined ? undefined : convert(`--${name}`, option, option.default);
}

/** The command's values and operands, checked and converted; throws UsageError naming the first problem. */
export function parseCommandArgs<O extends Options>(command: CommandDefinition<O>, args: string[], env: NodeJS.ProcessEnv = process.env): CommandInput<O> {
  const { tokens, positionals } = tokenize(command, args);
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(command.options)) {
    const value = initial(name, option, env);
    if (value !== undefined) values[name] = value;
  }
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option: OptionSpec | undefined = token.name === "help" ? HELP : command.options[token.name];
    if (!option) throw new UsageError(`unknown option ${token.rawName}`);
    if (option.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
      continue;
    }
    // `--type --json`: the value was forgotten, as parseArgs' strict mode reads it; `--type=-x` is how to mean it.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-"))) throw new UsageError(`${token.rawName} needs a value (${placeholder(option)})`);
    values[token.name] = convert(token.rawName, option, token.value);
  }
  for (const [name, option] of Object.entries(command.options)) {
    if (option.type === "string" && option.required && values[name] === undefined) throw new UsageError(`missing --${name} ${placeholder(option)}${option.env ? ` (or ${option.env})` : ""}`);
  }
  const conflict = command.conflicts?.(values as Values<O>);
  if (conflict) throw new UsageError(conflict);
  if (!command.operands && positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (${command.name} takes no arguments)`);
  if (command.operands?.required && !positionals.length) throw new UsageError(`missing <${command.operands.name}>`);
  return { values: values as Values<O>, operands: positionals };
}

const placeholder = (option: ValueOption) => option.value ?? option.choices?.join("|") ?? "VALUE";

function usageLine(command: CommandDefinition): string {
  const operands = command.operands ? (command.operands.required ? ` <${command.operands.name}>` : ` [${command.operands.name}]`) : "";
  return `usage: ${PROGRAM} ${command.name}${operands} [options]`;
}

/** Two columns, the second aligned, as every help text here lays them out. */
function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

function commandHelp(command: CommandDefinition): string {
  const options = optionsOf(command).map(([name, o]): [string, string] => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${placeholder(o)}` : ""}`;
    const fallback = [o.env && `env ${o.env}`, o.type === "string" && o.required && "required", o.type === "string" && o.default !== undefined && `default: ${o.default}`].filter(Boolean).join("; ");
    return [flag, `${o.description}${fallback ? ` (${fallback})` : ""}`];
  });
  const operands = command.operands ? ["", "arguments:", ...columns([[`<${command.operands.name}>`, command.operands.description]])] : [];
  return [usageLine(command), "", `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`, ...operands, "", "options:", ...columns(options)].join("\n");
}

/** The commands and their summaries; for a group (`test-cases`), its commands only. */
function programHelp(commands: readonly CommandDefinition[], group?: string): string {
  const prefix = group ? `${PROGRAM} ${group}` : PROGRAM;
  return [
    `usage: ${prefix} <command> [options]`,
    "",
    "commands:",
    ...columns(commands.map((c) => [c.name, c.summary])),
    "",
    `"${prefix} <command> --help" shows a command's arguments and options.`,
  ].join("\n");
}

/** Parses and runs one command: its help, its run, or a usage error (exit 2). */
export async function runCommand<O extends Options>(command: CommandDefinition<O>, args: string[], io: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let input: CommandInput<O>;
  try {
    if (tokenize(command, args).tokens.some((t) => t.kind === "option" && t.name === "help")) {
      io.out(commandHelp(command));
      return 0;
    }
    input = parseCommandArgs(command, args, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${PROGRAM} ${command.name}: ${err.message}; see ${PROGRAM} ${command.name} --help`);
    return 2;
  }
  return command.run(input, io);
}

/** Finds the command the first words name (one word, or a group and a command) and runs it. */
export async function dispatch(commands: readonly CommandDefinition[], args: string[], io: Output): Promise<number> {
  const [first] = args;
  if (first === undefined) {
    io.err(programHelp(commands));
    return 2;
  }
  if (first === "help" || first === "--help" || first === "-h") {
    if (args.length === 1) {
      io.out(programHelp(commands));
      return 0;
    }
    return dispatch(commands, [...args.slice(1), "--help"], io);
  }
  const group = commands.filter((c) => c.name.startsWith(`${first} `));
  if (group.length && (args.length === 1 || args[1] === "--help" || args[1] === "-h")) {
    // A group's name alone is a command left out: its overview, as an error unless asked for.
    (args.length === 1 ? io.err : io.out)(programHelp(group, first));
    return args.length === 1 ? 2 : 0;
  }
  const named = (c: CommandDefinition) => c.name.split(" ").every((word, i) => args[i] === word);
  const command = commands.find(named);
  if (!command) {
    io.err(`${PROGRAM}: unknown command "${args.slice(0, group.length ? 2 : 1).join(" ")}" (commands: ${commands.map((c) => c.name).join(", ")}); see ${PROGRAM} --help`);
    return 2;
  }
  return runCommand(command, args.slice(command.name.split(" ").length), io);
}
