/**
 * The server's one websocket upgrade listener: whatever a client sends as the request target,
 * the answer is an upgrade or an HTTP refusal on the socket, never an exception (an upgrade
 * event has no HTTP framework around it to catch one, and an uncaught throw stops the
 * process). The ticket in the URL decides which instance's gateway takes the socket.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { GATEWAY_PATH, refuseUpgrade } from "./gateway/gateway.js";
import { parseRequestTarget } from "./http/request-target.js";
import type { InstanceRegistry } from "./instance-registry.js";

export function listenForUpgrades(server: Server, registry: InstanceRegistry): () => void {
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    try {
      const target = parseRequestTarget(req.url);
      if (!target) return refuseUpgrade(socket, 400, "Bad Request");
      if (target.pathname !== GATEWAY_PATH) return refuseUpgrade(socket, 404, "Not Found");
      const ticket = target.searchParams.get("AuthToken") ?? "";
      // An expired or unknown URL, a participant who left, an ended chat: API Gateway's 403.
      if (!registry.forToken(ticket).gateway.upgrade(req, socket, head, ticket)) refuseUpgrade(socket, 403, "Forbidden");
    } catch (err) {
      console.error("flowsim: websocket upgrade failed:", err);
      refuseUpgrade(socket, 500, "Internal Server Error");
    }
  };
  server.on("upgrade", onUpgrade);
  return () => server.off("upgrade", onUpgrade);
}
