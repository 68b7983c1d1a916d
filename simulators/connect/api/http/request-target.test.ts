import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRequestTarget } from "./request-target.js";

/** What the URL parser makes of a target: the reference the fast path must match. */
function byUrl(target: string) {
  const url = new URL(target, "http://simulator.invalid");
  return { pathname: url.pathname, query: [...url.searchParams] };
}

test("plain targets read as the URL parser reads them", () => {
  const targets = [
    "/participant/message",
    "/contact/chat",
    "/",
    "/contacts/abc-123/def_456~x",
    "/a//b",
    "/users/summary/instance?MaxResults=10&NextToken=a+b",
    "/x?q=it's&empty=&flag",
    "/x?a=1?b=2",
    "/x?",
    "/tags/arn:aws:connect:us-east-1:123:instance/abc",
    "/a/./b",
    "/a/../b",
    "/a/%2e%2e/b",
    "/a%20b?x=%41",
    "/v58.0/query?q=SELECT+Id",
    "/a b?c d",
    "/é?q=ü",
    "/x#frag",
    "http://other.example/path?x=1",
    "//host/path",
    "/\\\\x",
  ];
  for (const target of targets) {
    const parsed = parseRequestTarget(target);
    assert.ok(parsed, target);
    assert.deepEqual({ pathname: parsed.pathname, query: [...parsed.searchParams] }, byUrl(target), target);
  }
});

test("junk targets are undefined, never an exception", () => {
  assert.equal(parseRequestTarget(undefined), undefined);
  assert.equal(parseRequestTarget(""), undefined);
  assert.equal(parseRequestTarget("//["), undefined);
  assert.equal(parseRequestTarget("http://"), undefined);
});
