/**
 * The path a contact took through its flows, read where a real instance writes it: its
 * flow logs in CloudWatch Logs (log group `/aws/connect/<instance alias>`), one JSON event
 * per block the contact ran while flow logging was on (a Set logging behavior block turns
 * it on; the features' entry flows start with one). FilterLogEvents with the JSON filter
 * `{ $.ContactId = "<id>" }`, every page.
 *
 * The logs are eventually consistent (seconds behind the contact), so nothing here reads
 * them once and concludes:
 * - `waitFor` polls, backing off from POLL_FIRST_MS to POLL_MAX_MS, until the blocks hold
 *   what a step looks for, at most the target's patience;
 * - `settled` is for steps about a block *not* run: it waits until the contact's log has
 *   caught up — it holds at least one block, its last block is one after which the contact
 *   runs nothing more by itself (it disconnects, its flow ends, or it is put in a queue),
 *   or the contact has ended (DescribeContact), and then no new event arrives for a quiet
 *   period. A log that does not settle within the patience fails the step: a block not
 *   logged *yet* is never taken for a block not run. What a contact would run later,
 *   prompted by someone (an agent accepting, a customer writing), no log can rule out.
 *
 * Flow logs say which blocks ran, not the branch each took: steps about branches stay on
 * the simulator (capability "flow branches").
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeContactCommand, type ConnectClient } from "@aws-sdk/client-connect";
import { InfrastructureError } from "../report/errors.js";

/** One block a contact ran, as its flow log tells it. */
export interface LoggedBlock {
  flowName: string;
  /** The flow's ARN. */
  flowId: string;
  /** The block's Identifier. */
  actionId: string;
  /** The log's ContactFlowModuleType. */
  actionType: string;
  at: number;
}

/** Blocks after which a contact runs nothing more on its own. */
// "Disconnect" is what the service logs for a Disconnect block; the others are logged under their action type.
const RESTING = new Set(["Disconnect", "DisconnectParticipant", "EndFlowExecution", "TransferContactToQueue"]);

export const FLOW_LOG_POLLING = { POLL_FIRST_MS: 500, POLL_MAX_MS: 5_000, QUIET_MS: 10_000, MAX_PAGES: 50 };

export interface FlowLogReaderOptions {
  logs: CloudWatchLogsClient;
  logGroup: string;
  connect: ConnectClient;
  instanceId: string;
  /** How long a step waits for the logs, in wall time. */
  patienceMs: number;
  /** How much faster than wall time the instance runs (a simulator standing in for the service): quiet periods shrink, to a second at least. */
  timeScale?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class FlowLogReader {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly quietMs: number;

  constructor(private readonly options: FlowLogReaderOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.quietMs = Math.max(1_000, FLOW_LOG_POLLING.QUIET_MS / (options.timeScale ?? 1));
  }

  get logGroup(): string {
    return this.options.logGroup;
  }

  /** What the log holds for the contact now, in the order run. */
  async blocks(contactId: string): Promise<LoggedBlock[]> {
    const blocks: { block: LoggedBlock; eventId: string }[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < FLOW_LOG_POLLING.MAX_PAGES; page++) {
      const out = await this.options.logs.send(new FilterLogEventsCommand({ logGroupName: this.options.logGroup, filterPattern: `{ $.ContactId = "${contactId}" }`, nextToken }));
      for (const e of out.events ?? []) blocks.push({ block: blockOf(e.message ?? "", this.options.logGroup), eventId: e.eventId ?? "" });
      nextToken = out.nextToken;
      if (!nextToken) return blocks.sort((a, b) => a.block.at - b.block.at || a.eventId.localeCompare(b.eventId)).map((b) => b.block);
    }
    throw new InfrastructureError("target-error", `the flow log of contact ${contactId} in ${this.options.logGroup} has more than ${FLOW_LOG_POLLING.MAX_PAGES} pages`);
  }

  /** Polls until `found` holds for the contact's blocks or the patience runs out; the blocks last read either way. */
  async waitFor(contactId: string, found: (blocks: LoggedBlock[]) => boolean): Promise<{ found: boolean; blocks: LoggedBlock[] }> {
    const deadline = Date.now() + this.options.patienceMs;
    let pause = FLOW_LOG_POLLING.POLL_FIRST_MS;
    for (;;) {
      const blocks = await this.blocks(contactId);
      if (found(blocks)) return { found: true, blocks };
      if (Date.now() + pause > deadline) return { found: false, blocks };
      await this.sleep(pause);
      pause = Math.min(pause * 2, FLOW_LOG_POLLING.POLL_MAX_MS);
    }
  }

  /** The contact's blocks once its log has caught up (see the file's header); fails the step when it does not within the patience. */
  async settled(contactId: string): Promise<LoggedBlock[]> {
    const deadline = Date.now() + this.options.patienceMs;
    let pause = FLOW_LOG_POLLING.POLL_FIRST_MS;
    let seen = -1;
    let quietSince = Date.now();
    for (;;) {
      const blocks = await this.blocks(contactId);
      if (blocks.length !== seen) {
        seen = blocks.length;
        quietSince = Date.now();
      }
      const last = blocks.at(-1);
      // DescribeContact only once the log has been quiet long enough for it to matter.
      const quiet = Date.now() - quietSince >= this.quietMs;
      if (quiet && last !== undefined && (RESTING.has(last.actionType) || (await this.ended(contactId)))) return blocks;
      if (Date.now() + pause > deadline) {
        const state = !last ? "no block of it was logged (does its flow start with a Set logging behavior block, and are flow logs enabled on the instance?)" : `its last logged block is "${last.actionId}" (${last.actionType}) of "${last.flowName}" and the contact has not ended`;
        throw new InfrastructureError("timeout", `the flow log of contact ${contactId} in ${this.options.logGroup} did not settle within ${this.options.patienceMs / 1000} s: ${state}; a block not logged yet cannot be told from a block not run`);
      }
      await this.sleep(pause);
      pause = Math.min(pause * 2, FLOW_LOG_POLLING.POLL_MAX_MS, this.quietMs);
    }
  }

  private async ended(contactId: string): Promise<boolean> {
    const res = await this.options.connect.send(new DescribeContactCommand({ InstanceId: this.options.instanceId, ContactId: contactId }));
    return res.Contact?.DisconnectTimestamp !== undefined;
  }
}

/** One flow-log event's message as a block; anything else in the group is a broken premise, said so. */
function blockOf(message: string, group: string): LoggedBlock {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(message) as Record<string, unknown>;
  } catch {
    throw new InfrastructureError("target-error", `an event in ${group} is not a flow-log event (not JSON): ${message.slice(0, 200)}`);
  }
  const text = (key: string) => (typeof m[key] === "string" ? (m[key] as string) : undefined);
  const actionId = text("Identifier");
  const at = Date.parse(text("Timestamp") ?? "");
  if (actionId === undefined || Number.isNaN(at)) throw new InfrastructureError("target-error", `an event in ${group} has no Identifier or Timestamp, as flow-log events do: ${message.slice(0, 200)}`);
  return { flowName: text("ContactFlowName") ?? "", flowId: text("ContactFlowId") ?? "", actionId, actionType: text("ContactFlowModuleType") ?? "", at };
}
