import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime } from "./runtime.js";
import { createHours, createQueue, createRoutingProfile } from "./routing-setup.js";
import { createUser, deleteUser, findUser, updateUser, usersOfRoutingProfile } from "./users.js";
import { Refusal, type RefusalKind } from "./refusals.js";

function refused(fn: () => unknown, kind: RefusalKind, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof Refusal && e.kind === kind && message.test(e.message));
}

function base() {
  const rt = new Runtime();
  const hours = createHours(rt, { name: "h", timeZone: "UTC", config: [] });
  const queue = createQueue(rt, { name: "q", hoursOfOperationId: hours.id });
  const profile = createRoutingProfile(rt, { name: "p", description: "d", defaultOutboundQueueId: queue.id, mediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }] });
  const other = createRoutingProfile(rt, { name: "p2", description: "d", defaultOutboundQueueId: queue.id, mediaConcurrencies: [{ Channel: "CHAT", Concurrency: 2 }] });
  rt.resources.securityProfiles.add({ id: "agent", arn: rt.resources.arn("security-profile", "agent"), name: "Agent" });
  const input = { username: "ana", password: "Secret123", securityProfileIds: ["agent"], routingProfileId: profile.id, identity: { FirstName: "Ana", LastName: "Lima" } };
  return { rt, profile, other, input };
}

test("a user needs a password that meets the rule, an existing routing profile and security profiles", () => {
  const { rt, input } = base();
  refused(() => createUser(rt, { ...input, password: undefined }), "invalid", /Password is required/);
  refused(() => createUser(rt, { ...input, password: "short1A" }), "invalid", /8 to 64 characters/);
  refused(() => createUser(rt, { ...input, password: "alllowercase1" }), "invalid", /upper-case/);
  refused(() => createUser(rt, { ...input, routingProfileId: "nope" }), "not-found", /Routing profile not found/);
  refused(() => createUser(rt, { ...input, securityProfileIds: ["agent", "nope"] }), "not-found", /Security profile not found: nope/);
  refused(() => createUser(rt, { ...input, hierarchyGroupId: "g1" }), "not-found", /Hierarchy group/);
  refused(() => createUser(rt, { ...input, phoneConfig: { PhoneType: "DESK_PHONE" } }), "invalid", /DeskPhoneNumber/);
  assert.equal(rt.resources.users.all().length, 0, "refused users are not stored");
});

test("usernames are unique regardless of case; agents find their user by id, ARN or name", () => {
  const { rt, input, profile } = base();
  const u = createUser(rt, input);
  refused(() => createUser(rt, { ...input, username: "ANA" }), "duplicate", /already exists/);
  assert.equal(findUser(rt, u.arn).id, u.id);
  assert.equal(rt.resources.users.find("ana")?.id, u.id);
  assert.deepEqual(u.phoneConfig, { PhoneType: "SOFT_PHONE", AutoAccept: false, AfterContactWorkTimeLimit: 0 });
  assert.deepEqual(usersOfRoutingProfile(rt, profile.id).map((x) => x.name), ["ana"]);
});

test("updates replace what they name; deleting a user removes it", () => {
  const { rt, input, other } = base();
  const u = createUser(rt, { ...input, identity: { FirstName: "Ana", LastName: "Lima", Email: "ana@example.com" } });
  updateUser(rt, u.id, { routingProfileId: other.arn, identity: { FirstName: "Ana Maria" }, phoneConfig: { PhoneType: "DESK_PHONE", DeskPhoneNumber: "+15550123" } });
  assert.equal(u.routingProfileId, other.id);
  assert.equal(u.firstName, "Ana Maria");
  assert.equal(u.email, undefined, "UpdateUserIdentityInfo replaces the identity");
  assert.equal(u.phoneConfig.DeskPhoneNumber, "+15550123");
  refused(() => updateUser(rt, u.id, { routingProfileId: "nope" }), "not-found", /Routing profile/);
  deleteUser(rt, u.id);
  refused(() => findUser(rt, u.id), "not-found", /User not found/);
});
