/**
 * JSONPath as Flow Designer applies it to HTTP responses and the Parse activity: a subset
 * of Jayway's syntax with Jayway's results, evaluated by jsonpath-plus. `$.records.[0].Name`
 * (a dot before the bracket, as Cisco's templates write it) reads as `$.records[0].Name`;
 * a path without `$` is read from the root (`value[0].contactid`), as Jayway does.
 *
 * Jayway distinguishes definite paths (names and single indexes: one value or "not
 * found") from indefinite ones (wildcards, deep scan, slices, unions, filters: always a
 * list, possibly empty). Both "not found" and an empty list count as "nothing matched".
 *
 * What stays here, because jsonpath-plus does it differently from Jayway:
 * - Parsing. jsonpath-plus splits paths with regular expressions and accepts malformed
 *   ones silently; a flow's load must report a bad path with its position. Each path is
 *   rewritten into jsonpath-plus syntax from a fixed alphabet, so no text from a flow
 *   reaches its path parser or its script evaluator.
 * - Names. jsonpath-plus's `.name` reads own properties of any value (`length` and "0" of
 *   arrays and strings), and its parser gives `,` `^` `;` `'` `]` and `#1` meanings inside
 *   names. A name becomes a filter on the key (`@property`), which is a string only on
 *   objects. A union of names therefore lists matches in the object's key order.
 * - Indexes. jsonpath-plus's `[0]` also reads key "0" of an object; a slice reads arrays
 *   only, so `[i]` becomes `[i:i+1]`. It reads a slice ending at 0 as ending at the end.
 * - Filters. Jayway's filter language is not JavaScript: `@.x` alone asks whether the key
 *   exists (a null counts), `==` does not convert types, `<` compares two numbers or two
 *   strings only, `=~` matches a regular expression. Each comparison becomes a check in the
 *   sandbox; jsonpath-plus's safe evaluator (never `eval`) combines them with && || !.
 * - Falsy documents. jsonpath-plus finds nothing in 0, "", false or null, even for `$`.
 */
import { JSONPath } from "jsonpath-plus";

export class JsonPathError extends Error {
  override name = "JsonPathError";
}

export type PathResult = { matched: true; value: unknown } | { matched: false };

/** `subject` is a key (`@property`) or a value (`@`); `root` is the document, for `$` in filters. */
type Check = (subject: unknown, root: unknown) => boolean;
type Operand = (current: unknown, root: unknown) => unknown[];

export interface CompiledPath {
  source: string;
  /** jsonpath-plus syntax; filter `tN(...)` calls `checks[N]`. */
  expression: string;
  checks: Check[];
  definite: boolean;
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.pos] ?? "";
  }
  eof(): boolean {
    return this.pos >= this.text.length;
  }
  skipSpaces(): void {
    while (this.peek() === " ") this.pos++;
  }
  fail(why: string): never {
    throw new JsonPathError(`${why} at position ${this.pos + 1} of "${this.text}"`);
  }
  expect(s: string): void {
    if (!this.text.startsWith(s, this.pos)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }
  match(re: RegExp): string | undefined {
    const m = re.exec(this.text.slice(this.pos));
    if (m) this.pos += m[0].length;
    return m?.[0];
  }
}

function readQuoted(r: Reader): string {
  const quote = r.peek();
  r.pos++;
  let out = "";
  while (!r.eof() && r.peek() !== quote) {
    if (r.peek() === "\\") r.pos++;
    out += r.peek();
    r.pos++;
  }
  if (r.eof()) r.fail("unclosed quote");
  r.pos++;
  return out;
}

function readInt(r: Reader): number | undefined {
  r.skipSpaces();
  const n = r.match(/^-?\d+/);
  r.skipSpaces();
  return n === undefined ? undefined : Number(n);
}

/** The rewritten path so far, and whether it is still definite. */
class Builder {
  expression = "$";
  readonly checks: Check[] = [];
  definite = true;

