/**
 * The part of CloudWatch Logs' filter pattern syntax that reading flow logs needs, and a
 * clear refusal of the rest (never a pattern half understood and silently widened):
 *
 * - empty: every event;
 * - terms: `ERROR`, `"a phrase"`, several separated by spaces — each must occur in the
 *   message (case-sensitive, as CloudWatch matches terms);
 * - JSON: `{ $.ContactId = "…" }`, `{ $.A.B != value }`, comparisons joined by `&&`; a value
 *   is a quoted string or a bare word, and `*` in it matches any characters.
 *
 * Not supported, each refused by name: `?term` (any of), `-term` (none of), `||`,
 * parentheses, numeric comparisons (`<`, `>`, `<=`, `>=`), `IS NULL` / `EXISTS`, array
 * indexes, regular expressions (`%…%`) and space-delimited `[…]` patterns.
 */

/** CloudWatch Logs' bound on a filter pattern. */
export const MAX_FILTER_PATTERN_CHARS = 1024;

export type FilterMatch = (message: string, parsed: unknown) => boolean;

export class FilterPatternError extends Error {}

const PATH = /^\$((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)$/;

export function parseFilterPattern(pattern: string | undefined): FilterMatch {
  const text = (pattern ?? "").trim();
  if (text.length > MAX_FILTER_PATTERN_CHARS) throw new FilterPatternError(`the filter pattern is longer than ${MAX_FILTER_PATTERN_CHARS} characters`);
  if (text === "") return () => true;
  if (text.startsWith("{")) return jsonPattern(text);
  if (text.startsWith("[")) throw new FilterPatternError(`space-delimited filter patterns ([…]) are not supported by flowsim: ${text}`);
  if (text.startsWith("%")) throw new FilterPatternError(`regular-expression filter patterns (%…%) are not supported by flowsim: ${text}`);
  const terms = termsOf(text);
  return (message) => terms.every((t) => message.includes(t));
}

function termsOf(text: string): string[] {
  const terms: string[] = [];
  let rest = text;
  while (rest.length) {
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      if (end < 0) throw new FilterPatternError(`unterminated quoted term in the filter pattern: ${rest}`);
      terms.push(rest.slice(1, end));
      rest = rest.slice(end + 1).trimStart();
      continue;
    }
    const word = /^\S+/.exec(rest)![0];
    if (word.startsWith("?")) throw new FilterPatternError(`"?" terms (match any of) are not supported by flowsim: ${word}`);
    if (word.startsWith("-")) throw new FilterPatternError(`"-" terms (exclude) are not supported by flowsim: ${word}`);
    if (word.includes('"')) throw new FilterPatternError(`a quote inside a term is not supported by flowsim: ${word}`);
    terms.push(word);
    rest = rest.slice(word.length).trimStart();
  }
  return terms;
}

interface Comparison {
  path: string[];
  equal: boolean;
  /** The value split at its `*` wildcards. */
  value: string[];
}

function jsonPattern(text: string): FilterMatch {
  if (!text.endsWith("}")) throw new FilterPatternError(`a JSON filter pattern must end with "}": ${text}`);
  const body = text.slice(1, -1).trim();
  if (body.includes("||")) throw new FilterPatternError(`"||" in a JSON filter pattern is not supported by flowsim: ${text}`);
  const comparisons = splitOutsideQuotes(body, "&&").map((part) => comparison(part.trim(), text));
  return (_message, parsed) => comparisons.every((c) => matches(c, parsed));
}

function comparison(part: string, whole: string): Comparison {
  if (part.startsWith("(")) throw new FilterPatternError(`parentheses in a JSON filter pattern are not supported by flowsim: ${whole}`);
  const m = /^(\S+?)\s*(!=|=)\s*(.+)$/.exec(part);
  if (!m) {
    const op = /\s(<=|>=|<|>|IS|NOT)\s/i.exec(part)?.[1];
    throw new FilterPatternError(op ? `the operator ${op} in a JSON filter pattern is not supported by flowsim (only = and !=): ${part}` : `not a comparison flowsim understands ($.Key = "value" or $.Key != "value"): ${part || whole}`);
  }
  const path = PATH.exec(m[1]);
  if (!path) throw new FilterPatternError(`not a property selector flowsim understands ($.Key or $.Key.Sub, no array indexes): ${m[1]}`);
  return { path: path[1].slice(1).split("."), equal: m[2] === "=", value: valuePattern(m[3].trim(), part) };
}

function valuePattern(raw: string, part: string): string[] {
  let text: string;
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"') || raw.slice(1, -1).includes('"')) throw new FilterPatternError(`not a quoted value: ${part}`);
    text = raw.slice(1, -1);
  } else {
    if (raw.startsWith("%")) throw new FilterPatternError(`regular expressions in a JSON filter pattern are not supported by flowsim: ${part}`);
    if (/\s/.test(raw) || /^(NULL|EXISTS|TRUE|FALSE)$/i.test(raw)) throw new FilterPatternError(`the value ${raw} is not supported by flowsim (a quoted string or one bare word): ${part}`);
    text = raw;
  }
  return text.split("*");
}

/** Whether `text` matches the glob split at its wildcards: leftmost-first search is exact for `*` alone, and linear. */
function globMatches(text: string, parts: string[]): boolean {
  if (parts.length === 1) return text === parts[0];
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

function matches(c: Comparison, parsed: unknown): boolean {
  let value: unknown = parsed;
  for (const key of c.path) {
    if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return !c.equal;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === "object" && value !== null) return !c.equal;
  const found = globMatches(String(value), c.value);
  return c.equal ? found : !found;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
