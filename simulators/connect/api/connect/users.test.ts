import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateUserCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  ListUsersCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
  type CreateUserCommandInput,
} from "@aws-sdk/client-connect";
import { assertTime, expectError, startSdkSim, type SdkSim } from "../testing.js";

async function basics(a: SdkSim) {
  const routingProfileId = (await a.client.send(new ListRoutingProfilesCommand({ InstanceId: a.InstanceId }))).RoutingProfileSummaryList![0].Id!;
  const profiles = (await a.client.send(new ListSecurityProfilesCommand({ InstanceId: a.InstanceId }))).SecurityProfileSummaryList!;
  const id = (name: string) => profiles.find((p) => p.Name === name)!.Id!;
  const user = (over: Partial<CreateUserCommandInput> = {}): CreateUserCommandInput => ({ InstanceId: a.InstanceId, Username: "ana", Password: "Passw0rdOk", SecurityProfileIds: [id("Agent")], RoutingProfileId: routingProfileId, ...over });
  return { routingProfileId, id, user };
}

test("a new instance has the Admin, Agent, CallCenterManager and QualityAnalyst security profiles", async () => {
  const a = await startSdkSim();
  try {
    const profiles = (await a.client.send(new ListSecurityProfilesCommand({ InstanceId: a.InstanceId }))).SecurityProfileSummaryList!;
    assert.deepEqual(profiles.map((p) => p.Name), ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"]);
    assert.ok(profiles.every((p) => p.Arn?.endsWith(`/security-profile/${p.Id}`)));
  } finally {
    await a.close();
  }
});

test("create, describe, list, update and delete a user", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId, sim } = a;
    const { id, user, routingProfileId } = await basics(a);
    const created = await client.send(new CreateUserCommand(user({ IdentityInfo: { FirstName: "Ana", LastName: "Lima", Email: "ana@example.com" }, PhoneConfig: { PhoneType: "SOFT_PHONE", AutoAccept: true }, Tags: { site: "lisbon" } })));
    assert.match(created.UserArn!, new RegExp(`/agent/${created.UserId}$`));
    const u = (await client.send(new DescribeUserCommand({ InstanceId, UserId: created.UserId }))).User!;
    assert.deepEqual([u.Username, u.IdentityInfo?.FirstName, u.IdentityInfo?.Email, u.PhoneConfig?.PhoneType, u.PhoneConfig?.AutoAccept, u.RoutingProfileId, u.Tags], ["ana", "Ana", "ana@example.com", "SOFT_PHONE", true, routingProfileId, { site: "lisbon" }]);
    assertTime(u.LastModifiedTime, "User.LastModifiedTime");
    assert.equal(sim.runtime.resources.users.find("ana")?.id, created.UserId, "the agent model finds the user by name");

    await client.send(new UpdateUserIdentityInfoCommand({ InstanceId, UserId: created.UserId, IdentityInfo: { FirstName: "Ana Maria", LastName: "Lima" } }));
    await client.send(new UpdateUserPhoneConfigCommand({ InstanceId, UserId: created.UserId, PhoneConfig: { PhoneType: "DESK_PHONE", DeskPhoneNumber: "+15550123", AfterContactWorkTimeLimit: 60 } }));
    await client.send(new UpdateUserSecurityProfilesCommand({ InstanceId, UserId: created.UserId, SecurityProfileIds: [id("Agent"), id("QualityAnalyst")] }));
    const after = (await client.send(new DescribeUserCommand({ InstanceId, UserId: created.UserArn }))).User!;
    assert.deepEqual([after.IdentityInfo?.FirstName, after.IdentityInfo?.Email, after.PhoneConfig?.PhoneType, after.PhoneConfig?.DeskPhoneNumber, after.SecurityProfileIds?.length], ["Ana Maria", undefined, "DESK_PHONE", "+15550123", 2]);
    await expectError(client.send(new UpdateUserRoutingProfileCommand({ InstanceId, UserId: created.UserId, RoutingProfileId: "nope" })), "ResourceNotFoundException", 404);

    await client.send(new CreateUserCommand(user({ Username: "bruno" })));
    const listed = (await client.send(new ListUsersCommand({ InstanceId, MaxResults: 1 })));
    assert.deepEqual(listed.UserSummaryList?.map((s) => s.Username), ["ana"]);
    const next = await client.send(new ListUsersCommand({ InstanceId, MaxResults: 1, NextToken: listed.NextToken }));
    assert.deepEqual([next.UserSummaryList?.map((s) => s.Username), next.NextToken], [["bruno"], undefined]);

    await client.send(new DeleteUserCommand({ InstanceId, UserId: created.UserId }));
    await expectError(client.send(new DescribeUserCommand({ InstanceId, UserId: created.UserId })), "ResourceNotFoundException", 404);
    await expectError(client.send(new DeleteUserCommand({ InstanceId, UserId: created.UserId })), "ResourceNotFoundException", 404);
  } finally {
    await a.close();
  }
});

test("user errors: duplicates, passwords, unknown profiles, desk phones without a number, bad shapes", async () => {
  const a = await startSdkSim();
  try {
    const { client } = a;
    const { user } = await basics(a);
    await client.send(new CreateUserCommand(user()));
    await expectError(client.send(new CreateUserCommand(user({ Username: "ANA" }))), "DuplicateResourceException", 409);
    const noPassword = await expectError(client.send(new CreateUserCommand(user({ Username: "b", Password: undefined }))), "InvalidParameterException", 400);
    assert.match(noPassword.message, /Password is required/);
    await expectError(client.send(new CreateUserCommand(user({ Username: "b", Password: "weak" }))), "InvalidParameterException", 400);
    await expectError(client.send(new CreateUserCommand(user({ Username: "b", RoutingProfileId: "nope" }))), "ResourceNotFoundException", 404);
    await expectError(client.send(new CreateUserCommand(user({ Username: "b", SecurityProfileIds: ["nope"] }))), "ResourceNotFoundException", 404);
    await expectError(client.send(new CreateUserCommand(user({ Username: "b", PhoneConfig: { PhoneType: "DESK_PHONE" } }))), "InvalidParameterException", 400);
    await expectError(client.send(new CreateUserCommand(user({ Username: "has space" }))), "InvalidParameterException", 400);
    await expectError(client.send(new CreateUserCommand(user({ Username: "b", SecurityProfileIds: [] }))), "InvalidParameterException", 400);
    const perChannel = await expectError(client.send(new CreateUserCommand(user({ Username: "b", AutoAcceptConfigs: [{ Channel: "VOICE", AutoAccept: true }] }))), "InvalidParameterException", 400);
    assert.match(perChannel.message, /PhoneConfig/);
  } finally {
    await a.close();
  }
});
