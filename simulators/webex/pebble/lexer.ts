/**
 * Tokens of the Pebble expression language inside `{{ ... }}` (the part Flow Designer
 * flows use). Positions are offsets inside the expression so errors can point at them.
 */

export type Token =
  | { kind: "name"; value: string; pos: number }
  | { kind: "number"; value: number; pos: number }
  | { kind: "string"; value: string; pos: number }
  | { kind: "punct"; value: string; pos: number }
  | { kind: "end"; pos: number };

export class PebbleSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
    this.name = "PebbleSyntaxError";
  }
}

// Longest first, so `==` wins over `=`.
const PUNCT = ["==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "~", "|", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "?"];

const isDigit = (c: string) => c >= "0" && c <= "9";
const isNameStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isNamePart = (c: string) => isNameStart(c) || isDigit(c);

function readString(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let value = "";
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\" && i + 1 < src.length) {
      const n = src[i + 1];
      // Pebble (like Java) only knows the quote and backslash escapes in string literals.
      value += n === quote || n === "\\" ? n : n === "n" ? "\n" : n === "t" ? "\t" : `\\${n}`;
      i += 2;
      continue;
    }
    if (c === quote) return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw new PebbleSyntaxError(`unclosed string literal starting at ${start + 1}`, start);
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readString(src, i);
      tokens.push({ kind: "string", value, pos: i });
      i = end;
      continue;
    }
    if (isDigit(c)) {
      let j = i;
      while (j < src.length && isDigit(src[j])) j++;
      if (src[j] === "." && isDigit(src[j + 1] ?? "")) {
        j++;
        while (j < src.length && isDigit(src[j])) j++;
      }
      tokens.push({ kind: "number", value: Number(src.slice(i, j)), pos: i });
      i = j;
      continue;
    }
    if (isNameStart(c)) {
      let j = i;
      while (j < src.length && isNamePart(src[j])) j++;
      tokens.push({ kind: "name", value: src.slice(i, j), pos: i });
      i = j;
      continue;
    }
    const p = PUNCT.find((op) => src.startsWith(op, i));
    if (!p) throw new PebbleSyntaxError(`unexpected character "${c}" at ${i + 1}`, i);
    tokens.push({ kind: "punct", value: p, pos: i });
    i += p.length;
  }
  tokens.push({ kind: "end", pos: src.length });
  return tokens;
}
