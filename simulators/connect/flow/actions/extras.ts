/**
 * Start outbound chat contact (reference §2.3) and the Types the service accepts that the
 * action reference does not list (§2.5). The email and data-table types live beside this
 * file (extras-email.ts, extras-data-tables.ts); all of them are registered from here.
 *
 * Decisions where the reference is silent or third-party only:
 * - StartOutboundChatContact starts a real CHAT contact (subtype connect:SMS, initiation
 *   method API) running ContactFlowArn; the initial system message reaches the customer
 *   before that flow says anything.
 * - CreatePersistentContactAssociation takes the source chat from SourceContactId (a
 *   third party reports the API requires it; the console's catalog export leaves it out,
 *   hence a warning only). The source must be an ended chat of this instance, and one
 *   source can seed only one new chat ("only once"). The association is recorded in
 *   `contact.behaviours.persistentChat`; transcripts are not replayed.
 * - AuthenticateParticipant: "authenticated" is what the authentication responder says
 *   the customer did (sign in, opt out, fail, or nothing until the time limit); opting out
 *   takes the Error branch, since the service takes no Conditions on this block. The result
 *   is written where Connect reports it, `$.SegmentAttributes['connect:CustomerAuthentication']`.
 * - ConnectParticipantWithAgenticCX: parameters and branches as in the console export the
 *   reference points to (aws-samples `connect-participant-with-agentic-cx.md`, verified by
 *   re-import). The agentic CX responder plays the conversation; its context variables
 *   are readable afterwards as `$.AgenticCX.ContextVariables.<name>`. Tasks and emails
 *   have no one to converse with and take the Error branch.
 */
import { onlyIn, type ActionContext, type ActionDefinition, type ParamSpec } from "../action.js";
import type { Contact, SegmentAttributeValue } from "../contact.js";
import { HostError } from "../host.js";
import { definitions as dataTables } from "./extras-data-tables.js";
import { definitions as email } from "./extras-email.js";
import { isObject, num } from "./util.js";
import { aContactOn } from "../flow-types.js";

const E164 = /^\+[1-9]\d{1,14}$/;

export const startOutboundChatContact: ActionDefinition = {
  type: "StartOutboundChatContact",
  family: "contact",
  params: {
    SourceEndpoint: {
      dynamism: "static",
      kind: "object",
      required: true,
      fields: { Address: { dynamism: "single", required: true }, Type: { dynamism: "static", kind: "enum", enum: ["CONNECT_PHONENUMBER_ARN"], required: true } },
    },
    DestinationEndpoint: {
      dynamism: "static",
      kind: "object",
      required: true,
      fields: { Address: { dynamism: "single", required: true }, Type: { dynamism: "static", kind: "enum", enum: ["TELEPHONE_NUMBER"], required: true } },
    },
    ContactFlowArn: { dynamism: "single", required: true },
    ContactSubtype: { dynamism: "static", kind: "enum", enum: ["connect:SMS"], required: true },
    InitialSystemMessage: { dynamism: "static", kind: "object", fields: { Content: { dynamism: "any", required: true } } },
    RelatedContact: { dynamism: "static", kind: "enum", enum: ["CURRENT"] },
  },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  async run(ctx) {
    const p = ctx.params;
    const source = ctx.text((p.SourceEndpoint as Record<string, unknown>).Address);
    if (!source) return { kind: "error", errorType: "NoMatchingError", detail: "SourceEndpoint.Address has no value" };
    const destination = ctx.text((p.DestinationEndpoint as Record<string, unknown>).Address);
    if (!destination || !E164.test(destination)) return { kind: "error", errorType: "NoMatchingError", detail: `DestinationEndpoint.Address ${JSON.stringify(destination ?? "")} is not an E.164 phone number` };
    const flowRef = ctx.text(p.ContactFlowArn);
    if (!flowRef) return { kind: "error", errorType: "NoMatchingError", detail: `ContactFlowArn ${String(p.ContactFlowArn)} has no value` };
    const message = isObject(p.InitialSystemMessage) ? ctx.text(p.InitialSystemMessage.Content) : undefined;
    let chat: Contact;
    try {
      chat = await ctx.host.startOutboundContact(ctx.contact, {
        channel: "CHAT",
        initiationMethod: "API",
        contactFlowRef: flowRef,
        customerEndpoint: { Address: destination, Type: "TELEPHONE_NUMBER" },
        systemEndpoint: { Address: source, Type: "CONNECT_PHONENUMBER_ARN" },
        segmentAttributes: { "connect:Subtype": { ValueString: "connect:SMS" } },
        related: p.RelatedContact === "CURRENT",
        initialSystemMessage: message,
      });
    } catch (err) {
      if (err instanceof HostError) return { kind: "error", errorType: "NoMatchingError", detail: err.message };
      throw err;
    }
    ctx.note(`started SMS chat contact ${chat.id} to ${destination}`);
    return { kind: "next" };
  },
};

