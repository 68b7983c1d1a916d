import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, pathOf, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import { sessionArnFor } from "./wisdom.js";

const ASSISTANT = "arn:aws:wisdom:eu-west-2:123456789012:assistant/0f4a8d0e-1c2b-4d3e-9f80-112233445566";
const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: "bye" } });

function flow(assistant: string) {
  const h = harness();
  h.publish(
    flowDoc(
      [
        { Identifier: "wisdom", Type: "CreateWisdomSession", Parameters: { WisdomAssistantArn: assistant }, Transitions: { NextAction: "set", Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } },
        // The console's "Connect assistant" block is this pair of actions.
        { Identifier: "set", Type: "UpdateContactData", Parameters: { WisdomSessionArn: "$.Wisdom.SessionArn" }, Transitions: { NextAction: "done", Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } },
        say("done", "session $.Wisdom.SessionArn"),
        say("failed", "failed"),
        bye,
      ],
      { type: "contactFlow" },
    ),
    "f",
  );
  return h;
}

test("a voice contact gets a session ARN derived from the assistant ARN, readable as $.Wisdom.SessionArn", async () => {
  const h = flow("$.Attributes.assistant");
  const { session, contact } = await h.start("f", { channel: "VOICE", attributes: { assistant: ASSISTANT } });
  const arn = contact.wisdomSessionArn ?? "";
  assert.match(arn, /^arn:aws:wisdom:eu-west-2:123456789012:session\/0f4a8d0e-1c2b-4d3e-9f80-112233445566\/[0-9a-f-]{36}$/);
  assert.deepEqual(said(session), [`session ${arn}`]);
});

test("chat (voice only), and a value that names no assistant, take the Error branch", async () => {
  const chat = await flow(ASSISTANT).start("f", { channel: "CHAT" });
  assert.deepEqual(pathOf(chat.session.trace).slice(0, 2), ["wisdom → Error: NoMatchingError", "failed → Success"]);
  assert.equal(chat.contact.wisdomSessionArn, undefined);

  const placeholder = await flow("%QconnectAssistantArn%").start("f", { channel: "VOICE" });
  assert.deepEqual(said(placeholder.session), ["failed"]);
});

test("session ARNs: Wisdom and Q in Connect assistant ARNs, a bare assistant id, and non-assistants", () => {
  const instance = { region: "us-east-1", accountId: "111122223333" };
  assert.equal(sessionArnFor(ASSISTANT, "s-1", instance), "arn:aws:wisdom:eu-west-2:123456789012:session/0f4a8d0e-1c2b-4d3e-9f80-112233445566/s-1");
  assert.equal(sessionArnFor(ASSISTANT.replace(":wisdom:", ":qconnect:"), "s-1", instance), "arn:aws:qconnect:eu-west-2:123456789012:session/0f4a8d0e-1c2b-4d3e-9f80-112233445566/s-1");
  assert.equal(sessionArnFor("0f4a8d0e-1c2b-4d3e-9f80-112233445566", "s-1", instance), "arn:aws:wisdom:us-east-1:111122223333:session/0f4a8d0e-1c2b-4d3e-9f80-112233445566/s-1");
  assert.equal(sessionArnFor("arn:aws:lambda:us-east-1:111122223333:function:x", "s-1", instance), undefined);
});

test("load: WisdomAssistantArn and the NoMatchingError branch are required", () => {
  const flowDocument = (params: Record<string, unknown>, errors: { NextAction: string; ErrorType: string }[]) =>
    loadFlowDocument(flowDoc([{ Identifier: "w", Type: "CreateWisdomSession", Parameters: params, Transitions: { NextAction: "bye", Errors: errors } }, bye]), "t.json");
  const errors = (f: ReturnType<typeof flowDocument>) => f.problems.filter((p) => p.severity === "error").map((p) => p.message).join("\n");
  assert.equal(errors(flowDocument({ WisdomAssistantArn: ASSISTANT }, [{ NextAction: "bye", ErrorType: "NoMatchingError" }])), "");
  assert.match(errors(flowDocument({}, [{ NextAction: "bye", ErrorType: "NoMatchingError" }])), /missing required property\. Path: Actions\[0\]\.Parameters\.WisdomAssistantArn/);
  assert.match(errors(flowDocument({ WisdomAssistantArn: ASSISTANT }, [])), /missing required error\. Error: NoMatchingError/);
});
