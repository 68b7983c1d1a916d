/**
 * The chat websocket gateway (reference §3): upgrades on the URL CreateParticipantConnection
 * hands out, answers the client's subscribe / heartbeat / ping frames, and pushes every
 * chat item of the participant's contact as an `aws/chat` frame.
 *
 * It never holds the runtime up: frames are queued on the socket without waiting, and a
 * socket that stops reading (its send buffer past MAX_BUFFERED_BYTES) is dropped. Socket
 * lifetimes are wire matters, so they run on real time, not on the simulator's clock.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { randomUUID } from "node:crypto";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { CHAT_TOPIC, chatFrame, HEARTBEAT_REPLY, PING_REPLY, readFrame } from "./frames.js";
import type { ApiContext } from "../context.js";
import { publicEndpoint } from "../http/public-endpoint.js";
import type { ChatItem, Participant } from "../../runtime/chat.js";

export const GATEWAY_PATH = "/ws/chat";
/** A client this far behind is not reading: it is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Frames are small JSON; anything larger is not from a chat client. */
const MAX_FRAME_BYTES = 128 * 1024;
/** ws.send options for a Buffer that holds text (a chat frame is JSON). */
const TEXT_FRAME = { binary: false } as const;
/** How long a socket stays open after its participant left or the chat ended, so the last items reach it first. */
export const LINGER_MS = 1000;