/** Sources already used to seed a persistent chat ("You can enable persistence of a SourceContactID on a new chat only once"). */
const usedSources = new WeakSet<Contact>();
const REHYDRATION: Record<string, "ENTIRE_PAST_SESSION" | "FROM_SEGMENT"> = {
  ENTIRE_PAST_SESSION: "ENTIRE_PAST_SESSION",
  FROM_SEGMENT: "FROM_SEGMENT",
  // The console writes its labels.
  "Entire Past Session": "ENTIRE_PAST_SESSION",
  "From Segment": "FROM_SEGMENT",
};

export const createPersistentContactAssociation: ActionDefinition = {
  type: "CreatePersistentContactAssociation",
  family: "contact",
  params: {
    RehydrationType: { dynamism: "static", kind: "enum", enum: Object.keys(REHYDRATION), required: true },
    SourceContactId: { dynamism: "single", required: "warn" },
  },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  channels: { VOICE: "error", TASK: "error", EMAIL: "error" },
  async run(ctx) {
    const rehydration = REHYDRATION[String(ctx.params.RehydrationType)];
    const sourceId = ctx.text(ctx.params.SourceContactId);
    if (!sourceId) return { kind: "error", errorType: "NoMatchingError", detail: "SourceContactId has no value: there is no past chat to continue" };
    const source = ctx.host.findContact(sourceId);
    if (!source) return { kind: "error", errorType: "NoMatchingError", detail: `no contact ${sourceId} in this instance` };
    if (source.channel !== "CHAT") return { kind: "error", errorType: "NoMatchingError", detail: `contact ${sourceId} is ${aContactOn(source.channel)}, not a chat` };
    if (!source.ended) return { kind: "error", errorType: "NoMatchingError", detail: `chat ${sourceId} has not ended; only a past chat can be continued` };
    if (usedSources.has(source)) return { kind: "error", errorType: "NoMatchingError", detail: `chat ${sourceId} already seeded a persistent chat; a source can be used only once` };
    if (ctx.contact.behaviours.persistentChat !== undefined) return { kind: "error", errorType: "NoMatchingError", detail: "this chat is already associated with a past chat" };
    usedSources.add(source);
    ctx.contact.behaviours.persistentChat = { rehydrationType: rehydration, sourceContactId: sourceId };
    ctx.changed("PersistentChat", "SourceContactId", undefined, sourceId);
    return { kind: "next" };
  },
};

export const MIN_AUTH_MINUTES = 3;
export const MAX_AUTH_MINUTES = 15;
const AUTH_ATTRIBUTE = "connect:CustomerAuthentication";

function setAuthentication(ctx: ActionContext, status: "AUTHENTICATED" | "FAILED" | "TIMEOUT", clientId: string | undefined, customerId?: string): void {
  const value: Record<string, SegmentAttributeValue> = { Status: { ValueString: status }, IdentityProvider: { ValueString: "Cognito" } };
  if (clientId) value.ClientId = { ValueString: clientId };
  if (customerId) value.AssociatedCustomerId = { ValueString: customerId };
  const before = ctx.contact.segmentAttributes[AUTH_ATTRIBUTE]?.ValueMap?.Status?.ValueString;
  ctx.contact.segmentAttributes[AUTH_ATTRIBUTE] = { ValueMap: value };
  ctx.changed("SegmentAttributes", `${AUTH_ATTRIBUTE}.Status`, before, status);
}

