/**
 * The real amazon-connect-chatjs (the customer side of Amazon's chat widget) in Node, for
 * the tests that drive the simulator with it over real HTTP and websockets. Importing this
 * module installs the Node shims the protocol reference (§4.2) found necessary and loads
 * ChatJS into the globals: only test files import it, and each runs in its own process.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import WebSocket from "ws";
import type { ChatFixture } from "./testing.js";

const g = globalThis as Record<string, unknown>;
g.self = globalThis;
g.window = globalThis;
Object.defineProperty(globalThis, "navigator", { value: { userAgent: "node", onLine: true }, configurable: true, writable: true });
g.WebSocket = WebSocket;
createRequire(import.meta.url)("amazon-connect-chatjs");

export interface ChatJsEvent {
  data: Record<string, unknown> & { Id?: string; Type?: string; ContentType?: string; Content?: string; ParticipantRole?: string; ParticipantId?: string; DisplayName?: string; MessageMetadata?: { MessageId?: string } };
}
export interface CustomerSession {
  connect(): Promise<{ connectSuccess: boolean }>;
  sendMessage(args: { contentType: string; message: string }): Promise<{ data: { Id: string } }>;
  sendEvent(args: { contentType: string; content?: string }): Promise<unknown>;
  sendAttachment(args: { attachment: File }): Promise<unknown>;
  downloadAttachment(args: { attachmentId: string }): Promise<Blob>;
  getTranscript(args: Record<string, unknown>): Promise<{ data: { Transcript: ChatJsEvent["data"][]; InitialContactId: string } }>;
  disconnectParticipant(): Promise<unknown>;
  [callback: `on${string}`]: (handler: (event: ChatJsEvent) => void) => void;
}
export const chatjs = g.connect as {
  ChatSession: {
    setGlobalConfig(config: Record<string, unknown>): void;
    create(args: Record<string, unknown>): CustomerSession;
  };
};

const WAIT_MS = 10_000;
const CALLBACKS = ["onMessage", "onTyping", "onReadReceipt", "onDeliveredReceipt", "onEnded", "onConnectionEstablished", "onConnectionBroken", "onParticipantIdle", "onParticipantReturned", "onAutoDisconnection"] as const;
export type Callback = (typeof CALLBACKS)[number];

/** Records the ChatJS callbacks it is given, in order, so a test can await the one it expects. */
export class Recorder {
  readonly seen: { callback: Callback; event: ChatJsEvent }[] = [];
  private waiters: { callback: Callback; match: (e: ChatJsEvent) => boolean; resolve: (e: ChatJsEvent) => void }[] = [];

  constructor(session: CustomerSession, callbacks: readonly Callback[] = CALLBACKS) {
    for (const callback of callbacks) {
      session[callback]((event) => {
        this.seen.push({ callback, event });
        for (const w of [...this.waiters]) {
          if (w.callback === callback && w.match(event)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      });
    }
  }

  next(callback: Callback, match: (e: ChatJsEvent) => boolean = () => true): Promise<ChatJsEvent> {
    const seen = this.seen.find((s) => s.callback === callback && match(s.event));
    if (seen) return Promise.resolve(seen.event);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ChatJS did not call ${callback} within ${WAIT_MS} ms; calls so far: ${this.seen.map((s) => `${s.callback}(${s.event?.data?.ContentType ?? ""})`).join(", ")}`)), WAIT_MS);
      this.waiters.push({ callback, match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  count(callback: Callback): number {
    return this.seen.filter((s) => s.callback === callback).length;
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A ChatJS customer session on a started chat, connected and subscribed, with a recorder
 * of `callbacks` attached before it connects (so no callback is missed).
 */
export async function connectCustomer(on: ChatFixture, chat: { ContactId: string; ParticipantId: string; ParticipantToken: string }, options: { region?: string; callbacks?: readonly Callback[] } = {}) {
  const region = options.region ?? "us-east-1";
  const session = chatjs.ChatSession.create({
    chatDetails: { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken },
    type: "CUSTOMER",
    options: { region },
    disableCSM: true,
  });
  const events = new Recorder(session, options.callbacks);
  const subscribed = on.sim.gateway.whenSubscribed(chat.ParticipantId);
  const connected = await session.connect();
  assert.equal(connected.connectSuccess, true);
  // connect() resolves before the socket opens; items posted before it subscribes would never reach it.
  await withTimeout(subscribed, "ChatJS's socket to subscribe");
  return { session, events };
}
