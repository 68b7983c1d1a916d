/** CreateParticipantConnection and DisconnectParticipant. */
import type { ApiContext } from "../context.js";
import { participantErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { socketUrl } from "../gateway/gateway.js";
import { bearer, chatCall, iso, oncePerToken, participantRequest } from "./common.js";

const CONNECTION_TYPES = ["WEBSOCKET", "CONNECTION_CREDENTIALS", "WEBRTC_CONNECTION"] as const;
const DAY_MS = 24 * 3600_000;

/**
 * The ConnectionCredentials.Expiry to report. ChatJS refreshes its token with
 * setTimeout(Expiry − wall-clock now − 60 s): a delay ≤ 0 makes it call
 * CreateParticipantConnection in a tight loop (reference §3.1), and so does one beyond
 * setTimeout's 2^31 ms limit (it fires at once). The simulator's expiry is reported when
 * it lies between 1 and 20 days of wall-clock time; a virtual clock set in the past or far
 * ahead is pulled into that window, since the client can only count real time.
 */
export function reportedTokenExpiry(simulatorExpiresAt: number): string {
  const wall = Date.now();
  return iso(Math.min(Math.max(simulatorExpiresAt, wall + DAY_MS), wall + 20 * DAY_MS));
}

export function connectionRoutes(api: ApiContext): Route[] {
  const connections = api.runtime.chatConnections;
  return [
    {
      method: "POST",
      pattern: "/participant/connection",
      operation: "CreateParticipantConnection",
      handler: (req) => {
        const token = bearer(req);
        if (!token) throw participantErrors.accessDenied();
        const participant = chatCall(() => connections.authorizeParticipant(token));
        const shape = new Shape(req.body, participantErrors.validation);
        const types = shape.array("Type", { min: 1 });
        const connectParticipant = shape.boolean("ConnectParticipant");
        types?.forEach((t, i) => {
          if (typeof t !== "string" || !(CONNECTION_TYPES as readonly string[]).includes(t)) shape.violation(`Value at 'type.${i + 1}' failed to satisfy constraint: Member must satisfy enum value set: [${CONNECTION_TYPES.join(", ")}]`);
        });
        shape.check();
        if (types?.includes("WEBRTC_CONNECTION")) throw participantErrors.validation("WEBRTC_CONNECTION is available only for WebRTC calls; this participant is in a chat");
        if (!types && connectParticipant !== true) throw participantErrors.validation("Nothing to do: give Type (WEBSOCKET and/or CONNECTION_CREDENTIALS) or ConnectParticipant true");
        const websocket = types?.includes("WEBSOCKET") ?? false;
        const credentials = types?.includes("CONNECTION_CREDENTIALS") ?? false;
        const granted = chatCall(() => connections.connect(participant, { websocket, credentials, acknowledge: connectParticipant === true }));
        return {
          body: {
            ...(granted.socket ? { Websocket: { Url: socketUrl(api, granted.socket.ticket, req.headers), ConnectionExpiry: iso(granted.socket.validUntil) } } : {}),
            ...(granted.connection ? { ConnectionCredentials: { ConnectionToken: granted.connection.token, Expiry: reportedTokenExpiry(granted.connection.expiresAt) } } : {}),
          },
        };
      },
    },
    {
      method: "POST",
      pattern: "/participant/disconnect",
      operation: "DisconnectParticipant",
      handler: async (req) => {
        const { participant, shape } = participantRequest(api, req);
        const clientToken = shape.string("ClientToken", { max: 500 });
        shape.check();
        await oncePerToken(api, participant, "DisconnectParticipant", req, clientToken, () =>
          api.runtime.leaveChat(participant.contactId, participant.id, `${participant.role === "CUSTOMER" ? "the customer" : `the ${participant.role.toLowerCase()} participant`} disconnected (DisconnectParticipant)`),
        );
        return { body: {} };
      },
    },
  ];
}
