/** SendMessage, SendEvent and GetTranscript. */
import type { ApiContext } from "../context.js";
import { participantErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { EVENT } from "../../runtime/chat.js";
import { transcriptFor } from "../../runtime/chat-history.js";
import { chatCall, oncePerToken, participantRequest } from "./common.js";
import { readTranscript } from "./transcript.js";

/** What participants may send, with each type's length limit (reference §1.4); 16384 is the model's outer bound. */
const MESSAGE_LIMITS: Record<string, number> = {
  "text/plain": 1024,
  "text/markdown": 1024,
  "application/json": 12000,
  "application/vnd.amazonaws.connect.message.interactive.response": 12288,
};
const EVENT_TYPES = [EVENT.typing, EVENT.connectionAcknowledged, EVENT.delivered, EVENT.read];

/** Lengths count characters (code points), as Smithy length constraints do. */
const length = (s: string) => [...s].length;

export function messageRoutes(api: ApiContext): Route[] {
  const chats = api.runtime.chats;
  return [
    {
      method: "POST",
      pattern: "/participant/message",
      operation: "SendMessage",
      handler: (req) => {
        const { participant, shape } = participantRequest(api, req);
        const contentType = shape.string("ContentType", { required: true, min: 1, max: 100 });
        const content = shape.string("Content", { required: true, min: 1, max: 16384 });
        const clientToken = shape.string("ClientToken", { max: 500 });
        shape.check();
        const limit = MESSAGE_LIMITS[contentType!];
        if (limit === undefined) throw participantErrors.validation(`The content type ${contentType} cannot be sent with SendMessage; use one of ${Object.keys(MESSAGE_LIMITS).join(", ")}`);
        // A string has at least as many UTF-16 units as code points: only a long one needs counting.
        if (content!.length > limit && length(content!) > limit) throw participantErrors.validation(`Content of type ${contentType} must be at most ${limit} characters (got ${length(content!)})`);
        const item = oncePerToken(api, participant, "SendMessage", req, clientToken, () => chats.send(participant.contactId, participant.id, contentType!, content!));
        return { body: { Id: item.Id, AbsoluteTime: item.AbsoluteTime } };
      },
    },
    {
      method: "POST",
      pattern: "/participant/event",
      operation: "SendEvent",
      handler: (req) => {
        const { participant, shape } = participantRequest(api, req);
        const contentType = shape.string("ContentType", { required: true, min: 1, max: 100 });
        const content = shape.string("Content", { min: 1, max: 16384 });
        const clientToken = shape.string("ClientToken", { max: 500 });
        shape.check();
        if (!EVENT_TYPES.includes(contentType! as (typeof EVENT_TYPES)[number])) throw participantErrors.validation(`The content type ${contentType} cannot be sent with SendEvent; use one of ${EVENT_TYPES.join(", ")}`);
        const item = oncePerToken(api, participant, "SendEvent", req, clientToken, () => chats.sendEvent(participant.contactId, participant.id, contentType!, content));
        return { body: { Id: item.Id, AbsoluteTime: item.AbsoluteTime } };
      },
    },
    {
      method: "POST",
      pattern: "/participant/transcript",
      operation: "GetTranscript",
      handler: (req) => {
        const { participant, shape } = participantRequest(api, req);
        const contactId = shape.string("ContactId", { min: 1, max: 256 });
        const maxResults = shape.number("MaxResults", { min: 0, max: 100, integer: true });
        const nextToken = shape.string("NextToken", { min: 1, max: 1000 });
        const scanDirection = shape.string("ScanDirection", { enum: ["FORWARD", "BACKWARD"] }) as "FORWARD" | "BACKWARD" | undefined;
        const sortOrder = shape.string("SortOrder", { enum: ["DESCENDING", "ASCENDING"] }) as "DESCENDING" | "ASCENDING" | undefined;
        const start = shape.object("StartPosition");
        const startId = shape.string("StartPosition.Id", { min: 1, max: 256 });
        const startTime = shape.string("StartPosition.AbsoluteTime", { min: 1, max: 100 });
        const mostRecent = shape.number("StartPosition.MostRecent", { min: 0, max: 100, integer: true });
        shape.check();
        const chat = chatCall(() => transcriptFor(chats, participant, contactId));
        const page = readTranscript(chat.items, chat.contactId, {
          maxResults,
          nextToken,
          scanDirection,
          sortOrder,
          start: start ? { id: startId, absoluteTime: startTime, mostRecent } : undefined,
        });
        return { body: { InitialContactId: chat.initialContactId, Transcript: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) } };
      },
    },
  ];
}
