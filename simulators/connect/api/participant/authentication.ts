/**
 * GetAuthenticationUrl and CancelParticipantAuthentication. Both act on an authentication
 * session that an "Authenticate customer" flow block starts (announced to the chat by an
 * `event.authentication.initiated` item carrying its SessionId). The simulator's flows
 * start no such session, so every SessionId is unknown: after the usual validation the
 * answer is a ValidationException saying so, never a made-up URL.
 */
import type { ApiContext } from "../context.js";
import { participantErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { participantRequest } from "./common.js";

function noSession(sessionId: string): Error {
  return participantErrors.validation(`No customer authentication session ${sessionId} is in progress for this contact (flowsim runs no Authenticate customer block, so none ever is)`);
}

export function authenticationRoutes(api: ApiContext): Route[] {
  return [
    {
      method: "POST",
      pattern: "/participant/authentication-url",
      operation: "GetAuthenticationUrl",
      handler: (req) => {
        const { shape } = participantRequest(api, req);
        const sessionId = shape.string("SessionId", { required: true, min: 36, max: 36 });
        shape.string("RedirectUri", { required: true, min: 1, max: 1024 });
        shape.check();
        throw noSession(sessionId!);
      },
    },
    {
      method: "POST",
      pattern: "/participant/cancel-authentication",
      operation: "CancelParticipantAuthentication",
      handler: (req) => {
        const { shape } = participantRequest(api, req);
        const sessionId = shape.string("SessionId", { required: true, min: 36, max: 36 });
        shape.check();
        throw noSession(sessionId!);
      },
    },
  ];
}
