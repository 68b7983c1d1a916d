/** Salesforce REST mock: a request handler, an in-memory org, SOQL, OAuth 2.0 tokens. */
export { SalesforceMock, DEFAULT_APP, DEFAULT_USER, type SalesforceMockOptions, type Outage, type RequestLogEntry } from "./handler.js";
export { startSalesforceMock, type RunningSalesforceMock } from "./server.js";
export { SalesforceOrg, sfDateTime, type SeedData, type SfRecord } from "./org.js";
export { STANDARD_OBJECTS, type ObjectDef, type FieldDef } from "./schema.js";
export { SalesforceError, type SalesforceErrorItem } from "./errors.js";
export { isRecordId, sameId, newRecordId, caseSafeSuffix } from "./ids.js";
export type { ConnectedApp, SfUser } from "./oauth.js";
