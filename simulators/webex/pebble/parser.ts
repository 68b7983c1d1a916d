/**
 * A Pratt parser for Pebble expressions. Precedences follow Pebble/Twig: `or` 10,
 * `and` 15, comparisons 20, `+ -` 30, `~` 40, `not` 50, `* / %` 60, `is` 100; filters
 * and attribute access bind tighter than any binary operator, so `a + b | upper`
 * upper-cases `b` only.
 */
import { tokenize, PebbleSyntaxError, type Token } from "./lexer.js";

export interface Arg {
  name?: string;
  value: Expr;
}

export type Expr =
  | { type: "literal"; value: string | number | boolean | null }
  | { type: "var"; name: string; pos: number }
  | { type: "attr"; object: Expr; name: string; pos: number }
  | { type: "index"; object: Expr; index: Expr; pos: number }
  | { type: "list"; items: Expr[] }
  | { type: "map"; entries: [Expr, Expr][] }
  | { type: "unary"; op: "not" | "-" | "+"; operand: Expr; pos: number }
  | { type: "binary"; op: string; left: Expr; right: Expr; pos: number }
  | { type: "test"; operand: Expr; test: string; negated: boolean; pos: number }
  | { type: "filter"; input: Expr; name: string; args: Arg[]; pos: number }
  | { type: "call"; name: string; args: Arg[]; pos: number }
  | { type: "ternary"; cond: Expr; then: Expr; otherwise: Expr; pos: number };

const BINARY: Record<string, number> = {
  or: 10,
  and: 15,
  "==": 20,
  "!=": 20,
  "<": 20,
  ">": 20,
  "<=": 20,
  ">=": 20,
  equals: 20,
  contains: 20,
  "+": 30,
  "-": 30,
  "~": 40,
  "*": 60,
  "/": 60,
  "%": 60,
  is: 100,
};

