/**
 * One participant of a chat, driven the way a real client does it: the Participant API
 * through `@aws-sdk/client-connectparticipant` and the websocket from
 * CreateParticipantConnection. Keeps every frame and every chat item in arrival order,
 * and answers "has X arrived yet?" with a bounded wait.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import WebSocket from "ws";
import {
  CompleteAttachmentUploadCommand,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
  type ConnectParticipantClient,
  type Item,
} from "@aws-sdk/client-connectparticipant";
import { asInfrastructureError, infrastructure, InfrastructureError, ProductFailure } from "../report/errors.js";

export interface ChatItem {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  AbsoluteTime: string;
  ParticipantId?: string;
  ParticipantRole?: string;
  DisplayName?: string;
  ContactId?: string;
  InitialContactId?: string;
  [key: string]: unknown;
}

export interface Frame {
  at: string;
  /** Who received it, e.g. "customer" or "agent Ana". */
  receiver: string;
  topic?: string;
  item?: ChatItem;
  raw: unknown;
}

export const EVENT_TYPES = {
  idle: "application/vnd.amazonaws.connect.event.participant.idle",
  returned: "application/vnd.amazonaws.connect.event.participant.returned",
  autoDisconnection: "application/vnd.amazonaws.connect.event.participant.autodisconnection",
  ended: "application/vnd.amazonaws.connect.event.chat.ended",
  joined: "application/vnd.amazonaws.connect.event.participant.joined",
  left: "application/vnd.amazonaws.connect.event.participant.left",
  typing: "application/vnd.amazonaws.connect.event.typing",
  read: "application/vnd.amazonaws.connect.event.message.read",
  delivered: "application/vnd.amazonaws.connect.event.message.delivered",
} as const;

/** A participant call refused with 403: the connection no longer opens the chat (see `ChatParticipant.call`). */
export function isShutOut(err: unknown): boolean {
  return err instanceof ProductFailure && (err.cause as { name?: string } | undefined)?.name === "AccessDeniedException";
}

export class ChatParticipant {
  /** Every chat item received over the websocket, plus those recovered from GetTranscript. */
  readonly items: ChatItem[] = [];
  /** Read and delivered receipts for this participant's messages (MESSAGEMETADATA items), in arrival order. */
  readonly receipts: ChatItem[] = [];
  private readonly seen = new Set<string>();
  private readonly emitter = new EventEmitter();
  private socket?: WebSocket;
  private connectionToken = "";
  ended = false;

  constructor(
    readonly label: string,
    readonly contactId: string,
    readonly participantToken: string,
    private readonly client: ConnectParticipantClient,
    /** Shared log of every frame in the scenario, in arrival order. */
    private readonly log: Frame[],
    private readonly patienceMs: number,
  ) {}

  /**
   * CreateParticipantConnection, open and subscribe the websocket, then catch up from the
   * transcript. `connectParticipant` marks the participant connected, as a custom participant
   * must ask ("Set ConnectParticipant to True", the service's guide to custom participants).
   */
  async connect(options: { connectParticipant?: boolean } = {}): Promise<void> {
    const connection = await infrastructure(`connecting ${this.label} to the chat`, () =>
      this.client.send(
        new CreateParticipantConnectionCommand({
          ParticipantToken: this.participantToken,
          Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"],
          ...(options.connectParticipant ? { ConnectParticipant: true } : {}),
        }),
      ),
    );
    this.connectionToken = connection.ConnectionCredentials?.ConnectionToken ?? "";
    const url = connection.Websocket?.Url;
    if (!url || !this.connectionToken) throw new InfrastructureError("target-error", `CreateParticipantConnection for ${this.label} returned no websocket URL or connection token`);
    await this.openSocket(url);
    await this.catchUp();
  }

