/** What every API handler gets: the runtime it translates to, and where the server listens. */
import type { Runtime } from "../runtime/runtime.js";
import type { Contact } from "../flow/contact.js";
import type { WebexCenter } from "../../webex/center.js";
import type { SalesforceTenant } from "../../salesforce/tenant.js";

export interface ApiContext {
  runtime: Runtime;
  /** `http://127.0.0.1:<port>` once listening (websocket and upload URLs are built from it). */
  endpoint(): string;
  /** What this instance's own URLs start with: "" for the default instance, `/instances/<id>` for the others. */
  pathPrefix: string;
  /** Whether the control plane (/_flowsim) is on. */
  controlEnabled: boolean;
  /** Strict mode: whether SearchContacts sees the contact yet (its index lags); absent, it sees every contact. */
  searchVisible?(contact: Contact): boolean;
  /** Webex Contact Center calls (same clock). */
  webex?: WebexCenter;
  /** The Salesforce org the Webex connectors reach (same clock). */
  salesforce?: SalesforceTenant;
}
