/**
 * Test support for the administration API tests: a simulator on a free loopback port,
 * the real Connect SDK client pointed at it, and small flow documents written in the
 * tests (never corpus files).
 */
import assert from "node:assert/strict";
import { ConnectClient } from "@aws-sdk/client-connect";
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from "../server.js";

export interface AdminSim {
  sim: SimulatorHandle;
  client: ConnectClient;
  InstanceId: string;
  close(): Promise<void>;
}

export async function startAdminSim(options: SimulatorOptions = {}): Promise<AdminSim> {
  const sim = await startSimulator({ port: 0, ...options });
  const client = new ConnectClient({ region: "us-east-1", endpoint: sim.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  return {
    sim,
    client,
    InstanceId: sim.instanceId,
    close: async () => {
      client.destroy();
      await sim.close();
    },
  };
}

export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number };
  [member: string]: unknown;
}

/** Awaits a call that must fail with this exception name and HTTP status; returns the error for further checks. */
export async function expectError(call: Promise<unknown>, name: string, status: number): Promise<SdkError> {
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
