import { test } from "node:test";
import assert from "node:assert/strict";
import { secretToken } from "../../simulators/kernel/secrets.js";
import { isSecretKey, REDACTED, redactBody, redactJson, redactText, redactUrl } from "./redact.js";

test("words that only look like secrets are kept", () => {
  for (const text of [
    'the hours of operation "Basic Hours" are closed',
    "Basic queue, Basic Routing Profile",
    "Bearer of good news",
    "the caller said: my password was rejected twice",
    "contact 3d241b5b-347c-403d-bf31-de10106c52c4 in arn:aws:connect:us-east-1:123456789012:instance/8f0b3c2e-1d1a-4e1b-9a57-0d9f3c2b1a00/queue/4d2c6e0a-9b7f-4c1e-8f3a-2b1d0c9e8f7a",
    "FlowContentSha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "/services/data/v59.0/sobjects/Account/001xx000003DGb2AAG",
    "attachments/2026/01/05/3d241b5b-347c-403d-bf31-de10106c52c4/invoice-March.pdf",
    "Where is my order 12345? It was due on 2026-11-24.",
    "SupportQueueCustomerInboundFlowForVersion2024AndLater",
  ]) {
    assert.equal(redactText(text), text);
  }
  for (const key of ["tokenCount", "passwordResetRequested", "paymentAuthorization", "secretQuestionAnswered", "sessionAttributes", "keyPressed", "Key", "session"]) {
    assert.equal(isSecretKey(key), false, key);
  }
});

test("keys that name secrets are secret, however they are spelled", () => {
  for (const key of ["ParticipantToken", "ConnectionToken", "X-Amz-Security-Token", "access_token", "client_secret", "awsSecretAccessKey", "accessKeyId", "X-Amz-Credential", "X-Amz-Signature", "password", "x-api-key", "apiKey", "sessionId", "Authorization", "Cookie", "set-cookie"]) {
    assert.equal(isSecretKey(key), true, key);
  }
});

const SHAPES: Record<string, string> = {
  "AWS access key id": "AKIAIOSFODNN7EXAMPLE",
  "AWS temporary access key id": "ASIAZ3EXAMPLE7QWERTY",
  "AWS secret access key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "AWS session token":
    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDqX5pH0m6Z8a1Y2b3C4d5E6f7G8h9I0j1K2l3M4n5O6pAiB7q8R9s0T1u2V3w4X5y6Z7a8B9c0D1e2F3g4H5i6J7k8L9m0N1o2P3q4R5s6==",
  "Connect participant token": "QVFJREFIaEtqN2Y4bnJ2S0VtaDNsS1BlbmR4eUZHU0hnVnE2Z0xBeE1ZT3NuR1I1L2RFZ3BnSDhRZThSeWpLdW5hZm0rOHlFNXc9PQ",
  "simulator participant token": secretToken(96),
  "simulator upload token": secretToken(48),
  JWT: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
};

test("real token shapes are removed from free text, with the words around them kept", () => {
  for (const [shape, token] of Object.entries(SHAPES)) {
    const out = redactText(`the customer connected with ${token} at noon`);
    assert.ok(!out.includes(token), `${shape} leaked: ${out}`);
    assert.match(out, /^the customer connected with \[redacted\] at noon$/, shape);
  }
});

test("Bearer and Basic credentials go, the scheme stays", () => {
  assert.equal(redactText("Authorization: Bearer 00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.dETGBuobqLmgmK8ToyHkSmA"), `Authorization: Bearer ${REDACTED}`);
  assert.equal(redactText("sent Basic dXNlcjpwYXNzd29yZA== to the API"), `sent Basic ${REDACTED} to the API`);
  assert.equal(redactText('"password": "hunter2", "tier": "gold"'), `"password": "${REDACTED}", "tier": "gold"`);
});

test("structured data: secret members, secret query parameters, form fields", () => {
  const token = SHAPES["simulator participant token"]!;
  assert.deepEqual(redactJson({ ParticipantToken: token, DisplayName: "Basic Hours", Attributes: { tokenCount: "3" } }), {
    ParticipantToken: REDACTED,
    DisplayName: "Basic Hours",
    Attributes: { tokenCount: "3" },
  });
  assert.equal(redactUrl(`wss://127.0.0.1:4566/connect?ticket=${token}&region=us-east-1`), `wss://127.0.0.1:4566/connect?ticket=${REDACTED}&region=us-east-1`);
  assert.equal(redactBody("grant_type=password&password=pw&username=u"), "grant_type=password&password=%5Bredacted%5D&username=u");
});