export interface Gateway {
  close(): Promise<void>;
  /** Sockets open now, for one contact or all. */
  openSockets(contactId?: string): number;
  /**
   * Resolves once a socket of this participant is subscribed to the chat (at once if one is):
   * from then on its items are pushed. Drivers await it after ChatJS's connect(), which
   * resolves before the socket opens. Rejects if the gateway closes first.
   */
  whenSubscribed(participantId: string): Promise<void>;
  /** Takes the upgrade when the ticket is one of this instance's (true), else leaves the socket alone (false). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ticket: string): boolean;
}

/** The websocket URL for a ticket from the chat model, at the address the client reached (see public-endpoint.ts). */
export function socketUrl(api: ApiContext, ticket: string, headers?: IncomingHttpHeaders): string {
  return `${publicEndpoint(api.endpoint(), headers).replace(/^http/, "ws")}${GATEWAY_PATH}?AuthToken=${encodeURIComponent(ticket)}`;
}

interface Client {
  ws: WebSocket;
  /** The upgraded TCP socket under ws, corked while a read's answers gather (see batchAnswers). */
  socket: Duplex;
  participant: Participant;
  subscribed: boolean;
  connectionId: string;
  corked: boolean;
}

/**
 * Holds the socket's writes until the current read is handled, so that the answers to the
 * frames of one read leave in one write: ChatJS sends `aws/ping` and `aws/heartbeat` back to
 * back, and on loopback the write system call costs more than everything else a heartbeat
 * does. The bytes on the wire are the same, in the same order; only the TCP segments differ.
 * process.nextTick is no wait (it runs once this read's callback returns), so it stays off the clock.
 */
function batchAnswers(client: Client): void {
  if (client.corked) return;
  client.corked = true;
  client.socket.cork();
  process.nextTick(releaseAnswers, client);
}

function releaseAnswers(client: Client): void {
  client.corked = false;
  client.socket.uncork();
}

/** An HTTP answer on a socket that asked to upgrade (API Gateway answers a refused upgrade this way). */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ message: reason });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** One instance's sockets; the server's upgrade listener (upgrade.ts) hands it the requests that carry its tickets. */
export function createGateway(api: ApiContext): Gateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const byContact = new Map<string, Set<Client>>();
  const timers = new Set<NodeJS.Timeout>();
  const subscribedWaiters = new Map<string, { resolve: () => void; reject: (err: Error) => void }[]>();

  const clientsOf = (contactId: string): Client[] => [...(byContact.get(contactId) ?? [])];

  /**
   * Queues a frame on the socket. A chat item's frame comes as a Buffer encoded once for all
   * its recipients (sent as a text frame all the same). No completion callback: a failed
   * write makes ws close the socket and emit `error`, which terminates it (see accept).
   */
  function send(client: Client, frame: unknown): void {
    const ws = client.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    if (Buffer.isBuffer(frame)) ws.send(frame, TEXT_FRAME);
    else ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** An API Gateway answer to a frame no route takes (a frame without a topic). */
  function forbidden(client: Client): void {
    send(client, { message: "Forbidden", connectionId: client.connectionId, requestId: randomUUID() });
  }

  function onFrame(client: Client, data: RawData, isBinary: boolean): void {
    batchAnswers(client);
    const frame = readFrame(data, isBinary);
    if (!frame) return forbidden(client);
    const { topic, content } = frame;
    switch (topic) {
      case "aws/heartbeat":
        return send(client, HEARTBEAT_REPLY);
      case "aws/ping":
        return send(client, PING_REPLY);
      case "aws/subscribe":
      case "aws/unsubscribe": {
        const topics = content && typeof content === "object" ? (content as { topics?: unknown }).topics : undefined;
        const valid = Array.isArray(topics) && topics.length > 0 && topics.every((t) => t === CHAT_TOPIC);
        if (!valid) return send(client, { topic, content: { status: "failure", topics: Array.isArray(topics) ? topics : [] }, statusCode: 400 });
        send(client, { topic, content: { status: "success", topics }, statusCode: 200 });
        const subscribing = topic === "aws/subscribe";
        const first = subscribing && !client.subscribed;
        client.subscribed = subscribing;
        if (first) {
          api.runtime.chatConnections.subscribed(client.participant);
          const waiting = subscribedWaiters.get(client.participant.id) ?? [];
          subscribedWaiters.delete(client.participant.id);
          for (const w of waiting) w.resolve();
        }
        return;
      }
      default:
        return forbidden(client);
    }
  }

  function accept(ws: WebSocket, socket: Duplex, participant: Participant): void {
    const client: Client = { ws, socket, participant, subscribed: false, connectionId: randomUUID().replace(/-/g, "").slice(0, 16), corked: false };
    const set = byContact.get(participant.contactId) ?? new Set<Client>();
    set.add(client);
    byContact.set(participant.contactId, set);
    ws.on("message", (data, isBinary) => onFrame(client, data, isBinary));
    ws.on("error", () => ws.terminate());
    ws.on("close", () => {
      set.delete(client);
      if (set.size === 0 && byContact.get(participant.contactId) === set) byContact.delete(participant.contactId);
    });
  }

  /**
   * Every chat message passes here once per recipient socket, so it allocates little: the
   * frame is serialised and encoded once, and the sockets are walked in place (send never
   * adds or removes one: a terminated socket leaves the set on its `close` event, later).
   * Without `to`, the recipients are the participants who are in the chat now.
   */
  function deliver(contactId: string, item: ChatItem, to: string[] | undefined): void {
    const clients = byContact.get(contactId);
    if (!clients || clients.size === 0) return;
    let frame: Buffer | undefined;
    for (const client of clients) {
      const id = client.participant.id;
      if (!client.subscribed || !(to ? to.includes(id) : api.runtime.chats.isJoined(contactId, id))) continue;
      frame ??= chatFrame(item);
      send(client, frame);
    }
  }

  function closeLater(contactId: string, participantId: string | undefined, reason: string): void {
    // Wall-clock time on purpose: this is the transport letting frames drain, not simulated time.
    const timer = setTimeout(() => {
      timers.delete(timer);
      for (const client of clientsOf(contactId)) if (participantId === undefined || client.participant.id === participantId) client.ws.close(1000, reason);
    }, LINGER_MS);
    timer.unref();
    timers.add(timer);
  }

  const off = api.runtime.events.on((event) => {
    if (event.type === "chat.item") deliver(event.contactId, event.item, event.to);
    // Everyone leaves when a chat ends; that close is announced once, as the chat's end.
    else if (event.type === "chat.left" && !api.runtime.chats.get(event.contactId)?.ended) closeLater(event.contactId, event.participant.id, "Participant left");
    else if (event.type === "chat.ended") closeLater(event.contactId, undefined, "Chat ended");
  });

  return {
    upgrade: (req, socket, head, ticket) => {
      // An expired or unknown URL, a participant who left, an ended chat: not this instance's to take.
      const participant = api.runtime.chatConnections.admitSocket(ticket);
      if (!participant) return false;
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, socket, participant));
      return true;
    },
    openSockets: (contactId) => (contactId === undefined ? [...byContact.values()].reduce((n, s) => n + s.size, 0) : (byContact.get(contactId)?.size ?? 0)),
    whenSubscribed: (participantId) => {
      const subscribed = [...byContact.values()].some((set) => [...set].some((c) => c.subscribed && c.participant.id === participantId && c.ws.readyState === WebSocket.OPEN));
      if (subscribed) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const list = subscribedWaiters.get(participantId) ?? [];
        list.push({ resolve, reject });
        subscribedWaiters.set(participantId, list);
      });
    },
    close: async () => {
      off();
      for (const list of subscribedWaiters.values()) for (const w of list) w.reject(new Error("the chat gateway closed"));
      subscribedWaiters.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const set of byContact.values()) for (const client of set) client.ws.terminate();
      byContact.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
