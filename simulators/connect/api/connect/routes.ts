/** Every Connect API operation of one instance, gathered from the resource groups (the account's own are in instances.ts). */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { agentsRoutes } from "./agents.js";
import { chatRoutes } from "./chat.js";
import { contactControlRoutes } from "./contact-control.js";
import { contactDetailsRoutes } from "./contact-details.js";
import { searchContactsRoutes } from "./contact-search.js";
import { startContactRoutes } from "./contact-start.js";
import { flowsRoutes } from "./flows.js";
import { lambdaFunctionsRoutes } from "./lambda-functions.js";
import { tagRoutes } from "./tags.js";
import { participantRoleConfigRoutes } from "./participant-role-config.js";
import { queuesRoutes } from "./queues.js";
import { quickConnectsRoutes } from "./quick-connects.js";
import { routingProfilesRoutes } from "./routing-profiles.js";
import { taskTemplatesRoutes } from "./task-templates.js";
import { testCaseExecutionsRoutes } from "./test-case-executions.js";
import { testCasesRoutes } from "./test-cases.js";
import { usersRoutes } from "./users.js";

export function connectRoutes(api: ApiContext): Route[] {
  return [
    ...tagRoutes(api),
    ...flowsRoutes(api),
    ...lambdaFunctionsRoutes(api),
    ...queuesRoutes(api),
    ...routingProfilesRoutes(api),
    ...usersRoutes(api),
    ...quickConnectsRoutes(api),
    ...taskTemplatesRoutes(api),
    ...chatRoutes(api),
    ...startContactRoutes(api),
    ...contactControlRoutes(api),
    ...contactDetailsRoutes(api),
    ...searchContactsRoutes(api),
    ...agentsRoutes(api),
    ...participantRoleConfigRoutes(api),
    ...testCasesRoutes(api),
    ...testCaseExecutionsRoutes(api),
  ];
}
