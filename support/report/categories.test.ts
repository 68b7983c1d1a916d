import { test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { asInfrastructureError, InfrastructureError, type InfrastructureKind } from "./errors.js";
import { categories, categoryNamed as byName, categoryOf, javaMatches, messageOf } from "./categories-testing.js";

test("every category is well formed and compiles", () => {
  assert.ok(categories.length > 0);
  for (const c of categories) {
    assert.equal(typeof c.name, "string");
    assert.ok(c.matchedStatuses?.every((s) => ["failed", "broken", "passed", "skipped", "unknown"].includes(s)), c.name);
    if (c.messageRegex) assert.doesNotThrow(() => javaMatches(c.messageRegex!, ""), c.name);
  }
});

test("product failures land in the product categories", () => {
  assert.equal(categoryOf("failed", messageOf(new AssertionError({ message: "expected 1 task, found 0" }))), byName("assertion failed"));
  assert.equal(categoryOf("failed", "FlowLoadError: flows/queue.json has 1 error:\n  ..."), byName("rejected on load"));
  assert.equal(categoryOf("failed", "InvalidContactFlowException: The flow is not valid.\n    at de_InvalidContactFlowExceptionRes"), byName("rejected on load"));
});

test("each kind of InfrastructureError lands in its own category, whatever else its message says", () => {
  const expected: Record<InfrastructureKind, string> = {
    "target-unreachable": byName("unreachable"),
    timeout: byName("timeout"),
    container: byName("container"),
    credentials: byName("credentials"),
    engine: byName("engine"),
    "target-error": byName("throttling"),
    setup: byName("setup"),
  };
  for (const [kind, category] of Object.entries(expected)) {
    // the message mentions other kinds' words on purpose: the explicit kind must win
    const err = new InfrastructureError(kind as InfrastructureKind, "starting podman container timed out: ECONNREFUSED, ExpiredToken");
    assert.equal(categoryOf("broken", messageOf(err)), category, kind);
    assert.equal(categoryOf("broken", `Before hook "start" failed: ${messageOf(err)}`), category, `${kind} from a hook`);
  }
});

test("unwrapped infrastructure errors are sorted by what they say", () => {
  const sys = (code: string, message: string) => Object.assign(new Error(message), { code });
  assert.equal(categoryOf("broken", messageOf(sys("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:4566"))), byName("unreachable"));
  assert.equal(categoryOf("broken", messageOf(sys("ETIMEDOUT", "connect ETIMEDOUT 10.1.1.1:443"))), byName("timeout"));
  assert.equal(categoryOf("broken", "Error: function timed out, ensure the promise resolves within 5000 milliseconds\n    at Timeout"), byName("timeout"));
  assert.equal(categoryOf("broken", "CredentialsProviderError: Could not load credentials from any providers"), byName("credentials"));
  assert.equal(categoryOf("broken", "Error: Could not find a working container runtime strategy"), byName("container"));
  assert.equal(categoryOf("broken", "EngineError: action x ran away"), byName("engine"));
  assert.equal(categoryOf("broken", "ThrottlingException: Rate exceeded"), byName("throttling"));
  // what asInfrastructureError makes of a real fetch failure
  const wrapped = asInfrastructureError(new TypeError("fetch failed", { cause: sys("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1") }), "sending the message")!;
  assert.equal(categoryOf("broken", messageOf(wrapped)), byName("unreachable"));
});

test("harness problems are told apart from infrastructure", () => {
  assert.equal(categoryOf("broken", messageOf(new TypeError("Cannot read properties of undefined (reading 'x')"))), byName("error in the test code"));
  assert.equal(categoryOf("broken", 'Step "the agent does a cartwheel" is undefined: no step definition matches it'), byName("undefined or ambiguous"));
  assert.equal(categoryOf("passed", ""), "(none)");
});
