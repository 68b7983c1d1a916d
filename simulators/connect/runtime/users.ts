/**
 * Users (agents) and the security profiles they hold, created and changed the way the
 * Connect API does. What an agent does once logged in (status, offers, contacts) is the
 * agent model's business; this is only the directory entry it works from.
 */
import { Refusal } from "./refusals.js";
import type { SecurityProfileResource, UserResource } from "./resources.js";
import { byIdOrArn, findRoutingProfile } from "./routing-setup.js";
import type { Runtime } from "./runtime.js";

export interface UserInput {
  username: string;
  password?: string;
  identity?: { FirstName?: string; LastName?: string; Email?: string; SecondaryEmail?: string; Mobile?: string };
  phoneConfig?: UserResource["phoneConfig"];
  directoryUserId?: string;
  securityProfileIds: string[];
  routingProfileId: string;
  hierarchyGroupId?: string;
  tags?: Record<string, string>;
}

/** CreateUser's documented password rule: 8-64 characters with a lower-case letter, an upper-case letter and a digit. */
const PASSWORD = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)\S{8,64}$/;
const E164 = /^\+[1-9]\d{1,14}$/;

/** Usernames are case-insensitively unique in an instance. */
function assertUsernameFree(rt: Runtime, username: string, self?: string): void {
  const taken = rt.resources.users.all().find((u) => u.name.toLowerCase() === username.toLowerCase() && u.id !== self);
  if (taken) throw new Refusal("duplicate", `User with username "${username}" already exists (${taken.id})`);
}

function checkPhoneConfig(config: UserResource["phoneConfig"]): void {
  if (config.PhoneType === "DESK_PHONE" && !(config.DeskPhoneNumber && E164.test(config.DeskPhoneNumber))) {
    throw new Refusal("invalid", `PhoneConfig.DeskPhoneNumber must be an E.164 number for a DESK_PHONE user${config.DeskPhoneNumber ? `, not "${config.DeskPhoneNumber}"` : ""}`);
  }
}

export function findSecurityProfile(rt: Runtime, ref: string): SecurityProfileResource {
  const profile = byIdOrArn(rt.resources.securityProfiles, ref);
  if (!profile) throw new Refusal("not-found", `Security profile not found: ${ref}`);
  return profile;
}

/**
 * The instance manages its own identities (CONNECT_MANAGED), so, as documented, a
 * password is required and a directory user id is refused. Hierarchy groups are not
 * modelled, so naming one is refused as not found rather than silently dropped.
 */
export function createUser(rt: Runtime, input: UserInput): UserResource {
  assertUsernameFree(rt, input.username);
  if (input.password === undefined) throw new Refusal("invalid", "Password is required: the instance manages its users' identities (CONNECT_MANAGED)");
  if (!PASSWORD.test(input.password)) throw new Refusal("invalid", "Password must be 8 to 64 characters with at least one lower-case letter, one upper-case letter and one digit");
  if (input.directoryUserId !== undefined) throw new Refusal("invalid", "DirectoryUserId is only for instances using an existing directory; this one manages its own users");
  if (input.hierarchyGroupId !== undefined) throw new Refusal("not-found", `Hierarchy group not found: ${input.hierarchyGroupId}`);
  const routingProfile = findRoutingProfile(rt, input.routingProfileId);
  const securityProfileIds = input.securityProfileIds.map((ref) => findSecurityProfile(rt, ref).id);
  const phoneConfig = { PhoneType: "SOFT_PHONE", AutoAccept: false, AfterContactWorkTimeLimit: 0, ...input.phoneConfig };
  checkPhoneConfig(phoneConfig);
  const id = rt.ids.uuid();
  return rt.resources.users.add({
    id,
    arn: rt.resources.arn("agent", id),
    name: input.username,
    firstName: input.identity?.FirstName,
    lastName: input.identity?.LastName,
    email: input.identity?.Email,
    secondaryEmail: input.identity?.SecondaryEmail,
    mobile: input.identity?.Mobile,
    routingProfileId: routingProfile.id,
    securityProfileIds: [...new Set(securityProfileIds)],
    phoneConfig,
    tags: { ...input.tags },
    lastModifiedTime: rt.clock.now(),
  });
}

export function findUser(rt: Runtime, ref: string): UserResource {
  const user = byIdOrArn(rt.resources.users, ref);
  if (!user) throw new Refusal("not-found", `User not found: ${ref}`);
  return user;
}

export function deleteUser(rt: Runtime, ref: string): void {
  rt.resources.users.remove(findUser(rt, ref).id);
  rt.routing.resync();
}

export function updateUser(rt: Runtime, ref: string, change: { routingProfileId?: string; identity?: UserInput["identity"]; phoneConfig?: UserResource["phoneConfig"]; securityProfileIds?: string[] }): UserResource {
  const user = findUser(rt, ref);
  if (change.routingProfileId !== undefined) user.routingProfileId = findRoutingProfile(rt, change.routingProfileId).id;
  if (change.securityProfileIds !== undefined) user.securityProfileIds = [...new Set(change.securityProfileIds.map((r) => findSecurityProfile(rt, r).id))];
  if (change.phoneConfig !== undefined) {
    checkPhoneConfig(change.phoneConfig);
    user.phoneConfig = { ...change.phoneConfig };
  }
  if (change.identity !== undefined) {
    // UpdateUserIdentityInfo replaces the identity: what the request leaves out is cleared.
    user.firstName = change.identity.FirstName;
    user.lastName = change.identity.LastName;
    user.email = change.identity.Email;
    user.secondaryEmail = change.identity.SecondaryEmail;
    user.mobile = change.identity.Mobile;
  }
  user.lastModifiedTime = rt.clock.now();
  if (change.routingProfileId !== undefined) rt.routing.resync();
  return user;
}

/** Users whose routing profile this is (DescribeRoutingProfile NumberOfAssociatedUsers). */
export function usersOfRoutingProfile(rt: Runtime, routingProfileId: string): UserResource[] {
  return rt.resources.users.all().filter((u) => u.routingProfileId === routingProfileId);
}
