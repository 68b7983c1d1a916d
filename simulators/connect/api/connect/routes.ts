/** Every Connect API operation the simulator serves, gathered from the resource groups. */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { agentsRoutes } from "./agents.js";
import { chatRoutes } from "./chat.js";
import { contactsRoutes } from "./contacts.js";
import { flowsRoutes } from "./flows.js";
import { instancesRoutes } from "./instances.js";
import { participantRoleConfigRoutes } from "./participant-role-config.js";
import { queuesRoutes } from "./queues.js";
import { quickConnectsRoutes } from "./quick-connects.js";
import { routingProfilesRoutes } from "./routing-profiles.js";
import { taskTemplatesRoutes } from "./task-templates.js";
import { usersRoutes } from "./users.js";

export function connectRoutes(api: ApiContext): Route[] {
  return [
    ...instancesRoutes(api),
    ...flowsRoutes(api),
    ...queuesRoutes(api),
    ...routingProfilesRoutes(api),
    ...usersRoutes(api),
    ...quickConnectsRoutes(api),
    ...taskTemplatesRoutes(api),
    ...chatRoutes(api),
    ...contactsRoutes(api),
    ...agentsRoutes(api),
    ...participantRoleConfigRoutes(api),
  ];
}
