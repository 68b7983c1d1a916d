/**
 * The caller's side of the phone line: what plays (recorded for assertions, each prompt
 * taking simulator time) and the keypad (keys are kept only while a menu listens — a key
 * pressed at any other time is lost, as on a real call).
 */
import type { Clock } from "../../kernel/clock.js";
import type { WebexPolicy } from "../policy.js";
import type { PromptItem, PromptRecord } from "./host.js";

function interrupted(): Error {
  const e = new Error("interrupted");
  e.name = "FlowInterrupted";
  return e;
}

export class CallerLine {
  readonly prompts: PromptRecord[] = [];
  private keypadOpen = false;
  private keys: string[] = [];
  private readonly keyListeners = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: WebexPolicy,
  ) {}

  /** Keys from the caller; false when no menu listens (they are lost). */
  press(keys: string): boolean {
    if (!this.keypadOpen) return false;
    this.keys.push(...keys.split(""));
    for (const l of [...this.keyListeners]) l();
    return true;
  }

  async play(items: PromptItem[], o: { flow: string; activity: string; interruptible?: boolean; speakingRate?: number; signal: AbortSignal }): Promise<{ interrupted: boolean }> {
    for (const item of items) {
      const ms = item.kind === "tts" ? this.ttsMs(item.value, o.speakingRate) : (this.policy.audioDurationsMs[item.value] ?? this.policy.audioFileMs);
      const record: PromptRecord = { flow: o.flow, activity: o.activity, kind: item.kind, value: item.value, at: this.clock.now() };
      this.prompts.push(record);
      const how = await this.wait(ms, o.signal, `${o.activity} (playing ${item.kind === "tts" ? "text" : item.value})`, o.interruptible === true, record);
      if (how === "key") return { interrupted: true };
    }
    return { interrupted: false };
  }

  async playMusic(file: string, durationMs: number | undefined, o: { flow: string; activity: string; signal: AbortSignal }): Promise<void> {
    const record: PromptRecord = { flow: o.flow, activity: o.activity, kind: "music", value: file, at: this.clock.now() };
    this.prompts.push(record);
    await this.wait(durationMs, o.signal, `${o.activity} (music ${file})`, false, record);
  }

  openKeypad(duringPrompt: boolean): void {
    this.keys = [];
    this.keypadOpen = duringPrompt;
  }

  nextKey(timeoutMs: number, signal: AbortSignal, label: string): Promise<string | undefined> {
    this.keypadOpen = true;
    if (this.keys.length) {
      const k = this.keys.shift()!;
      this.closeKeypad();
      return Promise.resolve(k);
    }
    return new Promise((resolve, reject) => {
      const done = () => {
        timer.cancel();
        this.keyListeners.delete(onKey);
        signal.removeEventListener("abort", onAbort);
        this.closeKeypad();
      };
      const onKey = () => {
        const k = this.keys.shift();
        done();
        resolve(k);
      };
      const onAbort = () => {
        done();
        reject(signal.reason instanceof Error ? signal.reason : interrupted());
      };
      const timer = this.clock.schedule(
        timeoutMs,
        () => {
          done();
          resolve(undefined);
        },
        label,
      );
      this.keyListeners.add(onKey);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  closeKeypad(): void {
    this.keypadOpen = false;
    this.keys = [];
  }

  private ttsMs(text: string, rate = 1): number {
    const words = text.split(/\s+/).filter(Boolean).length;
    return Math.max(this.policy.ttsMinimumMs, Math.round((words / (this.policy.ttsWordsPerSecond * (rate > 0 ? rate : 1))) * 1000));
  }

  /** Waits on the clock (forever when `ms` is undefined), stopping early for a key when asked. */
  private wait(ms: number | undefined, signal: AbortSignal, label: string, stopOnKey: boolean, record: PromptRecord): Promise<"done" | "key"> {
    const started = this.clock.now();
    return new Promise((resolve, reject) => {
      const done = () => {
        timer?.cancel();
        signal.removeEventListener("abort", onAbort);
        this.keyListeners.delete(onKey);
        record.playedMs = this.clock.now() - started;
      };
      const onAbort = () => {
        done();
        record.interrupted = "flow";
        reject(signal.reason instanceof Error ? signal.reason : interrupted());
      };
      const onKey = () => {
        done();
        record.interrupted = "key";
        resolve("key");
      };
      const timer =
        ms === undefined
          ? undefined
          : this.clock.schedule(
              ms,
              () => {
                done();
                resolve("done");
              },
              label,
            );
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      if (stopOnKey) {
        if (this.keys.length) return onKey();
        this.keyListeners.add(onKey);
      }
    });
  }
}
