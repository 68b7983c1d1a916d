/**
 * Test support for the API tests: a simulator on a free loopback port with the real SDK
 * clients (Connect and Connect Participant) pointed at it, the chat fixture and websocket
 * probe the chat wire tests share, and small flow documents written in the tests (never
 * corpus files).
 */
import assert from "node:assert/strict";
import WebSocket from "ws";
import { ConnectClient, StartChatContactCommand, type StartChatContactCommandInput } from "@aws-sdk/client-connect";
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from "./server.js";
import { flowDoc, loadOk } from "../runtime/flow-testing.js";
import type { ChatItem } from "../runtime/chat.js";
import { VirtualClock, type Clock } from "../../kernel/clock.js";
import type { RawHandler } from "./http/router.js";

export const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
export const GREETING = "Welcome to the chat";

export interface SdkSim {
  sim: SimulatorHandle;
  InstanceId: string;
  /** The Connect (administration and contact) API client. */
  client: ConnectClient;
  participant: ConnectParticipantClient;
  close(): Promise<void>;
}

export async function startSdkSim(options: SimulatorOptions = {}): Promise<SdkSim> {
  const sim = await startSimulator({ port: 0, ...options });
  // One attempt: a retried call would hide the first answer the test is about.
  const config = { region: "us-east-1", endpoint: sim.endpoint, credentials: CREDENTIALS, maxAttempts: 1 };
  const client = new ConnectClient(config);
  const participant = new ConnectParticipantClient(config);
  return {
    sim,
    InstanceId: sim.instanceId,
    client,
    participant,
    close: async () => {
      client.destroy();
      participant.destroy();
      await sim.close();
    },
  };
}

/** The simulator's clock, for tests that move time themselves (startSimulator's default clock is virtual). */
export function virtualClock(sim: SimulatorHandle): VirtualClock {
  const clock = sim.runtime.clock;
  assert.ok(clock instanceof VirtualClock, "the simulator runs on a real clock");
  return clock;
}

export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number };
  [member: string]: unknown;
}

/** Awaits a call that must fail with this exception name and HTTP status (and message); returns the error for further checks. */
export async function expectError(call: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<SdkError> {
  let caught: unknown;
  try {
    await call;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof Error, `expected ${name}, but the call succeeded`);
  const err = caught as SdkError;
  assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
  assert.equal(err.$metadata?.httpStatusCode, status, `${name} should come with HTTP ${status}`);
  if (message) assert.match(err.message, message);
  return err;
}

type Action = { Identifier: string; Type: string; Parameters?: Record<string, unknown>; Transitions?: Record<string, unknown> };

/** A flow document as a CreateContactFlow Content string. */
export function flowContent(actions: Action[], options: { start?: string; metadataType?: string } = {}): string {
  return JSON.stringify({
    Version: "2019-10-30",
    StartAction: options.start ?? actions[0].Identifier,
    ...(options.metadataType ? { Metadata: { type: options.metadataType } } : {}),
    Actions: actions.map((a) => ({ Parameters: {}, Transitions: {}, ...a })),
  });
}

/** Says hello, then hangs up: the smallest inbound flow that publishes. */
export const HELLO_FLOW = flowContent([
  { Identifier: "hello", Type: "MessageParticipant", Parameters: { Text: "Hello" }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
  { Identifier: "bye", Type: "DisconnectParticipant" },
]);

export const AGENT_TRANSFER_FLOW = flowContent([{ Identifier: "to-agent", Type: "TransferContactToAgent" }], { metadataType: "agentTransfer" });

export const QUEUE_TRANSFER_FLOW = flowContent([
  { Identifier: "to-queue", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "end" }, { ErrorType: "NoMatchingError", NextAction: "end" }] } },
  { Identifier: "end", Type: "DisconnectParticipant" },
]);

/** Time-valued members must come back as Dates that parse (the SDK turns epoch-second numbers into Dates). */
export function assertTime(value: unknown, what: string): void {
  assert.ok(value instanceof Date, `${what} should be a Date, got ${typeof value}`);
  assert.ok(!Number.isNaN((value as Date).getTime()), `${what} should be a valid time`);
}

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

