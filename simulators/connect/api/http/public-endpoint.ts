/**
 * The address a client reached the simulator at, for the URLs the simulator hands back
 * (chat websockets, attachment uploads and downloads). Behind a port mapping — the
 * simulator in a container, the container's port 4566 published on a random host port — the
 * address the server listens on is not one the client can reach; the Host header the client
 * sent is. ChatJS accepts only `ws://127.0.0.1:<port>` (or wss://) websocket URLs, so a
 * client that came through `localhost` gets 127.0.0.1 back.
 */
import type { IncomingHttpHeaders } from "node:http";

/** host or host:port, a DNS name, IPv4 or bracketed IPv6; anything else is ignored. */
const HOST_HEADER = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(?::\d{1,5})?$/;

export function publicEndpoint(listening: string, headers: IncomingHttpHeaders | undefined): string {
  const host = headers?.host;
  if (!host || !HOST_HEADER.test(host)) return listening;
  const port = host.match(/:(\d{1,5})$/)?.[1];
  if (port !== undefined && Number(port) > 65535) return listening;
  const name = host.slice(0, port === undefined ? undefined : host.length - port.length - 1);
  const candidate = `${new URL(listening).protocol}//${name.toLowerCase() === "localhost" ? "127.0.0.1" : name}${port === undefined ? "" : `:${port}`}`;
  // The pattern lets through names the URL parser refuses (".0", "a..b"): it has the last word.
  try {
    return new URL(candidate).pathname === "/" ? candidate : listening;
  } catch {
    return listening;
  }
}
