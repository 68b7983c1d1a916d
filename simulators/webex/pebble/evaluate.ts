/** Evaluates parsed Pebble expressions against the flow's variables and outputs. */
import type { Arg, Expr } from "./parser.js";
import { FILTERS, FUNCTIONS, type CallArgs } from "./filters.js";
import { PebbleDate } from "./java-time.js";
import { Namespace, PebbleEvalError, describeValue, isEmpty, isPlainObject, looseEquals, toBoolean, toText } from "./values.js";

export interface PebbleScope {
  /** The value of a top-level name: a flow variable, a Namespace of outputs, or undefined when nothing has that name. */
  lookup(name: string): unknown;
  /** Epoch ms for `now()` (the simulator clock). */
  now(): number;
  /** When true, an unknown name is an error instead of null (Pebble's strictVariables). */
  strict?: boolean;
}

function attribute(object: unknown, name: string, e: Expr & { pos: number }): unknown {
  if (object instanceof Namespace) return object.get(name) ?? null;
  if (isPlainObject(object)) return name in object ? object[name] : null;
  if (Array.isArray(object) && /^\d+$/.test(name)) return object[Number(name)] ?? null;
  if (object === null || object === undefined) return null;
  throw new PebbleEvalError(`cannot read "${name}" of ${describeValue(object)} (at ${e.pos + 1})`);
}

function index(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) return null;
  if (Array.isArray(object)) {
    const i = typeof key === "number" ? key : Number(key);
    return Number.isInteger(i) ? (object[i] ?? null) : null;
  }
  if (object instanceof Namespace) return object.get(toText(key)) ?? null;
  if (isPlainObject(object)) return object[toText(key)] ?? null;
  if (typeof object === "string" && typeof key === "number") return object.charAt(key) || null;
  throw new PebbleEvalError(`cannot index ${describeValue(object)}`);
}

function numeric(op: string, a: unknown, b: unknown): [number, number] {
  if (typeof a === "number" && typeof b === "number") return [a, b];
  throw new PebbleEvalError(`"${op}" needs two numbers, got ${describeValue(a)} and ${describeValue(b)}`);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (a instanceof PebbleDate && b instanceof PebbleDate) [a, b] = [a.epochMs, b.epochMs];
  const [x, y] = numeric(op, a, b);
  switch (op) {
    case "<":
      return x < y;
    case ">":
      return x > y;
    case "<=":
      return x <= y;
    default:
      return x >= y;
  }
}

function contains(container: unknown, item: unknown): boolean {
  if (container === null || container === undefined) return false;
  if (typeof container === "string") return container.includes(toText(item));
  if (Array.isArray(container)) return container.some((x) => looseEquals(x, item));
  if (isPlainObject(container)) return toText(item) in container;
  throw new PebbleEvalError(`"contains" needs a text, list or map, got ${describeValue(container)}`);
}

function test(name: string, v: unknown): boolean {
  switch (name) {
    case "null":
      return v === null || v === undefined;
    case "empty":
      return isEmpty(v);
    case "defined":
      return v !== undefined;
    case "even":
    case "odd": {
      if (typeof v !== "number" || !Number.isInteger(v)) throw new PebbleEvalError(`"is ${name}" needs a whole number, got ${describeValue(v)}`);
      return name === "even" ? v % 2 === 0 : Math.abs(v % 2) === 1;
    }
    default:
      throw new PebbleEvalError(`unknown test "is ${name}"`);
  }
}

export class Evaluator {
  constructor(private readonly scope: PebbleScope) {}

  private args(args: Arg[]): CallArgs {
    const out: CallArgs = { positional: [], named: {} };
    for (const a of args) {
      const v = this.eval(a.value);
      if (a.name !== undefined) out.named[a.name] = v;
      else out.positional.push(v);
    }
    return out;
  }

  eval(e: Expr): unknown {
    switch (e.type) {
      case "literal":
        return e.value;
      case "var": {
        const v = this.scope.lookup(e.name);
        if (v === undefined) {
          if (this.scope.strict) throw new PebbleEvalError(`"${e.name}" is not defined`);
          return null;
        }
        return v;
      }
      case "attr":
        return attribute(this.eval(e.object), e.name, e);
      case "index":
        return index(this.eval(e.object), this.eval(e.index));
      case "list":
        return e.items.map((x) => this.eval(x));
      case "map":
        return Object.fromEntries(e.entries.map(([k, v]) => [toText(this.eval(k)), this.eval(v)]));
      case "unary": {
        const v = this.eval(e.operand);
        if (e.op === "not") return !toBoolean(v);
        if (typeof v !== "number") throw new PebbleEvalError(`unary "${e.op}" needs a number, got ${describeValue(v)}`);
        return e.op === "-" ? -v : v;
      }
      case "binary":
        return this.binary(e.op, e.left, e.right);
      case "test": {
        const r = test(e.test, e.operand.type === "var" && e.test === "defined" ? this.scope.lookup(e.operand.name) : this.eval(e.operand));
        return e.negated ? !r : r;
      }
      case "filter": {
        const f = FILTERS[e.name];
        if (!f) throw new PebbleEvalError(`unknown filter "${e.name}"`);
        return f(this.eval(e.input), this.args(e.args));
      }
      case "call": {
        const fn = FUNCTIONS[e.name];
        if (!fn) throw new PebbleEvalError(`unknown function "${e.name}()"`);
        return fn(this.args(e.args), { now: () => this.scope.now() });
      }
      case "ternary":
        return toBoolean(this.eval(e.cond)) ? this.eval(e.then) : this.eval(e.otherwise);
    }
  }

  private binary(op: string, l: Expr, r: Expr): unknown {
    if (op === "and") return toBoolean(this.eval(l)) && toBoolean(this.eval(r));
    if (op === "or") return toBoolean(this.eval(l)) || toBoolean(this.eval(r));
    const a = this.eval(l);
    const b = this.eval(r);
    switch (op) {
      case "==":
      case "equals":
        return looseEquals(a, b);
      case "!=":
        return !looseEquals(a, b);
      case "<":
      case ">":
      case "<=":
      case ">=":
        return compare(op, a, b);
      case "contains":
        return contains(a, b);
      case "~":
        return toText(a) + toText(b);
      case "+":
        // Pebble adds numbers and concatenates as soon as one side is text.
        if (typeof a === "number" && typeof b === "number") return a + b;
        if (typeof a === "string" || typeof b === "string") return toText(a) + toText(b);
        return numeric(op, a, b).reduce((x, y) => x + y);
      case "-": {
        const [x, y] = numeric(op, a, b);
        return x - y;
      }
      case "*": {
        const [x, y] = numeric(op, a, b);
        return x * y;
      }
      case "/": {
        const [x, y] = numeric(op, a, b);
        if (y === 0) throw new PebbleEvalError("division by zero");
        return x / y;
      }
      case "%": {
        const [x, y] = numeric(op, a, b);
        if (y === 0) throw new PebbleEvalError("division by zero");
        return x % y;
      }
      default:
        throw new PebbleEvalError(`unknown operator "${op}"`);
    }
  }
}
