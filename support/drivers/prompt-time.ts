/**
 * Prompts play out by themselves. On the simulator's virtual clock a prompt on a call takes
 * as long as it takes to say, and a step that waits for what comes after it — the caller
 * hears the next prompt, a block starts listening for keys, the agent is connected once the
 * whisper has played, the call ends after the goodbye — lets it finish, as it would on a
 * real call. Only prompt playback moves: a queue's timer, a Lambda's delay or a timeout
 * still needs a step that moves time ("N seconds pass").
 */
import type { Target } from "../targets/target.js";

/** What these helpers need of a scenario: its target. */
export interface Scene {
  readonly target: Target;
}

/** The simulator labels the timer of a prompt being played this way (flow/actions/messages.ts). */
const PLAYBACK = /^playing prompt \(/;
/** However long a step waits, it never plays more than this much of prompts. */
const MOST_MS = 30 * 60_000;

interface ClockView {
  kind: string;
  nowMs: number;
  pending: { dueAt: string; label: string }[];
}

/**
 * Resolves `check()` once it answers something, moving the virtual clock to the end of each
 * prompt playing in the meantime. Undefined when the check still fails with no prompt left
 * to play (or off a virtual clock, where time passes by itself and the caller waits in real
 * time).
 */
export async function throughPrompts<T>(scene: Scene, check: () => Promise<T | undefined>): Promise<T | undefined> {
  const control = scene.target.control;
  let played = 0;
  for (;;) {
    const found = await check();
    if (found !== undefined || !control) return found;
    const clock = await control.get<ClockView>("/clock");
    const next = [...clock.pending].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
    if (clock.kind !== "virtual" || !next || !PLAYBACK.test(next.label)) return undefined;
    const ms = Math.max(0, Date.parse(next.dueAt) - clock.nowMs);
    if (played + ms > MOST_MS) return undefined;
    await control.post("/clock/advance", { ms });
    played += ms;
  }
}

/**
 * For a message about something that did not happen: what the simulator will do next and
 * when, since on a virtual clock it happens only once a step moves time that far.
 */
export async function nextOnTheClock(scene: Scene): Promise<string> {
  const control = scene.target.control;
  if (!control) return "";
  const clock = await control.get<ClockView>("/clock");
  if (clock.kind !== "virtual") return "";
  const next = [...clock.pending].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  if (!next) return "\nNothing is scheduled on the simulator's clock: the flow waits for the caller, an agent or an API call.";
  const seconds = Math.ceil((Date.parse(next.dueAt) - clock.nowMs) / 1000);
  return `\nTime stands still until a step moves it: next on the simulator's clock, in ${seconds} s, is "${next.label}" (add "When ${seconds} seconds pass" to get there).`;
}
