/**
 * The gateway's frames as bytes (reference §3.2–3.3). Every socket sends `aws/ping` and
 * `aws/heartbeat` every 10 s, so at 10,000 chats these two are most of what a gateway reads
 * and writes when no one is typing: they are recognised by their bytes when they are the
 * ones ChatJS and the mobile SDKs send, and answered from buffers encoded once. Anything
 * else (other spacing, other key order, extra keys) takes the full JSON.parse and gets the
 * very same answer.
 */
import type { RawData } from "ws";
import type { ChatItem } from "../../runtime/chat.js";

/** The only topic chat clients subscribe to. */
export const CHAT_TOPIC = "aws/chat";

/** What ChatJS (`JSON.stringify({topic, content})` with no content) and the mobile SDKs send. */
const HEARTBEAT_IN = Buffer.from(JSON.stringify({ topic: "aws/heartbeat" }));
const PING_IN = Buffer.from(JSON.stringify({ topic: "aws/ping" }));

/** The answers; shared by every socket (ws never writes into a buffer it sends unmasked, as a server does). A heartbeat is echoed. */
export const HEARTBEAT_REPLY = HEARTBEAT_IN;
export const PING_REPLY = Buffer.from(JSON.stringify({ topic: "aws/ping", statusCode: 200, statusContent: "OK" }));

/** A frame as the gateway reads it: a JSON object (its fields still to check), or nothing a route takes. */
export type ReadFrame = { topic?: unknown; content?: unknown } | undefined;

const HEARTBEAT_FRAME: ReadFrame = Object.freeze({ topic: "aws/heartbeat" });
const PING_FRAME: ReadFrame = Object.freeze({ topic: "aws/ping" });

/**
 * A text frame as an object, or undefined for a binary frame, text that is not JSON, or JSON
 * that is not an object (all of which API Gateway answers with Forbidden). The usual ping and
 * heartbeat bytes skip the decoding and parsing; the objects they give are shared, read only.
 */
export function readFrame(data: RawData, isBinary: boolean): ReadFrame {
  if (isBinary) return undefined;
  if (Buffer.isBuffer(data)) {
    if (data.equals(HEARTBEAT_IN)) return HEARTBEAT_FRAME;
    if (data.equals(PING_IN)) return PING_FRAME;
  }
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString());
  } catch {
    return undefined;
  }
  return frame && typeof frame === "object" && !Array.isArray(frame) ? frame : undefined;
}

/**
 * A chat item's `aws/chat` frame, encoded once for all its recipients. Built as text rather
 * than by stringifying an envelope object: the same bytes as
 * `JSON.stringify({topic, contentType, content: JSON.stringify(item)})`, one object fewer per item.
 */
export function chatFrame(item: ChatItem): Buffer {
  return Buffer.from(`{"topic":"${CHAT_TOPIC}","contentType":"application/json","content":${JSON.stringify(JSON.stringify(item))}}`);
}
