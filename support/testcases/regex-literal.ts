/**
 * The longest run of text a regular expression requires word for word, for a test case
 * that can observe only text (an Inclusion observation: the words in order, as whole
 * words). The step that wrote the regex still checks it against the text received; the
 * observation only has to match the same message. A regex with no such run, or whose
 * runs may be skipped (alternatives, optional groups), cannot be observed this way.
 */

export type Literal = { text: string } | { reason: string };

/** Escapes that stand for one literal character; `\d`, `\w`, `\b`... are classes or assertions. */
const LITERAL_ESCAPE = /[^A-Za-z0-9]/;
const SPECIAL = new Set([".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "^", "$"]);

interface Run {
  text: string;
  /** Whether the run is bounded by the start or end of the text (or an anchor) rather than by a pattern that may add letters. */
  hardStart: boolean;
  hardEnd: boolean;
}

/** A run bounded by a pattern may meet letters it does not know: only its whole words are sure. */
function wholeWords(run: Run): string {
  let text = run.text;
  if (!run.hardStart && /^\w/.test(text)) text = text.replace(/^\w+/, "");
  if (!run.hardEnd && /\w$/.test(text)) text = text.replace(/\w+$/, "");
  return text.trim();
}

export function literalOf(pattern: string): Literal {
  if (pattern.includes("|")) return { reason: `the pattern /${pattern}/ has alternatives, and a test case observes one text` };
  if (/\)\s*(\?|\*|\{0)/.test(pattern)) return { reason: `the pattern /${pattern}/ has an optional group, and a test case observes one text` };
  const runs: Run[] = [];
  let current: Run = { text: "", hardStart: true, hardEnd: false };
  const close = (hardEnd: boolean, nextHardStart: boolean) => {
    current.hardEnd = hardEnd;
    if (current.text) runs.push(current);
    current = { text: "", hardStart: nextHardStart, hardEnd: false };
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const next = pattern[i + 1];
    // A quantifier that allows none takes the character before it out of the run.
    const optional = next === "?" || next === "*" || (next === "{" && /^\{0[,}]/.test(pattern.slice(i + 1)));
    if (c === "\\" && next !== undefined && LITERAL_ESCAPE.test(next)) {
      const after = pattern[i + 2];
      i++;
      if (after === "?" || after === "*" || after === "{") close(false, false);
      else current.text += next;
      continue;
    }
    if (c === "\\") {
      close(false, false);
      i++;
      continue;
    }
    if (c === "^" || c === "$") {
      close(true, true);
      continue;
    }
    if (c === "[") {
      close(false, false);
      const end = pattern.indexOf("]", i + 2);
      i = end < 0 ? pattern.length : end;
      continue;
    }
    if (SPECIAL.has(c)) {
      close(false, false);
      if (c === "{") i = Math.max(i, pattern.indexOf("}", i));
      continue;
    }
    if (optional) {
      close(false, false);
      continue;
    }
    current.text += c;
  }
  close(true, true);
  const best = runs.map(wholeWords).sort((a, b) => b.length - a.length)[0];
  if (!best || !/\w/.test(best)) return { reason: `the pattern /${pattern}/ requires no words a test case could observe` };
  return { text: best };
}
