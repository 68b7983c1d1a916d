/** Chat events by the names features use for them ("idle", "auto-disconnection"...). */
import { EVENT_TYPES, type ChatItem } from "./chat-participant.js";

const NAMED: Record<string, string> = {
  idle: EVENT_TYPES.idle,
  returned: EVENT_TYPES.returned,
  "auto-disconnection": EVENT_TYPES.autoDisconnection,
  joined: EVENT_TYPES.joined,
  left: EVENT_TYPES.left,
  "chat ended": EVENT_TYPES.ended,
};

/** The content type of a named chat event; an unknown name is a mistake in the feature. */
export function eventContentType(name: string): string {
  const type = NAMED[name];
  if (!type) throw new Error(`unknown chat event "${name}" (${Object.keys(NAMED).join(", ")})`);
  return type;
}

/** The participant roles features name ("agent", "customer", "custom bot"). */
export function participantRole(word: string): string {
  const role = word.trim().toUpperCase().replace(/\s+/g, "_");
  if (!["AGENT", "CUSTOMER", "CUSTOM_BOT", "SUPERVISOR", "SYSTEM"].includes(role)) throw new Error(`unknown participant role "${word}" (agent, customer, custom bot, supervisor)`);
  return role;
}

/** An event item of that name, about someone of that role (any role when left out). */
export function isEvent(name: string, role?: string): (item: ChatItem) => boolean {
  const contentType = eventContentType(name);
  return (item) => item.ContentType === contentType && (!role || item.ParticipantRole === role);
}
