/**
 * StartChatContact (`PUT /contact/chat`) and CreateParticipant
 * (`POST /contact/create-participant`): request checks in the service's words, then the
 * runtime starts the chat or adds the participant.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { requireInstance } from "./common.js";
import { ChatError, type ParticipantRole, type Rehydration } from "../../runtime/chat.js";
import { rehydrate } from "../../runtime/chat-history.js";
import type { SegmentAttributeValue } from "../../flow/contact.js";
import { fingerprint, iso } from "../participant/common.js";
import { aFlowOfType, aContactOn } from "../../flow/flow-types.js";

/** SupportedMessagingContentTypes values (text/plain is mandatory). */
const MESSAGING_CONTENT_TYPES = ["text/plain", "text/markdown", "application/json", "application/vnd.amazonaws.connect.message.interactive", "application/vnd.amazonaws.connect.message.interactive.response"];
const INTERACTIVE = "application/vnd.amazonaws.connect.message.interactive";
/** ChatMessage.ContentType values for InitialMessage. */
const INITIAL_MESSAGE_TYPES = ["text/plain", "text/markdown", "application/json", "application/vnd.amazonaws.connect.message.interactive.response"];
const ATTRIBUTE_KEY = /^[a-zA-Z0-9_-]+$/;
const MAX_ATTRIBUTE_BYTES = 32_768;
const DEFAULT_CHAT_MINUTES = 25 * 60;
const ROLES: ParticipantRole[] = ["AGENT", "CUSTOMER", "SYSTEM", "CUSTOM_BOT", "SUPERVISOR"];
const SEGMENT_VALUE_MEMBERS = ["ValueString", "ValueInteger", "ValueMap", "ValueList", "ValueArn"];

/** Maps a chat-model refusal to the Connect API's errors. */
function connectChatError(err: unknown): unknown {
  if (!(err instanceof ChatError)) return err;
  if (err.kind === "not-found") return connectErrors.resourceNotFound(err.message);
  if (err.kind === "conflict") return connectErrors.conflict(err.message);
  return connectErrors.invalidRequest(err.message);
}

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw connectChatError(err);
  }
}

/**
 * A SegmentAttributeValue is a union: exactly one member. Keys starting with `connect:` are
 * system-defined; user-defined keys follow the attribute-key rule and take no ValueList or
 * ValueArn ("only supported for system-defined attributes").
 */
function checkSegmentAttributes(shape: Shape, attributes: Record<string, unknown>): void {
  const visit = (value: unknown, path: string, system: boolean): void => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return shape.violation(`Value at '${path}' failed to satisfy constraint: Member must be a structure`);
    const members = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined && (value as Record<string, unknown>)[k] !== null);
    const unknown = members.filter((m) => !SEGMENT_VALUE_MEMBERS.includes(m));
    if (unknown.length) return shape.violation(`Value at '${path}' failed to satisfy constraint: unknown member(s) ${unknown.join(", ")}; a SegmentAttributeValue has one of ${SEGMENT_VALUE_MEMBERS.join(", ")}`);
    if (members.length !== 1) return shape.violation(`Value at '${path}' failed to satisfy constraint: exactly one of ${SEGMENT_VALUE_MEMBERS.join(", ")} must be set (got ${members.length})`);
    const [member] = members;
    const v = (value as Record<string, unknown>)[member];
    if (!system && (member === "ValueList" || member === "ValueArn")) return shape.violation(`Value at '${path}.${member}' failed to satisfy constraint: ${member} is only supported for system-defined (connect:) attributes`);
    if ((member === "ValueString" || member === "ValueArn") && (typeof v !== "string" || v.length > 1024)) return shape.violation(`Value at '${path}.${member}' failed to satisfy constraint: Member must be a string of at most 1024 characters`);
    if (member === "ValueArn" && !(v as string).startsWith("arn:")) return shape.violation(`Value at '${path}.ValueArn' failed to satisfy constraint: Member must be an ARN`);
    if (member === "ValueInteger" && !Number.isInteger(v)) return shape.violation(`Value at '${path}.ValueInteger' failed to satisfy constraint: Member must be an integer`);
    if (member === "ValueMap") {
      if (!v || typeof v !== "object" || Array.isArray(v)) return shape.violation(`Value at '${path}.ValueMap' failed to satisfy constraint: Member must be a map`);
      for (const [k, x] of Object.entries(v)) visit(x, `${path}.ValueMap.${k}`, system);
    }
    if (member === "ValueList") {
      if (!Array.isArray(v)) return shape.violation(`Value at '${path}.ValueList' failed to satisfy constraint: Member must be a list`);
      v.forEach((x, i) => visit(x, `${path}.ValueList.${i + 1}`, system));
    }
  };
  for (const [key, value] of Object.entries(attributes)) {
    const system = key.startsWith("connect:");
    if (!system && !ATTRIBUTE_KEY.test(key)) shape.violation(`Value '${key}' at 'segmentAttributes' failed to satisfy constraint: Map keys must be alphanumeric, - or _ (or a connect: system attribute)`);
    visit(value, `segmentAttributes.${key}`, system);
  }
}