export interface ChatFixture extends SdkSim {
  flowId: string;
  /**
   * StartChatContact with sensible defaults. Its flow does not run yet: the simulator holds it
   * until the customer listens (`ChatContacts.holdFlowForCustomer` in runtime/chat-contacts.ts; see `listen`, `startPollingChat`, `pollingConnection`).
   */
  startChat(input?: Partial<StartChatContactCommandInput>): Promise<StartedChat>;
  /** CreateParticipantConnection (websocket and credentials, as ChatJS asks) for a participant token; the flow waits for a socket to subscribe. */
  connectParticipant(participantToken: string, connectParticipant?: boolean): Promise<{ connectionToken: string; url: string }>;
  /**
   * Opens a websocket on a connection's URL and subscribes, as a widget does once connected:
   * a flow waiting for this customer runs to its first wait before this returns, its items
   * pushed live to the socket. Close the probe when done.
   */
  listen(url: string): Promise<SocketProbe>;
  /** A started chat whose customer has a connection, its websocket not yet opened: the flow starts when a socket subscribes. */
  startConnectedChat(input?: Partial<StartChatContactCommandInput>): Promise<{ chat: StartedChat; connectionToken: string; url: string }>;
  /** A started chat whose customer polls (a credentials-only connection): its flow has run to its first wait. */
  startPollingChat(input?: Partial<StartChatContactCommandInput>): Promise<{ chat: StartedChat; connectionToken: string }>;
}

export interface StartedChat {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
}

/**
 * CreateParticipantConnection for credentials only, acknowledged, as a client that polls
 * GetTranscript instead of opening a websocket: the customer can receive, so a chat's flow
 * waiting for it starts (and has reached its first wait when this returns). Returns the connection token.
 */
export async function pollingConnection(on: SdkSim, participantToken: string): Promise<string> {
  const out = await on.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ["CONNECTION_CREDENTIALS"], ConnectParticipant: true }));
  await on.sim.runtime.whenIdle();
  return out.ConnectionCredentials!.ConnectionToken!;
}

export interface FixtureOptions {
  clock?: Clock;
  /** Sees every HTTP request (method, path, bearer token) before the simulator answers it. */
  onRequest?: (method: string, path: string, bearer: string | undefined) => void;
}

/** A started simulator with the chat flow published, for the chat wire tests. */
export async function chatFixture(fixture: FixtureOptions = {}): Promise<ChatFixture> {
  const observe: RawHandler = (req) => {
    const bearer = req.headers["x-amz-bearer"];
    fixture.onRequest?.(req.method ?? "", new URL(req.url ?? "/", "http://x").pathname, Array.isArray(bearer) ? bearer[0] : bearer);
    return false;
  };
  const base = await startSdkSim({ clock: fixture.clock, rawHandlers: [observe] });
  const { sim, client, participant } = base;
  const flow = sim.runtime.publish(loadOk(CHAT_FLOW, "chat.json", { flowType: "CONTACT_FLOW", name: "chat" }), { name: "chat" });
  const startChat: ChatFixture["startChat"] = async (input = {}) => {
    const out = await client.send(new StartChatContactCommand({ InstanceId: sim.instanceId, ContactFlowId: flow.id, ParticipantDetails: { DisplayName: "Customer" }, ...input }));
    await sim.runtime.whenIdle();
    return { ContactId: out.ContactId!, ParticipantId: out.ParticipantId!, ParticipantToken: out.ParticipantToken! };
  };
  const connectParticipant: ChatFixture["connectParticipant"] = async (participantToken, connectParticipant) => {
    const out = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant: connectParticipant }));
    return { connectionToken: out.ConnectionCredentials!.ConnectionToken!, url: out.Websocket!.Url! };
  };
  const listen: ChatFixture["listen"] = async (url) => {
    const socket = await SocketProbe.subscribed(url);
    await sim.runtime.whenIdle();
    return socket;
  };
  return {
    ...base,
    flowId: flow.id,
    startChat,
    connectParticipant,
    listen,
    async startConnectedChat(input) {
      const chat = await startChat(input);
      return { chat, ...(await connectParticipant(chat.ParticipantToken)) };
    },
    async startPollingChat(input) {
      const chat = await startChat(input);
      return { chat, connectionToken: await pollingConnection(base, chat.ParticipantToken) };
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

/** A control-plane call (`/_flowsim...`) answered with its status and JSON body. */
export async function controlCall(sim: { endpoint: string }, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${sim.endpoint}/_flowsim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

/** A control-plane call that must succeed; its JSON body. */
export async function controlOk(sim: { endpoint: string }, method: string, path: string, body?: unknown): Promise<Record<string, any>> {
  const res = await controlCall(sim, method, path, body);
  assert.equal(res.status, 200, `${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}
