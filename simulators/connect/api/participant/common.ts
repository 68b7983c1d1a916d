/**
 * What every Participant Service handler shares: bearer authentication (the service
 * ignores SigV4 and trusts only `X-Amz-Bearer`), the mapping of the chat model's
 * refusals to the service's errors, and ClientToken fingerprints.
 */
import type { ApiContext } from "../context.js";
import { participantErrors } from "../http/errors.js";
import type { Request } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { ChatError, type Participant } from "../../runtime/chat.js";

/** The bearer token of a request (Node lowercases header names). */
export function bearer(req: Request): string | undefined {
  const value = req.headers["x-amz-bearer"];
  const token = Array.isArray(value) ? value[0] : value;
  return token && token.length <= 1000 ? token : undefined;
}

/** The participant behind the request's ConnectionToken; 403 "Access denied" for anything else. */
export function connectionParticipant(api: ApiContext, req: Request): Participant {
  const token = bearer(req);
  if (!token) throw participantErrors.accessDenied();
  return chatCall(() => api.runtime.chatConnections.authorize(token));
}

/**
 * The participant behind the request's ConnectionToken, and a validator for its body: the
 * token is checked first, so a bad token is "Access denied" whatever the body holds.
 */
export function participantRequest(api: ApiContext, req: Request): { participant: Participant; shape: Shape } {
  const participant = connectionParticipant(api, req);
  return { participant, shape: new Shape(req.body, participantErrors.validation) };
}

/** A participant's call made once per ClientToken: the same request again gets the first answer (refusals mapped as by chatCall). */
export function oncePerToken<T>(api: ApiContext, participant: Participant, operation: string, req: Request, clientToken: string | undefined, call: () => T): T {
  return chatCall(() => api.runtime.clientTokens.idempotent(`${participant.id} ${operation}`, clientToken, fingerprint(operation, req.body), call, () => participant.contactId));
}

/** Runs a chat-model call, turning its refusals into the Participant Service's errors. */
export function chatCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toParticipantError(err);
  }
}

export function toParticipantError(err: unknown): unknown {
  if (!(err instanceof ChatError)) return err;
  switch (err.kind) {
    case "access-denied":
      // The service says no more than this, whatever the reason (expired, left, ended, unknown).
      return participantErrors.accessDenied();
    case "conflict":
      return participantErrors.conflict(err.message);
    case "quota":
      return participantErrors.quotaExceeded(err.message);
    case "not-found":
    case "invalid":
      return participantErrors.validation(err.message);
  }
}

/** A request's identity for ClientToken replays: the operation and the body without the token. */
export function fingerprint(operation: string, body: Record<string, unknown>): string {
  const { ClientToken: _ignored, ...rest } = body;
  return `${operation} ${canonical(rest)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Participant timestamps are ISO-8601 strings ("2019-11-08T02:41:28.172Z"). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
