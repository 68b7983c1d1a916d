/**
 * Reads the JSON of a test case member by member, turning every mismatch into a Problem
 * that names the observation or action it belongs to, the JSON path and the reason.
 */
import type { ProblemList } from "../../kernel/problems.js";

/** The observation, event or action a problem belongs to (its Identifier and Type). */
export interface Owner {
  Identifier?: unknown;
  Type?: unknown;
}

export type Json = Record<string, unknown>;

export function isJsonObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v) : JSON.stringify(v) ?? String(v));

export interface StringRules {
  required?: boolean;
  /** Refuse "" (and text of spaces only). */
  nonEmpty?: boolean;
  max?: number;
  oneOf?: readonly string[];
  pattern?: RegExp;
  /** Says what the pattern means, for the message. */
  patternText?: string;
}

export class ContentReader {
  constructor(readonly problems: ProblemList) {}

  error(path: string, message: string, owner?: Owner): void {
    this.problems.error(path, message, owner);
  }

  warning(path: string, message: string, owner?: Owner): void {
    this.problems.warning(path, message, owner);
  }

  /** An object at `path`; `what` names it in the message. */
  object(value: unknown, path: string, owner: Owner | undefined, what: string, required = true): Json | undefined {
    if (value === undefined) {
      if (required) this.error(path, `${what} is missing`, owner);
      return undefined;
    }
    if (!isJsonObject(value)) {
      this.error(path, `${what} must be a JSON object, not ${show(value)}`, owner);
      return undefined;
    }
    return value;
  }

  /** Errors for members other than `allowed` (the service refuses unknown properties). */
  onlyKeys(obj: Json, allowed: readonly string[], path: string, owner?: Owner, hint?: (key: string) => string | undefined): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const extra = hint?.(key);
      this.error(`${path}.${key}`, `unknown property ${key} (allowed here: ${allowed.join(", ") || "none"})${extra ? `; ${extra}` : ""}`, owner);
    }
  }

  string(obj: Json, key: string, path: string, owner: Owner | undefined, rules: StringRules = {}): string | undefined {
    const at = `${path}.${key}`;
    const v = obj[key];
    if (v === undefined) {
      if (rules.required) this.error(at, `${key} is missing`, owner);
      return undefined;
    }
    if (typeof v !== "string") {
      this.error(at, `${key} must be a string, not ${show(v)}`, owner);
      return undefined;
    }
    if (rules.nonEmpty && v.trim() === "") this.error(at, `${key} must not be empty`, owner);
    else if (rules.max !== undefined && v.length > rules.max) this.error(at, `${key} is ${v.length} characters long; at most ${rules.max} are allowed`, owner);
    else if (rules.oneOf && !rules.oneOf.includes(v)) this.error(at, `${key} ${show(v)} is not one of ${rules.oneOf.join(", ")}`, owner);
    else if (rules.pattern && !rules.pattern.test(v)) this.error(at, `${key} ${show(v)} is not ${rules.patternText ?? `of the form ${rules.pattern.source}`}`, owner);
    else return v;
    return undefined;
  }

  /** A number of seconds in [0, max]; absent is `fallback`. */
  seconds(obj: Json, key: string, path: string, owner: Owner | undefined, max: number, fallback = 0): number | undefined {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > max) {
      this.error(`${path}.${key}`, `${key} must be a number of seconds from 0 to ${max}, not ${show(v)}`, owner);
      return undefined;
    }
    return v;
  }

  array(obj: Json, key: string, path: string, owner: Owner | undefined, opts: { required?: boolean; max: number }): unknown[] | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (opts.required) this.error(`${path}.${key}`, `${key} is missing (give [] when there is nothing)`, owner);
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.error(`${path}.${key}`, `${key} must be a list, not ${show(v)}`, owner);
      return undefined;
    }
    if (v.length > opts.max) {
      this.error(`${path}.${key}`, `${key} holds ${v.length} items; flowsim accepts at most ${opts.max}`, owner);
      return undefined;
    }
    return v;
  }
}

export { show };
