/**
 * "Did you mean" for a step no definition matches: the nearest sentences of the step
 * vocabulary (the step definitions themselves, as the README's table lists them), instead
 * of the code snippet cucumber offers, which asks a QA engineer to write a step that
 * almost always exists under slightly other words.
 */
import { distance } from "../nearest.js";

/** What cucumber's support library holds for each step definition (not in its public types). */
export interface StepDefinitionLike {
  keyword: string;
  pattern: string | RegExp;
}

export function stepDefinitionsOf(supportCodeLibrary: unknown): StepDefinitionLike[] {
  return (supportCodeLibrary as { stepDefinitions?: StepDefinitionLike[] }).stepDefinitions ?? [];
}

/** The sentence with its values replaced by the parameter types a definition would use. */
function shapeOfText(text: string): string {
  return text.replace(/"[^"]*"/g, "{string}").replace(/(^|\s)-?\d+(?=\s|$)/g, "$1{int}");
}

/** A definition's pattern as a plain sentence: optional text and regex syntax left out. */
function shapeOfPattern(pattern: string | RegExp): string {
  if (typeof pattern === "string") return pattern.replace(/\\?\([^)]*\)/g, "").replace(/\/\w+/g, "").replace(/\s+/g, " ");
  return pattern.source
    .replace(/^\^|\$$/g, "")
    .replace(/"\(\[\^"\]\*\)"|"\(\.\*\)"/g, "{string}")
    .replace(/\(\?:([^|)]*)[^)]*\)\??/g, "$1")
    .replace(/\\(.)/g, "$1")
    .replace(/\s+/g, " ");
}

const PARAMETER = /^\{(word|string|int|float)\}$/;

/**
 * An edit distance over words where changing one word costs how different the two words
 * are: a typo inside a word costs little, a sentence said another way costs a word per
 * word, and a `{word}` of the pattern stands for any word typed.
 */
function sentenceDistance(typed: string, pattern: string): number {
  const words = (s: string) => s.toLowerCase().split(" ").filter(Boolean);
  const [x, y] = [words(typed), words(pattern)];
  const change = (a: string, b: string) => (a === b || (b === "{word}" && !PARAMETER.test(a)) ? 0 : PARAMETER.test(a) || PARAMETER.test(b) ? 1 : distance(a, b));
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + change(x[i - 1]!, y[j - 1]!));
    previous = current;
  }
  return previous[y.length]! / Math.max(x.length, y.length, 1);
}

/** The `count` definitions nearest to the typed sentence, as `Keyword pattern`, nearest first. */
export function nearestSteps(text: string, definitions: readonly StepDefinitionLike[], count = 3): string[] {
  const typed = shapeOfText(text);
  return definitions
    .map((d) => ({ d, score: sentenceDistance(typed, shapeOfPattern(d.pattern)) }))
    .sort((a, b) => a.score - b.score)
    .slice(0, count)
    .map(({ d }) => `${d.keyword} ${typeof d.pattern === "string" ? d.pattern : String(d.pattern)}`);
}

/** What to tell someone whose step matches nothing. */
export function didYouMean(text: string, definitions: readonly StepDefinitionLike[]): string {
  const near = nearestSteps(text, definitions);
  const list = near.length ? `Did you mean:\n${near.map((n) => `  ${n}`).join("\n")}\n` : "";
  return `${list}Every sentence flowsim knows, with an example, is in README.md (Step vocabulary).`;
}