const LITERALS: Record<string, string | number | boolean | null> = { true: true, false: false, null: null, none: null, TRUE: true, FALSE: false, NULL: null, NONE: null };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private isPunct(value: string): boolean {
    const t = this.peek();
    return t.kind === "punct" && t.value === value;
  }

  private expect(value: string): Token {
    const t = this.next();
    if (t.kind !== "punct" || t.value !== value) throw new PebbleSyntaxError(`expected "${value}" but found ${describe(t)}`, t.pos);
    return t;
  }

  parseAll(): Expr {
    if (this.peek().kind === "end") throw new PebbleSyntaxError("empty expression", 0);
    const e = this.parseTernary();
    const t = this.peek();
    if (t.kind !== "end") throw new PebbleSyntaxError(`unexpected ${describe(t)}`, t.pos);
    return e;
  }

  private parseTernary(): Expr {
    const cond = this.parseBinary(0);
    if (!this.isPunct("?")) return cond;
    const pos = this.next().pos;
    const then = this.parseTernary();
    this.expect(":");
    const otherwise = this.parseTernary();
    return { type: "ternary", cond, then, otherwise, pos };
  }

  private binaryOp(): { op: string; prec: number } | undefined {
    const t = this.peek();
    const op = t.kind === "punct" || t.kind === "name" ? t.value : undefined;
    if (op === undefined || !(op in BINARY)) return undefined;
    return { op, prec: BINARY[op] };
  }

  private parseBinary(minPrec: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const found = this.binaryOp();
      if (!found || found.prec < minPrec) return left;
      const opToken = this.next();
      if (found.op === "is") {
        let negated = false;
        if (this.peek().kind === "name" && (this.peek() as { value: string }).value === "not") {
          this.next();
          negated = true;
        }
        const t = this.next();
        if (t.kind !== "name") throw new PebbleSyntaxError(`expected a test name after "is" but found ${describe(t)}`, t.pos);
        left = { type: "test", operand: left, test: t.value, negated, pos: opToken.pos };
        continue;
      }
      const right = this.parseBinary(found.prec + 1);
      left = { type: "binary", op: found.op, left, right, pos: opToken.pos };
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === "name" && t.value === "not") {
      this.next();
      return { type: "unary", op: "not", operand: this.parseBinary(50), pos: t.pos };
    }
    if (t.kind === "punct" && (t.value === "-" || t.value === "+")) {
      this.next();
      return { type: "unary", op: t.value, operand: this.parseUnary(), pos: t.pos };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parseArgs(): Arg[] {
    const args: Arg[] = [];
    this.expect("(");
    if (this.isPunct(")")) {
      this.next();
      return args;
    }
    for (;;) {
      const t = this.peek();
      const after = this.tokens[this.i + 1];
      if (t.kind === "name" && after?.kind === "punct" && after.value === "=") {
        this.i += 2;
        args.push({ name: t.value, value: this.parseTernary() });
      } else {
        args.push({ value: this.parseTernary() });
      }
      if (this.isPunct(",")) {
        this.next();
        continue;
      }
      this.expect(")");
      return args;
    }
  }

  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case "number":
        return { type: "literal", value: t.value };
      case "string":
        return { type: "literal", value: t.value };
      case "name": {
        if (t.value in LITERALS) return { type: "literal", value: LITERALS[t.value] };
        if (this.isPunct("(")) return { type: "call", name: t.value, args: this.parseArgs(), pos: t.pos };
        return { type: "var", name: t.value, pos: t.pos };
      }
      case "punct": {
        if (t.value === "(") {
          const inner = this.parseTernary();
          this.expect(")");
          return inner;
        }
        if (t.value === "[") {
          const items: Expr[] = [];
          if (!this.isPunct("]")) {
            for (;;) {
              items.push(this.parseTernary());
              if (this.isPunct(",")) {
                this.next();
                continue;
              }
              break;
            }
          }
          this.expect("]");
          return { type: "list", items };
        }
        if (t.value === "{") {
          const entries: [Expr, Expr][] = [];
          if (!this.isPunct("}")) {
            for (;;) {
              const k = this.next();
              if (k.kind !== "string" && k.kind !== "number") throw new PebbleSyntaxError(`map keys must be string or number literals, found ${describe(k)}`, k.pos);
              this.expect(":");
              entries.push([{ type: "literal", value: k.value }, this.parseTernary()]);
              if (this.isPunct(",")) {
                this.next();
                continue;
              }
              break;
            }
          }
          this.expect("}");
          return { type: "map", entries };
        }
        throw new PebbleSyntaxError(`unexpected ${describe(t)}`, t.pos);
      }
      case "end":
        throw new PebbleSyntaxError("unexpected end of expression", t.pos);
    }
  }

  private parsePostfix(expr: Expr): Expr {
    for (;;) {
      if (this.isPunct(".")) {
        const dot = this.next();
        const t = this.next();
        if (t.kind === "name") expr = { type: "attr", object: expr, name: t.value, pos: dot.pos };
        else if (t.kind === "number" && Number.isInteger(t.value)) expr = { type: "index", object: expr, index: { type: "literal", value: t.value }, pos: dot.pos };
        else throw new PebbleSyntaxError(`expected an attribute name after "." but found ${describe(t)}`, t.pos);
        continue;
      }
      if (this.isPunct("[")) {
        const open = this.next();
        const index = this.parseTernary();
        this.expect("]");
        expr = { type: "index", object: expr, index, pos: open.pos };
        continue;
      }
      if (this.isPunct("|")) {
        const bar = this.next();
        const t = this.next();
        if (t.kind !== "name") throw new PebbleSyntaxError(`expected a filter name after "|" but found ${describe(t)}`, t.pos);
        const args = this.isPunct("(") ? this.parseArgs() : [];
        expr = { type: "filter", input: expr, name: t.value, args, pos: bar.pos };
        continue;
      }
      return expr;
    }
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case "end":
      return "the end of the expression";
    case "string":
      return `string "${t.value}"`;
    default:
      return `"${t.value}"`;
  }
}

/** Parses one expression (the text between `{{` and `}}`). Throws PebbleSyntaxError. */
export function parseExpression(src: string): Expr {
  return new Parser(tokenize(src)).parseAll();
}

/** Every node of an expression, depth first (for load-time checks of names, filters and functions). */
export function* walk(e: Expr): Generator<Expr> {
  yield e;
  switch (e.type) {
    case "attr":
      yield* walk(e.object);
      break;
    case "index":
      yield* walk(e.object);
      yield* walk(e.index);
      break;
    case "list":
      for (const x of e.items) yield* walk(x);
      break;
    case "map":
      for (const [k, v] of e.entries) {
        yield* walk(k);
        yield* walk(v);
      }
      break;
    case "unary":
      yield* walk(e.operand);
      break;
    case "binary":
      yield* walk(e.left);
      yield* walk(e.right);
      break;
    case "test":
      yield* walk(e.operand);
      break;
    case "filter":
      yield* walk(e.input);
      for (const a of e.args) yield* walk(a.value);
      break;
    case "call":
      for (const a of e.args) yield* walk(a.value);
      break;
    case "ternary":
      yield* walk(e.cond);
      yield* walk(e.then);
      yield* walk(e.otherwise);
      break;
    default:
      break;
  }
}

export { PebbleSyntaxError };
