/**
 * Chat attachments: StartAttachmentUpload hands out an upload URL, the bytes arrive at it
 * (the local stand-in for S3 checks what a presigned URL would), CompleteAttachmentUpload
 * shows the file to everyone as an ATTACHMENT item, and GetAttachment grants downloads to
 * participants of the same session.
 */
import type { Clock } from "../../kernel/clock.js";
import type { IdGenerator } from "../../kernel/ids.js";
import { secretToken } from "../../kernel/secrets.js";
import { ChatError, type ChatItem, type ChatService, type Participant } from "./chat.js";
import { sameSession } from "./chat-history.js";

/** Largest attachment Amazon Connect chat accepts (admin guide: 20 MB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** How long an upload URL from StartAttachmentUpload stays valid. */
export const UPLOAD_URL_VALIDITY_MS = 5 * 60_000;

/** File types chat attachments accept (admin guide "Enable attachments": csv, doc(x), heic, jfif/jpeg/jpg, mov, mp4, pdf, png, ppt(x), rtf, txt, wav, xls(x)). */
export const ATTACHMENT_CONTENT_TYPES: readonly string[] = [
  "text/csv",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "image/heic",
  "image/jpeg",
  "video/quicktime",
  "video/mp4",
  "application/pdf",
  "image/png",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/rtf",
  "text/plain",
  "audio/wav",
  "audio/x-wav",
  "audio/vnd.wave",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

export interface Attachment {
  id: string;
  contactId: string;
  participantId: string;
  name: string;
  contentType: string;
  size: number;
  status: "IN_PROGRESS" | "APPROVED";
  /** Proves an upload comes from the URL handed out (a presigned URL's signature). */
  uploadToken: string;
  uploadExpiresAt: number;
  data?: Buffer;
  /** Download grants from GetAttachment: token → expiry. */
  downloads: Map<string, number>;
}

export class ChatAttachments {
  private readonly attachments = new Map<string, Attachment>();
  /** Attachment ids by the contact they were sent in. */
  private readonly byContact = new Map<string, string[]>();

  constructor(
    private readonly chats: ChatService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** StartAttachmentUpload: an attachment waiting for its bytes. */
  start(participant: Participant, file: { name: string; contentType: string; size: number }): Attachment {
    const chat = this.chats.require(participant.contactId);
    this.chats.requireJoined(chat, participant.id);
    this.chats.requireAudible(participant);
    if (!ATTACHMENT_CONTENT_TYPES.includes(file.contentType.toLowerCase())) {
      throw new ChatError("invalid", `Attachments of type ${file.contentType} are not supported; supported types: ${ATTACHMENT_CONTENT_TYPES.join(", ")}`);
    }
    if (file.size > MAX_ATTACHMENT_BYTES) throw new ChatError("quota", `The attachment is ${file.size} bytes; chat attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`);
    const attachment: Attachment = {
      id: this.ids.uuid(),
      contactId: participant.contactId,
      participantId: participant.id,
      name: file.name,
      contentType: file.contentType,
      size: file.size,
      status: "IN_PROGRESS",
      uploadToken: secretToken(48),
      uploadExpiresAt: this.clock.now() + UPLOAD_URL_VALIDITY_MS,
      downloads: new Map(),
    };
    this.attachments.set(attachment.id, attachment);
    this.byContact.set(attachment.contactId, [...(this.byContact.get(attachment.contactId) ?? []), attachment.id]);
    return attachment;
  }

  /** The bytes arrive at the upload URL. Refuses what the presigned upload would refuse. */
  upload(attachmentId: string, uploadToken: string, contentType: string | undefined, data: Buffer): void {
    const attachment = this.attachments.get(attachmentId);
    if (!attachment || attachment.uploadToken !== uploadToken) throw new ChatError("access-denied", "The upload URL is not valid");
    if (attachment.uploadExpiresAt <= this.clock.now()) throw new ChatError("access-denied", "The upload URL has expired");
    if (attachment.status !== "IN_PROGRESS") throw new ChatError("conflict", "The attachment upload has already been completed");
    const chat = this.chats.get(attachment.contactId);
    if (!chat || chat.ended) throw new ChatError("access-denied", "The chat has ended");
    if ((contentType ?? "").toLowerCase() !== attachment.contentType.toLowerCase()) {
      throw new ChatError("access-denied", `The upload must be sent with Content-Type ${attachment.contentType} (got ${contentType ?? "none"})`);
    }
    if (data.length !== attachment.size) throw new ChatError("invalid", `The upload is ${data.length} bytes but StartAttachmentUpload declared ${attachment.size}`);
    attachment.data = data;
  }

  /** CompleteAttachmentUpload: the attachment is approved and shown to everyone (an ATTACHMENT item). */
  complete(participant: Participant, attachmentId: string): ChatItem {
    const chat = this.chats.require(participant.contactId);
    this.chats.requireJoined(chat, participant.id);
    const attachment = this.attachments.get(attachmentId);
    if (!attachment || attachment.contactId !== participant.contactId || attachment.participantId !== participant.id) throw new ChatError("invalid", `No attachment ${attachmentId} was started by this participant`);
    if (attachment.status === "APPROVED") throw new ChatError("conflict", `The attachment ${attachmentId} has already been completed`);
    if (!attachment.data) throw new ChatError("invalid", `The attachment ${attachmentId} has not been uploaded to its upload URL yet`);
    attachment.status = "APPROVED";
    return this.chats.post(
      chat,
      { Type: "ATTACHMENT", ContentType: attachment.contentType, Attachments: [{ ContentType: attachment.contentType, AttachmentId: attachment.id, AttachmentName: attachment.name, Status: "APPROVED" }] },
      participant,
    );
  }

  /** GetAttachment: a download grant for an approved attachment of the participant's chat. */
  grantDownload(participant: Participant, attachmentId: string, validForMs: number): { attachment: Attachment; token: string; expiresAt: number } {
    const attachment = this.attachments.get(attachmentId);
    if (!attachment || attachment.status !== "APPROVED" || !sameSession(this.chats, participant.contactId, attachment.contactId)) throw new ChatError("invalid", `No attachment ${attachmentId} in this chat`);
    const token = secretToken(48);
    const expiresAt = this.clock.now() + validForMs;
    attachment.downloads.set(token, expiresAt);
    return { attachment, token, expiresAt };
  }

  /** The attachment a download URL names, if its grant is still valid. */
  download(attachmentId: string, token: string): Attachment {
    const attachment = this.attachments.get(attachmentId);
    const expiresAt = attachment?.downloads.get(token);
    if (!attachment?.data || expiresAt === undefined) throw new ChatError("access-denied", "The download URL is not valid");
    if (expiresAt <= this.clock.now()) throw new ChatError("access-denied", "The download URL has expired");
    return attachment;
  }

  /** Drops the attachments sent in a contact that is over, bytes and download grants with them (ended-contacts.ts decides when). */
  forget(contactId: string): void {
    for (const id of this.byContact.get(contactId) ?? []) this.attachments.delete(id);
    this.byContact.delete(contactId);
  }
}
