/**
 * Pebble filters and functions used by Flow Designer flows. Each behaves like its
 * Pebble namesake, including the failures (slice out of range, unparseable dates),
 * because a failing expression sends the activity down its error path.
 */
import { PebbleDate, formatJava, parseJava, JavaTimeError } from "./java-time.js";
import { PebbleEvalError, toText, isEmpty, isPlainObject, describeValue } from "./values.js";

export interface CallArgs {
  positional: unknown[];
  named: Record<string, unknown>;
}

export interface FunctionContext {
  now(): number;
}

type Filter = (input: unknown, args: CallArgs) => unknown;
type Fn = (args: CallArgs, ctx: FunctionContext) => unknown;

function arg(args: CallArgs, index: number, name: string): unknown {
  return name in args.named ? args.named[name] : args.positional[index];
}

function intArg(args: CallArgs, index: number, name: string, filter: string): number | undefined {
  const v = arg(args, index, name);
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isInteger(n)) throw new PebbleEvalError(`${filter}: argument ${name} must be a whole number, got ${describeValue(v)}`);
  return n;
}

/** Java's URLEncoder.encode(s, UTF-8): form encoding, spaces become "+". */
function urlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escape(input: string, strategy: string): string {
  switch (strategy) {
    case "html":
      return input.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
    case "json":
      return JSON.stringify(input).slice(1, -1);
    case "js":
      return input.replace(/[^A-Za-z0-9,._ ]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
    case "url_param":
      return urlEncode(input);
    default:
      throw new PebbleEvalError(`escape: unknown strategy "${strategy}" (html, json, js, url_param)`);
  }
}

function toDate(input: unknown, existingFormat: unknown): number {
  if (input instanceof PebbleDate) return input.epochMs;
  if (typeof input === "number") return input;
  if (typeof input === "string") {
    if (typeof existingFormat !== "string") throw new PebbleEvalError(`date: "${input}" is text; give existingFormat to read it`);
    return parseJava(input, existingFormat);
  }
  throw new PebbleEvalError(`date: cannot format ${describeValue(input)}`);
}

export const FILTERS: Record<string, Filter> = {
  replace(input, args) {
    if (input === null || input === undefined) return null;
    const map = args.positional[0];
    if (!isPlainObject(map)) throw new PebbleEvalError('replace: the argument must be a map, e.g. replace({"+1": ""})');
    let s = toText(input);
    for (const [from, to] of Object.entries(map)) s = s.split(from).join(toText(to));
    return s;
  },
  slice(input, args) {
    if (input === null || input === undefined) return null;
    const seq = Array.isArray(input) ? input : toText(input);
    const from = intArg(args, 0, "fromIndex", "slice") ?? 0;
    const to = intArg(args, 1, "toIndex", "slice") ?? seq.length;
    if (from < 0 || to > seq.length || from > to) throw new PebbleEvalError(`slice(${from}, ${to}) is out of range for ${describeValue(input)} of length ${seq.length}`);
    return seq.slice(from, to);
  },
  split(input, args) {
    if (input === null || input === undefined) return null;
    const delimiter = toText(arg(args, 0, "delimiter"));
    const limit = intArg(args, 1, "limit", "split") ?? 0;
    let re: RegExp;
    try {
      re = new RegExp(delimiter);
    } catch {
      throw new PebbleEvalError(`split: "${delimiter}" is not a valid delimiter pattern`);
    }
    // Java's String.split(regex, limit): a positive limit caps the pieces, zero drops trailing empty strings.
    const s = toText(input);
    const parts: string[] = [];
    let rest = s;
    for (;;) {
      if (limit > 0 && parts.length === limit - 1) break;
      const m = re.exec(rest);
      if (!m || m[0] === "") break;
      parts.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    parts.push(rest);
    if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
    return parts;
  },
  join(input, args) {
    if (input === null || input === undefined) return null;
    const sep = toText(arg(args, 0, "separator") ?? "");
    if (!Array.isArray(input)) return toText(input);
    return input.map(toText).join(sep);
  },
  length(input) {
    if (input === null || input === undefined) return 0;
    if (typeof input === "string" || Array.isArray(input)) return input.length;
    if (isPlainObject(input)) return Object.keys(input).length;
    return toText(input).length;
  },
  urlencode(input) {
    if (input === null || input === undefined) return null;
    return urlEncode(toText(input));
  },
  default(input, args) {
    return isEmpty(input) ? arg(args, 0, "default") : input;
  },
  escape(input, args) {
    if (input === null || input === undefined) return null;
    return escape(toText(input), toText(arg(args, 0, "strategy") ?? "html"));
  },
  lower: (input) => (input === null || input === undefined ? null : toText(input).toLowerCase()),
  upper: (input) => (input === null || input === undefined ? null : toText(input).toUpperCase()),
  trim: (input) => (input === null || input === undefined ? null : toText(input).trim()),
  capitalize: (input) => {
    if (input === null || input === undefined) return null;
    const s = toText(input);
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  abs(input) {
    if (typeof input !== "number") throw new PebbleEvalError(`abs: ${describeValue(input)} is not a number`);
    return Math.abs(input);
  },
  first(input) {
    if (Array.isArray(input)) return input[0] ?? null;
    if (typeof input === "string") return input.charAt(0);
    return null;
  },
  last(input) {
    if (Array.isArray(input)) return input.length ? input[input.length - 1] : null;
    if (typeof input === "string") return input.charAt(input.length - 1);
    return null;
  },
  raw: (input) => input,
  date(input, args) {
    if (input === null || input === undefined) return null;
    const format = arg(args, 0, "format");
    const zone = arg(args, 2, "timeZone");
    try {
      const ms = toDate(input, arg(args, 1, "existingFormat"));
      return formatJava(ms, typeof format === "string" ? format : "yyyy-MM-dd'T'HH:mm:ssZ", typeof zone === "string" ? zone : "UTC");
    } catch (e) {
      if (e instanceof JavaTimeError) throw new PebbleEvalError(`date: ${e.message}`);
      throw e;
    }
  },
};
FILTERS.e = FILTERS.escape;

export const FUNCTIONS: Record<string, Fn> = {
  now: (_args, ctx) => new PebbleDate(ctx.now()),
};
