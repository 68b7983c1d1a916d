/**
 * Helpers for the test-case interpreter's own tests: Testing-language JSON written the
 * way the documentation shows it, and a small IVR (hours check, welcome, Lambda lookup,
 * menu, working queue, transfer) with the resources it names. Only tests import this.
 */
import type { FlowDocument } from "../flow/model.js";
import { harness, flowDoc, type ActionInput, type Harness } from "../runtime/flow-testing.js";
import type { HoursConfigEntry } from "../runtime/resources.js";
import { ALL_DAY } from "../runtime/instance-defaults.js";
import { loadTestCase, type TestCaseInput } from "./load.js";
import { runTestCase } from "./drive.js";
import type { TestCaseRun } from "./run.js";

type Json = Record<string, unknown>;

export const INSTANCE_ARN = "arn:aws:connect:us-east-1:111122223333:instance/INST";
export const arnOf = (kind: string, id: string) => `${INSTANCE_ARN}/${kind}/${id}`;
export const LOOKUP_ARN = "arn:aws:lambda:us-east-1:111122223333:function:customer-lookup";
export const BOT_ARN = "arn:aws:lex:us-east-1:111122223333:bot-alias/BOT1/ALIAS1";

export const observation = (Identifier: string, Event: Json, Actions: Json[] = [], next: string[] = []): Json => ({ Identifier, Event, Actions, Transitions: { NextObservations: next } });
const event = (Type: string, Properties: Json = {}): Json => ({ Identifier: `e-${Type}-${JSON.stringify(Properties).length}`, Type, Actor: "System", Properties });
export const testStarts = () => event("TestInitiated");
export const testCompletes = () => event("TestCompleted");
export const message = (Text: string, criteria: "Similarity" | "Inclusion" = "Similarity") => event("MessageReceived", { Text, MatchingCriteria: { Type: criteria } });
export const started = (ActionType: string, ActionParameters: Json) => event("FlowActionStarted", { ActionType, ActionParameters });
export const completed = (ActionType: string, ActionParameters: Json) => event("FlowActionCompleted", { ActionType, ActionParameters });

