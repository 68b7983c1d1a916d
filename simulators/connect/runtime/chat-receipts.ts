/**
 * Read and delivered receipts (SendEvent with application/vnd.amazonaws.connect.event.message.read
 * or .delivered): recorded on the message and told to its sender, within the limits the
 * service documents.
 */
import { ChatError, EVENT, type Chat, type ChatItem, type Participant, type ParticipantRole, type Receipt } from "./chat-model.js";

/** What a receipt needs of the chat service: who is in the chat, and posting an item. */
export interface ReceiptHost {
  joined(contactId: string, role?: ParticipantRole): Participant[];
  post(chat: Chat, fields: Partial<ChatItem> & { Type: string; ContentType: string }, from?: Participant, options?: { store?: boolean; to?: string[] }): ChatItem;
}

/**
 * A read or delivered receipt: recorded on the message (GetTranscript shows it in
 * MessageMetadata.Receipts) and pushed as a MESSAGEMETADATA item to the message's sender only.
 */
export function receipt(chats: ReceiptHost, chat: Chat, reader: Participant, kind: "read" | "delivered", content: string | undefined, at: { now: string; id: () => string }): ChatItem {
  let messageId: unknown;
  try {
    messageId = content === undefined ? undefined : (JSON.parse(content) as { messageId?: unknown })?.messageId;
  } catch {
    messageId = undefined;
  }
  if (typeof messageId !== "string" || messageId === "") throw new ChatError("invalid", `The ${kind} receipt needs Content {"messageId":"<Id of the message>"}`);
  const message = chat.items.find((i) => i.Id === messageId && (i.Type === "MESSAGE" || i.Type === "ATTACHMENT"));
  if (!message) throw new ChatError("invalid", `No message ${messageId} in this chat`);
  // "Using the SendEvent API for message receipts when a supervisor is barged-in will result in a conflict exception."
  if (chats.joined(chat.contactId, "SUPERVISOR").some((p) => !p.silent)) throw new ChatError("conflict", "Message receipts are not available while a supervisor is barged in");
  const { now } = at;
  const stamp: "ReadTimestamp" | "DeliveredTimestamp" = kind === "read" ? "ReadTimestamp" : "DeliveredTimestamp";
  const metadata = { MessageId: message.Id, Receipts: [{ [stamp]: now, RecipientParticipantId: reader.id } as Receipt] };
  const sender = message.ParticipantId ? chat.participants.get(message.ParticipantId) : undefined;
  // Receipts are "not supported with more than two active participants", a reader's own message
  // needs none, and a repeated receipt changes nothing: such a receipt is accepted and goes nowhere.
  // A silent monitor counts for nothing and its receipts (ChatJS sends them on its own) go nowhere.
  const deliverable = sender && sender.id !== reader.id && !reader.silent && sender.state === "joined" && chats.joined(chat.contactId).filter((p) => !p.silent).length <= 2;
  const stored = message.MessageMetadata?.Receipts?.find((r) => r.RecipientParticipantId === reader.id);
  if (!deliverable || stored?.[stamp]) {
    return { AbsoluteTime: now, Id: at.id(), Type: "MESSAGEMETADATA", ContentType: EVENT.messageMetadata, MessageMetadata: metadata, ContactId: chat.contactId, InitialContactId: chat.initialContactId };
  }
  message.MessageMetadata ??= { MessageId: message.Id, Receipts: [] };
  message.MessageMetadata.Receipts ??= [];
  if (stored) stored[stamp] = now;
  else message.MessageMetadata.Receipts.push({ [stamp]: now, RecipientParticipantId: reader.id } as Receipt);
  return chats.post(chat, { Type: "MESSAGEMETADATA", ContentType: EVENT.messageMetadata, MessageMetadata: metadata }, undefined, { store: false, to: [sender.id] });
}