export function chatRoutes(api: ApiContext): Route[] {
  const runtime = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/contact/chat",
      operation: "StartChatContact",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const flowId = shape.string("ContactFlowId", { required: true, min: 1, max: 500 });
        const attributes = shape.stringMap("Attributes", { keyPattern: ATTRIBUTE_KEY });
        const details = shape.object("ParticipantDetails", { required: true });
        const displayName = details ? shape.string("ParticipantDetails.DisplayName", { required: true, min: 1, max: 256 }) : undefined;
        shape.object("ParticipantConfiguration");
        const responseMode = shape.string("ParticipantConfiguration.ResponseMode", { enum: ["INCREMENTAL", "COMPLETE"] }) as "INCREMENTAL" | "COMPLETE" | undefined;
        const initial = shape.object("InitialMessage");
        const initialType = initial ? shape.string("InitialMessage.ContentType", { required: true, min: 1, max: 100, enum: INITIAL_MESSAGE_TYPES }) : undefined;
        const initialContent = initial ? shape.string("InitialMessage.Content", { required: true, min: 1 }) : undefined;
        const clientToken = shape.string("ClientToken", { max: 500 });
        const minutes = shape.number("ChatDurationInMinutes", { min: 60, max: 10080, integer: true });
        const supported = shape.array("SupportedMessagingContentTypes", { min: 1 });
        shape.object("PersistentChat");
        const rehydrationType = shape.string("PersistentChat.RehydrationType", { enum: ["ENTIRE_PAST_SESSION", "FROM_SEGMENT"] }) as "ENTIRE_PAST_SESSION" | "FROM_SEGMENT" | undefined;
        const sourceContactId = shape.string("PersistentChat.SourceContactId", { min: 1, max: 256 });
        const relatedContactId = shape.string("RelatedContactId", { min: 1, max: 256 });
        const segment = shape.object("SegmentAttributes");
        const customerId = shape.string("CustomerId", { max: 128 });
        const exit = shape.array("DisconnectOnCustomerExit");
        supported?.forEach((t, i) => {
          if (typeof t !== "string" || !MESSAGING_CONTENT_TYPES.includes(t)) shape.violation(`Value at 'supportedMessagingContentTypes.${i + 1}' failed to satisfy constraint: Member must be one of [${MESSAGING_CONTENT_TYPES.join(", ")}]`);
        });
        exit?.forEach((r, i) => {
          if (r !== "AGENT") shape.violation(`Value at 'disconnectOnCustomerExit.${i + 1}' failed to satisfy constraint: Member must satisfy enum value set: [AGENT]`);
        });
        if (initialContent !== undefined && Buffer.byteLength(initialContent) > 16_384) shape.violation("Value at 'initialMessage.content' failed to satisfy constraint: Member must be at most 16384 bytes");
        if (attributes) {
          const bytes = Object.entries(attributes).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
          if (bytes > MAX_ATTRIBUTE_BYTES) shape.violation(`Value at 'attributes' failed to satisfy constraint: the attributes take ${bytes} UTF-8 bytes; at most ${MAX_ATTRIBUTE_BYTES} are allowed across all keys and values`);
        }
        if (segment) checkSegmentAttributes(shape, segment);
        shape.check();
        requireInstance(api, instanceId);

        const contentTypes = (supported as string[] | undefined) ?? ["text/plain"];
        if (!contentTypes.includes("text/plain")) throw connectErrors.invalidRequest("SupportedMessagingContentTypes must contain text/plain");
        if (initialType && !contentTypes.includes(initialType)) throw connectErrors.invalidRequest(`InitialMessage.ContentType ${initialType} is not among the SupportedMessagingContentTypes (${contentTypes.join(", ")})`);
        if (relatedContactId && req.body.PersistentChat !== undefined) throw connectErrors.invalidRequest("You cannot provide data for both RelatedContactId and PersistentChat");
        if (req.body.PersistentChat !== undefined && (!rehydrationType || !sourceContactId)) throw connectErrors.invalidParameter("PersistentChat needs both RehydrationType and SourceContactId");
        const subtype = (segment?.["connect:Subtype"] as SegmentAttributeValue | undefined)?.ValueString;
        if (subtype === "connect:Guide" && !(contentTypes.includes(INTERACTIVE) && contentTypes.includes(`${INTERACTIVE}.response`))) {
          throw connectErrors.invalidRequest(`A connect:Guide chat needs ${INTERACTIVE} and ${INTERACTIVE}.response in SupportedMessagingContentTypes`);
        }

        // Only published flows by id or ARN start contacts (names are for flows that reference each other).
        const flow = runtime.resources.flows.get(flowId!) ?? runtime.resources.flows.all().find((f) => f.arn === flowId);
        if (!flow) throw connectErrors.resourceNotFound(`Contact flow not found: ${flowId}`);
        if (flow.flowType !== "CONTACT_FLOW") throw connectErrors.invalidRequest(`The flow ${flow.name} is ${aFlowOfType(flow.flowType)}; chats start on an inbound (CONTACT_FLOW) flow`);
        if (relatedContactId && !runtime.findContact(relatedContactId)) throw connectErrors.resourceNotFound(`Contact not found: ${relatedContactId}`);

        const result = call(() =>
          runtime.clientTokens.idempotent("StartChatContact", clientToken, fingerprint("StartChatContact", req.body), () => {
            const rehydration: Rehydration | undefined = rehydrationType ? rehydrate(runtime.chats, rehydrationType, sourceContactId!) : undefined;
            const { contact, customer } = runtime.startChat({
              flow,
              displayName: displayName!,
              attributes,
              initialMessage: initialContent,
              supportedContentTypes: contentTypes,
              durationMinutes: minutes ?? DEFAULT_CHAT_MINUTES,
              relatedContactId,
              segmentAttributes: segment as Record<string, SegmentAttributeValue> | undefined,
              customerId,
              chat: { responseMode, disconnectOnCustomerExit: exit as ParticipantRole[] | undefined, initialMessageContentType: initialType, rehydration },
              waitForCustomer: true,
            });
            return { ContactId: contact.id, ParticipantId: customer.id, ParticipantToken: customer.participantToken, ...(rehydration ? { ContinuedFromContactId: rehydration.continuedFromContactId } : {}) };
          }, (started) => started.ContactId),
        );
        return { body: result };
      },
    },
    {
      method: "POST",
      pattern: "/contact/create-participant",
      operation: "CreateParticipant",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidRequest);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const contactId = shape.string("ContactId", { required: true, min: 1, max: 256 });
        const clientToken = shape.string("ClientToken", { max: 500 });
        shape.object("ParticipantDetails", { required: true });
        const role = shape.string("ParticipantDetails.ParticipantRole", { enum: ROLES }) as ParticipantRole | undefined;
        const displayName = shape.string("ParticipantDetails.DisplayName", { min: 1, max: 256 });
        const capabilities = shape.object("ParticipantDetails.ParticipantCapabilities");
        shape.string("ParticipantDetails.ParticipantCapabilities.Video", { enum: ["SEND"] });
        shape.string("ParticipantDetails.ParticipantCapabilities.ScreenShare", { enum: ["SEND"] });
        shape.check();
        requireInstance(api, instanceId);
        const contact = runtime.findContact(contactId!);
        if (!contact) throw connectErrors.resourceNotFound(`Contact not found: ${contactId}`);
        const chat = runtime.chats.get(contact.id);
        // WebRTC calls (the other CreateParticipant use) are not simulated.
        if (contact.channel !== "CHAT" || !chat) throw connectErrors.invalidRequest(`Contact ${contactId} is ${aContactOn(contact.channel)}; participants can be added only to chats here (WebRTC calls are not simulated)`);
        if (contact.ended || chat.ended) throw connectErrors.invalidRequest(`Contact ${contactId} has ended`);
        if (role !== "CUSTOM_BOT") throw connectErrors.invalidRequest(`The only valid ParticipantRole for a chat contact is CUSTOM_BOT (got ${role ?? "none"})`);
        if (capabilities && Object.keys(capabilities).length > 0) throw connectErrors.invalidRequest("ParticipantCapabilities (video, screen sharing) apply to WebRTC calls, not chats");
        const participant = call(() =>
          runtime.clientTokens.idempotent(`${contact.id} CreateParticipant`, clientToken, fingerprint("CreateParticipant", req.body), () =>
            // A bot needs a name in every transcript item; the model leaves DisplayName optional.
            runtime.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: displayName ?? "BOT" }),
            () => contact.id,
          ),
        );
        return { body: { ParticipantCredentials: { ParticipantToken: participant.participantToken, Expiry: iso(chat.expiresAt) }, ParticipantId: participant.id } };
      },
    },
  ];
}
