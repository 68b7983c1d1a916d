/**
 * The `Event` of an observation, and the `ActionType` + `ActionParameters` pair that
 * names a flow action's resource (shared with OverrideSystemBehavior).
 */
import type { ExpectedEvent, ExpectedMessage, FlowActionType, ResourceRef } from "./model.js";
import { MAX_EXPECTED_TEXT_CHARS, MAX_IDENTIFIER_CHARS } from "./limits.js";
import { type ContentReader, type Json, type Owner, isJsonObject, show } from "./reader.js";

export const EVENT_TYPES = ["TestInitiated", "TestCompleted", "MessageReceived", "FlowActionStarted", "FlowActionCompleted"] as const;

/** The four types FlowActionStarted documents; the service refused others ("Invalid action type for FlowActionStarted event"). */
export const STARTED_TYPES: readonly FlowActionType[] = ["InvokeLambdaFunction", "CheckHoursOfOperation", "TransferContactToQueue", "ConnectParticipantWithLexBot"];
/**
 * "Flow action completed" is documented for Lambda, Lex and Agentic CX, in the console
 * only. Its JSON Type is taken to be FlowActionCompleted, by analogy with
 * FlowActionStarted; Agentic CX is refused because no JSON form of its resource is
 * documented.
 */
export const COMPLETED_TYPES: readonly FlowActionType[] = ["InvokeLambdaFunction", "ConnectParticipantWithLexBot"];

const MESSAGE_FIELDS = ["Text", "SSML", "PromptId", "Media"] as const;

/** `ActionType` and `ActionParameters` of `props`, for one of `allowed`. */
export function readResource(r: ContentReader, props: Json, path: string, owner: Owner, allowed: readonly FlowActionType[], refusal: string): ResourceRef | undefined {
  const actionType = r.string(props, "ActionType", path, owner, { required: true });
  if (actionType === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(actionType)) {
    r.error(`${path}.ActionType`, `${refusal}: ${show(actionType)} (flowsim supports ${allowed.join(", ")})`, owner);
    return undefined;
  }
  const at = `${path}.ActionParameters`;
  const params = r.object(props.ActionParameters, at, owner, "ActionParameters");
  if (!params) return undefined;
  // The service refused an empty map ("InvalidFlowActionParametersProblem"): the parameters say which resource.
  if (Object.keys(params).length === 0) {
    r.error(at, "InvalidFlowActionParametersProblem: ActionParameters must name the resource", owner);
    return undefined;
  }
  const required = { required: true, nonEmpty: true, max: 500 } as const;
  switch (actionType as FlowActionType) {
    case "InvokeLambdaFunction": {
      r.onlyKeys(params, ["LambdaFunctionARN"], at, owner);
      const lambdaArn = r.string(params, "LambdaFunctionARN", at, owner, required);
      return lambdaArn === undefined ? undefined : { actionType: "InvokeLambdaFunction", lambdaArn };
    }
    case "CheckHoursOfOperation": {
      r.onlyKeys(params, ["HoursOfOperationId"], at, owner);
      const hoursId = r.string(params, "HoursOfOperationId", at, owner, required);
      return hoursId === undefined ? undefined : { actionType: "CheckHoursOfOperation", hoursId };
    }
    case "TransferContactToQueue":
    case "DequeueAndTransferToQueue": {
      r.onlyKeys(params, ["QueueId", "AgentId"], at, owner);
      const queueId = r.string(params, "QueueId", at, owner, { nonEmpty: true, max: 500 });
      const agentId = r.string(params, "AgentId", at, owner, { nonEmpty: true, max: 500 });
      if (queueId === undefined && agentId === undefined) {
        if (params.QueueId === undefined && params.AgentId === undefined) r.error(at, "QueueId (or AgentId) is missing", owner);
        return undefined;
      }
      return { actionType: actionType as "TransferContactToQueue", queueId, agentId };
    }
    case "ConnectParticipantWithLexBot": {
      r.onlyKeys(params, ["LexV2Bot"], at, owner, (k) => (k === "LexBot" ? "only Lex V2 bots (LexV2Bot.AliasArn) can be named in a test case" : undefined));
      const bot = r.object(params.LexV2Bot, `${at}.LexV2Bot`, owner, "LexV2Bot");
      if (!bot) return undefined;
      r.onlyKeys(bot, ["AliasArn"], `${at}.LexV2Bot`, owner);
      const lexAliasArn = r.string(bot, "AliasArn", `${at}.LexV2Bot`, owner, required);
      return lexAliasArn === undefined ? undefined : { actionType: "ConnectParticipantWithLexBot", lexAliasArn };
    }
  }
}

