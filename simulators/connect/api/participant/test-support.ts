/**
 * For the chat wire tests: a started simulator with a published chat flow, the real SDK
 * clients pointed at it, and a websocket probe that records every frame it receives.
 */
import WebSocket from "ws";
import { ConnectClient, StartChatContactCommand, type StartChatContactCommandInput } from "@aws-sdk/client-connect";
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { startSimulator, type SimulatorHandle } from "../server.js";
import { flowDoc, loadOk } from "../../flow/testing.js";
import type { ChatItem } from "../../runtime/chat.js";
import type { Clock } from "../../runtime/clock.js";
import type { RawHandler } from "../http/router.js";

export const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
export const GREETING = "Welcome to the chat";

/** A chat flow that greets the customer, then waits a day (customer messages do not end a Wait without events). */
export const CHAT_FLOW = flowDoc(
  [
    { Identifier: "greet", Type: "MessageParticipant", Parameters: { Text: GREETING }, Transitions: { NextAction: "wait", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } },
    {
      Identifier: "wait",
      Type: "Wait",
      Parameters: { TimeLimitSeconds: "86400" },
      Transitions: { NextAction: "end", Conditions: [{ NextAction: "end", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] },
    },
    { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
  { type: "contactFlow", name: "chat" },
);

export interface ChatFixture {
  sim: SimulatorHandle;
  connect: ConnectClient;
  participant: ConnectParticipantClient;
  flowId: string;
  /** StartChatContact with sensible defaults. */
  startChat(input?: Partial<StartChatContactCommandInput>): Promise<{ ContactId: string; ParticipantId: string; ParticipantToken: string }>;
  /** CreateParticipantConnection for a participant token. */
  connectParticipant(participantToken: string, connectParticipant?: boolean): Promise<{ connectionToken: string; url: string }>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  clock?: Clock;
  /** Sees every HTTP request (method, path, bearer token) before the simulator answers it. */
  onRequest?: (method: string, path: string, bearer: string | undefined) => void;
}

export async function chatFixture(fixture: FixtureOptions = {}): Promise<ChatFixture> {
  const observe: RawHandler = (req) => {
    const bearer = req.headers["x-amz-bearer"];
    fixture.onRequest?.(req.method ?? "", new URL(req.url ?? "/", "http://x").pathname, Array.isArray(bearer) ? bearer[0] : bearer);
    return false;
  };
  const sim = await startSimulator({ port: 0, clock: fixture.clock, rawHandlers: [observe] });
  const flow = sim.runtime.publish(loadOk(CHAT_FLOW, "chat.json", { flowType: "CONTACT_FLOW", name: "chat" }), { name: "chat" });
  const options = { region: "us-east-1", endpoint: sim.endpoint, credentials: CREDENTIALS, maxAttempts: 1 };
  const connect = new ConnectClient(options);
  const participant = new ConnectParticipantClient(options);
  return {
    sim,
    connect,
    participant,
    flowId: flow.id,
    async startChat(input = {}) {
      const out = await connect.send(new StartChatContactCommand({ InstanceId: sim.instanceId, ContactFlowId: flow.id, ParticipantDetails: { DisplayName: "Customer" }, ...input }));
      await sim.runtime.whenIdle();
      return { ContactId: out.ContactId!, ParticipantId: out.ParticipantId!, ParticipantToken: out.ParticipantToken! };
    },
    async connectParticipant(participantToken, connectParticipant) {
      const out = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant: connectParticipant }));
      return { connectionToken: out.ConnectionCredentials!.ConnectionToken!, url: out.Websocket!.Url! };
    },
    async close() {
      connect.destroy();
      participant.destroy();
      await sim.close();
    },
  };
}

/** A websocket client that keeps every frame it receives, for waiting on specific ones. */
export class SocketProbe {
  readonly ws: WebSocket;
  readonly frames: Record<string, unknown>[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      this.ws.once("error", reject);
    });
    this.closed = new Promise((resolve) => this.ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      this.frames.push(frame);
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
  }

  /** Opens, subscribes to aws/chat and waits for the ack. */
  static async subscribed(url: string): Promise<SocketProbe> {
    const probe = new SocketProbe(url);
    await probe.opened;
    probe.send({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } });
    await probe.waitFor((f) => f.topic === "aws/subscribe");
    return probe;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first frame (received so far or later) that matches. */
  waitFor(match: (frame: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** The chat items received so far. */
  items(): ChatItem[] {
    return this.frames.filter((f) => f.topic === "aws/chat").map((f) => JSON.parse(f.content as string) as ChatItem);
  }

  /** The first chat item that matches. */
  async waitForItem(match: (item: ChatItem) => boolean, timeoutMs = 5000): Promise<ChatItem> {
    const frame = await this.waitFor((f) => f.topic === "aws/chat" && match(JSON.parse(f.content as string) as ChatItem), timeoutMs);
    return JSON.parse(frame.content as string) as ChatItem;
  }

  close(): void {
    this.ws.terminate();
  }
}
