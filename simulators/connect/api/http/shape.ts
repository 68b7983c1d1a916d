/**
 * Request validation in the services' own words ("1 validation error detected: Value null
 * at 'contactFlowId' failed to satisfy constraint: Member must not be null"), collecting
 * every violation before answering, as AWS does.
 */
import { ApiError } from "./errors.js";

type Make = (message: string) => ApiError;

function camel(path: string): string {
  return path
    .split(".")
    .map((p) => p.charAt(0).toLowerCase() + p.slice(1))
    .join(".");
}

export class Shape {
  private violations: string[] = [];

  constructor(
    private readonly body: Record<string, unknown>,
    private readonly make: Make,
  ) {}

  private fail(path: string, value: unknown, constraint: string): void {
    const shown = value === undefined || value === null ? "null" : typeof value === "string" ? `'${value.length > 40 ? value.slice(0, 40) + "…" : value}'` : "";
    this.violations.push(`Value ${shown ? shown + " " : ""}at '${camel(path)}' failed to satisfy constraint: ${constraint}`);
  }

  private read(path: string, from: Record<string, unknown> = this.body): unknown {
    return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), from);
  }

  string(path: string, opts: { required?: boolean; min?: number; max?: number; enum?: readonly string[]; pattern?: RegExp } = {}): string | undefined {
    const v = this.read(path);
    if (v === undefined || v === null) {
      if (opts.required) this.fail(path, v, "Member must not be null");
      return undefined;
    }
    if (typeof v !== "string") {
      this.fail(path, undefined, "Member must be a string");
      return undefined;
    }
    if (opts.min !== undefined && v.length < opts.min) this.fail(path, v, `Member must have length greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && v.length > opts.max) this.fail(path, v, `Member must have length less than or equal to ${opts.max}`);
    if (opts.enum && !opts.enum.includes(v)) this.fail(path, v, `Member must satisfy enum value set: [${opts.enum.join(", ")}]`);
    if (opts.pattern && !opts.pattern.test(v)) this.fail(path, v, `Member must satisfy regular expression pattern: ${opts.pattern.source}`);
    return v;
  }

  number(path: string, opts: { required?: boolean; min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const v = this.read(path);
    if (v === undefined || v === null) {
      if (opts.required) this.fail(path, v, "Member must not be null");
      return undefined;
    }
    if (typeof v !== "number" || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      this.fail(path, undefined, opts.integer ? "Member must be an integer" : "Member must be a number");
      return undefined;
    }
    if (opts.min !== undefined && v < opts.min) this.fail(path, String(v), `Member must have value greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) this.fail(path, String(v), `Member must have value less than or equal to ${opts.max}`);
    return v;
  }

  boolean(path: string, opts: { required?: boolean } = {}): boolean | undefined {
    const v = this.read(path);
    if (v === undefined || v === null) {
      if (opts.required) this.fail(path, v, "Member must not be null");
      return undefined;
    }
    if (typeof v !== "boolean") {
      this.fail(path, undefined, "Member must be a boolean");
      return undefined;
    }
    return v;
  }

  object(path: string, opts: { required?: boolean } = {}): Record<string, unknown> | undefined {
    const v = this.read(path);
    if (v === undefined || v === null) {
      if (opts.required) this.fail(path, v, "Member must not be null");
      return undefined;
    }
    if (typeof v !== "object" || Array.isArray(v)) {
      this.fail(path, undefined, "Member must be a structure");
      return undefined;
    }
    return v as Record<string, unknown>;
  }

  /** A map of string to string, with optional limits on keys and values. */
  stringMap(path: string, opts: { required?: boolean; maxValue?: number; keyPattern?: RegExp } = {}): Record<string, string> | undefined {
    const v = this.object(path, opts);
    if (!v) return undefined;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== "string") {
        this.fail(`${path}.${k}`, undefined, "Member must be a string");
        continue;
      }
      if (opts.keyPattern && !opts.keyPattern.test(k)) this.fail(`${path}`, k, `Map keys must satisfy regular expression pattern: ${opts.keyPattern.source}`);
      if (opts.maxValue !== undefined && x.length > opts.maxValue) this.fail(`${path}.${k}`, x, `Member must have length less than or equal to ${opts.maxValue}`);
      out[k] = x;
    }
    return out;
  }

  array(path: string, opts: { required?: boolean; min?: number; max?: number } = {}): unknown[] | undefined {
    const v = this.read(path);
    if (v === undefined || v === null) {
      if (opts.required) this.fail(path, v, "Member must not be null");
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.fail(path, undefined, "Member must be a list");
      return undefined;
    }
    if (opts.min !== undefined && v.length < opts.min) this.fail(path, undefined, `Member must have length greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && v.length > opts.max) this.fail(path, undefined, `Member must have length less than or equal to ${opts.max}`);
    return v;
  }

  /** Adds a violation found by the caller (a rule the helpers above cannot express). */
  violation(message: string): void {
    this.violations.push(message);
  }

  /** Throws every violation found so far as one error. */
  check(): void {
    if (this.violations.length === 0) return;
    const n = this.violations.length;
    throw this.make(`${n} validation error${n === 1 ? "" : "s"} detected: ${this.violations.join("; ")}`);
  }
}