function readMessage(r: ContentReader, props: Json, path: string, owner: Owner): ExpectedMessage | undefined {
  r.onlyKeys(props, [...MESSAGE_FIELDS, "MatchingCriteria"], path, owner);
  const given = MESSAGE_FIELDS.filter((k) => props[k] !== undefined);
  if (given.length !== 1) {
    r.error(path, given.length === 0 ? "a MessageReceived event needs one of Text, SSML, PromptId or Media" : `Text, SSML, PromptId and Media are mutually exclusive; this event gives ${given.join(", ")}`, owner);
    return undefined;
  }
  const text = { nonEmpty: true, max: MAX_EXPECTED_TEXT_CHARS };
  const message: ExpectedMessage = {};
  switch (given[0]) {
    case "Text":
      message.text = r.string(props, "Text", path, owner, text);
      break;
    case "SSML":
      message.ssml = r.string(props, "SSML", path, owner, text);
      break;
    case "PromptId":
      message.promptId = r.string(props, "PromptId", path, owner, { nonEmpty: true, max: 500 });
      break;
    case "Media": {
      const media = r.object(props.Media, `${path}.Media`, owner, "Media");
      if (!media) return undefined;
      r.onlyKeys(media, ["Uri", "SourceType", "MediaType"], `${path}.Media`, owner);
      r.string(media, "SourceType", `${path}.Media`, owner);
      r.string(media, "MediaType", `${path}.Media`, owner);
      message.mediaUri = r.string(media, "Uri", `${path}.Media`, owner, { required: true, nonEmpty: true, max: 2000 });
      break;
    }
  }
  if (Object.values(message).every((v) => v === undefined)) return undefined;
  const criteria = props.MatchingCriteria;
  const at = `${path}.MatchingCriteria`;
  if (criteria === undefined) {
    // Every documented example has it and leaving it out is untested; guessing a default could pass a wrong prompt.
    if (message.text !== undefined || message.ssml !== undefined) r.error(at, 'MatchingCriteria is missing: give {"Type": "Similarity"} or {"Type": "Inclusion"}', owner);
    return message;
  }
  if (typeof criteria === "string") {
    // The service accepts a bare string at publish, turns it into {} and never matches the event.
    r.error(at, `MatchingCriteria must be an object {"Type": ${show(criteria)}}, not a bare string (the service would never match this event)`, owner);
    return undefined;
  }
  const c = r.object(criteria, at, owner, "MatchingCriteria");
  if (!c) return undefined;
  r.onlyKeys(c, ["Type"], at, owner);
  const type = r.string(c, "Type", at, owner, { required: true, oneOf: ["Similarity", "Inclusion"] });
  if (type === undefined) {
    if (c.Type === "Contains") r.warning(`${at}.Type`, '"Contains" is the console\'s label; the API value is "Inclusion"', owner);
    return undefined;
  }
  message.criteria = type as ExpectedMessage["criteria"];
  return message;
}

/** The observation's Event: its Identifier, Type and what it expects. */
export function readEvent(r: ContentReader, raw: unknown, path: string, observationId: string): { id: string; type: string; event: ExpectedEvent; raw: Json } | undefined {
  const obsOwner: Owner = { Identifier: observationId };
  const e = r.object(raw, path, obsOwner, "Event");
  if (!e) return undefined;
  const owner: Owner = { Identifier: observationId, Type: e.Type };
  r.onlyKeys(e, ["Identifier", "Type", "Actor", "Properties"], path, owner, (k) =>
    k === "MatchingCriteria" ? 'MatchingCriteria belongs inside Properties as {"Type": "Similarity" | "Inclusion"}; the service accepts it here at publish and fails the run' : undefined,
  );
  // Every event page says the Identifier must be given "for the UI to render properly"; the service is reported to require it.
  const id = r.string(e, "Identifier", path, owner, { required: true, nonEmpty: true, max: MAX_IDENTIFIER_CHARS });
  const type = r.string(e, "Type", path, owner, { required: true });
  if (type !== undefined && !(EVENT_TYPES as readonly string[]).includes(type)) {
    r.error(`${path}.Type`, `unknown event type ${show(type)} (flowsim supports ${EVENT_TYPES.join(", ")})`, owner);
    return undefined;
  }
  // Every documented event is the system's; the concepts page names Agent events but documents none.
  const actor = r.string(e, "Actor", path, owner, { required: true });
  if (actor !== undefined && actor !== "System") r.error(`${path}.Actor`, `Actor ${show(actor)} is not supported: every documented event has Actor "System" (no ${actor} event is documented)`, owner);
  const props = r.object(e.Properties, `${path}.Properties`, owner, "Properties");
  if (!props || id === undefined || type === undefined) return undefined;
  const at = `${path}.Properties`;
  let event: ExpectedEvent | undefined;
  switch (type) {
    case "TestInitiated":
    case "TestCompleted":
      r.onlyKeys(props, [], at, owner);
      event = { kind: type };
      break;
    case "MessageReceived": {
      const message = readMessage(r, props, at, owner);
      event = message && { kind: "MessageReceived", message };
      break;
    }
    case "FlowActionStarted":
    case "FlowActionCompleted": {
      r.onlyKeys(props, ["ActionType", "ActionParameters"], at, owner);
      const allowed = type === "FlowActionStarted" ? STARTED_TYPES : COMPLETED_TYPES;
      const resource = readResource(r, props, at, owner, allowed, `Invalid action type for ${type} event`);
      event = resource && { kind: type, resource };
      break;
    }
  }
  return event && isJsonObject(raw) ? { id, type, event, raw } : undefined;
}
