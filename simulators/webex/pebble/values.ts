/**
 * Values inside Pebble expressions and how they print. Flow variables hold strings,
 * numbers, booleans, null, parsed JSON (objects and lists) and dates (`now()`).
 */
import { PebbleDate } from "./java-time.js";

export class PebbleEvalError extends Error {
  override name = "PebbleEvalError";
}

/**
 * A group of read-only outputs addressed as `<Label>.<name>`: an activity's output
 * variables or an event's. Names are matched case-insensitively because real flows mix
 * `NewPhoneContact.InteractionId` and `NewPhoneContact.interactionId` for one value.
 */
export class Namespace {
  private readonly values = new Map<string, { name: string; value: unknown }>();
  private readonly names: Set<string>;

  constructor(
    readonly label: string,
    aliases: string[] = [],
  ) {
    this.names = new Set([label, ...aliases].map((n) => n.toLowerCase()));
  }

  /** True when `name` is this namespace's label or one of its aliases (case-insensitive). */
  matches(name: string): boolean {
    return this.names.has(name.toLowerCase());
  }

  set(name: string, value: unknown): void {
    this.values.set(name.toLowerCase(), { name, value });
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  get(name: string): unknown {
    return this.values.get(name.toLowerCase())?.value;
  }

  entries(): [string, unknown][] {
    return [...this.values.values()].map((e) => [e.name, e.value]);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof PebbleDate) && !(v instanceof Namespace);

export { isPlainObject };

/**
 * How a value prints into a template. Null prints as nothing (Pebble's non-strict
 * mode); lists and maps print as JSON so that a JSON variable dropped into an HTTP body
 * stays valid JSON (Pebble itself would print Java's `[a, b]` / `{k=v}`).
 */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof PebbleDate) return v.toString();
  if (v instanceof Namespace) return JSON.stringify(Object.fromEntries(v.entries()));
  return JSON.stringify(v);
}

export function numberText(n: number): string {
  return String(n);
}

/** Pebble's boolean coercion, made lenient for "true"/"false" text (flow variables are often STRING). */
export function toBoolean(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  if (v === null || v === undefined) return false;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
  }
  throw new PebbleEvalError(`cannot use ${describeValue(v)} as a boolean`);
}

export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === "string") return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (Array.isArray(v)) return "a list";
  if (v instanceof PebbleDate) return "a date";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${String(v)}`;
}

/** Pebble's `==`: numbers compare by value, everything else by type and value (so "200" != 200). */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (a instanceof PebbleDate && b instanceof PebbleDate) return a.epochMs === b.epochMs;
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
