/**
 * Every category, produced by the code path that really raises it — the harness's own
 * clients and drivers against a stand-in for the target that answers as AWS or the
 * simulator would — and sorted the way the report and the gate sort it. Only what stops
 * the run from proving anything is broken; what the product says is failed.
 * (Scenario mistakes, refused flows and the ended chat's 403 run through the real steps in
 * support/scenario-feedback.test.ts.)
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { ConnectClient, ListQueuesCommand } from "@aws-sdk/client-connect";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { ChatParticipant } from "../drivers/chat-participant.js";
import { ControlPlane } from "../drivers/control.js";
import { instanceTarget } from "../targets/simulator.js";
import { stagingTarget } from "../targets/staging.js";
import { AWS_TEST_CREDENTIALS } from "../targets/target.js";
import { failureStatus, infrastructure } from "./errors.js";
import { categoryNamed, categoryOf, messageOf } from "./categories-testing.js";

/** What the stand-in answers next to the Connect API: status, error type, message. */
let answer: { status: number; type: string; message: string } = { status: 200, type: "", message: "" };
let server: Server;
let endpoint = "";

before(async () => {
  const sockets = new WebSocketServer({ noServer: true });
  server = createServer((req, res) => {
    if (req.url?.startsWith("/participant/connection")) {
      // A websocket that opens and never acknowledges the subscription.
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ Websocket: { Url: `${endpoint.replace("http", "ws")}/silent` }, ConnectionCredentials: { ConnectionToken: "token" } }));
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json", "x-amzn-errortype": answer.type });
    res.end(JSON.stringify({ __type: answer.type, message: answer.message }));
  });
  server.on("upgrade", (req, socket, head) => sockets.handleUpgrade(req, socket, head, () => undefined));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function thrown(run: () => Promise<unknown>): Promise<Error> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  assert.ok(err, "the call should have failed");
  return err;
}

function sorted(err: Error): { status: string; category: string } {
  const status = failureStatus({ type: err.constructor.name });
  return { status, category: categoryOf(status, messageOf(err)) };
}

async function connectCall(status: number, type: string, message: string): Promise<Error> {
  answer = { status, type, message };
  const connect = new ConnectClient({ region: "us-east-1", endpoint, credentials: AWS_TEST_CREDENTIALS, maxAttempts: 1 });
  try {
    return await thrown(() => infrastructure("listing the queues", () => connect.send(new ListQueuesCommand({ InstanceId: "instance" }))));
  } finally {
    connect.destroy();
  }
}

test("bad credentials on a real instance are broken: credentials", async () => {
  for (const [type, message] of [
    ["UnrecognizedClientException", "The security token included in the request is invalid."],
    ["ExpiredTokenException", "The security token included in the request is expired"],
    ["AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: connect:ListQueues"],
  ]) {
    assert.deepEqual(sorted(await connectCall(403, type!, message!)), { status: "broken", category: categoryNamed("credentials") }, type);
  }
});

test("throttling and an unavailable service are broken: the target refused to serve", async () => {
  assert.deepEqual(sorted(await connectCall(429, "ThrottlingException", "Rate exceeded")), { status: "broken", category: categoryNamed("throttling") });
  assert.deepEqual(sorted(await connectCall(503, "ServiceUnavailableException", "Service unavailable")), { status: "broken", category: categoryNamed("throttling") });
});

test("a fault inside the simulator is broken: engine", async () => {
  assert.deepEqual(sorted(await connectCall(500, "InternalServiceException", "flowsim: cannot read properties of undefined")), { status: "broken", category: categoryNamed("engine") });
  answer = { status: 500, type: "InternalServiceException", message: "boom" };
  assert.deepEqual(sorted(await thrown(() => new ControlPlane(endpoint).post("/clock/advance", { ms: 1 }))), { status: "broken", category: categoryNamed("engine") });
});

test("a target that is not there is broken: unreachable", async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((done) => closed.close(() => done()));
  assert.deepEqual(sorted(await thrown(() => instanceTarget("server", `http://127.0.0.1:${port}`, "unreachable"))), { status: "broken", category: categoryNamed("unreachable") });
});

test("a websocket that never subscribes is broken: the harness's own timeout", async () => {
  const participant = new ConnectParticipantClient({ region: "us-east-1", endpoint, credentials: AWS_TEST_CREDENTIALS, maxAttempts: 1 });
  const chat = new ChatParticipant("customer", "contact", "participant-token", participant, [], 200);
  try {
    assert.deepEqual(sorted(await thrown(() => chat.connect())), { status: "broken", category: categoryNamed("timeout") });
  } finally {
    chat.close();
    participant.destroy();
  }
});

test("a staging target without an instance is broken: setup", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { FLOWSIM_STAGING_CONFIG: "/nonexistent/staging.config.json" });
  delete process.env.FLOWSIM_STAGING_REGION;
  delete process.env.FLOWSIM_STAGING_INSTANCE_ID;
  try {
    assert.deepEqual(sorted(await thrown(() => stagingTarget())), { status: "broken", category: categoryNamed("setup") });
  } finally {
    process.env = saved;
  }
});

test("the control plane: a name it lacks is the scenario's mistake, a refusal in its state is the product's answer", async () => {
  answer = { status: 404, type: "ResourceNotFoundException", message: "no quick connect named Transfer to Billing" };
  assert.deepEqual(sorted(await thrown(() => new ControlPlane(endpoint).post("/agents/ana/transfer", {}))), { status: "broken", category: categoryNamed("names something") });
  answer = { status: 409, type: "ConflictException", message: "the call is already on hold" };
  assert.deepEqual(sorted(await thrown(() => new ControlPlane(endpoint).post("/agents/ana/hold", {}))), { status: "failed", category: categoryNamed("wrong behaviour") });
  answer = { status: 400, type: "ValidationException", message: "ms must be a number" };
  assert.deepEqual(sorted(await thrown(() => new ControlPlane(endpoint).post("/clock/advance", { ms: "x" }))), { status: "broken", category: categoryNamed("error in the test code") });
});
