/**
 * OverrideSystemBehavior during a run: each override applies to one use of one resource
 * by the run's contact and is then used up; overrides of the same resource queue up and
 * apply oldest first (§1.5).
 *
 * Lambda, Lex and hours checks are answered through preempting responder rules (they
 * come before a scenario's rules and match only this contact); queue transfers, which no
 * responder answers, through the run's action watcher.
 *
 * Decisions where the reference is uncertain (§4.2, §10.8):
 * - A Lambda mock covers one run of the block, its retries included: a mocked error is
 *   not retried into success.
 * - Lambda TimeLimitExceeded runs into the block's time limit (its error branch);
 *   NoMatchingError fails at once after DelaySeconds.
 * - A Lex mock answers for the bot after the customer's turn (the block still plays its
 *   prompt and waits for the customer, who should say something); TimeLimitExceeded
 *   takes the block's InputTimeLimitExceeded branch, NoMatchingError its error branch.
 * - A substitute Lambda or Lex bot is answered by the responder rules of the substitute;
 *   a substitute hours of operation by its schedule; a substitute queue receives the
 *   contact. A substitute that the instance does not have fails the override action.
 */
import type { ActionContext, Outcome } from "../flow/action.js";
import { HostError } from "../flow/host.js";
import type { HoursRequest, LambdaRequest, LexRequest } from "../flow/responders.js";
import type { RunAction } from "../flow/action-watch.js";
import { isOpenAt } from "../runtime/hours.js";
import type { Runtime } from "../runtime/runtime.js";
import type { ResourceRef, Strategy } from "./model.js";
import { describeRef, refersTo, type ObservedAction } from "./flow-actions.js";
import { lexAnswerOf } from "./mock-data.js";
import { isJsonObject } from "./reader.js";

export interface PendingOverride {
  /** The OverrideSystemBehavior action that set it up. */
  actionId: string;
  target: ResourceRef;
  strategy: Strategy;
  /** When it was used, and on what. */
  used?: { at: number; detail: string };
}

function contactOfLambda(req: LambdaRequest): unknown {
  const details = isJsonObject(req.event.Details) ? req.event.Details : {};
  return isJsonObject(details.ContactData) ? details.ContactData.ContactId : undefined;
}

export class Overrides {
  private queue: PendingOverride[] = [];
  private withdrawals: (() => void)[] = [];
  /** Lambda requests whose first attempt got a mocked error: their retries get it too. */
  private failing = new WeakSet<LambdaRequest>();

  constructor(
    private readonly runtime: Runtime,
    private readonly contactId: string,
    private readonly label: string,
  ) {
    const r = runtime.responders;
    const name = `test case "${label}" override`;
    this.withdrawals.push(
      r.preempt("lambda", { name, matches: (req) => contactOfLambda(req) === contactId && (this.failing.has(req) || this.waiting(lambdaSeen(req))), answer: (req) => this.answerLambda(req) }),
      r.preempt("lex", { name, matches: (req) => req.contactId === contactId && this.waiting(lexSeen(req)), answer: (req) => this.answerLex(req) }),
      r.preempt("hours", { name, matches: (req) => req.contactId === contactId && this.waiting(hoursSeen(req)), answer: (req) => this.answerHours(req) }),
    );
  }

  /** Queues an override; the reason it cannot apply, when its substitute does not exist. */
  add(override: PendingOverride): string | undefined {
    if (override.strategy.type === "SubstituteResource") {
      const arn = override.strategy.substituteArn;
      const kind = override.target.actionType;
      if (kind === "CheckHoursOfOperation" && !this.runtime.findHoursOfOperation(arn)) return `the substitute hours of operation ${arn} does not exist on the instance`;
      if ((kind === "TransferContactToQueue" || kind === "DequeueAndTransferToQueue") && !this.runtime.findQueue(arn)) return `the substitute queue ${arn} does not exist on the instance`;
    }
    this.queue.push(override);
    return undefined;
  }

  /** Overrides never used, for the records. */
  unused(): PendingOverride[] {
    return this.queue.filter((o) => !o.used);
  }

  dispose(): void {
    this.withdrawals.forEach((w) => w());
  }

  private waiting(seen: ObservedAction): boolean {
    return this.queue.some((o) => refersTo(o.target, seen, this.runtime));
  }

