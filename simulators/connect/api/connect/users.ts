/**
 * Users and security profiles: CreateUser, DescribeUser, ListUsers, DeleteUser,
 * UpdateUserRoutingProfile / IdentityInfo / PhoneConfig / SecurityProfiles,
 * ListSecurityProfiles. Agent status and offers are the agent API's.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import type { UserResource } from "../../runtime/resources.js";
import { createUser, deleteUser, findUser, updateUser, type UserInput } from "../../runtime/users.js";
import { admit, instanceOf, listPage, readTags } from "./admin-common.js";
import { epochSeconds } from "./common.js";

const USERNAME = /^[a-zA-Z0-9_\-.@]+$/;
/** UserPhoneConfig: "a maximum value of 2,000,000 seconds (24 days)". */
const MAX_ACW_SECONDS = 2_000_000;

function shape(req: Request): Shape {
  return new Shape(req.body, connectErrors.invalidParameter);
}

function readIdentity(s: Shape, required = false): UserInput["identity"] {
  if (!s.object("IdentityInfo", { required })) return undefined;
  const identity = {
    FirstName: s.string("IdentityInfo.FirstName", { min: 1, max: 100 }),
    LastName: s.string("IdentityInfo.LastName", { min: 1, max: 100 }),
    Email: s.string("IdentityInfo.Email", { max: 256 }),
    SecondaryEmail: s.string("IdentityInfo.SecondaryEmail", { max: 256 }),
    Mobile: s.string("IdentityInfo.Mobile", { pattern: /^\+[1-9]\d{1,14}$/ }),
  };
  return Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== undefined));
}

