/** Test helpers: an Output that keeps what a command prints, and the check that a command's help comes from its definition. */
import assert from "node:assert/strict";
import type { CommandDefinition, Output } from "./command.js";

export function capture(): { io: Output; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line) => void out.push(line), err: (line) => void err.push(line) }, out, err };
}

/** `flowsim <command> --help` (and -h, and `help <command>`) through `flowsim` shows the usage, the arguments and every option as defined. */
export async function assertHelpFromDefinition(c: CommandDefinition, flowsim: (...args: string[]) => Promise<{ code: number; out: string; err: string }>): Promise<void> {
  for (const asked of [[...c.name.split(" "), "--help"], [...c.name.split(" "), "-h"], ["help", ...c.name.split(" ")]]) {
    const { code, out, err } = await flowsim(...asked);
    assert.equal(code, 0, asked.join(" "));
    assert.equal(err, "");
    assert.equal(out.split("\n")[0], `usage: flowsim ${c.name}${c.operands ? ` <${c.operands.name}>` : ""} [options]`);
    if (c.operands) assert.ok(out.includes(`<${c.operands.name}>  ${c.operands.description}`), `${c.name} describes its arguments`);
    for (const [name, o] of Object.entries(c.options)) {
      const line = out.split("\n").find((l) => l.includes(`--${name}`));
      assert.ok(line, `${c.name} --help shows --${name}`);
      assert.ok(line.includes(o.description), `--${name} has its description`);
      if (o.short) assert.ok(line.includes(`-${o.short}, --${name}`), `--${name} shows -${o.short}`);
      if (o.type === "string") assert.ok(line.includes(`--${name} ${o.value ?? o.choices?.join("|")}`), `--${name} names its value`);
      if (o.type === "string" && o.default !== undefined) assert.ok(line.endsWith(`default: ${o.default})`), `--${name} shows its default`);
      if (o.env) assert.ok(line.includes(`(env ${o.env}`), `--${name} names its environment variable`);
    }
    assert.match(out, /^ {2}-h, --help +show this help$/m);
  }
}
