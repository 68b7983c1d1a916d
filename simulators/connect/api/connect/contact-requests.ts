/**
 * What the contact operations share: the runtime's refusals in the Connect API's words,
 * the contact lookup, the limits on contact attributes, and timestamps read as epoch
 * seconds.
 */
import { connectErrors } from "../http/errors.js";
import type { Shape } from "../http/shape.js";
import { RequestRefused } from "../../runtime/refusals.js";
import type { Contact } from "../../flow/contact.js";
import { attributeBytes } from "../../runtime/records.js";
import type { Runtime } from "../../runtime/runtime.js";

export const REFERENCE_TYPES = ["URL", "ATTACHMENT", "CONTACT_ANALYSIS", "NUMBER", "STRING", "DATE", "EMAIL", "EMAIL_MESSAGE", "EMAIL_MESSAGE_PLAIN_TEXT", "EMAIL_MESSAGE_PLAIN_TEXT_REDACTED", "EMAIL_MESSAGE_REDACTED"];
const ATTRIBUTE_KEY = /^[a-zA-Z0-9_-]+$/;
export const MAX_ATTRIBUTE_BYTES = 32_768;

/** The runtime's refusals in the Connect API's words. */
function toApiError(err: unknown): unknown {
  if (!(err instanceof RequestRefused)) return err;
  switch (err.kind) {
    case "not-found":
      return connectErrors.resourceNotFound(err.message);
    case "quota":
      return connectErrors.quotaExceeded(err.message);
    default:
      return connectErrors.invalidRequest(err.message);
  }
}

/** Runs a runtime operation; a refusal comes back as the Connect API error it stands for. */
export function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toApiError(err);
  }
}

export function requireContact(runtime: Runtime, id: string): Contact {
  const contact = runtime.findContact(id);
  if (!contact) throw connectErrors.resourceNotFound(`Contact not found: ${id}`);
  return contact;
}

export function checkAttributes(shape: Shape, path: string, attributes: Record<string, string> | undefined): void {
  if (!attributes) return;
  for (const key of Object.keys(attributes)) if (!ATTRIBUTE_KEY.test(key)) shape.violation(`Value '${key}' at '${path}' failed to satisfy constraint: Map keys must contain only alphanumeric characters, - or _`);
  const bytes = attributeBytes(attributes);
  if (bytes > MAX_ATTRIBUTE_BYTES) shape.violation(`Value at '${path}' failed to satisfy constraint: the attributes take ${bytes} UTF-8 bytes; at most ${MAX_ATTRIBUTE_BYTES} are allowed across all keys and values`);
}

/** Connect timestamps arrive as epoch seconds (numbers). */
export function epochMs(shape: Shape, path: string, required = false): number | undefined {
  const seconds = shape.number(path, { required });
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}