function readPhoneConfig(s: Shape, required = false): UserResource["phoneConfig"] | undefined {
  if (!s.object("PhoneConfig", { required })) return undefined;
  const config = {
    PhoneType: s.string("PhoneConfig.PhoneType", { enum: ["SOFT_PHONE", "DESK_PHONE"] }) ?? "SOFT_PHONE",
    AutoAccept: s.boolean("PhoneConfig.AutoAccept"),
    AfterContactWorkTimeLimit: s.number("PhoneConfig.AfterContactWorkTimeLimit", { integer: true, min: 0, max: MAX_ACW_SECONDS }),
    DeskPhoneNumber: s.string("PhoneConfig.DeskPhoneNumber"),
    PersistentConnection: s.boolean("PhoneConfig.PersistentConnection"),
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as UserResource["phoneConfig"];
}

function readIds(s: Shape, member: string, opts: { required?: boolean; min?: number; max?: number }): string[] | undefined {
  return s.array(member, opts)?.map((_, i) => s.string(`${member}.${i}`, { required: true }) ?? "");
}

/**
 * The per-channel settings (AutoAcceptConfigs, AfterContactWorkConfigs...) are the newer
 * spelling of PhoneConfig; flowsim models PhoneConfig only, so it names them rather than
 * ignoring them.
 */
function refuseUnmodelled(s: Shape, body: Record<string, unknown>): void {
  for (const m of ["AutoAcceptConfigs", "AfterContactWorkConfigs", "PhoneNumberConfigs", "PersistentConnectionConfigs", "VoiceEnhancementConfigs"]) {
    if (body[m] !== undefined && body[m] !== null) s.violation(`Value at '${m.charAt(0).toLowerCase()}${m.slice(1)}' failed to satisfy constraint: flowsim models the user's phone settings through PhoneConfig only; set them there`);
  }
}

function userBody(api: ApiContext, u: UserResource) {
  const identity = { FirstName: u.firstName, LastName: u.lastName, Email: u.email, SecondaryEmail: u.secondaryEmail, Mobile: u.mobile };
  return {
    Id: u.id,
    Arn: u.arn,
    Username: u.name,
    IdentityInfo: identity,
    PhoneConfig: u.phoneConfig,
    SecurityProfileIds: u.securityProfileIds,
    RoutingProfileId: u.routingProfileId,
    HierarchyGroupId: u.hierarchyGroupId,
    Tags: { ...u.tags },
    LastModifiedTime: epochSeconds(u.lastModifiedTime),
    LastModifiedRegion: api.runtime.instance.region,
  };
}

export function usersRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  const update = (operation: string, suffix: string, read: (s: Shape) => Parameters<typeof updateUser>[2]): Route => ({
    method: "POST",
    pattern: `/users/{InstanceId}/{UserId}/${suffix}`,
    operation,
    handler: (req) => {
      const s = shape(req);
      const change = read(s);
      s.check();
      instanceOf(api, req);
      admit(() => updateUser(rt, req.labels.UserId, change));
      return { body: {} };
    },
  });
  return [
    {
      method: "PUT",
      pattern: "/users/{InstanceId}",
      operation: "CreateUser",
      handler: (req) => {
        const s = shape(req);
        const username = s.string("Username", { required: true, min: 1, max: 100, pattern: USERNAME });
        const password = s.string("Password");
        const identity = readIdentity(s);
        const phoneConfig = readPhoneConfig(s);
        const directoryUserId = s.string("DirectoryUserId");
        const securityProfileIds = readIds(s, "SecurityProfileIds", { required: true, min: 1, max: 10 });
        const routingProfileId = s.string("RoutingProfileId", { required: true });
        const hierarchyGroupId = s.string("HierarchyGroupId");
        refuseUnmodelled(s, req.body);
        const tags = readTags(s, "Tags");
        s.check();
        instanceOf(api, req);
        const u = admit(() => createUser(rt, { username: username!, password, identity, phoneConfig, directoryUserId, securityProfileIds: securityProfileIds!, routingProfileId: routingProfileId!, hierarchyGroupId, tags }));
        return { body: { UserId: u.id, UserArn: u.arn } };
      },
    },
    {
      method: "GET",
      pattern: "/users/{InstanceId}/{UserId}",
      operation: "DescribeUser",
      handler: (req) => {
        instanceOf(api, req);
        return { body: { User: userBody(api, admit(() => findUser(rt, req.labels.UserId))) } };
      },
    },
    {
      method: "GET",
      pattern: "/users-summary/{InstanceId}",
      operation: "ListUsers",
      handler: (req) => {
        instanceOf(api, req);
        const all = rt.resources.users.all().map((u) => ({ Id: u.id, Arn: u.arn, Username: u.name, LastModifiedTime: epochSeconds(u.lastModifiedTime), LastModifiedRegion: rt.instance.region }));
        const listed = listPage(req, all, { max: 1000 });
        return { body: { UserSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "DELETE",
      pattern: "/users/{InstanceId}/{UserId}",
      operation: "DeleteUser",
      handler: (req) => {
        instanceOf(api, req);
        admit(() => deleteUser(rt, req.labels.UserId));
        return { body: {} };
      },
    },
    update("UpdateUserRoutingProfile", "routing-profile", (s) => ({ routingProfileId: s.string("RoutingProfileId", { required: true }) })),
    update("UpdateUserIdentityInfo", "identity-info", (s) => ({ identity: readIdentity(s, true) })),
    update("UpdateUserPhoneConfig", "phone-config", (s) => ({ phoneConfig: readPhoneConfig(s, true) })),
    update("UpdateUserSecurityProfiles", "security-profiles", (s) => ({ securityProfileIds: readIds(s, "SecurityProfileIds", { required: true, min: 1, max: 10 }) })),
    {
      method: "GET",
      pattern: "/security-profiles-summary/{InstanceId}",
      operation: "ListSecurityProfiles",
      handler: (req) => {
        instanceOf(api, req);
        const all = rt.resources.securityProfiles.all().map((p) => ({ Id: p.id, Arn: p.arn, Name: p.name, LastModifiedTime: epochSeconds(rt.resources.profile.createdTime), LastModifiedRegion: rt.instance.region }));
        const listed = listPage(req, all, { max: 1000 });
        return { body: { SecurityProfileSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
  ];
}
