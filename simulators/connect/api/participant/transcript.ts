/**
 * GetTranscript paging over a chat's items (oldest first). Defaults from the API
 * reference: MaxResults 10; ScanDirection BACKWARD without a start position, FORWARD with
 * one; SortOrder DESCENDING. `StartPosition: {}` (what ChatJS always sends) is no start
 * position. The start item itself is included.
 *
 * Decisions (undocumented): MostRecent k starts at the k-th most recent item (0 = the
 * latest); an AbsoluteTime starts at the first item at or after it (FORWARD) or the last
 * at or before it (BACKWARD); an unknown Id is a ValidationException; MaxResults 0 returns
 * no items but a NextToken when there is something to read.
 */
import { participantErrors } from "../http/errors.js";
import type { ChatItem } from "../../runtime/chat.js";

export interface TranscriptQuery {
  maxResults?: number;
  nextToken?: string;
  scanDirection?: "FORWARD" | "BACKWARD";
  sortOrder?: "ASCENDING" | "DESCENDING";
  start?: { id?: string; absoluteTime?: string; mostRecent?: number };
}

interface Cursor {
  /** The contact whose transcript the token pages. */
  c: string;
  /** Next index to read. */
  i: number;
  d: "FORWARD" | "BACKWARD";
}

export function readTranscript(items: ChatItem[], contactId: string, query: TranscriptQuery): { items: ChatItem[]; nextToken?: string } {
  const max = query.maxResults ?? 10;
  let index: number;
  let direction: "FORWARD" | "BACKWARD";
  if (query.nextToken) {
    const cursor = decode(query.nextToken);
    if (!cursor || cursor.c !== contactId || cursor.i < 0 || cursor.i >= items.length) throw participantErrors.validation("The NextToken is not valid for this transcript");
    index = cursor.i;
    direction = cursor.d;
  } else {
    const start = query.start ?? {};
    const given = [start.id, start.absoluteTime, start.mostRecent].filter((v) => v !== undefined).length;
    if (given > 1) throw participantErrors.validation("StartPosition takes only one of Id, AbsoluteTime and MostRecent");
    direction = query.scanDirection ?? (given === 1 ? "FORWARD" : "BACKWARD");
    index = startIndex(items, start, direction);
  }
  const step = direction === "FORWARD" ? 1 : -1;
  const picked: number[] = [];
  let i = index;
  while (picked.length < max && i >= 0 && i < items.length) {
    picked.push(i);
    i += step;
  }
  const ordered = picked.sort((a, b) => ((query.sortOrder ?? "DESCENDING") === "ASCENDING" ? a - b : b - a)).map((n) => items[n]);
  const more = i >= 0 && i < items.length;
  return { items: ordered, ...(more ? { nextToken: encode({ c: contactId, i, d: direction }) } : {}) };
}

function startIndex(items: ChatItem[], start: NonNullable<TranscriptQuery["start"]>, direction: "FORWARD" | "BACKWARD"): number {
  if (start.id !== undefined) {
    const at = items.findIndex((item) => item.Id === start.id);
    if (at < 0) throw participantErrors.validation(`StartPosition.Id ${start.id} is not an item of this transcript`);
    return at;
  }
  if (start.absoluteTime !== undefined) {
    const t = Date.parse(start.absoluteTime);
    if (Number.isNaN(t)) throw participantErrors.validation(`StartPosition.AbsoluteTime ${start.absoluteTime} is not an ISO-8601 time (yyyy-MM-ddThh:mm:ss.SSSZ)`);
    if (direction === "FORWARD") {
      const at = items.findIndex((item) => Date.parse(item.AbsoluteTime) >= t);
      return at < 0 ? items.length : at;
    }
    for (let at = items.length - 1; at >= 0; at--) if (Date.parse(items[at].AbsoluteTime) <= t) return at;
    return -1;
  }
  if (start.mostRecent !== undefined) {
    const at = items.length - 1 - start.mostRecent;
    return direction === "FORWARD" ? Math.max(at, 0) : at;
  }
  return direction === "FORWARD" ? 0 : items.length - 1;
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decode(token: string): Cursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<Cursor>;
    if (typeof parsed.c === "string" && Number.isInteger(parsed.i) && (parsed.d === "FORWARD" || parsed.d === "BACKWARD")) return parsed as Cursor;
  } catch {
    // a token this simulator did not issue
  }
  return undefined;
}