export const authenticateParticipant: ActionDefinition = {
  type: "AuthenticateParticipant",
  family: "participant",
  params: {
    CognitoConfiguration: {
      dynamism: "static",
      kind: "object",
      required: true,
      fields: { UserPoolArn: { dynamism: "static", kind: "string", required: true }, AppClientId: { dynamism: "static", kind: "string", required: true } },
    },
    CustomerProfilesConfiguration: { dynamism: "static", kind: "object", required: true, fields: { ObjectTypeName: { dynamism: "static", kind: "string", required: true } } },
    // Required, and no Conditions: the live service refuses an AuthenticateParticipant
    // without TimeLimitMinutes or with Conditions (recorded CreateContactFlow calls of a
    // public project against a real instance, issue 12), although exports once carried an
    // `Equals OptedOut` condition (reference §2.5).
    TimeLimitMinutes: { dynamism: "static", kind: "integer", min: MIN_AUTH_MINUTES, max: MAX_AUTH_MINUTES, required: true },
  },
  errors: { allowed: ["TimeLimitExceeded", "NoMatchingError"], required: ["TimeLimitExceeded", "NoMatchingError"] },
  flowTypes: onlyIn(["CONTACT_FLOW"]),
  channels: { VOICE: "error", TASK: "error", EMAIL: "error" },
  async run(ctx) {
    const cognito = ctx.params.CognitoConfiguration as Record<string, unknown>;
    const profiles = ctx.params.CustomerProfilesConfiguration as Record<string, unknown>;
    const clientId = typeof cognito.AppClientId === "string" ? cognito.AppClientId : undefined;
    const limitMs = (num(ctx.params.TimeLimitMinutes) ?? MIN_AUTH_MINUTES) * 60_000;
    const answer = await ctx.host.responders.authentication({
      contactId: ctx.contact.id,
      userPoolArn: typeof cognito.UserPoolArn === "string" ? cognito.UserPoolArn : undefined,
      appClientId: clientId,
      objectTypeName: typeof profiles.ObjectTypeName === "string" ? profiles.ObjectTypeName : undefined,
      timeLimitMs: limitMs,
    });
    const source = ctx.host.responders.lastSource("authentication");
    ctx.note(`answered by ${source === "default" ? "the default authentication responder (nobody signs in)" : source}`);
    const label = `waiting for the customer to sign in (${ctx.action.Identifier})`;
    const after = answer.outcome === "timed-out" ? limitMs : Math.max(0, answer.afterMs ?? 0);
    if (after >= limitMs) {
      await ctx.host.clock.sleep(limitMs, ctx.signal, label);
      setAuthentication(ctx, "TIMEOUT", clientId);
      return { kind: "error", errorType: "TimeLimitExceeded", detail: `the customer did not sign in within ${limitMs / 60_000} minutes` };
    }
    if (after > 0) await ctx.host.clock.sleep(after, ctx.signal, label);
    switch (answer.outcome) {
      case "authenticated":
        setAuthentication(ctx, "AUTHENTICATED", clientId, answer.customerId);
        return { kind: "next" };
      case "opted-out":
        // With no condition to route it, opting out is the block's Error branch, and the trace says why.
        return { kind: "error", errorType: "NoMatchingError", detail: "the customer opted out of signing in" };
      default:
        setAuthentication(ctx, "FAILED", clientId);
        return { kind: "error", errorType: "NoMatchingError", detail: "the sign-in failed" };
    }
  },
};

export const MAX_CONTEXT_VARIABLES = 10;
const MS: ParamSpec = { dynamism: "static", kind: "integer", min: 0 };

