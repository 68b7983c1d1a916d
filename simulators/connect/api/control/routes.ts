/** The control plane (/_flowsim/...): what only a simulator can do. Off with `--no-control`. */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { clockRoutes } from "./clock.js";
import { responderRoutes } from "./responders.js";
import { callRoutes } from "./calls.js";
import { agentControlRoutes } from "./agents.js";
import { webexRoutes } from "./webex.js";
import { testCaseControlRoutes } from "./test-cases.js";

export function controlRoutes(api: ApiContext): Route[] {
  return [...clockRoutes(api), ...responderRoutes(api), ...callRoutes(api), ...agentControlRoutes(api), ...webexRoutes(api), ...testCaseControlRoutes(api)];
}
