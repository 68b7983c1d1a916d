import { test } from "node:test";
import assert from "node:assert/strict";
import { ALL_DEFINITIONS, definitionFor, knownTypes } from "./registry.js";

/** The 56-row index of the action reference (§2.0), in its spelling. */
const INDEX = [
  "ConnectParticipantWithLexBot",
  "DisconnectParticipant",
  "GetParticipantInput",
  "MessageParticipant",
  "MessageParticipantIteratively",
  "ShowView",
  "CheckHoursOfOperation",
  "CheckMetricData",
  "CheckOutboundCallStatus",
  "CheckVoiceId",
  "Compare",
  "DistributeByPercentage",
  "EndFlowExecution",
  "GetMetricData",
  "Loop",
  "StartVoiceIdStream",
  "TransferToFlow",
  "UpdateFlowAttributes",
  "UpdateFlowLoggingBehavior",
  "UpdateRoutingCriteria",
  "Wait",
  "CompleteOutboundCall",
  "CreateCase",
  "CreateTask",
  "CreateWisdomSession",
  "DequeueContactAndTransferToQueue",
  "EndFlowModuleExecution",
  "GetCase",
  "InvokeFlowModule",
  "ResumeContact",
  "StartOutboundChatContact",
  "TagContact",
  "TransferContactToAgent",
  "TransferContactToQueue",
  "UnTagContact",
  "UpdateCase",
  "UpdateContactAttributes",
  "UpdateContactCallbackNumber",
  "UpdateContactData",
  "UpdateContactEventHooks",
  "UpdateContactMediaProcessing",
  "UpdateContactMediaStreamingBehavior",
  "UpdateContactRecordingAndAnalyticsBehavior",
  "UpdateContactRecordingBehavior",
  "UpdateContactRoutingBehavior",
  "UpdateContactTargetQueue",
  "UpdateContactTextToSpeechVoice",
  "UpdatePreviousContactParticipantState",
  "AssociateContactToCustomerProfile",
  "CreateCallbackContact",
  "CreateCustomerProfile",
  "GetCalculatedAttributesForCustomerProfile",
  "GetCustomerProfile",
  "GetCustomerProfileObject",
  "InvokeLambdaFunction",
  "UpdateCustomerProfile",
];

/** Types the service accepts or exports that the index leaves out (§2.5), in the service's spelling. */
const SERVICE_ONLY = [
  "TransferParticipantToThirdParty",
  "CreatePersistentContactAssociation",
  "AuthenticateParticipant",
  "EvaluateDataTableValues",
  "ListDataTableValues",
  "UpsertDataTableValues",
  "LoadContactContent",
  "RenderMessageTemplate",
  "CreateContact",
  "StartOutboundEmailContact",
  "UpdateContactRoutingCriteria",
  "UntagContact",
  "ConnectParticipantWithAgenticCX",
];

test("the reference index has 56 Types and every one is known", () => {
  assert.equal(new Set(INDEX).size, 56);
  const missing = INDEX.filter((t) => !definitionFor(t));
  assert.deepEqual(missing, [], `not defined yet: ${missing.join(", ")}`);
});

test("the service-only Types of §2.5 are known", () => {
  const missing = SERVICE_ONLY.filter((t) => !definitionFor(t));
  assert.deepEqual(missing, [], `not defined yet: ${missing.join(", ")}`);
});

test("doc and service spellings of the same action share one definition", () => {
  for (const [doc, service] of [
    ["UnTagContact", "UntagContact"],
    ["UpdateRoutingCriteria", "UpdateContactRoutingCriteria"],
  ]) {
    const byDoc = definitionFor(doc);
    const byService = definitionFor(service);
    assert.ok(byDoc && byService, `${doc} / ${service} defined`);
    assert.equal(byDoc, byService, `${doc} and ${service} are one action`);
    assert.equal(byService.type, service, "the canonical Type is the service spelling");
  }
});

test("console block names are not Types", () => {
  for (const name of ["TransferToQueue", "PlayPrompt", "SetWorkingQueue", "TransferToAgent", "CheckStaffing", "CheckQueueStatus", "StoreCustomerInput", "SetContactAttributes", "CheckAttribute"]) {
    assert.equal(definitionFor(name), undefined, name);
  }
});

test("every definition is registered under its Type and aliases, with a family and an error list", () => {
  const types = new Set(knownTypes());
  for (const d of ALL_DEFINITIONS) {
    assert.ok(types.has(d.type), d.type);
    for (const alias of d.aliases ?? []) assert.equal(definitionFor(alias), d, alias);
    assert.ok(["participant", "flow-control", "contact", "interaction"].includes(d.family), `${d.type} family`);
    assert.ok(Array.isArray(d.errors.allowed), `${d.type} errors`);
    for (const e of [...(d.errors.required ?? []), ...(d.errors.recommended ?? [])]) assert.ok(d.errors.allowed.includes(e), `${d.type}: ${e} must be an allowed error`);
  }
});
