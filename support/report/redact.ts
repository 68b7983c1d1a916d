/**
 * Reports are shared (CI artifacts, published Allure sites): nothing that grants access
 * may reach them. Everything the report library writes from outside data goes through here.
 */

export const REDACTED = "[redacted]";

// `token` covers ParticipantToken/ConnectionToken too: they are bearer credentials for a chat.
const SECRET_KEY = /(secret|passw(or)?d|\bpwd\b|token|credential|session[-_]?id|\bsession\b|authorization|cookie|api[-_]?key|access[-_]?key|private[-_]?key|signature|\bsig\b)/i;
const AWS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** True when a key (header, attribute, property, query parameter) names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Removes credentials embedded in free text (access key ids, bearer/basic tokens). */
export function redactText(text: string): string {
  return text.replace(AWS_KEY_ID, REDACTED).replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
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
