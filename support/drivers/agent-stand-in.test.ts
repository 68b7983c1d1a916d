import { test } from "node:test";
import assert from "node:assert/strict";
import { AgentStandIn, type StandInScene } from "./agent-stand-in.js";

// Nothing here reaches a target: the stand-in refuses before it calls anything.
const scene = { target: undefined, chats: new Map(), frames: [], contactId: "c-1" } as unknown as StandInScene;

test("a stand-in only joins chats: a call, a task or any contact is a clear error naming the step's need", async () => {
  const ana = new AgentStandIn(scene, "Ana", "custom-participant");
  await assert.rejects(() => ana.accept("VOICE"), /agent Ana is played by a custom participant \(staging's chatAgents: custom-participant\), which can only join a chat, not accept the voice; the step must need "agent desktop"/);
  await assert.rejects(() => ana.accept(undefined), /not accept a contact of any channel/);
});

test("a stand-in that never joined is not in the chat", async () => {
  assert.equal(await new AgentStandIn(scene, "Ana", "custom-participant").stillInChat(), "agent Ana (a custom participant) never joined the chat");
});
