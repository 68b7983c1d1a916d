/**
 * What the simulated customer heard and said during a run, in the order it happened:
 * the flow's prompts and messages, and each instruction the test case sent with what
 * became of it. Kept as it happens, because at the same virtual instant a prompt, the key
 * pressed after it and the next prompt cannot be ordered by time alone.
 */
import type { Prompt } from "../flow/host.js";
import type { Instruction } from "./model.js";

export interface TranscriptLine {
  /** Epoch ms on the run's clock. */
  at: number;
  from: "flow" | "customer";
  text: string;
  /** Customer lines: where the input went, or that it was lost. */
  outcome?: string;
}

export function promptLine(prompt: Prompt, at: number): TranscriptLine {
  const text = prompt.text ?? prompt.ssml ?? (prompt.promptId !== undefined ? `[prompt ${prompt.promptId}]` : `[media ${prompt.mediaUri ?? "?"}]`);
  return { at, from: "flow", text };
}

export function instructionLine(instruction: Instruction, outcome: string, at: number): TranscriptLine {
  const text = instruction.type === "DtmfInput" ? `[keys ${instruction.digits}]` : instruction.type === "Utterance" ? instruction.text : "[hangs up]";
  return { at, from: "customer", text, outcome };
}
