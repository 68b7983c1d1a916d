/** The Participant Service operations (restJson1 under /participant). */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { attachmentRoutes } from "./attachments.js";
import { authenticationRoutes } from "./authentication.js";
import { connectionRoutes } from "./connection.js";
import { messageRoutes } from "./messages.js";
import { viewRoutes } from "./views.js";

export { attachmentFiles } from "./attachments.js";

export function participantRoutes(api: ApiContext): Route[] {
  return [...connectionRoutes(api), ...messageRoutes(api), ...attachmentRoutes(api), ...viewRoutes(api), ...authenticationRoutes(api)];
}
