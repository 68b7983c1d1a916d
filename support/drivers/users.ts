/**
 * People in the contact center as the Connect API knows them: users created with
 * CreateUser, whose workspace actions go through the simulator's control plane.
 */
import { CreateUserCommand, ListSecurityProfilesCommand } from "@aws-sdk/client-connect";
import type { Target } from "../targets/target.js";
import { InfrastructureError } from "../report/errors.js";
import type { ControlPlane } from "./control.js";

/** Creates a soft-phone user with the named security profile; returns its id and ARN. */
export async function createUser(
  target: Target,
  user: { name: string; role: "Agent" | "Supervisor"; securityProfile: string; routingProfileId: string },
): Promise<{ userId: string; arn?: string }> {
  const profiles = await target.connect.send(new ListSecurityProfilesCommand({ InstanceId: target.instanceId }));
  const profile = profiles.SecurityProfileSummaryList?.find((p) => p.Name === user.securityProfile);
  if (!profile?.Id) throw new InfrastructureError("setup", `the instance has no ${user.securityProfile} security profile`);
  const handle = user.name.toLowerCase().replace(/[^a-z0-9._-]+/g, ".");
  const res = await target.connect.send(
    new CreateUserCommand({
      InstanceId: target.instanceId,
      Username: user.role === "Agent" ? handle : `${handle}.${user.role.toLowerCase()}`,
      Password: `Flowsim-${user.role}-1`,
      IdentityInfo: { FirstName: user.name, LastName: user.role },
      PhoneConfig: { PhoneType: "SOFT_PHONE", AutoAccept: false, AfterContactWorkTimeLimit: 0 },
      SecurityProfileIds: [profile.Id],
      RoutingProfileId: user.routingProfileId,
    }),
  );
  return { userId: res.UserId!, arn: res.UserArn };
}

/** The control plane, or a setup error naming who needed it. */
export function controlPlaneFor(target: Target, who: string): ControlPlane {
  const control = target.control;
  if (!control) throw new InfrastructureError("setup", `${who} needs the simulator's control plane (the step must declare what it needs: requires in support/capabilities.ts)`);
  return control;
}
