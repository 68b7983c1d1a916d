/**
 * Reading across the chats of one session: the contact chain of a chat, or a persistent
 * chat and the past session it continues. GetTranscript may name another contact of the
 * session, attachments are shared within it, and StartChatContact's PersistentChat brings
 * a past session's items into a new chat. Functions over the chats, which they only read.
 */
import { ChatError, type Chat, type ChatService, type Participant, type Rehydration } from "./chat.js";

/** Chats of one session: the same contact chain, or a persistent chat and the session it continues. */
export function sameSession(chats: ChatService, a: string, b: string): boolean {
  if (a === b) return true;
  const ca = chats.get(a);
  const cb = chats.get(b);
  if (!ca || !cb) return false;
  if (ca.initialContactId === cb.initialContactId) return true;
  return ca.items.some((i) => i.RelatedContactId === b) || cb.items.some((i) => i.RelatedContactId === a);
}

/** The transcript a participant may read for `contactId` (its own chat, or one of the same session). */
export function transcriptFor(chats: ChatService, participant: Participant, contactId: string | undefined): Chat {
  const own = chats.require(participant.contactId);
  if (contactId === undefined || contactId === own.contactId) return own;
  const other = chats.get(contactId);
  if (!other || !sameSession(chats, own.contactId, other.contactId)) throw new ChatError("access-denied", "Access denied");
  return other;
}

/**
 * Where a persistent chat continues from (StartChatContact PersistentChat).
 * ENTIRE_PAST_SESSION names a past session by its initial contact and continues from its
 * most recent contact; FROM_SEGMENT names the contact. Either way the past session must
 * have ended, and its items (up to that contact) come along.
 */
export function rehydrate(chats: ChatService, type: "ENTIRE_PAST_SESSION" | "FROM_SEGMENT", sourceContactId: string): Rehydration {
  let session: Chat[];
  let from: Chat | undefined;
  if (type === "ENTIRE_PAST_SESSION") {
    session = chats.all().filter((c) => c.initialContactId === sourceContactId);
    if (session.length === 0) throw new ChatError("not-found", `No chat session has the initial contact ${sourceContactId}`);
    from = session.reduce((a, b) => (b.openedAt >= a.openedAt ? b : a));
  } else {
    from = chats.get(sourceContactId);
    if (!from) throw new ChatError("not-found", `No chat contact ${sourceContactId}`);
    const chosen = from;
    session = chats.all().filter((c) => c.initialContactId === chosen.initialContactId && c.openedAt <= chosen.openedAt);
  }
  const active = session.find((c) => !c.ended);
  if (active) throw new ChatError("invalid", `The chat contact ${active.contactId} of that session is still active: only an ended chat can be continued`);
  const history = session
    .flatMap((c) => c.items)
    .filter((i) => !i.RelatedContactId)
    .sort((a, b) => a.AbsoluteTime.localeCompare(b.AbsoluteTime))
    .map((i) => ({ ...i, RelatedContactId: i.ContactId }));
  // A session that was itself continued brings its own past along.
  const earlier = session.flatMap((c) => c.items).filter((i) => i.RelatedContactId);
  return { continuedFromContactId: from.contactId, history: [...earlier, ...history] };
}
