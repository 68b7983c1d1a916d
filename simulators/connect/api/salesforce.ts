/**
 * Serves the Salesforce REST mock on the simulator's port under a path prefix
 * (`/salesforce/services/oauth2/token`, `/salesforce/services/data/v58.0/query`...), so
 * Webex flows' HTTP connectors reach it without a second server. The prefix is removed
 * before the mock sees the request; anything else under it gets Salesforce's 404.
 */
import type { RawHandler } from "./http/router.js";
import { sendJson } from "./http/service.js";
import type { SalesforceMock } from "../../salesforce/handler.js";
import type { SalesforceConnection } from "../../salesforce/tenant.js";
import type { ConnectorConfig } from "../../webex/runtime/http.js";

export const SALESFORCE_PREFIX = "/salesforce";

export function salesforceMount(mock: () => SalesforceMock, prefix = SALESFORCE_PREFIX): RawHandler {
  return (req, res) => {
    const url = req.url ?? "/";
    if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) return false;
    req.url = url.slice(prefix.length) || "/";
    if (mock().handle(req, res)) return true;
    sendJson(res, 404, [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]);
    return true;
  };
}

/** A Webex connector that signs in to the org with the OAuth 2.0 password grant. */
export function salesforceConnector(c: SalesforceConnection): ConnectorConfig {
  return { baseUrl: c.baseUrl, auth: { type: "oauth2", tokenUrl: c.tokenUrl, grantType: "password", clientId: c.clientId, clientSecret: c.clientSecret, username: c.username, password: c.password } };
}
