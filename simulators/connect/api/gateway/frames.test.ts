import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChatItem } from "../../runtime/chat.js";
import { chatFrame, HEARTBEAT_REPLY, PING_REPLY, readFrame } from "./frames.js";

const text = (s: string) => Buffer.from(s);

test("the usual ping and heartbeat bytes read as their topics without a parse", () => {
  assert.deepEqual(readFrame(text('{"topic":"aws/heartbeat"}'), false), { topic: "aws/heartbeat" });
  assert.deepEqual(readFrame(text('{"topic":"aws/ping"}'), false), { topic: "aws/ping" });
  // The shared objects of the fast path cannot be changed by a reader.
  assert.ok(Object.isFrozen(readFrame(text('{"topic":"aws/ping"}'), false)));
});

test("other spellings of a ping or heartbeat take the full parse and read the same", () => {
  for (const spelling of ['{ "topic" : "aws/heartbeat" }', '\n{"topic":"aws/heartbeat"}\n', '{"content":null,"topic":"aws/heartbeat"}', '{"topic":"aws\\/heartbeat"}']) {
    assert.equal(readFrame(text(spelling), false)?.topic, "aws/heartbeat", spelling);
  }
  assert.deepEqual(readFrame(text('{"topic":"aws/ping","content":{"x":1}}'), false), { topic: "aws/ping", content: { x: 1 } });
});

test("what is not a JSON object reads as nothing (Forbidden), the heartbeat's bytes in a binary frame included", () => {
  for (const junk of ['{"topic":"aws/heartbeat"', '{"topic":"aws/heartbeat"}x', "not json", "[1,2]", "null", "42", '"aws/heartbeat"', ""]) {
    assert.equal(readFrame(text(junk), false), undefined, junk);
  }
  assert.equal(readFrame(text('{"topic":"aws/heartbeat"}'), true), undefined);
  assert.equal(readFrame(text('{"topic":"aws/ping"}'), true), undefined);
});

test("the pre-encoded answers are the frames the protocol names", () => {
  assert.equal(HEARTBEAT_REPLY.toString(), '{"topic":"aws/heartbeat"}');
  assert.equal(PING_REPLY.toString(), '{"topic":"aws/ping","statusCode":200,"statusContent":"OK"}');
});

test("a chat frame has the bytes of the stringified envelope, content a JSON string of the item", () => {
  const item = {
    AbsoluteTime: "2026-12-07T00:20:01.123Z",
    Content: 'quotes " and \\ backslashes, é, 😀, \u2028 and a\nnewline',
    ContentType: "text/plain",
    Id: "5b7f0c1e",
    Type: "MESSAGE",
    ParticipantId: "0c1e5b7f",
    DisplayName: "Customer",
    ParticipantRole: "CUSTOMER",
    InitialContactId: "a155",
    ContactId: "a155",
  } as unknown as ChatItem;
  const expected = Buffer.from(JSON.stringify({ topic: "aws/chat", contentType: "application/json", content: JSON.stringify(item) }));
  assert.ok(chatFrame(item).equals(expected));
  assert.deepEqual(JSON.parse(JSON.parse(chatFrame(item).toString()).content as string), item);
});
