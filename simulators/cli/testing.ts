/** Test helper: an Output that keeps what a command prints. */
import type { Output } from "./command.js";

export function capture(): { io: Output; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line) => void out.push(line), err: (line) => void err.push(line) }, out, err };
}
