import { test } from "node:test";
import assert from "node:assert/strict";
import { loggedModules } from "./flow-log-modules.js";
import type { TraceStep } from "../flow/trace.js";

type ActionStep = Extract<TraceStep, { kind: "action" }>;
const step = (actionType: string, extra: Partial<ActionStep> = {}): ActionStep => ({ kind: "action", at: 0, contactId: "c1", flowId: "f1", flowName: "Support", actionId: "a1", actionType, branch: "Success", ...extra });

test("Set logging behavior is logged as the designer's SetLoggingBehavior, Enable or Disable", () => {
  assert.deepEqual(loggedModules(step("UpdateFlowLoggingBehavior"), { FlowLoggingBehavior: "Enabled" }), [{ ContactFlowModuleType: "SetLoggingBehavior", Parameters: { LoggingBehavior: "Enable" } }]);
  assert.deepEqual(loggedModules(step("UpdateFlowLoggingBehavior"), { FlowLoggingBehavior: "Disabled" })[0]?.Parameters, { LoggingBehavior: "Disable" });
});

test("Set contact attributes is one SetAttributes event per attribute it sets, with the value as set, changed or not", () => {
  const after = { tier: "gold", lang: "en", other: "x" };
  assert.deepEqual(loggedModules(step("UpdateContactAttributes"), { Attributes: { tier: "$.External.tier", lang: "en" } }, after), [
    { ContactFlowModuleType: "SetAttributes", Parameters: { Value: "gold", AddAttributeToRelatedContact: "false", Key: "tier" } },
    { ContactFlowModuleType: "SetAttributes", Parameters: { Value: "en", AddAttributeToRelatedContact: "false", Key: "lang" } },
  ]);
  // Flow attributes only, or the related contact's: one event, the parameters as published.
  assert.deepEqual(loggedModules(step("UpdateContactAttributes"), { FlowAttributes: { scratch: { Value: "x" } } }, after), [{ ContactFlowModuleType: "SetAttributes", Parameters: { FlowAttributes: { scratch: { Value: "x" } } } }]);
  assert.deepEqual(loggedModules(step("UpdateContactAttributes"), { TargetContact: "Related", Attributes: { tier: "gold" } }, after)[0]?.Parameters, { TargetContact: "Related", Attributes: { tier: "gold" } });
});

test("prompts, input, Lex, Lambda, queue, transfer and disconnect get the designer's names and shapes", () => {
  const one = (type: string, parameters: Record<string, unknown>) => loggedModules(step(type), parameters);
  assert.deepEqual(one("MessageParticipant", { Text: "Hi $.Name" }), [{ ContactFlowModuleType: "PlayPrompt", Parameters: { Text: "Hi $.Name", TextToSpeechType: "text" } }]);
  assert.deepEqual(one("MessageParticipant", { SSML: "<speak>Hi</speak>" })[0]?.Parameters, { Text: "<speak>Hi</speak>", TextToSpeechType: "ssml" });
  assert.deepEqual(one("GetParticipantInput", { Text: "Press 1", InputTimeLimitSeconds: "5", StoreInput: "False" }), [{ ContactFlowModuleType: "GetUserInput", Parameters: { Text: "Press 1", TextToSpeechType: "text", Timeout: "5" } }]);
  assert.equal(one("GetParticipantInput", { Text: "Your number", StoreInput: "True", InputValidation: { CustomValidation: { MaximumLength: "10" } } })[0]?.ContactFlowModuleType, "StoreUserInput");
  assert.deepEqual(one("ConnectParticipantWithLexBot", { Text: "How can I help?", LexV2Bot: { AliasArn: "arn:aws:lex:bot-alias/B/A" } })[0]?.Parameters, { Text: "How can I help?", TextToSpeechType: "text", BotAliasArn: "arn:aws:lex:bot-alias/B/A" });
  assert.deepEqual(one("InvokeLambdaFunction", { LambdaFunctionARN: "arn:aws:lambda:fn", InvocationTimeLimitSeconds: "3", LambdaInvocationAttributes: { id: "$.CustomerEndpoint.Address" } }), [
    { ContactFlowModuleType: "InvokeExternalResource", Parameters: { FunctionArn: "arn:aws:lambda:fn", Parameters: { id: "$.CustomerEndpoint.Address" } } },
  ]);
  assert.deepEqual(one("UpdateContactTargetQueue", { QueueId: "arn:aws:connect:queue/q1" }), [{ ContactFlowModuleType: "SetQueue", Parameters: { Queue: "arn:aws:connect:queue/q1" } }]);
  assert.deepEqual(one("TransferToFlow", { ContactFlowId: "arn:flow/f2" }), [{ ContactFlowModuleType: "Transfer", Parameters: { ContactFlowId: "arn:flow/f2" } }]);
  assert.deepEqual(one("DisconnectParticipant", {}), [{ ContactFlowModuleType: "Disconnect", Parameters: {} }]);
});

test("a block with no confirmed designer name is logged under its action type, with its parameters as published", () => {
  assert.deepEqual(loggedModules(step("Wait"), { TimeLimitSeconds: "60" }), [{ ContactFlowModuleType: "Wait", Parameters: { TimeLimitSeconds: "60" } }]);
  assert.deepEqual(loggedModules(step("TransferContactToQueue"), {}), [{ ContactFlowModuleType: "TransferContactToQueue", Parameters: {} }]);
});
