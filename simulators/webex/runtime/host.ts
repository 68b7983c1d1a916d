/**
 * Everything outside the flow that activities use: the clock, the caller's line
 * (prompts, keys), routing (queues, agents, transfers), HTTP, and the records a test
 * reads back. `WebexCall` implements it.
 */
import type { Clock } from "../../kernel/clock.js";
import type { IdGenerator } from "../../kernel/ids.js";
import type { HttpClient } from "./http.js";
import type { WebexResponders } from "./responders.js";

export interface PromptItem {
  kind: "tts" | "audio";
  /** TTS text (rendered) or audio file name. */
  value: string;
}

export interface PromptRecord {
  /** `main` or the event handler that played it. */
  flow: string;
  activity: string;
  kind: "tts" | "audio" | "music";
  /** TTS text, or the audio file. */
  value: string;
  at: number;
  /** How long it played (set when it stops). */
  playedMs?: number;
  /** Stopped early: by a key (interruptible menu prompt) or by the flow being interrupted (agent answered, caller hung up). */
  interrupted?: "key" | "flow";
}

export interface ScreenPopRecord {
  flow: string;
  activity: string;
  at: number;
  /** The rendered URL with the query parameters appended. */
  url: string;
  baseUrl: string;
  queryParameters: Record<string, string>;
  label?: string;
  target?: string;
  agentId?: string;
}

export interface QueueRecord {
  activity: string;
  at: number;
  queueId: string;
  queueName?: string;
  /** `destination:type` (LONGEST_AVAILABLE_AGENT, SKILLS_BASED...). */
  routing?: string;
  /** 1 (highest) … 10, when priority is on. */
  priority?: number;
}

export interface TransferRecord {
  activity: string;
  at: number;
  kind: "blind" | "bridged" | "goto";
  destination: string;
  outcome: "transferred" | "bridged" | "failed";
}

export interface MediaStreamRecord {
  flow: string;
  activity: string;
  at: number;
}

export interface CallHost {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly responders: WebexResponders;
  readonly http: HttpClient;
  /** Plays prompts in order. With `interruptible`, a key press stops playback (the key stays for the menu). */
  play(items: PromptItem[], options: { flow: string; activity: string; interruptible?: boolean; speakingRate?: number; signal: AbortSignal }): Promise<{ interrupted: boolean }>;
  /** Plays music for `durationMs`, or until the flow is interrupted when undefined. */
  playMusic(file: string, durationMs: number | undefined, options: { flow: string; activity: string; signal: AbortSignal }): Promise<void>;
  /** Opens the keypad for a menu: keys pressed from now on are kept (prompt phase only when `duringPrompt`). */
  openKeypad(duringPrompt: boolean): void;
  /** Waits for the next key (or takes one already pressed); undefined on timeout. Closes the keypad. */
  nextKey(timeoutMs: number, signal: AbortSignal, label: string): Promise<string | undefined>;
  closeKeypad(): void;
  enqueue(record: QueueRecord): void;
  recordScreenPop(record: ScreenPopRecord): void;
  recordTransfer(record: TransferRecord): void;
  recordMediaStream(record: MediaStreamRecord): void;
  /** The agent on the call, when one answered. */
  readonly agentId: string | undefined;
  readonly queue: QueueRecord | undefined;
}