  /** The oldest override for this use, taken out of the queue and marked used. */
  private take(seen: ObservedAction, detail: string): PendingOverride | undefined {
    const at = this.queue.findIndex((o) => refersTo(o.target, seen, this.runtime));
    if (at < 0) return undefined;
    const [override] = this.queue.splice(at, 1);
    override.used = { at: this.runtime.clock.now(), detail };
    return override;
  }

  private async answerLambda(req: LambdaRequest) {
    if (this.failing.has(req)) return { kind: "error" as const, message: "mocked error, on retry" };
    const o = this.take(lambdaSeen(req), `call of ${req.functionArn}`)!;
    const s = o.strategy;
    if (s.type === "SubstituteResource") return this.runtime.responders.lambda({ ...req, functionArn: s.substituteArn });
    const r = s.response;
    if (r.type === "ExecutionResult") return { kind: "ok" as const, result: r.loadedData ?? {}, delayMs: r.delayMs };
    // Runs past any time limit the block can have, so the block's own timeout decides.
    if (r.value === "TimeLimitExceeded") return { kind: "ok" as const, result: {}, delayMs: Number.POSITIVE_INFINITY };
    this.failing.add(req);
    return { kind: "error" as const, message: `mocked ${r.value} (${o.actionId})`, delayMs: r.delayMs };
  }

  private async answerLex(req: LexRequest) {
    const o = this.take(lexSeen(req), `turn of ${req.bot} on "${req.input}"`)!;
    const s = o.strategy;
    if (s.type === "SubstituteResource") return this.runtime.responders.lex({ ...req, bot: s.substituteArn });
    const r = s.response;
    if (r.delayMs > 0) await this.runtime.clock.sleep(r.delayMs, undefined, `Lex mock ${o.actionId}`);
    if (r.type === "ExecutionResult") return lexAnswerOf(r.loadedData ?? {});
    if (r.value === "TimeLimitExceeded") return { intent: "", timedOut: true };
    throw new HostError(`mocked ${r.value} (${o.actionId})`);
  }

  private answerHours(req: HoursRequest): boolean {
    const o = this.take(hoursSeen(req), `check of ${req.hours?.name ?? req.hours?.id}`)!;
    const s = o.strategy;
    if (s.type === "SubstituteResource") {
      const hours = this.runtime.resources.hours.find(s.substituteArn);
      if (!hours) throw new HostError(`the substitute hours of operation ${s.substituteArn} is gone`);
      try {
        return isOpenAt(hours, req.at);
      } catch (err) {
        throw new HostError(`substitute hours of operation ${hours.name}: ${(err as Error).message}`);
      }
    }
    const r = s.response;
    if (r.type === "Error") throw new HostError(`mocked ${r.value} (${o.actionId})`);
    return r.value === "InHours";
  }

  /** A queue transfer, overridden when an override waits for its queue. */
  async aroundQueueAction(ctx: ActionContext, seen: ObservedAction, run: RunAction): Promise<Outcome> {
    const o = this.take(seen, `transfer to ${seen.queue?.name ?? seen.parameters.QueueId}`);
    if (!o) return run();
    const s = o.strategy;
    ctx.note(`${describeRef(o.target)} overridden by test case "${this.label}" (${o.actionId})`);
    if (s.type === "MockResponse") {
      const r = s.response;
      if (r.delayMs > 0) await this.runtime.clock.sleep(r.delayMs, ctx.signal, `queue mock ${o.actionId}`);
      return { kind: "error", errorType: r.type === "Error" ? r.value : "NoMatchingError", detail: `mocked by the test case (${o.actionId})` };
    }
    const queue = this.runtime.findQueue(s.substituteArn);
    if (!queue) return { kind: "error", errorType: "NoMatchingError", detail: `the substitute queue ${s.substituteArn} is gone` };
    if (ctx.action.Type === "TransferContactToQueue") {
      ctx.contact.targetQueue = queue;
      return run();
    }
    // Dequeue names its queue itself: the block runs with the substitute's.
    return run(Object.create(ctx, { params: { value: { QueueId: queue.arn } } }) as ActionContext);
  }
}

const lambdaSeen = (req: LambdaRequest): ObservedAction => ({ actionType: "InvokeLambdaFunction", parameters: { LambdaFunctionARN: req.functionArn } });
const lexSeen = (req: LexRequest): ObservedAction => ({ actionType: "ConnectParticipantWithLexBot", parameters: { AliasArn: req.bot } });
const hoursSeen = (req: HoursRequest): ObservedAction => ({ actionType: "CheckHoursOfOperation", parameters: {}, hours: req.hours });