  /** jsonpath-plus reads a bare `@` only when a space, `.`, `[` or `)` follows it. */
  call(check: Check, subject: "@property" | "@ "): string {
    this.checks.push(check);
    return `t${this.checks.length - 1}(${subject})`;
  }
  add(deep: boolean, selector: string, definite: boolean): void {
    this.expression += (deep ? ".." : "") + selector;
    this.definite &&= definite && !deep;
  }
  names(deep: boolean, names: string[]): void {
    this.add(deep, `[?(${this.call((key) => typeof key === "string" && names.includes(key), "@property")})]`, names.length === 1);
  }
  build(source: string): CompiledPath {
    return { source, expression: this.expression, checks: this.checks, definite: this.definite };
  }
}

function readOperand(r: Reader): Operand {
  r.skipSpaces();
  const c = r.peek();
  if (c === "@" || c === "$") {
    const start = r.pos++;
    const b = new Builder();
    readSteps(r, b, true);
    const path = b.build(r.text.slice(start, r.pos));
    return c === "@" ? (current, root) => select(path, current, root) : (_, root) => select(path, root, root);
  }
  let value: unknown;
  if (c === "'" || c === '"') value = readQuoted(r);
  else {
    const literal = r.match(/^(-?\d+(\.\d+)?|true|false|null)/);
    if (literal === undefined) r.fail("expected a value in the filter");
    value = JSON.parse(literal);
  }
  return () => [value];
}

function readRegex(r: Reader): Operand {
  r.skipSpaces();
  const m = /^\/((?:\\.|[^\\/])*)\/([a-z]*)/.exec(r.text.slice(r.pos));
  if (!m) r.fail("expected /regex/ after =~");
  let re: RegExp;
  try {
    re = new RegExp(m[1], m[2]);
  } catch (e) {
    r.fail((e as Error).message);
  }
  r.pos += m[0].length;
  return () => [re];
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === "=~") return typeof a === "string" && (b as RegExp).test(a);
  const equal = a === b || (typeof a === "object" && JSON.stringify(a) === JSON.stringify(b));
  if (op === "==") return equal;
  if (op === "!=") return !equal;
  if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

function readFilterAtom(r: Reader, b: Builder): string {
  r.skipSpaces();
  if (r.peek() === "!") {
    r.pos++;
    return `!${readFilterAtom(r, b)}`;
  }
  if (r.peek() === "(") {
    r.pos++;
    const inner = readFilter(r, b);
    r.skipSpaces();
    r.expect(")");
    return `(${inner})`;
  }
  const left = readOperand(r);
  r.skipSpaces();
  const op = r.match(/^(==|!=|<=|>=|<|>|=~)/);
  if (op === undefined) return b.call((current, root) => left(current, root).length > 0, "@ ");
  const right = op === "=~" ? readRegex(r) : readOperand(r);
  return b.call((current, root) => {
    const [l, rr] = [left(current, root), right(current, root)];
    return l.length === 1 && rr.length === 1 && compare(op, l[0], rr[0]);
  }, "@ ");
}

function readJoined(r: Reader, op: "&&" | "||", readPart: () => string): string {
  const parts = [readPart()];
  for (r.skipSpaces(); r.text.startsWith(op, r.pos); r.skipSpaces()) {
    r.pos += op.length;
    parts.push(readPart());
  }
  return parts.join(` ${op} `);
}

/** A Jayway filter as a JavaScript expression over checks, for jsonpath-plus's safe evaluator. */
function readFilter(r: Reader, b: Builder): string {
  return readJoined(r, "||", () => readJoined(r, "&&", () => readFilterAtom(r, b)));
}

const slice = (start: number | undefined, end: number | undefined, step = 1) => `${start ?? ""}:${end ?? ""}:${Math.max(1, step)}`;

