/**
 * What the caller hears: Play Message, Play Music and Menu. Prompts take simulator
 * time (text-to-speech by word count and speaking rate, audio files a fixed length per
 * policy), so a message or menu that loops back to itself cannot spin.
 */
import { numberProp, type ActivityContext, type ActivitySpec, type ActivityValidator, type TemplatedProperty } from "./types.js";
import type { Activity } from "../model.js";
import type { PromptItem } from "../runtime/host.js";

interface RawPrompt {
  type?: unknown;
  value?: unknown;
}

function promptList(props: Record<string, unknown>): { key: "promptsTts" | "prompts"; list: RawPrompt[] } {
  // `toggle` true selects text-to-speech; the audio-file list is used otherwise.
  const key = props.toggle === true ? "promptsTts" : "prompts";
  const list = props[key];
  return { key, list: Array.isArray(list) ? (list as RawPrompt[]) : [] };
}

function promptTemplates(props: Record<string, unknown>): TemplatedProperty[] {
  const { key, list } = promptList(props);
  return list.flatMap((p, i) => (typeof p?.value === "string" ? [{ key: `${key}[${i}].value`, text: p.value }] : []));
}

function validatePrompts(a: Activity, v: ActivityValidator): void {
  const { key, list } = promptList(a.props);
  if (!list.length) v.error(a.props.toggle === true ? "text-to-speech is on but promptsTts is empty" : "no audio prompt (prompts is empty; set toggle for text-to-speech)", key);
  list.forEach((p, i) => {
    if (typeof p?.value !== "string" || p.value === "") v.error("a prompt without a value", `${key}[${i}].value`);
  });
  const rate = numberProp(a.props, "speakingRate");
  if (rate !== undefined && !(rate >= 0.25 && rate <= 4)) v.warning(`speakingRate ${String(a.props.speakingRate)} is outside 0.25–4`, "speakingRate");
}

function prompts(ctx: ActivityContext): PromptItem[] {
  const { key, list } = promptList(ctx.activity.props);
  return list.map((_, i) => ({ kind: key === "promptsTts" ? "tts" : "audio", value: ctx.render(`${key}[${i}].value`) }));
}

export const playMessage: ActivitySpec = {
  names: ["play-message"],
  title: "Play Message",
  ports: () => ["default", "error"],
  errorPorts: ["error"],
  templates: promptTemplates,
  validate: validatePrompts,
  async run(ctx) {
    await ctx.host.play(prompts(ctx), { flow: ctx.run.label, activity: ctx.activity.name, speakingRate: numberProp(ctx.activity.props, "speakingRate"), signal: ctx.signal });
    return { port: "default" };
  },
};

export const playMusic: ActivitySpec = {
  names: ["play-music"],
  title: "Play Music",
  ports: () => ["default", "error"],
  errorPorts: ["error"],
  templates: (p) => (p.audioRadioGroup !== "staticAudio" && typeof p.promptDynamic === "string" ? [{ key: "promptDynamic", text: p.promptDynamic }] : []),
  validate(a, v) {
    const p = a.props;
    if (p.audioRadioGroup === "staticAudio" || p.audioRadioGroup === undefined || p.audioRadioGroup === null) {
      if (typeof p.prompt !== "string" || p.prompt === "") v.error("no music file (prompt is empty)", "prompt");
    } else if (typeof p.promptDynamic !== "string" || p.promptDynamic === "") v.error("dynamic audio without promptDynamic", "promptDynamic");
    const d = numberProp(p, "duration");
    if (d !== undefined && !(d === -1 || d > 0)) v.error(`duration "${String(p.duration)}" must be a number of seconds, or -1/empty to play until interrupted`, "duration");
  },
  async run(ctx) {
    const p = ctx.activity.props;
    const file = p.audioRadioGroup === "staticAudio" || p.audioRadioGroup === undefined || p.audioRadioGroup === null ? (p.prompt as string) : ctx.render("promptDynamic");
    const seconds = numberProp(p, "duration");
    // No duration (null or -1): the music plays until something interrupts the flow (an agent answers, the caller hangs up).
    await ctx.host.playMusic(file, seconds !== undefined && seconds > 0 ? seconds * 1000 : undefined, { flow: ctx.run.label, activity: ctx.activity.name, signal: ctx.signal });
    return { port: "default" };
  },
};

const DIGITS = new Set(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "#", "*"]);

export const menu: ActivitySpec = {
  names: ["ivr-menu"],
  title: "Menu",
  ports: (p) => [...(Array.isArray(p.menuLinks) ? p.menuLinks.map(String) : []), "timeout", "invalid", "error"],
  errorPorts: ["error"],
  outputs: ["OptionEntered"],
  templates: promptTemplates,
  validate(a, v) {
    validatePrompts(a, v);
    const links = a.props.menuLinks;
    if (!Array.isArray(links) || links.length === 0) v.error("no menu options (menuLinks is empty)", "menuLinks");
    else {
      const seen = new Set<string>();
      for (const d of links) {
        if (typeof d !== "string" || !DIGITS.has(d)) v.error(`menu option "${String(d)}" is not a single key (0-9, #, *)`, "menuLinks");
        else if (seen.has(d)) v.error(`menu option "${d}" appears twice`, "menuLinks");
        seen.add(String(d));
      }
    }
    const t = numberProp(a.props, "entryTimeout");
    if (t !== undefined && !(t >= 1 && t <= 30)) v.error(`entryTimeout "${String(a.props.entryTimeout)}" must be 1–30 seconds`, "entryTimeout");
  },
  async run(ctx) {
    const p = ctx.activity.props;
    const interruptible = p.interruptible === true;
    ctx.host.openKeypad(interruptible);
    await ctx.host.play(prompts(ctx), { flow: ctx.run.label, activity: ctx.activity.name, interruptible, speakingRate: numberProp(p, "speakingRate"), signal: ctx.signal });
    const key = await ctx.host.nextKey((numberProp(p, "entryTimeout") ?? 3) * 1000, ctx.signal, `${ctx.activity.name} (waiting for a key)`);
    if (key === undefined) {
      ctx.setOutputs({ OptionEntered: "" });
      return { port: "timeout" };
    }
    ctx.setOutputs({ OptionEntered: key });
    return (p.menuLinks as string[]).includes(key) ? { port: key, detail: `key ${key}` } : { port: "invalid", detail: `key ${key} is not an option` };
  },
};

export const definitions = [playMessage, playMusic, menu];
