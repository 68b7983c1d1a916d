/** The path a contact took through its flows: one step per action run, plus flow entry and exit. */

export interface AttributeChange {
  /** Which data changed: `Attributes` (contact), `FlowAttributes`, `Related` (the related contact's attributes)... */
  scope: string;
  key: string;
  from?: string;
  to?: string;
}

export type TraceStep =
  | {
      kind: "flow-start";
      at: number;
      contactId: string;
      flowId: string;
      flowName: string;
      flowType: string;
      /** Why it started: `start`, `transfer`, `module`, `customer-queue`, `event-hook:<Hook>`, `task`... */
      reason: string;
    }
  | {
      kind: "action";
      at: number;
      contactId: string;
      flowId: string;
      flowName: string;
      actionId: string;
      actionType: string;
      /** The branch taken, as the console names it: `Success`, `Condition: Equals 2`, `Error: NoMatchingError`... */
      branch: string;
      /** The action's run result, when it has one (a digit, an intent, `True`...). */
      result?: string;
      errorType?: string;
      /** Why an error branch was taken, or anything a reader needs (e.g. "default Lambda responder"). */
      detail?: string;
      nextActionId?: string;
      changes?: AttributeChange[];
      /** Virtual time the action waited, in ms. */
      waitedMs?: number;
    }
  | {
      kind: "flow-end";
      at: number;
      contactId: string;
      flowId: string;
      flowName: string;
      /** `disconnected`, `ended`, `queued`, `transferred`, `module-returned`, `interrupted`, `unhandled-error`, `no-next-action`... */
      reason: string;
      detail?: string;
    }
  | {
      /** Something the runtime wants a reader of the path to know (a missing hook flow, a dropped key press...). */
      kind: "note";
      at: number;
      contactId: string;
      detail: string;
    };
