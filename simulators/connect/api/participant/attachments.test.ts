import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CompleteAttachmentUploadCommand, GetAttachmentCommand, StartAttachmentUploadCommand } from "@aws-sdk/client-connectparticipant";
import { chatFixture, expectError, SocketProbe, type ChatFixture } from "../testing.js";
import type { VirtualClock } from "../../../kernel/clock.js";

let fx: ChatFixture;
before(async () => {
  fx = await chatFixture();
});
after(async () => {
  await fx.close();
});

const startUpload = (token: string, name: string, contentType: string, size: number) =>
  fx.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: token, AttachmentName: name, ContentType: contentType, AttachmentSizeInBytes: size }));

test("an attachment goes up to the local upload URL, shows as an APPROVED ATTACHMENT item, and comes back down", async () => {
  const c = await fx.startConnectedChat();
  const socket = await SocketProbe.subscribed(c.url);
  try {
    const bytes = Buffer.from("%PDF-1.4 simulated");
    const started = await startUpload(c.connectionToken, "invoice.pdf", "application/pdf", bytes.length);
    const meta = started.UploadMetadata!;
    assert.ok(meta.Url!.startsWith(`${fx.sim.endpoint}/`), meta.Url);
    assert.deepEqual(meta.HeadersToInclude, { "Content-Type": "application/pdf" });
    assert.ok(Date.parse(meta.UrlExpiry!) > fx.sim.runtime.clock.now());
    const put = await fetch(meta.Url!, { method: "PUT", headers: meta.HeadersToInclude, body: bytes });
    assert.equal(put.status, 200);
    await fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: [started.AttachmentId!] }));
    const item = await socket.waitForItem((i) => i.Type === "ATTACHMENT");
    assert.equal(item.ContentType, "application/pdf");
    assert.deepEqual(item.Attachments, [{ ContentType: "application/pdf", AttachmentId: started.AttachmentId, AttachmentName: "invoice.pdf", Status: "APPROVED" }]);
    assert.equal(item.ParticipantRole, "CUSTOMER");

    // Anyone in the chat can fetch it: here the agent.
    const agent = fx.sim.runtime.chats.join(c.chat.ContactId, { role: "AGENT", displayName: "Agent" });
    const agentConn = await fx.connectParticipant(agent.participantToken);
    const got = await fx.participant.send(new GetAttachmentCommand({ ConnectionToken: agentConn.connectionToken, AttachmentId: started.AttachmentId!, UrlExpiryInSeconds: 30 }));
    assert.equal(got.AttachmentSizeInBytes, bytes.length);
    assert.equal(Date.parse(got.UrlExpiry!), fx.sim.runtime.clock.now() + 30_000);
    const download = await fetch(got.Url!);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get("content-type"), "application/pdf");
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
    await (fx.sim.runtime.clock as VirtualClock).advance(30_000);
    const late = await fetch(got.Url!);
    assert.equal(late.status, 403);
    assert.match(await late.text(), /<Code>AccessDenied<\/Code>/);
  } finally {
    socket.close();
  }
});

test("uploads are checked like a presigned URL: signature, Content-Type, size, one completion", async () => {
  const c = await fx.startConnectedChat();
  const started = await startUpload(c.connectionToken, "photo.png", "image/png", 4);
  const url = started.UploadMetadata!.Url!;
  const wrongSignature = await fetch(url.replace(/upload=[^&]+/, "upload=forged"), { method: "PUT", headers: { "Content-Type": "image/png" }, body: "abcd" });
  assert.equal(wrongSignature.status, 403);
  const wrongType = await fetch(url, { method: "PUT", headers: { "Content-Type": "image/jpeg" }, body: "abcd" });
  assert.equal(wrongType.status, 403);
  const wrongSize = await fetch(url, { method: "PUT", headers: { "Content-Type": "image/png" }, body: "abcdef" });
  assert.equal(wrongSize.status, 400);
  assert.match(await wrongSize.text(), /declared 4/);
  await expectError(fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: [started.AttachmentId!] })), "ValidationException", 400, /not been uploaded/);
  const ok = await fetch(url, { method: "PUT", headers: { "Content-Type": "image/png" }, body: "abcd" });
  assert.equal(ok.status, 200);
  await fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: [started.AttachmentId!], ClientToken: "done-1" }));
  // A replay of the same call is answered again; a new completion is a conflict.
  await fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: [started.AttachmentId!], ClientToken: "done-1" }));
  await expectError(fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: [started.AttachmentId!] })), "ConflictException", 409);
  const reupload = await fetch(url, { method: "PUT", headers: { "Content-Type": "image/png" }, body: "abcd" });
  assert.equal(reupload.status, 409);
  assert.equal(fx.sim.runtime.chats.get(c.chat.ContactId)!.items.filter((i) => i.Type === "ATTACHMENT").length, 1);
});

test("StartAttachmentUpload, CompleteAttachmentUpload and GetAttachment refuse what the service refuses", async () => {
  const c = await fx.startConnectedChat();
  await expectError(startUpload(c.connectionToken, "run.exe", "application/x-msdownload", 10), "ValidationException", 400, /not supported/);
  await expectError(startUpload(c.connectionToken, "huge.mp4", "video/mp4", 25 * 1024 * 1024), "ServiceQuotaExceededException", 402);
  await expectError(startUpload(c.connectionToken, "zero.png", "image/png", 0), "ValidationException", 400, /attachmentSizeInBytes/);
  await expectError(startUpload(c.connectionToken, "", "image/png", 3), "ValidationException", 400, /attachmentName/);
  await expectError(fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: ["a", "b"] })), "ValidationException", 400, /less than or equal to 1/);
  await expectError(fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: ["unknown"] })), "ValidationException", 400, /No attachment unknown/);
  await expectError(fx.participant.send(new GetAttachmentCommand({ ConnectionToken: c.connectionToken, AttachmentId: "unknown" })), "ValidationException", 400, /No attachment/);
  await expectError(fx.participant.send(new GetAttachmentCommand({ ConnectionToken: c.connectionToken, AttachmentId: "x", UrlExpiryInSeconds: 4 })), "ValidationException", 400, /urlExpiryInSeconds/);
  // An attachment of one chat is not another chat's.
  const started = await startUpload(c.connectionToken, "a.txt", "text/plain", 1);
  await fetch(started.UploadMetadata!.Url!, { method: "PUT", headers: started.UploadMetadata!.HeadersToInclude, body: "a" });
  await fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.connectionToken, AttachmentIds: [started.AttachmentId!] }));
  const other = await fx.startConnectedChat();
  await expectError(fx.participant.send(new GetAttachmentCommand({ ConnectionToken: other.connectionToken, AttachmentId: started.AttachmentId! })), "ValidationException", 400);
  await expectError(fx.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: other.connectionToken, AttachmentIds: [started.AttachmentId!] })), "ValidationException", 400);
  const odd = await fetch(started.UploadMetadata!.Url!, { method: "DELETE" });
  assert.equal(odd.status, 405);
});
