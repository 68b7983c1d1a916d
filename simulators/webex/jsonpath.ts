/**
 * JSONPath as Flow Designer applies it to HTTP responses and the Parse activity: a
 * Jayway-compatible subset. `$.records.[0].Name` (a dot before the bracket, as Cisco's
 * templates write it) reads as `$.records[0].Name`; a path without `$` is read from the
 * root (`value[0].contactid`), as Jayway does.
 *
 * Jayway distinguishes definite paths (names and single indexes: one value or "not
 * found") from indefinite ones (wildcards, deep scan, slices, unions, filters: always a
 * list, possibly empty). Both "not found" and an empty list count as "nothing matched".
 */

type Selector =
  | { kind: "name"; names: string[] }
  | { kind: "index"; indexes: number[] }
  | { kind: "slice"; start?: number; end?: number; step: number }
  | { kind: "wildcard" }
  | { kind: "filter"; filter: FilterExpr };

interface Step {
  deep: boolean;
  selector: Selector;
}

type FilterOperand = { kind: "path"; relative: boolean; steps: Step[] } | { kind: "literal"; value: unknown };
type FilterExpr =
  | { kind: "compare"; op: string; left: FilterOperand; right: FilterOperand }
  | { kind: "exists"; operand: FilterOperand }
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; operand: FilterExpr };

export interface CompiledPath {
  source: string;
  steps: Step[];
  definite: boolean;
}

export class JsonPathError extends Error {
  override name = "JsonPathError";
}

export type PathResult = { matched: true; value: unknown } | { matched: false };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  peek(n = 0): string {
    return this.text[this.pos + n] ?? "";
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
}

function readQuoted(r: Reader): string {
  const quote = r.peek();
  r.pos++;
  let out = "";
  while (!r.eof() && r.peek() !== quote) {
    if (r.peek() === "\\") {
      r.pos++;
      out += r.peek();
      r.pos++;
      continue;
    }
    out += r.peek();
    r.pos++;
  }
  if (r.eof()) r.fail("unclosed quote");
  r.pos++;
  return out;
}

function readInt(r: Reader): number | undefined {
  r.skipSpaces();
  const m = /^-?\d+/.exec(r.text.slice(r.pos));
  if (!m) return undefined;
  r.pos += m[0].length;
  r.skipSpaces();
  return Number(m[0]);
}

function readFilterOperand(r: Reader): FilterOperand {
  r.skipSpaces();
  const c = r.peek();
  if (c === "@" || c === "$") {
    r.pos++;
    const steps = readSteps(r, true);
    return { kind: "path", relative: c === "@", steps };
  }
  if (c === "'" || c === '"') return { kind: "literal", value: readQuoted(r) };
  const m = /^(-?\d+(\.\d+)?|true|false|null)/.exec(r.text.slice(r.pos));
  if (!m) r.fail("expected a value in the filter");
  r.pos += m![0].length;
  return { kind: "literal", value: JSON.parse(m![0]) };
}

function readFilterAtom(r: Reader): FilterExpr {
  r.skipSpaces();
  if (r.peek() === "!") {
    r.pos++;
    return { kind: "not", operand: readFilterAtom(r) };
  }
  if (r.peek() === "(") {
    r.pos++;
    const inner = readFilterOr(r);
    r.skipSpaces();
    r.expect(")");
    return inner;
  }
  const left = readFilterOperand(r);
  r.skipSpaces();
  const m = /^(==|!=|<=|>=|<|>|=~)/.exec(r.text.slice(r.pos));
  if (!m) return { kind: "exists", operand: left };
  r.pos += m[0].length;
  r.skipSpaces();
  if (m[0] === "=~") {
    const re = /^\/(.*?)\/([a-z]*)/.exec(r.text.slice(r.pos));
    if (!re) r.fail("expected /regex/ after =~");
    r.pos += re![0].length;
    return { kind: "compare", op: "=~", left, right: { kind: "literal", value: new RegExp(re![1], re![2]) } };
  }
  return { kind: "compare", op: m[0], left, right: readFilterOperand(r) };
}

function readFilterAnd(r: Reader): FilterExpr {
  let left = readFilterAtom(r);
  for (;;) {
    r.skipSpaces();
    if (!r.text.startsWith("&&", r.pos)) return left;
    r.pos += 2;
    left = { kind: "and", left, right: readFilterAtom(r) };
  }
}

function readFilterOr(r: Reader): FilterExpr {
  let left = readFilterAnd(r);
  for (;;) {
    r.skipSpaces();
    if (!r.text.startsWith("||", r.pos)) return left;
    r.pos += 2;
    left = { kind: "or", left, right: readFilterAnd(r) };
  }
}

function readBracket(r: Reader): Selector {
  r.expect("[");
  r.skipSpaces();
  let sel: Selector;
  const c = r.peek();
  if (c === "*") {
    r.pos++;
    sel = { kind: "wildcard" };
  } else if (c === "?") {
    r.pos++;
    r.skipSpaces();
    r.expect("(");
    const filter = readFilterOr(r);
    r.skipSpaces();
    r.expect(")");
    sel = { kind: "filter", filter };
  } else if (c === "'" || c === '"') {
    const names = [readQuoted(r)];
    r.skipSpaces();
    while (r.peek() === ",") {
      r.pos++;
      r.skipSpaces();
      if (r.peek() !== "'" && r.peek() !== '"') r.fail("expected a quoted name");
      names.push(readQuoted(r));
      r.skipSpaces();
    }
    sel = { kind: "name", names };
  } else {
    const first = readInt(r);
    if (r.peek() === ":") {
      r.pos++;
      const end = readInt(r);
      let step = 1;
      if (r.peek() === ":") {
        r.pos++;
        step = readInt(r) ?? 1;
      }
      sel = { kind: "slice", start: first, end, step };
    } else {
      if (first === undefined) r.fail("expected an index, a quoted name, *, a slice or a filter");
      const indexes = [first!];
      while (r.peek() === ",") {
        r.pos++;
        const n = readInt(r);
        if (n === undefined) r.fail("expected an index");
        indexes.push(n!);
      }
      sel = { kind: "index", indexes };
    }
  }
  r.skipSpaces();
  r.expect("]");
  return sel;
}

