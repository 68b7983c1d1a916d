/**
 * What a block looks like in Amazon Connect's flow logs. The service logs the designer's
 * module names, not the flow language's action types, and some blocks in the designer's
 * parameter shape: public examples of real logs show `SetLoggingBehavior` with
 * `{ LoggingBehavior: "Enable" }`, one `SetAttributes` event per attribute with
 * `{ Key, Value, AddAttributeToRelatedContact }` and the value as set, `SetQueue` with
 * `{ Queue }`, `PlayPrompt` and `GetUserInput` with `{ Text, ... }`, `InvokeExternalResource`
 * with `{ FunctionArn, Parameters }`, `Transfer` with `{ ContactFlowId }`, `Disconnect`,
 * `CheckAttribute`, `SetVoice`, `StoreUserInput`.
 *
 * Only those are renamed here. Any other block is logged under its action type with its
 * parameters as published: what the service writes for it is not in anything public we
 * could read, and a guessed name would look confirmed. The Identifier is the action's in
 * every case, so a reader that follows a contact by block (support/drivers/flow-logs.ts)
 * does not depend on the names.
 */
import type { TraceStep } from "../flow/trace.js";

type ActionStep = Extract<TraceStep, { kind: "action" }>;

export interface LoggedModule {
  ContactFlowModuleType: string;
  Parameters: Record<string, unknown>;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A prompt's text and how it is spoken, as PlayPrompt and GetUserInput log it. */
function prompt(parameters: Record<string, unknown>): Record<string, unknown> {
  const ssml = text(parameters.SSML);
  if (ssml !== undefined) return { Text: ssml, TextToSpeechType: "ssml" };
  const plain = text(parameters.Text);
  return plain === undefined ? {} : { Text: plain, TextToSpeechType: "text" };
}

type Renamer = (parameters: Record<string, unknown>, step: ActionStep, attributes: Readonly<Record<string, string>>) => LoggedModule[];

const RENAMED: Record<string, Renamer> = {
  UpdateFlowLoggingBehavior: (p) => [{ ContactFlowModuleType: "SetLoggingBehavior", Parameters: { LoggingBehavior: p.FlowLoggingBehavior === "Enabled" ? "Enable" : "Disable" } }],
  // One event per attribute the block sets, with the value it set (a dynamic one resolved),
  // whether or not it changed. On the related contact, the parameters as published.
  UpdateContactAttributes: (p, _step, attributes) => {
    const keys = p.TargetContact === "Related" || !p.Attributes || typeof p.Attributes !== "object" ? [] : Object.keys(p.Attributes);
    if (!keys.length) return [{ ContactFlowModuleType: "SetAttributes", Parameters: p }];
    return keys.map((key) => ({ ContactFlowModuleType: "SetAttributes", Parameters: { Value: attributes[key] ?? "", AddAttributeToRelatedContact: "false", Key: key } }));
  },
  UpdateContactTargetQueue: (p) => [{ ContactFlowModuleType: "SetQueue", Parameters: p.QueueId === undefined ? p : { Queue: p.QueueId } }],
  MessageParticipant: (p) => [{ ContactFlowModuleType: "PlayPrompt", Parameters: { ...prompt(p), ...(p.PromptId !== undefined && { PromptId: p.PromptId }) } }],
  GetParticipantInput: (p) => [
    {
      ContactFlowModuleType: p.StoreInput === "True" ? "StoreUserInput" : "GetUserInput",
      Parameters: { ...prompt(p), ...(p.InputTimeLimitSeconds !== undefined && { Timeout: p.InputTimeLimitSeconds }), ...(p.StoreInput === "True" && p.InputValidation !== undefined && { InputValidation: p.InputValidation }) },
    },
  ],
  ConnectParticipantWithLexBot: (p) => {
    const bot = (p.LexV2Bot ?? {}) as { AliasArn?: unknown };
    return [{ ContactFlowModuleType: "GetUserInput", Parameters: { ...prompt(p), ...(bot.AliasArn !== undefined && { BotAliasArn: bot.AliasArn }) } }];
  },
  InvokeLambdaFunction: (p) => [{ ContactFlowModuleType: "InvokeExternalResource", Parameters: { FunctionArn: p.LambdaFunctionARN, Parameters: p.LambdaInvocationAttributes ?? {} } }],
  TransferToFlow: (p) => [{ ContactFlowModuleType: "Transfer", Parameters: { ContactFlowId: p.ContactFlowId } }],
  DisconnectParticipant: () => [{ ContactFlowModuleType: "Disconnect", Parameters: {} }],
  Compare: (p) => [{ ContactFlowModuleType: "CheckAttribute", Parameters: p }],
  UpdateContactTextToSpeechVoice: (p) => [{ ContactFlowModuleType: "SetVoice", Parameters: p }],
};

/**
 * The events a block run writes to the flow log: one, or one per attribute for Set contact
 * attributes. `attributes` are the contact's user-defined attributes once the block has run.
 */
export function loggedModules(step: ActionStep, parameters: Record<string, unknown>, attributes: Readonly<Record<string, string>> = {}): LoggedModule[] {
  const rename = RENAMED[step.actionType];
  return rename ? rename(parameters, step, attributes) : [{ ContactFlowModuleType: step.actionType, Parameters: parameters }];
}

