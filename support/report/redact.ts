/**
 * Reports are shared (CI artifacts, published Allure sites): nothing that grants access
 * may reach them. Everything the report library writes from outside data goes through here.
 */

export const REDACTED = "[redacted]";

// Header and cookie names that carry credentials whatever their words say.
const SECRET_NAMES = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "jsessionid", "sid"]);
// A key is secret when it ends with one of these words: `ParticipantToken`, `client_secret`,
// `X-Amz-Signature`, `awsSecretAccessKey` — but not `tokenCount`, `passwordResetRequested`
// or `paymentAuthorization`, whose last word says they hold something else.
const SECRET_ENDINGS = [
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "credential",
  "credentials",
  "signature",
  "sig",
  "apikey",
  "api key",
  "access key",
  "access key id",
  "secret key",
  "private key",
  "session id",
  "sessionid",
  "cookie",
].map((ending) => ending.split(" "));

function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a key (header, attribute, property, query parameter) names a secret. */
export function isSecretKey(key: string): boolean {
  if (SECRET_NAMES.has(key.trim().toLowerCase())) return true;
  const words = wordsOf(key);
  return SECRET_ENDINGS.some((ending) => ending.length <= words.length && ending.every((w, i) => words[words.length - ending.length + i] === w));
}

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// `password=…`, `"token": "…"`, `Credential=…` inside free text: the value goes, the name stays.
const NAMED_VALUE = /([A-Za-z][\w.-]*)("?\s*[=:]\s*)("?)([^"\s&,;]+)\3/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=!-]{8,}/g;
// Basic credentials are base64 of `user:password`; anything else after "Basic" is a word ("Basic Hours").
const BASIC = /\bBasic\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/g;
const AWS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g;
// Opaque tokens (participant and connection tokens, websocket tickets, AWS secret keys and
// session tokens): long runs of base64 whose letters are a random mix of cases. Ids are one
// case (UUIDs, hex hashes, ARNs); paths and CamelCase names are mostly lower case.
const OPAQUE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+_-][A-Za-z0-9+/_-]{39,}={0,2}(?![A-Za-z0-9+/_=-])/g;

function looksRandom(run: string): boolean {
  const upper = run.replace(/[^A-Z]/g, "").length;
  const lower = run.replace(/[^a-z]/g, "").length;
  const letters = upper + lower;
  return /[0-9]/.test(run) && upper >= letters * 0.2 && lower >= letters * 0.2;
}

// Already redacted, or the scheme word before a credential the Bearer / Basic rules took care of.
const KEPT_VALUES = new Set([REDACTED, encodeURIComponent(REDACTED), "Bearer", "Basic"]);

function isBasicCredential(encoded: string): boolean {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}

/** Removes credentials embedded in free text: tokens by their shape, secret-named values, Bearer and Basic credentials, AWS key ids. */
export function redactText(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(BASIC, (whole, encoded: string) => (isBasicCredential(encoded) ? `Basic ${REDACTED}` : whole))
    .replace(NAMED_VALUE, (whole, key: string, sep: string, quote: string, value: string) =>
      isSecretKey(key) && !KEPT_VALUES.has(value) ? `${key}${sep}${quote}${REDACTED}${quote}` : whole,
    )
    .replace(AWS_KEY_ID, REDACTED)
    .replace(OPAQUE, (run) => (looksRandom(run) ? REDACTED : run));
}

/**
 * Values in `text` shaped like credentials that redaction would remove (tokens, Bearer
 * credentials, AWS key ids): for checking that nothing written anywhere carries one.
 */
export function secretShapes(text: string): string[] {
  const found = [...text.matchAll(JWT), ...text.matchAll(BEARER), ...text.matchAll(AWS_KEY_ID)].map((m) => m[0]);
  return [...found, ...[...text.matchAll(OPAQUE)].map((m) => m[0]).filter(looksRandom)];
}

/** A URL without user info and without secret query parameters (presigned URLs, tokens). */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretKey(key) || /^X-Amz-(Credential|Security-Token|Signature)$/i.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  return redactText(parsed.toString());
}

/** A deep copy of a JSON-like value with secret-named members replaced and text scrubbed. */
export function redactJson(value: unknown, depth = 0): unknown {
  if (depth > 64) return REDACTED;
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) && v !== null && v !== "" ? REDACTED : redactJson(v, depth + 1);
    return out;
  }
  return value;
}

/** Headers with secret-named values replaced. */
export function redactHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const text = Array.isArray(v) ? v.join(", ") : v;
    out[k] = isSecretKey(k) ? REDACTED : redactText(text);
  }
  return out;
}

/**
 * A request or response body with its secrets removed: JSON by member name, form
 * encoding by field name, anything else by the free-text rules.
 */
export function redactBody(body: string, contentType = ""): string {
  const trimmed = body.trim();
  if (/json/i.test(contentType) || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.stringify(redactJson(JSON.parse(trimmed)), null, 2);
    } catch {
      // not JSON after all: fall through to the other rules
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType) || /^[\w.%-]+=[^&\s]*(&[\w.%-]+=[^&\s]*)*$/.test(trimmed)) {
    const params = new URLSearchParams(trimmed);
    for (const key of [...params.keys()]) if (isSecretKey(key)) params.set(key, REDACTED);
    return redactText(params.toString());
  }
  return redactText(body);
}