  private openSocket(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      this.socket = ws;
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new InfrastructureError("timeout", `the websocket of ${this.label} did not subscribe within ${this.patienceMs} ms`));
      }, this.patienceMs);
      ws.on("open", () => ws.send(JSON.stringify({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } })));
      ws.on("message", (data) => {
        let frame: Record<string, unknown>;
        try {
          frame = JSON.parse(String(data)) as Record<string, unknown>;
        } catch {
          return;
        }
        if (frame.topic === "aws/heartbeat") {
          this.emitter.emit("heartbeat");
          return;
        }
        if (frame.topic === "aws/subscribe") {
          clearTimeout(timer);
          const content = frame.content as { status?: string } | undefined;
          if (content?.status === "success") resolve();
          else reject(new InfrastructureError("target-error", `the websocket subscription of ${this.label} failed: ${JSON.stringify(frame)}`));
          return;
        }
        if (frame.topic === "aws/chat" && typeof frame.content === "string") {
          const item = JSON.parse(frame.content) as ChatItem;
          this.log.push({ at: new Date().toISOString(), receiver: this.label, topic: "aws/chat", item, raw: frame });
          this.add(item);
        }
      });
      ws.on("error", (err) => {
        clearTimeout(timer);
        reject(new InfrastructureError("target-unreachable", `the websocket of ${this.label} failed: ${err.message}`, { cause: err }));
      });
      ws.on("close", () => this.emitter.emit("change"));
    });
  }

  private add(item: ChatItem): void {
    if (item.Type === "MESSAGEMETADATA") {
      this.receipts.push(item);
      this.emitter.emit("change");
      return;
    }
    if (this.seen.has(item.Id)) return;
    this.seen.add(item.Id);
    this.items.push(item);
    if (item.ContentType === EVENT_TYPES.ended) this.ended = true;
    this.emitter.emit("change");
  }

  /**
   * Items posted before the socket subscribed (e.g. the customer's initial message) come
   * from GetTranscript. A chat that already ended answers 403 to every participant call,
   * as on Amazon Connect; then what the socket delivered is all there is to read.
   */
  async catchUp(): Promise<void> {
    let items: ChatItem[];
    try {
      items = await this.client.send(new GetTranscriptCommand({ ConnectionToken: this.connectionToken, MaxResults: 100, SortOrder: "ASCENDING" })).then((page) => (page.Transcript ?? []) as unknown as ChatItem[]);
    } catch (err) {
      if ((err as Error).name === "AccessDeniedException" && (await this.waitFor((i) => i.ContentType === EVENT_TYPES.ended))) return;
      throw asInfrastructureError(err, `reading the transcript as ${this.label}`) ?? err;
    }
    for (const item of items) this.add(item);
  }

  /**
   * The whole transcript, oldest first. Without a start position GetTranscript scans
   * backwards from the newest item, so the pages come newest first (each one ascending).
   */
  async transcript(): Promise<ChatItem[]> {
    const pages: ChatItem[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call("read the transcript", () =>
        this.client.send(new GetTranscriptCommand({ ConnectionToken: this.connectionToken, MaxResults: 100, SortOrder: "ASCENDING", NextToken: nextToken })),
      );
      pages.push((page.Transcript ?? []) as Item[] as unknown as ChatItem[]);
      nextToken = page.NextToken;
    } while (nextToken);
    return pages.reverse().flat();
  }

  async send(text: string, contentType = "text/plain"): Promise<string> {
    const res = await this.call(`send ${JSON.stringify(text)}`, () => this.client.send(new SendMessageCommand({ ConnectionToken: this.connectionToken, ContentType: contentType, Content: text })));
    return res.Id ?? "";
  }

  async sendEvent(contentType: string, content?: string): Promise<void> {
    await this.call(`send the event ${contentType.replace("application/vnd.amazonaws.connect.event.", "")}`, () =>
      this.client.send(new SendEventCommand({ ConnectionToken: this.connectionToken, ContentType: contentType, Content: content })),
    );
  }

  /** StartAttachmentUpload, the upload to the URL it gives, CompleteAttachmentUpload: what a chat client does. */
  async sendAttachment(name: string, contentType: string, body: Buffer): Promise<string> {
    const started = await this.call(`start uploading ${name}`, () =>
      this.client.send(new StartAttachmentUploadCommand({ ConnectionToken: this.connectionToken, AttachmentName: name, ContentType: contentType, AttachmentSizeInBytes: body.length, ClientToken: randomUUID() })),
    );
    const upload = started.UploadMetadata;
    if (!started.AttachmentId || !upload?.Url) throw new InfrastructureError("target-error", `StartAttachmentUpload for ${name} returned no attachment id or upload URL`);
    const put = await infrastructure(`uploading ${name}`, () => fetch(upload.Url!, { method: "PUT", headers: upload.HeadersToInclude ?? {}, body }));
    if (!put.ok) throw new ProductFailure(`the upload of ${name} was refused: ${put.status} ${await put.text()}`);
    await this.call(`complete the upload of ${name}`, () =>
      this.client.send(new CompleteAttachmentUploadCommand({ ConnectionToken: this.connectionToken, AttachmentIds: [started.AttachmentId!], ClientToken: randomUUID() })),
    );
    return started.AttachmentId;
  }

  /** GetAttachment and the download from the URL it gives. */
  async downloadAttachment(attachmentId: string): Promise<Buffer> {
    const res = await this.call("download an attachment", () => this.client.send(new GetAttachmentCommand({ ConnectionToken: this.connectionToken, AttachmentId: attachmentId })));
    if (!res.Url) throw new InfrastructureError("target-error", `GetAttachment for ${attachmentId} returned no URL`);
    const got = await infrastructure(`downloading the attachment ${attachmentId}`, () => fetch(res.Url!));
    if (!got.ok) throw new ProductFailure(`the download of attachment ${attachmentId} was refused: ${got.status} ${await got.text()}`);
    return Buffer.from(await got.arrayBuffer());
  }

  async disconnect(): Promise<void> {
    await this.call("leave the chat", () => this.client.send(new DisconnectParticipantCommand({ ConnectionToken: this.connectionToken })));
  }

  /**
   * One Participant API call as this participant. Those calls carry the participant's
   * connection token, not AWS credentials, so a 403 is the product's answer — the chat has
   * ended or this participant has left — and a failure of the scenario, not of credentials.
   */
  private async call<T>(doing: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      if ((err as Error).name === "AccessDeniedException") {
        const why = this.ended ? "the chat has ended" : "the chat has ended or this participant has left it";
        throw new ProductFailure(`${this.label} could not ${doing}: ${why} (the Participant API answered 403 AccessDeniedException: ${(err as Error).message})`, { cause: err });
      }
      throw asInfrastructureError(err, `trying to ${doing} as ${this.label}`) ?? err;
    }
  }

  /**
   * Waits until an item satisfies `match` (items already received count), for at most
   * the target's patience. Returns the item, or undefined when it never came.
   */
  waitFor(match: (item: ChatItem) => boolean, timeoutMs = this.patienceMs): Promise<ChatItem | undefined> {
    return this.waitIn(this.items, match, timeoutMs);
  }

  /** Like waitFor, among the receipts for this participant's messages. */
  waitForReceipt(match: (item: ChatItem) => boolean): Promise<ChatItem | undefined> {
    return this.waitIn(this.receipts, match, this.patienceMs);
  }

  private async waitIn(list: readonly ChatItem[], match: (item: ChatItem) => boolean, timeoutMs: number): Promise<ChatItem | undefined> {
    const found = list.find(match);
    if (found) return found;
    return new Promise((resolve) => {
      const onChange = () => {
        const item = list.find(match);
        if (item) done(item);
      };
      const done = (item: ChatItem | undefined) => {
        clearTimeout(timer);
        this.emitter.off("change", onChange);
        resolve(item);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.emitter.on("change", onChange);
    });
  }

  /** Items received so far, as lines a person can read in an assertion message. */
  describeItems(): string {
    if (this.items.length === 0) return "  (nothing)";
    return this.items.map((i) => `  ${i.AbsoluteTime} ${i.ParticipantRole ?? "?"} ${i.Type} ${i.Type === "MESSAGE" ? JSON.stringify(i.Content) : i.ContentType.replace("application/vnd.amazonaws.connect.event.", "")}`).join("\n");
  }

  /**
   * Resolves once every frame the target sent this participant before now has arrived: a
   * heartbeat's answer comes back on the same socket, behind them. What has not arrived by
   * then was not sent, so "has not received" can be asserted without guessing a delay.
   */
  async flush(): Promise<void> {
    const ws = this.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off("heartbeat", done);
        ws.off("close", done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.emitter.off("heartbeat", done);
        ws.off("close", done);
        reject(new InfrastructureError("timeout", `the websocket of ${this.label} did not answer a heartbeat within ${this.patienceMs} ms`));
      }, this.patienceMs);
      this.emitter.on("heartbeat", done);
      ws.on("close", done);
      ws.send(JSON.stringify({ topic: "aws/heartbeat" }));
    });
  }

  close(): void {
    this.socket?.terminate();
    this.emitter.removeAllListeners();
  }
}
