/**
 * What a chat carries besides text: attachments (the Participant API's upload and download,
 * through the URLs it hands out), typing indicators and read receipts.
 */
import { When, Then } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import { basename, extname } from "node:path";
import type { FlowsimWorld } from "../support/world.js";
import { EVENT_TYPES, type ChatItem } from "../support/drivers/chat-participant.js";
import { readScenarioFile } from "../support/drivers/publish.js";
import { scenarioState } from "../support/scenario-state.js";
import { ScenarioError } from "../support/report/errors.js";

/** The attachment types Amazon Connect chat accepts, by file extension. */
const CONTENT_TYPES: Record<string, string> = {
  ".csv": "text/csv",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".heic": "image/heic",
  ".jpeg": "image/jpeg",
  ".jpg": "image/jpeg",
  ".mp4": "video/mp4",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".ppt": "application/vnd.ms-powerpoint",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ".rtf": "application/rtf",
  ".txt": "text/plain",
  ".wav": "audio/wav",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

interface ChatState {
  /** What the customer sent, by attachment name, to compare with what arrives. */
  attachments: Map<string, Buffer>;
  /** The message the agent last read, for the receipt the customer should see. */
  readMessageId?: string;
}

const state = scenarioState((): ChatState => ({ attachments: new Map() }));

const attachmentsOf = (item: ChatItem) => (item.Attachments as { AttachmentName?: string; AttachmentId?: string; Status?: string }[] | undefined) ?? [];

/** A file beside the feature (or from the working folder), sent under its own name. */
When("the customer sends the attachment {string}", async function (this: FlowsimWorld, path: string) {
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!contentType) throw new ScenarioError(`a chat attachment is one of ${Object.keys(CONTENT_TYPES).join(", ")}; not ${basename(path)}`);
  const { body } = await readScenarioFile(this, path, "attachment");
  await this.chat("customer").sendAttachment(basename(path), contentType, body);
  state.of(this).attachments.set(basename(path), body);
});

/** The attachment reaches the agent's chat, and what the agent downloads is what the customer sent. */
Then(...requires(["chat agent"], "agent {string} receives the attachment {string}"), async function (this: FlowsimWorld, name: string, file: string) {
  const chat = this.agent(name).chat();
  const wanted = basename(file);
  const item = await chat.waitFor((i) => i.Type === "ATTACHMENT" && attachmentsOf(i).some((a) => a.AttachmentName === wanted));
  assert.ok(item, `agent ${name} did not receive the attachment ${wanted}; received:\n${chat.describeItems()}`);
  const attachment = attachmentsOf(item).find((a) => a.AttachmentName === wanted)!;
  const sent = state.peek(this)?.attachments.get(wanted);
  if (!sent) throw new ScenarioError(`the customer has not sent ${wanted} in this scenario; add "When the customer sends the attachment "${file}""`);
  const got = await chat.downloadAttachment(attachment.AttachmentId!);
  assert.ok(got.equals(sent), `agent ${name} downloaded ${got.length} bytes for ${wanted}, not the ${sent.length} bytes the customer sent`);
});

When("the customer starts typing", async function (this: FlowsimWorld) {
  await this.chat("customer").sendEvent(EVENT_TYPES.typing);
});

Then(...requires(["chat agent"], "agent {string} sees the customer typing"), async function (this: FlowsimWorld, name: string) {
  const chat = this.agent(name).chat();
  const typing = await chat.waitFor((i) => i.ContentType === EVENT_TYPES.typing && i.ParticipantRole === "CUSTOMER");
  assert.ok(typing, `agent ${name} did not see the customer typing; received:\n${chat.describeItems()}`);
});

/** A read receipt (SendEvent message.read) for the customer's latest message, as the agent's chat window sends it. */
When(...requires(["chat agent"], "agent {string} reads the customer's last message"), async function (this: FlowsimWorld, name: string) {
  const chat = this.agent(name).chat();
  const last = chat.items.filter((i) => i.Type === "MESSAGE" && i.ParticipantRole === "CUSTOMER").at(-1);
  if (!last) throw new ScenarioError(`agent ${name} has no message from the customer to read; received:\n${chat.describeItems()}`);
  await chat.sendEvent(EVENT_TYPES.read, JSON.stringify({ messageId: last.Id }));
  state.of(this).readMessageId = last.Id;
});

Then("the customer sees that their last message was read", async function (this: FlowsimWorld) {
  const messageId = state.peek(this)?.readMessageId;
  if (!messageId) throw new ScenarioError('no message has been read in this scenario; add "When agent "…" reads the customer\'s last message"');
  const customer = this.chat("customer");
  const receipt = await customer.waitForReceipt((i) => {
    const metadata = i.MessageMetadata as { MessageId?: string; Receipts?: { ReadTimestamp?: string }[] } | undefined;
    return metadata?.MessageId === messageId && (metadata.Receipts ?? []).some((r) => r.ReadTimestamp);
  });
  assert.ok(receipt, `the customer got no read receipt for message ${messageId}; receipts: ${JSON.stringify(customer.receipts.map((r) => r.MessageMetadata))}`);
});
