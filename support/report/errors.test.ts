import { test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { createServer, type AddressInfo } from "node:net";
import { asInfrastructureError, failureStatus, infrastructure, InfrastructureError, infrastructureKind } from "./errors.js";

test("assertions and rejected flows are failed; infrastructure and everything else broken", () => {
  assert.equal(failureStatus({ type: "AssertionError", message: "1 !== 2" }), "failed");
  assert.equal(failureStatus({ type: "JestAssertionError" }), "failed");
  assert.equal(failureStatus({ type: "FlowLoadError" }), "failed");
  assert.equal(failureStatus({ type: "InvalidContactFlowException" }), "failed");
  // upstream would call this failed because the message mentions "assert"
  assert.equal(failureStatus({ type: "InfrastructureError", message: "[timeout] could not assert anything: ETIMEDOUT" }), "broken");
  assert.equal(failureStatus({ type: "TypeError", message: "x is not a function" }), "broken");
  assert.equal(failureStatus({ type: "Error", message: "expected a task" }), "broken");
  assert.equal(failureStatus(undefined), "broken");
});

test("InfrastructureError names itself in the stack and puts its kind in the message", () => {
  const e = new InfrastructureError("container", "podman run failed");
  assert.equal(e.name, "InfrastructureError");
  assert.equal(e.constructor.name, "InfrastructureError");
  assert.equal(e.message, "[container] podman run failed");
  assert.match(String(e.stack), /^InfrastructureError: \[container\] podman run failed/);
  assert.equal(e.kind, "container");
});

function sysError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

test("recognises infrastructure failures by name, code and message, through causes", () => {
  assert.equal(infrastructureKind(sysError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:4566")), "target-unreachable");
  assert.equal(infrastructureKind(new TypeError("fetch failed", { cause: sysError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1") })), "target-unreachable");
  assert.equal(infrastructureKind(sysError("ETIMEDOUT", "connect ETIMEDOUT 10.0.0.1:443")), "timeout");
  assert.equal(infrastructureKind(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" })), "credentials");
  assert.equal(infrastructureKind(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredTokenException" })), "credentials");
  assert.equal(infrastructureKind(new Error("Could not find a working container runtime strategy")), "container");
  assert.equal(infrastructureKind(new Error("podman: image not known")), "container");
  assert.equal(infrastructureKind(Object.assign(new Error("boom"), { name: "EngineError" })), "engine");
  assert.equal(infrastructureKind(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" })), "target-error");
  assert.equal(infrastructureKind(new AggregateError([sysError("ECONNREFUSED", "connect ECONNREFUSED ::1:4566")], "")), "target-unreachable");
});

test("assertions and ordinary errors are never infrastructure", () => {
  assert.equal(infrastructureKind(new AssertionError({ message: "expected ECONNREFUSED to be handled" })), undefined);
  assert.equal(infrastructureKind(new Error("expected 2 tasks, found 1")), undefined);
  assert.equal(infrastructureKind(new TypeError("Cannot read properties of undefined")), undefined);
  assert.equal(infrastructureKind("a string"), undefined);
});

test("asInfrastructureError wraps with what was being done and keeps the cause", () => {
  const cause = new TypeError("fetch failed", { cause: sysError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1") });
  const wrapped = asInfrastructureError(cause, "starting the chat");
  assert.ok(wrapped instanceof InfrastructureError);
  assert.equal(wrapped.kind, "target-unreachable");
  assert.equal(wrapped.message, "[target-unreachable] starting the chat: fetch failed (connect ECONNREFUSED 127.0.0.1:1)");
  assert.equal(wrapped.cause, cause);
  assert.equal(asInfrastructureError(new Error("expected 2"), "x"), undefined);
});

test("infrastructure() converts recognised failures and lets assertions through", async () => {
  await assert.rejects(
    infrastructure("opening the websocket", async () => {
      throw sysError("ECONNRESET", "read ECONNRESET");
    }),
    (e: unknown) => e instanceof InfrastructureError && e.kind === "target-unreachable" && e.message.includes("opening the websocket"),
  );
  await assert.rejects(
    infrastructure("checking", () => assert.equal(1, 2)),
    (e: unknown) => e instanceof AssertionError,
  );
  assert.equal(await infrastructure("ok", async () => 42), 42);
});

test("a real refused connection is recognised", async () => {
  // A port the kernel just handed out and took back: nothing listens there.
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  const err = await fetch(`http://127.0.0.1:${port}/`).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err, "the request to a closed port should fail");
  assert.equal(infrastructureKind(err), "target-unreachable");
  assert.match(asInfrastructureError(err, "probing")!.message, /^\[target-unreachable\] probing: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
});
