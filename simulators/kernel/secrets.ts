/**
 * Bearer secrets: participant and connection tokens, websocket tickets, attachment URL
 * tokens, session ids. They come from the operating system's random source, never from the
 * seeded id generator: a seed that makes runs repeatable would also let anyone holding
 * one token (or knowing the seed) compute the next chat's token.
 */
import { randomBytes } from "node:crypto";

/** An opaque token of `length` URL-safe characters (6 random bits each). */
export function secretToken(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString("base64url")
    .slice(0, length);
}