export const connectParticipantWithAgenticCX: ActionDefinition = {
  type: "ConnectParticipantWithAgenticCX",
  family: "participant",
  params: {
    AgentConfiguration: {
      dynamism: "static",
      kind: "object",
      required: true,
      fields: {
        WorkspaceId: { dynamism: "single", required: true },
        ApplicationId: { dynamism: "single", required: true },
        Alias: { dynamism: "single", required: true },
        ContextVariables: { dynamism: "static", kind: "map", values: { dynamism: "any", kind: "string" } },
      },
    },
    SpeechRecognitionConfiguration: { dynamism: "static", kind: "object", fields: { SpeechRecognitionEngine: { dynamism: "static", kind: "string", required: true } } },
    AudioFillerConfiguration: {
      dynamism: "static",
      kind: "object",
      fields: {
        Enabled: { dynamism: "static", kind: "boolean" },
        AudioType: { dynamism: "static", kind: "string" },
        StartDelayInMilliseconds: MS,
        MinimumPlayDurationInMilliseconds: MS,
        ResponseDeliveryDelayInMilliseconds: MS,
      },
    },
  },
  errors: { allowed: ["NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded"], required: ["NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded"] },
  conditions: { operators: ["Equals"], allowedOperands: ["Escalation"] },
  channels: { TASK: "error", EMAIL: "error" },
  validate(action, v) {
    const config = action.Parameters.AgentConfiguration;
    const vars = isObject(config) && isObject(config.ContextVariables) ? Object.keys(config.ContextVariables) : [];
    if (vars.length > MAX_CONTEXT_VARIABLES) {
      const at = `${v.path}.Parameters.AgentConfiguration.ContextVariables`;
      v.problems.error(at, `Invalid Action property value. Path: ${at} (at most ${MAX_CONTEXT_VARIABLES} context variables; this has ${vars.length})`, action);
    }
  },
  async run(ctx) {
    const config = ctx.params.AgentConfiguration as Record<string, unknown>;
    const ids = { workspaceId: ctx.text(config.WorkspaceId), applicationId: ctx.text(config.ApplicationId), alias: ctx.text(config.Alias) };
    const missing = Object.entries(ids).find(([, value]) => !value);
    if (missing) return { kind: "error", errorType: "NoMatchingError", detail: `AgentConfiguration ${missing[0]} has no value` };
    const contextVariables: Record<string, string> = {};
    if (isObject(config.ContextVariables)) for (const [name, raw] of Object.entries(config.ContextVariables)) contextVariables[name] = ctx.text(raw) ?? "";
    const answer = await ctx.host.responders.agenticCx({ ...(ids as { workspaceId: string; applicationId: string; alias: string }), contextVariables, channel: ctx.contact.channel, contactId: ctx.contact.id });
    const source = ctx.host.responders.lastSource("agenticCx");
    ctx.note(`answered by ${source === "default" ? "the default agentic CX responder (the conversation ends normally)" : source}`);
    if ((answer.durationMs ?? 0) > 0) await ctx.host.clock.sleep(answer.durationMs!, ctx.signal, `conversation with the AI agent (${ctx.action.Identifier})`);
    const after = { ...contextVariables, ...answer.contextVariables };
    for (const [name, value] of Object.entries(after)) ctx.changed("AgenticCX", `ContextVariables.${name}`, ctx.contact.agenticCx?.ContextVariables[name], value);
    ctx.contact.agenticCx = { ContextVariables: after };
    switch (answer.outcome) {
      case "completed":
        return { kind: "next" };
      case "escalated":
        return { kind: "result", value: "Escalation" };
      case "idle-timeout":
        return { kind: "error", errorType: "InputTimeLimitExceeded", detail: "the customer stopped answering the AI agent" };
      default:
        return { kind: "error", errorType: "NoMatchingError", detail: "the AI agent conversation failed" };
    }
  },
};

export const definitions: ActionDefinition[] = [
  startOutboundChatContact,
  createPersistentContactAssociation,
  authenticateParticipant,
  connectParticipantWithAgenticCX,
  ...email,
  ...dataTables,
];
