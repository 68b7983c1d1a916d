/**
 * A chat websocket that behaves as ChatJS's (reference connect-chat-protocol.md §3): on open
 * it sends `aws/subscribe` for `aws/chat`, then `aws/ping` and `aws/heartbeat`, and both
 * again every 10 s. Heartbeats are part of the load ChatJS puts on a server (two frames per
 * socket every 10 s), so the benches send them too. Chat items go to `onItem`; without one,
 * frames after the subscription are not even parsed, so that a bench that only needs the
 * sockets connected spends no CPU on them that the server on this machine would miss.
 */
import { WebSocket } from "ws";

const HEARTBEAT_MS = 10_000;
/** What ChatJS sends every HEARTBEAT_MS, in this order. */
export const CHATJS_BEAT = ['{"topic":"aws/ping"}', '{"topic":"aws/heartbeat"}'];
const SUBSCRIBE_TIMEOUT_MS = 30_000;

export interface ChatItemFrame {
  Id?: string;
  Type?: string;
  Content?: string;
  ParticipantRole?: string;
}

export interface ChatSocket {
  readonly ws: WebSocket;
  close(): void;
}

/** Opens and subscribes; resolves once the subscription is acknowledged. */
export function openChatSocket(url: string, onItem?: (item: ChatItemFrame) => void): Promise<ChatSocket> {
  if (!url.startsWith("ws://127.0.0.1:")) return Promise.reject(new Error(`the benches only open sockets to 127.0.0.1, not ${url}`));
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let heartbeat: NodeJS.Timeout | undefined;
  const beat = () => {
    if (ws.readyState !== WebSocket.OPEN) return;
    for (const frame of CHATJS_BEAT) ws.send(frame);
  };
  const socket: ChatSocket = {
    ws,
    close: () => {
      clearInterval(heartbeat);
      ws.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("the websocket was not subscribed in time")), SUBSCRIBE_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    };
    ws.once("error", fail);
    ws.once("open", () => {
      ws.send(JSON.stringify({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } }));
      beat();
      heartbeat = setInterval(beat, HEARTBEAT_MS);
      heartbeat.unref();
    });
    let subscribed = false;
    ws.on("message", (data) => {
      if (subscribed && !onItem) return;
      const text = String(data);
      // Heartbeat answers (a fifth of all frames with 10,000 chats) need no parsing: the load generator's CPU is the server's neighbour.
      if (subscribed && (text.startsWith('{"topic":"aws/heartbeat"') || text.startsWith('{"topic":"aws/ping"'))) return;
      const frame = JSON.parse(text) as { topic?: string; content?: unknown };
      if (frame.topic === "aws/chat" && typeof frame.content === "string") onItem?.(JSON.parse(frame.content) as ChatItemFrame);
      else if (frame.topic === "aws/subscribe" && (frame.content as { status?: string } | undefined)?.status !== "success") fail(new Error("the subscription was refused"));
      else if (frame.topic === "aws/subscribe") {
        subscribed = true;
        clearTimeout(timer);
        ws.off("error", fail);
        ws.on("error", () => socket.close());
        resolve(socket);
      }
    });
  });
}