const chain = (next?: string) => (next ? { NextAction: next } : {});
export const send = (Identifier: string, Instruction: Json, next?: string): Json => ({ Identifier, Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Customer", Instruction }, Transitions: chain(next) });
export const dtmf = (id: string, Value: string, next?: string) => send(id, { Type: "DtmfInput", Properties: { Value } }, next);
export const say = (id: string, Value: string, next?: string) => send(id, { Type: "Utterance", Properties: { Value } }, next);
export const check = (Identifier: string, Namespace: string, Operator: string, Operand?: string, next?: string): Json => ({ Identifier, Type: "Assert", Parameters: { Namespace, Operator, ...(Operand === undefined ? {} : { Operand }) }, Transitions: chain(next) });
export const endTest = (Identifier = "end"): Json => ({ Identifier, Type: "TestControl", Parameters: { ActionType: "TestControl", Command: { Type: "EndTest" } }, Transitions: {} });
export const logData = (Identifier: string, Expressions: Json, next?: string): Json => ({ Identifier, Type: "TestControl", Parameters: { ActionType: "TestControl", Command: { Type: "LogData", Properties: { Expressions } } }, Transitions: chain(next) });
export const override = (Identifier: string, ActionType: string, ActionParameters: Json, Strategy: Json, next?: string): Json => ({
  Identifier,
  Type: "OverrideSystemBehavior",
  Parameters: { ActionType: "OverrideSystemBehavior", Behavior: { Type: "FlowAction", Properties: { ActionType, ActionParameters, Strategy } } },
  Transitions: chain(next),
});
export const substitute = (SubstituteArn: string) => ({ Type: "SubstituteResource", SubstituteArn });
export const mockResult = (ExecutionResult: Json) => ({ Type: "MockResponse", Response: { Type: "ExecutionResult", ExecutionResult } });
export const mockError = (Value: string, DelaySeconds?: number) => ({ Type: "MockResponse", Response: { Type: "Error", Error: { Value, ...(DelaySeconds === undefined ? {} : { DelaySeconds }) } } });

export const content = (observations: Json[]) => ({ Version: "2019-10-30", Metadata: {}, Observations: observations });
export const voiceEntry = (FlowId: string) => ({ Type: "VOICE_CALL", VoiceCallEntryPointParameters: { FlowId, SourcePhoneNumber: "+15550100" } });
export const chatEntry = (FlowId: string) => ({ Type: "CHAT", ChatEntryPointParameters: { FlowId } });

/** Loads a test case (failing loudly on errors) and runs it to its end on the harness's clock. */
export async function runOn(h: Harness, input: TestCaseInput): Promise<TestCaseRun> {
  const loaded = loadTestCase({ Name: "test", ...input }, "test.json");
  const errors = loaded.problems.filter((p) => p.severity === "error");
  if (errors.length || !loaded.testCase) throw new Error(`test case has errors:\n${errors.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
  return runTestCase(h.runtime, loaded.testCase);
}

/** Why each failed observation failed, by Identifier. */
export function failures(run: TestCaseRun): Record<string, string> {
  return Object.fromEntries(run.observations().filter((s) => s.status === "failed").map((s) => [s.observation.id, s.failure ?? ""]));
}

const equals = (value: string, NextAction: string) => ({ NextAction, Condition: { Operator: "Equals", Operands: [value] } });
const sayThen = (Identifier: string, Text: string, NextAction: string): ActionInput => ({ Identifier, Type: "MessageParticipant", Parameters: { Text }, Transitions: { NextAction, Errors: [{ ErrorType: "NoMatchingError", NextAction }] } });
const setQueue = (Identifier: string, id: string): ActionInput => ({ Identifier, Type: "UpdateContactTargetQueue", Parameters: { QueueId: arnOf("queue", id) }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "goodbye" }] } });

/** The IVR: hours MAIN → welcome → Lambda lookup → menu (1 support, 2 billing) → working queue → transfer. */
export function ivrFlow(): FlowDocument {
  return flowDoc(
    [
      {
        Identifier: "hours",
        Type: "CheckHoursOfOperation",
        Parameters: { HoursOfOperationId: arnOf("operating-hours", "MAIN") },
        Transitions: { NextAction: "welcome", Conditions: [equals("True", "welcome"), equals("False", "closed")], Errors: [{ ErrorType: "NoMatchingError", NextAction: "closed" }] },
      },
      sayThen("welcome", "Welcome to Example Corp.", "lookup"),
      {
        Identifier: "lookup",
        Type: "InvokeLambdaFunction",
        Parameters: { LambdaFunctionARN: LOOKUP_ARN, InvocationTimeLimitSeconds: "3", ResponseValidation: { ResponseType: "STRING_MAP" } },
        Transitions: { NextAction: "tier", Errors: [{ ErrorType: "NoMatchingError", NextAction: "not-found" }] },
      },
      { Identifier: "tier", Type: "UpdateContactAttributes", Parameters: { Attributes: { tier: "$.External.tier" }, TargetContact: "Current" }, Transitions: { NextAction: "menu", Errors: [{ ErrorType: "NoMatchingError", NextAction: "menu" }] } },
      sayThen("not-found", "Sorry, we could not find your account.", "menu"),
      {
        Identifier: "menu",
        Type: "GetParticipantInput",
        Parameters: { Text: "Press 1 for support. Press 2 for billing.", StoreInput: "False", InputTimeLimitSeconds: "5" },
        Transitions: {
          NextAction: "goodbye",
          Conditions: [equals("1", "to-support"), equals("2", "to-billing")],
          Errors: [
            { ErrorType: "InputTimeLimitExceeded", NextAction: "goodbye" },
            { ErrorType: "NoMatchingCondition", NextAction: "goodbye" },
            { ErrorType: "NoMatchingError", NextAction: "goodbye" },
          ],
        },
      },
      setQueue("to-support", "SUPPORT"),
      setQueue("to-billing", "BILLING"),
      { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "goodbye" }, { ErrorType: "NoMatchingError", NextAction: "goodbye" }] } },
      sayThen("closed", "We are closed. Please call again during business hours.", "goodbye"),
      { Identifier: "goodbye", Type: "DisconnectParticipant" },
    ],
    { type: "contactFlow" },
  );
}

/** A harness with the IVR published as "ivr", hours MAIN (never open), ALWAYS_OPEN and CLOSED, queues SUPPORT and BILLING. */
export function ivrHarness(): { h: Harness; flowId: string } {
  const h = harness();
  const hours = (id: string, config: HoursConfigEntry[]) => h.runtime.resources.hours.add({ id, name: id, arn: h.runtime.resources.arn("operating-hours", id), timeZone: "UTC", config });
  hours("MAIN", []);
  hours("ALWAYS_OPEN", ALL_DAY);
  hours("CLOSED", []);
  h.runtime.addQueue({ id: "SUPPORT", name: "Support" });
  h.runtime.addQueue({ id: "BILLING", name: "Billing" });
  return { h, flowId: h.publish(ivrFlow(), "ivr").id };
}