function readBracket(r: Reader, b: Builder, deep: boolean): void {
  r.expect("[");
  r.skipSpaces();
  const c = r.peek();
  if (c === "*") {
    r.pos++;
    b.add(deep, "[*]", false);
  } else if (c === "?") {
    r.pos++;
    r.skipSpaces();
    r.expect("(");
    const filter = readFilter(r, b);
    r.skipSpaces();
    r.expect(")");
    b.add(deep, `[?(${filter})]`, false);
  } else if (c === "'" || c === '"') {
    const names = [readQuoted(r)];
    for (r.skipSpaces(); r.peek() === ","; r.skipSpaces()) {
      r.pos++;
      r.skipSpaces();
      if (r.peek() !== "'" && r.peek() !== '"') r.fail("expected a quoted name");
      names.push(readQuoted(r));
    }
    b.names(deep, names);
  } else {
    const first = readInt(r);
    if (r.peek() === ":") {
      r.pos++;
      const end = readInt(r);
      let step: number | undefined;
      if (r.peek() === ":") {
        r.pos++;
        step = readInt(r);
      }
      // An end of 0 selects nothing; jsonpath-plus would read it as "to the end".
      b.add(deep, end === 0 ? `[?(${b.call(() => false, "@property")})]` : `[${slice(first, end, step)}]`, false);
    } else {
      if (first === undefined) r.fail("expected an index, a quoted name, *, a slice or a filter");
      const indexes = [first];
      while (r.peek() === ",") {
        r.pos++;
        const n = readInt(r);
        if (n === undefined) r.fail("expected an index");
        indexes.push(n);
      }
      b.add(deep, `[${indexes.map((i) => slice(i, i === -1 ? undefined : i + 1)).join(",")}]`, indexes.length === 1);
    }
  }
  r.skipSpaces();
  r.expect("]");
}

function readSteps(r: Reader, b: Builder, inFilter = false): void {
  while (!r.eof()) {
    const c = r.peek();
    if (inFilter && !(c === "." || c === "[")) break;
    if (c === "[") {
      readBracket(r, b, false);
      continue;
    }
    if (c !== ".") r.fail(`unexpected "${c}"`);
    r.pos++;
    const deep = r.peek() === ".";
    if (deep) r.pos++;
    if (r.peek() === "[") readBracket(r, b, deep);
    else if (r.peek() === "*") {
      r.pos++;
      b.add(deep, "[*]", false);
    } else {
      const name = r.match(/^[^.[ ()=!<>&|]+/);
      if (name === undefined) r.fail("expected a property name");
      if (r.peek() === "(") r.fail(`path functions such as ${name}() are not supported`);
      b.names(deep, [name]);
    }
  }
}

/** Parses a path; throws JsonPathError with the position of the problem. */
export function compileJsonPath(source: string): CompiledPath {
  let text = source.trim();
  if (text === "") throw new JsonPathError("the path is empty");
  // Jayway reads a path without a root as relative to the root.
  if (!text.startsWith("$")) text = text.startsWith("[") ? `$${text}` : `$.${text}`;
  const r = new Reader(text);
  r.expect("$");
  const b = new Builder();
  readSteps(r, b);
  return b.build(source);
}

function select(path: CompiledPath, json: unknown, root: unknown): unknown[] {
  // jsonpath-plus finds nothing in 0, "", false or null, even for "$".
  if (path.expression === "$") return [json];
  const sandbox = Object.fromEntries(path.checks.map((check, i) => [`t${i}`, (subject: unknown) => check(subject, root)]));
  const found = JSONPath<unknown[] | undefined>({
    path: path.expression,
    json: json as object,
    eval: "safe",
    // Its typings say Map; it reads the sandbox as a plain object.
    sandbox: sandbox as unknown as Map<string, unknown>,
  });
  return found ?? [];
}

/**
 * Evaluates a compiled path. A definite path yields its one value (which may be JSON
 * null); an indefinite path yields the list of matches. Nothing matched → matched:false.
 */
export function evaluateJsonPath(path: CompiledPath, document: unknown): PathResult {
  const found = select(path, document, document);
  if (!found.length) return { matched: false };
  return { matched: true, value: path.definite ? found[0] : found };
}
