/**
 * Chat attachments: StartAttachmentUpload / CompleteAttachmentUpload / GetAttachment, and
 * the local stand-in for S3 they point at (`PUT` to upload with the HeadersToInclude,
 * `GET` to download), served on the simulator's own port.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiContext } from "../context.js";
import { ApiError } from "../http/errors.js";
import type { RawHandler, Request, Route } from "../http/router.js";
import { publicEndpoint } from "../http/public-endpoint.js";
import { parseRequestTarget, type RequestTarget } from "../http/request-target.js";
import { readBody } from "../http/service.js";
import { ChatError } from "../../runtime/chat.js";
import { MAX_ATTACHMENT_BYTES } from "../../runtime/chat-attachments.js";
import { chatCall, iso, oncePerToken, participantRequest } from "./common.js";

const FILES_PATH = "/attachments/";
/** GetAttachment's UrlExpiryInSeconds when not given (its maximum). */
const DEFAULT_DOWNLOAD_SECONDS = 300;

function fileUrl(api: ApiContext, req: Request, attachmentId: string, query: Record<string, string>): string {
  return `${publicEndpoint(api.endpoint(), req.headers)}${api.pathPrefix}${FILES_PATH}${encodeURIComponent(attachmentId)}?${new URLSearchParams(query).toString()}`;
}

export function attachmentRoutes(api: ApiContext): Route[] {
  const attachments = api.runtime.chatAttachments;
  return [
    {
      method: "POST",
      pattern: "/participant/start-attachment-upload",
      operation: "StartAttachmentUpload",
      handler: (req) => {
        const { participant, shape } = participantRequest(api, req);
        const contentType = shape.string("ContentType", { required: true, min: 1, max: 255 });
        const size = shape.number("AttachmentSizeInBytes", { required: true, min: 1, integer: true });
        const name = shape.string("AttachmentName", { required: true, min: 1, max: 256 });
        const clientToken = shape.string("ClientToken", { required: true, min: 1, max: 500 });
        shape.check();
        const attachment = oncePerToken(api, participant, "StartAttachmentUpload", req, clientToken, () => attachments.start(participant, { name: name!, contentType: contentType!, size: size! }));
        return {
          body: {
            AttachmentId: attachment.id,
            UploadMetadata: {
              Url: fileUrl(api, req, attachment.id, { upload: attachment.uploadToken }),
              UrlExpiry: iso(attachment.uploadExpiresAt),
              HeadersToInclude: { "Content-Type": attachment.contentType },
            },
          },
        };
      },
    },
    {
      method: "POST",
      pattern: "/participant/complete-attachment-upload",
      operation: "CompleteAttachmentUpload",
      handler: (req) => {
        const { participant, shape } = participantRequest(api, req);
        const ids = shape.array("AttachmentIds", { required: true, min: 1, max: 1 });
        const clientToken = shape.string("ClientToken", { required: true, min: 1, max: 500 });
        ids?.forEach((id, i) => {
          if (typeof id !== "string" || id.length < 1 || id.length > 256) shape.violation(`Value at 'attachmentIds.${i + 1}' failed to satisfy constraint: Member must be a string of length 1 to 256`);
        });
        shape.check();
        oncePerToken(api, participant, "CompleteAttachmentUpload", req, clientToken, () => attachments.complete(participant, ids![0] as string));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/participant/attachment",
      operation: "GetAttachment",
      handler: (req) => {
        const { participant, shape } = participantRequest(api, req);
        const attachmentId = shape.string("AttachmentId", { required: true, min: 1, max: 256 });
        const seconds = shape.number("UrlExpiryInSeconds", { min: 5, max: 300, integer: true });
        shape.check();
        const grant = chatCall(() => attachments.grantDownload(participant, attachmentId!, (seconds ?? DEFAULT_DOWNLOAD_SECONDS) * 1000));
        return { body: { Url: fileUrl(api, req, grant.attachment.id, { download: grant.token }), UrlExpiry: iso(grant.expiresAt), AttachmentSizeInBytes: grant.attachment.size } };
      },
    },
  ];
}

const FILE_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "etag,content-length,content-type",
};

/** S3 answers presigned-URL failures with an XML error document. */
function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}</Message></Error>`;
  res.writeHead(status, { ...FILE_HEADERS, "content-type": "application/xml", "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

function s3ErrorFor(res: ServerResponse, err: unknown): void {
  if (err instanceof ChatError) {
    if (err.kind === "access-denied") return s3Error(res, 403, "AccessDenied", err.message);
    if (err.kind === "conflict") return s3Error(res, 409, "OperationAborted", err.message);
    return s3Error(res, 400, "InvalidRequest", err.message);
  }
  if (err instanceof ApiError && err.status === 413) return s3Error(res, 400, "EntityTooLarge", err.message);
  throw err;
}

/** Whether a path (the instance prefix removed) is one of the upload and download URLs handed out above. */
export const isAttachmentPath = (path: string): boolean => path.startsWith(FILES_PATH);

/** The upload and download URLs handed out above (mounted before the AWS services). */
export function attachmentFiles(api: ApiContext): RawHandler {
  // Every request of the server passes here first: one that is not for a file is let go at once, without a promise.
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = parseRequestTarget(req.url);
    if (!url?.pathname.startsWith(FILES_PATH)) return false;
    return serveFile(api, url, req, res);
  };
}

async function serveFile(api: ApiContext, url: RequestTarget, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let attachmentId: string;
  try {
    attachmentId = decodeURIComponent(url.pathname.slice(FILES_PATH.length));
  } catch {
    s3Error(res, 400, "InvalidURI", "Couldn't parse the specified URI.");
    return true;
  }
  const attachments = api.runtime.chatAttachments;
  try {
    if (req.method === "PUT") {
      const data = await readBody(req, MAX_ATTACHMENT_BYTES);
      const type = req.headers["content-type"];
      attachments.upload(attachmentId, url.searchParams.get("upload") ?? "", Array.isArray(type) ? type[0] : type, data);
      res.writeHead(200, { ...FILE_HEADERS, etag: `"${attachmentId}"`, "content-length": "0" });
      res.end();
      return true;
    }
    if (req.method === "GET" || req.method === "HEAD") {
      const attachment = attachments.download(attachmentId, url.searchParams.get("download") ?? "");
      res.writeHead(200, {
        ...FILE_HEADERS,
        "content-type": attachment.contentType,
        "content-length": String(attachment.data!.length),
        "content-disposition": `attachment; filename="${attachment.name.replace(/["\\\r\n]/g, "_")}"`,
      });
      res.end(req.method === "HEAD" ? undefined : attachment.data);
      return true;
    }
    s3Error(res, 405, "MethodNotAllowed", `${req.method} is not allowed on an attachment URL`);
    return true;
  } catch (err) {
    s3ErrorFor(res, err);
    return true;
  }
}
