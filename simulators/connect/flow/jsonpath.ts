/**
 * Dynamic references in flow parameters (reference §4.3): whole-value JSONPath
 * (`$.Attributes.greetingPlayed`, `$['Attributes']['Language']`,
 * `$.Attributes.['user attribute name']`), references embedded in free text
 * ("Hello $.External.FirstName"), and backtick keys resolved first
 * (`$.External.['`$.Attributes.NameToPlay`']`).
 */

/** A path segment: a literal key, or a nested reference whose value becomes the key. */
export type Segment = { key: string } | { ref: Reference };

export interface Reference {
  /** The reference exactly as written. */
  source: string;
  segments: Segment[];
}

/** Top-level namespaces of the flow data object (reference §4.1–4.2, plus `$.CallbackNumber` seen in exports). */
export const KNOWN_ROOTS: ReadonlySet<string> = new Set([
  "AwsRegion",
  "CustomerEndpoint",
  "CustomerId",
  "SystemEndpoint",
  "AdditionalEmailRecipients",
  "StoredCustomerInput",
  "Queue",
  "TextToSpeechVoiceId",
  "ContactId",
  "InitialContactId",
  "PreviousContactId",
  "RelatedContactId",
  "Task",
  "Channel",
  "InstanceARN",
  "InitiationMethod",
  "Name",
  "Description",
  "References",
  "LanguageCode",
  "Tags",
  "Attributes",
  "FlowAttributes",
  "SegmentAttributes",
  "Views",
  "Capabilities",
  "Agent",
  "Metrics",
  "Media",
  "Email",
  "MediaStreams",
  "Lex",
  "Case",
  "External",
  "LambdaInvocation",
  "Loop",
  "Modules",
  "DataTables",
  "DataTableList",
  "Customer",
  "Wisdom",
  "AgenticCX",
  "CallbackNumber",
]);

const IDENT = /[A-Za-z0-9_\-]/;
/** Namespaces start with a letter, so "$.50" in a price is text, not a reference. */
const ROOT_START = /[A-Za-z_]/;

class Cursor {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }
}

/** Parses one reference starting at `start` (which must be `$`). Returns the reference and where it ends, or undefined. */
function parseAt(text: string, start: number): { ref: Reference; end: number } | undefined {
  if (text[start] !== "$") return undefined;
  const c = new Cursor(text, start + 1);
  const segments: Segment[] = [];
  for (;;) {
    const save = c.pos;
    if (c.peek() === "." && c.peek(1) === "[") {
      c.pos += 1;
    }
    if (c.peek() === "[") {
      const seg = parseBracket(c);
      if (!seg) {
        c.pos = save;
        break;
      }
      segments.push(seg);
      continue;
    }
    if (c.peek() === "." && (segments.length === 0 ? ROOT_START : IDENT).test(c.peek(1))) {
      c.pos += 1;
      let key = "";
      while (IDENT.test(c.peek())) key += text[c.pos++];
      segments.push({ key });
      continue;
    }
    c.pos = save;
    break;
  }
  if (segments.length === 0) return undefined;
  return { ref: { source: text.slice(start, c.pos), segments }, end: c.pos };
}

/** `['key']`, `["key"]`, `[0]`, or `['`$.nested.ref`']`. */
function parseBracket(c: Cursor): Segment | undefined {
  const open = c.pos;
  c.pos += 1; // [
  const quote = c.peek();
  if (quote === "'" || quote === '"') {
    c.pos += 1;
    if (c.peek() === "`") {
      const close = c.text.indexOf("`", c.pos + 1);
      if (close < 0) return fail();
      const inner = c.text.slice(c.pos + 1, close);
      const parsed = parseAt(inner.trim(), 0);
      if (!parsed || parsed.end !== inner.trim().length) return fail();
      c.pos = close + 1;
      if (c.peek() !== quote || c.peek(1) !== "]") return fail();
      c.pos += 2;
      return { ref: parsed.ref };
    }
    const close = c.text.indexOf(quote, c.pos);
    if (close < 0 || c.text[close + 1] !== "]") return fail();
    const key = c.text.slice(c.pos, close);
    c.pos = close + 2;
    return { key };
  }
  let digits = "";
  while (/[0-9]/.test(c.peek())) digits += c.text[c.pos++];
  if (digits === "" || c.peek() !== "]") return fail();
  c.pos += 1;
  return { key: digits };

  function fail(): undefined {
    c.pos = open;
    return undefined;
  }
}

/** The reference if `value` is exactly one JSONPath reference (surrounding whitespace allowed). */
export function parseWholeReference(value: string): Reference | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith("$")) return undefined;
  const parsed = parseAt(trimmed, 0);
  return parsed && parsed.end === trimmed.length ? parsed.ref : undefined;
}

/** Whether a string contains anything that looks like a reference (`$.x` or `$[`). */
export function containsReference(value: string): boolean {
  return findReferences(value).length > 0;
}

/** Every reference embedded in free text, in order. */
export function findReferences(text: string): { ref: Reference; start: number; end: number }[] {
  const found: { ref: Reference; start: number; end: number }[] = [];
  let i = text.indexOf("$");
  while (i >= 0) {
    const parsed = parseAt(text, i);
    if (parsed) {
      found.push({ ref: parsed.ref, start: i, end: parsed.end });
      i = text.indexOf("$", parsed.end);
    } else {
      i = text.indexOf("$", i + 1);
    }
  }
  return found;
}

/** The namespace a reference starts with (`Attributes` for `$.Attributes.x`), if literal. */
export function rootOf(ref: Reference): string | undefined {
  const first = ref.segments[0];
  return first && "key" in first ? first.key : undefined;
}

export type Lookup = (root: string) => unknown;

/** Follows a reference through the flow data. Missing keys give undefined. */
export function evaluate(ref: Reference, lookup: Lookup): unknown {
  let value: unknown;
  for (let i = 0; i < ref.segments.length; i++) {
    const seg = ref.segments[i];
    const key = "key" in seg ? seg.key : stringify(evaluate(seg.ref, lookup));
    if (key === undefined) return undefined;
    if (i === 0) {
      value = lookup(key);
      continue;
    }
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) {
      value = /^[0-9]+$/.test(key) ? value[Number(key)] : undefined;
    } else if (typeof value === "object") {
      value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    } else {
      return undefined;
    }
  }
  return value;
}

/** Flow values are strings: numbers and booleans print plainly, objects and arrays as JSON. */
export function stringify(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/** Replaces every embedded reference with its value (missing values become empty text). */
export function interpolate(text: string, lookup: Lookup): string {
  const refs = findReferences(text);
  if (refs.length === 0) return text;
  let out = "";
  let last = 0;
  for (const { ref, start, end } of refs) {
    out += text.slice(last, start) + (stringify(evaluate(ref, lookup)) ?? "");
    last = end;
  }
  return out + text.slice(last);
}
