/**
 * Matching a MessageReceived expectation against what a flow said.
 *
 * The service matches voice prompts against a speech-to-text transcript (case and
 * punctuation gone, "Press 1" may come back as "press one") and its Similarity is
 * semantic. flowsim has the prompt's own text, so it approximates — and errs on the
 * strict side, because a test that passes offline must not fail live for a wrong prompt:
 *
 * - Both sides become words: SSML tags stripped and entities decoded, Unicode NFKC,
 *   lower case, apostrophes dropped, anything not a letter or digit separating words.
 *   On voice only, number words become digits ("one" → 1, "twenty one" → 21), since a
 *   transcript may spell either way; chat text is compared as typed.
 * - Inclusion: the expected words appear, in order and next to each other, in the
 *   message (whole words: "help" is not found in "helpful").
 * - Similarity: both sides have the same content words (every word but a short list of
 *   function words such as "a", "the", "you", "can", "may"; a word and its "-s" form
 *   count as one; numbers count as many times as they occur), and the share of words
 *   in common, in order (2·LCS / total words), is at least 0.8. So "How may I help you
 *   today" matches "How can I help you today?", but a different number, a negation, a
 *   name, or any word that adds or removes meaning ("in about an hour") does not. The
 *   best run of consecutive sentences of the message counts: the service cuts voice
 *   audio into segments at pauses, and a chat greeting may put "Hi!" before the
 *   sentence a test expects; each run must still pass on its own.
 * - PromptId and Media compare by identity (an id matches its ARN), whatever the criteria.
 */
import type { Prompt } from "../flow/host.js";
import type { ExpectedMessage } from "./model.js";

export const SIMILARITY_THRESHOLD = 0.8;
/** Sentences one expectation may span; bounds the runs tried on a long message. */
const MAX_SENTENCES_PER_SEGMENT = 8;

export type Medium = "VOICE" | "CHAT";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** SSML (or text) as plain text: tags become spaces, entities their characters. */
export function plainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
      if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? all;
      const code = name[1].toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    });
}

const UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** Number words as digits: "twenty one" → "21", "seven" → "7". */
function spellDigits(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const tens = TENS.indexOf(words[i]);
    if (tens >= 2) {
      const unit = UNITS.indexOf(words[i + 1] ?? "");
      if (unit >= 1 && unit <= 9) {
        out.push(String(tens * 10 + unit));
        i++;
      } else out.push(String(tens * 10));
      continue;
    }
    const unit = UNITS.indexOf(words[i]);
    out.push(unit >= 0 ? String(unit) : words[i]);
  }
  return out;
}

/** The words of a text as the matcher compares them. */
export function words(text: string, medium: Medium): string[] {
  const plain = plainText(text).normalize("NFKC").toLowerCase().replace(/['’‘`]/g, "");
  const tokens = plain.match(/[\p{L}\p{N}]+/gu) ?? [];
  return medium === "VOICE" ? spellDigits(tokens) : tokens;
}

/** Whether `needle` occurs as consecutive words of `haystack`. */
function containsRun(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const fold = (w: string) => (w.length >= 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);

function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = fold(a[i - 1]) === fold(b[j - 1]) ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Words whose difference does not change what a prompt says (English; any other word must match). */
const FUNCTION_WORDS = new Set(
  "a an the to of in on at for from with by and or but is are was were be been am i you your we our us it its this that these those can may will would could should shall do does did please just so then there here me my he she they them their as if".split(" "),
);

const contentWords = (ws: string[]) =>
  ws
    .map(fold)
    .filter((w) => !FUNCTION_WORDS.has(w))
    .sort()
    .join(" ");

/** 0..1: how much of the two texts is the same words in the same order; 0 when their content words differ. */
export function similarity(expected: string, observed: string, medium: Medium): number {
  const a = words(expected, medium);
  const b = words(observed, medium);
  if (a.length === 0 || b.length === 0 || contentWords(a) !== contentWords(b)) return 0;
  return (2 * lcs(a, b)) / (a.length + b.length);
}

/** Each run of consecutive sentences of a message (bounded: a prompt has few). */
function segments(text: string): string[] {
  const sentences = plainText(text)
    .split(/(?<=[.!?;])\s+/)
    .filter((s) => s.trim() !== "");
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i++) for (let j = i + 1; j <= Math.min(sentences.length, i + MAX_SENTENCES_PER_SEGMENT); j++) out.push(sentences.slice(i, j).join(" "));
  return out.length ? out : [text];
}

/** The id at the end of an ARN (`.../prompt/<id>`), or the reference itself. */
const tail = (ref: string) => /\/([^/]+)$/.exec(ref)?.[1] ?? ref;

export interface MessageVerdict {
  matched: boolean;
  /** Similarity score, for records (Similarity only). */
  score?: number;
}

/** Whether what the flow said satisfies the expectation. */
export function matchMessage(expected: ExpectedMessage, said: Prompt, medium: Medium): MessageVerdict {
  if (expected.promptId !== undefined) return { matched: said.promptId !== undefined && (said.promptId === expected.promptId || tail(said.promptId) === tail(expected.promptId)) };
  if (expected.mediaUri !== undefined) return { matched: said.mediaUri === expected.mediaUri };
  const want = expected.text ?? expected.ssml ?? "";
  const got = said.text ?? said.ssml;
  if (got === undefined) return { matched: false };
  if (expected.criteria === "Inclusion") return { matched: containsRun(words(got, medium), words(want, medium)) };
  const score = Math.max(0, ...segments(got).map((segment) => similarity(want, segment, medium)));
  return { matched: score >= SIMILARITY_THRESHOLD, score: Math.round(score * 1000) / 1000 };
}