function readSteps(r: Reader, inFilter = false): Step[] {
  const steps: Step[] = [];
  while (!r.eof()) {
    const c = r.peek();
    if (inFilter && !(c === "." || c === "[")) break;
    if (c === "[") {
      steps.push({ deep: false, selector: readBracket(r) });
      continue;
    }
    if (c !== ".") r.fail(`unexpected "${c}"`);
    r.pos++;
    let deep = false;
    if (r.peek() === ".") {
      deep = true;
      r.pos++;
    }
    if (r.peek() === "[") {
      steps.push({ deep, selector: readBracket(r) });
      continue;
    }
    if (r.peek() === "*") {
      r.pos++;
      steps.push({ deep, selector: { kind: "wildcard" } });
      continue;
    }
    let name = "";
    while (!r.eof() && !".[ )=!<>&|".includes(r.peek())) name += r.text[r.pos++];
    if (!name) r.fail("expected a property name");
    if (r.peek() === "(") r.fail(`path functions such as ${name}() are not supported`);
    steps.push({ deep, selector: { kind: "name", names: [name] } });
  }
  return steps;
}

/** Parses a path; throws JsonPathError with the position of the problem. */
export function compileJsonPath(source: string): CompiledPath {
  let text = source.trim();
  if (text === "") throw new JsonPathError("the path is empty");
  // Jayway reads a path without a root as relative to the root.
  if (!text.startsWith("$")) text = text.startsWith("[") ? `$${text}` : `$.${text}`;
  const r = new Reader(text);
  r.expect("$");
  const steps = readSteps(r);
  const definite = steps.every((s) => !s.deep && ((s.selector.kind === "name" && s.selector.names.length === 1) || (s.selector.kind === "index" && s.selector.indexes.length === 1)));
  return { source, steps, definite };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [];
}

function operandValues(op: FilterOperand, current: unknown, root: unknown): unknown[] {
  if (op.kind === "literal") return [op.value];
  return select(op.relative ? current : root, op.steps, root);
}

function compareValues(op: string, a: unknown, b: unknown): boolean {
  if (op === "=~") return typeof a === "string" && (b as RegExp).test(a);
  if (op === "==") return a === b || (typeof a === "object" && JSON.stringify(a) === JSON.stringify(b));
  if (op === "!=") return !(a === b || (typeof a === "object" && JSON.stringify(a) === JSON.stringify(b)));
  if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

function test(f: FilterExpr, current: unknown, root: unknown): boolean {
  switch (f.kind) {
    case "and":
      return test(f.left, current, root) && test(f.right, current, root);
    case "or":
      return test(f.left, current, root) || test(f.right, current, root);
    case "not":
      return !test(f.operand, current, root);
    case "exists":
      return operandValues(f.operand, current, root).length > 0;
    case "compare": {
      const l = operandValues(f.left, current, root);
      const r = operandValues(f.right, current, root);
      return l.length === 1 && r.length === 1 && compareValues(f.op, l[0], r[0]);
    }
  }
}

function apply(sel: Selector, v: unknown, root: unknown): unknown[] {
  switch (sel.kind) {
    case "name": {
      if (!isObject(v)) return [];
      return sel.names.filter((n) => Object.prototype.hasOwnProperty.call(v, n)).map((n) => v[n]);
    }
    case "index": {
      if (!Array.isArray(v)) return [];
      return sel.indexes.map((i) => (i < 0 ? v.length + i : i)).filter((i) => i >= 0 && i < v.length).map((i) => v[i]);
    }
    case "slice": {
      if (!Array.isArray(v)) return [];
      const n = v.length;
      const norm = (i: number | undefined, dflt: number) => (i === undefined ? dflt : i < 0 ? Math.max(0, n + i) : Math.min(n, i));
      const out: unknown[] = [];
      for (let i = norm(sel.start, 0); i < norm(sel.end, n); i += Math.max(1, sel.step)) out.push(v[i]);
      return out;
    }
    case "wildcard":
      return children(v);
    case "filter":
      return children(v).filter((c) => test(sel.filter, c, root));
  }
}

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  for (const c of children(v)) out.push(...descendants(c));
  return out;
}

function select(start: unknown, steps: Step[], root: unknown): unknown[] {
  let current: unknown[] = [start];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      const sources = step.deep ? descendants(v) : [v];
      for (const s of sources) next.push(...apply(step.selector, s, root));
    }
    current = next;
  }
  return current;
}

/**
 * Evaluates a compiled path. A definite path yields its one value (which may be JSON
 * null); an indefinite path yields the list of matches. Nothing matched → matched:false.
 */
export function evaluateJsonPath(path: CompiledPath, document: unknown): PathResult {
  const found = select(document, path.steps, document);
  if (path.definite) return found.length ? { matched: true, value: found[0] } : { matched: false };
  return found.length ? { matched: true, value: found } : { matched: false };
}
