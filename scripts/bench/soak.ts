/**
 * Soak: a simulator driven with steady chats that start, talk over websockets and end,
 * in waves, on loopback. Prints the heap (after a full GC) before, at its peak and after
 * every chat is over: a long-running `flowsim serve` must come back to within 10% of where
 * it started. Some customers never connect; their chats are stopped with StopContact.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { WebSocket } from "ws";
import { ConnectClient, StartChatContactCommand, StopContactCommand } from "@aws-sdk/client-connect";
import { ConnectParticipantClient, CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetTranscriptCommand, SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { loadFlowDocument } from "../../simulators/connect/flow/load.js";
import { startSimulator, type SimulatorHandle } from "../../simulators/connect/api/server.js";
import type { FlowDocument } from "../../simulators/connect/flow/model.js";

type Record = (name: string, value: string) => void;

/** Greets, then waits an hour for the customer, who leaves first. */
const TALK_FLOW: FlowDocument = {
  Version: "2019-10-30",
  StartAction: "log",
  Metadata: { type: "contactFlow", name: "soak" },
  Actions: [
    { Identifier: "log", Type: "UpdateFlowLoggingBehavior", Parameters: { FlowLoggingBehavior: "Enabled" }, Transitions: { NextAction: "hello" } },
    { Identifier: "hello", Type: "MessageParticipant", Parameters: { Text: "Hello, how can I help?" }, Transitions: { NextAction: "wait" } },
    { Identifier: "wait", Type: "Wait", Parameters: { TimeLimitSeconds: "3600" }, Transitions: { NextAction: "bye", Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

interface Wire {
  sim: SimulatorHandle;
  connect: ConnectClient;
  participant: ConnectParticipantClient;
  flowId: string;
}

function heapMiB(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function subscribed(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once("error", reject);
    ws.on("message", (data) => {
      if (JSON.parse(String(data)).topic === "aws/subscribe") resolve();
    });
    ws.once("open", () => ws.send(JSON.stringify({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } })));
  });
  return ws;
}

/** One customer: starts, listens on a websocket, sends a few messages with ClientTokens, reads the transcript, leaves. */
async function conversation(w: Wire, messages: number): Promise<void> {
  const chat = await w.connect.send(new StartChatContactCommand({ InstanceId: w.sim.instanceId, ContactFlowId: w.flowId, ParticipantDetails: { DisplayName: "Customer" }, ClientToken: randomUUID() }));
  const conn = await w.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant: true }));
  const ws = await subscribed(conn.Websocket!.Url!);
  const ConnectionToken = conn.ConnectionCredentials!.ConnectionToken!;
  for (let i = 0; i < messages; i++) await w.participant.send(new SendMessageCommand({ ConnectionToken, ContentType: "text/plain", Content: `message ${i}`, ClientToken: randomUUID() }));
  await w.participant.send(new GetTranscriptCommand({ ConnectionToken, MaxResults: 100 }));
  await w.participant.send(new DisconnectParticipantCommand({ ConnectionToken, ClientToken: randomUUID() }));
  ws.close();
}

/** A customer who never connects: the chat is stopped from the Connect side. */
async function abandoned(w: Wire): Promise<void> {
  const chat = await w.connect.send(new StartChatContactCommand({ InstanceId: w.sim.instanceId, ContactFlowId: w.flowId, ParticipantDetails: { DisplayName: "Gone" } }));
  await w.connect.send(new StopContactCommand({ InstanceId: w.sim.instanceId, ContactId: chat.ContactId! }));
}

async function wave(w: Wire, chats: number): Promise<void> {
  await Promise.all(Array.from({ length: chats }, (_, i) => (i % 10 === 9 ? abandoned(w) : conversation(w, 5))));
}

export async function soak(record: Record, quick: boolean): Promise<void> {
  if (!global.gc) return record("soak: heap after the chats are over", "skipped (run with --expose-gc: npm run bench)");
  const sim = await startSimulator({ port: 0 });
  const common = { region: sim.region, endpoint: sim.endpoint, credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, maxAttempts: 1 };
  const w: Wire = { sim, connect: new ConnectClient(common), participant: new ConnectParticipantClient(common), flowId: "" };
  w.flowId = sim.runtime.publish(loadFlowDocument(TALK_FLOW, "soak.json")).id;
  const waves = quick ? 5 : 20;
  const perWave = quick ? 50 : 100;
  // Two waves first, so the figures start from a simulator that has loaded and compiled everything.
  for (let i = 0; i < 2; i++) await wave(w, perWave);
  await sim.runtime.whenIdle();
  const before = heapMiB();
  let peak = before;
  const start = performance.now();
  for (let i = 0; i < waves; i++) {
    await wave(w, perWave);
    peak = Math.max(peak, process.memoryUsage().heapUsed / 2 ** 20);
  }
  const elapsed = performance.now() - start;
  await sim.runtime.whenIdle();
  // Sockets linger a second after their chat ends (gateway LINGER_MS).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const after = heapMiB();
  const chats = waves * perWave;
  record(`soak: ${chats} chats in waves of ${perWave} (${Math.round(chats / (elapsed / 1000))} chats/s)`, `heap ${before.toFixed(1)} MiB → peak ${peak.toFixed(1)} → after ${after.toFixed(1)} MiB (${(((after - before) / before) * 100).toFixed(1)}%)`);
  w.connect.destroy();
  w.participant.destroy();
  await sim.close();
}
