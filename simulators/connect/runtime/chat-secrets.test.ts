import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime } from "./runtime.js";
import { VirtualClock } from "../../kernel/clock.js";
import { flowDoc, loadOk } from "./flow-testing.js";

const WAIT_FLOW = flowDoc(
  [
    {
      Identifier: "wait",
      Type: "Wait",
      Parameters: { TimeLimitSeconds: "3600" },
      Transitions: { NextAction: "end", Conditions: [{ NextAction: "end", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] },
    },
    { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
  { type: "contactFlow" },
);

/** A fresh runtime seeded like every other, two chats on it, and everything a client is handed. */
function twoChats() {
  const runtime = new Runtime({ clock: new VirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0)), seed: "same seed" });
  const flow = runtime.publish(loadOk(WAIT_FLOW, "wait.json", { flowType: "CONTACT_FLOW" }), { name: "wait" });
  return [1, 2].map(() => {
    const { contact, customer } = runtime.startChat({ flow, displayName: "Customer" });
    const { socket, connection } = runtime.chatConnections.connect(customer, { websocket: true, credentials: true, acknowledge: true });
    const message = runtime.chats.send(contact.id, customer.id, "text/plain", "hello");
    const upload = runtime.chatAttachments.start(customer, { name: "a.txt", contentType: "text/plain", size: 1 });
    return {
      ids: { contact: contact.id, participant: customer.id, message: message.Id, attachment: upload.id },
      secrets: { participant: customer.participantToken, connection: connection!.token, ticket: socket!.ticket, upload: upload.uploadToken },
    };
  });
}

test("the same seed hands out the same ids and different secrets: no token can be computed from the seed or from another token", () => {
  const first = twoChats();
  const second = twoChats();
  assert.deepEqual(
    second.map((c) => c.ids),
    first.map((c) => c.ids),
    "contact, participant, message and attachment ids stay seeded",
  );
  const secrets = [...first, ...second].flatMap((c) => Object.values(c.secrets));
  assert.equal(new Set(secrets).size, secrets.length, "every secret is new, across runs and across chats");
  for (const [kind, length] of [["participant", 96], ["connection", 128], ["ticket", 64], ["upload", 48]] as const) {
    assert.match(first[0].secrets[kind], new RegExp(`^[A-Za-z0-9_-]{${length}}$`), kind);
  }
});
