/**
 * `--strict`: a simulator that refuses what the service refuses, so that a client proven
 * against it copes with the real thing. Requests are throttled per operation with the
 * service's default quotas (quotas.ts), an instance holds no more active chats and tasks than
 * the service allows, and SearchContacts sees a new contact only after a delay.
 *
 * Decisions:
 * - Throttling comes first: the service's gateway refuses a request before anything reads it.
 * - Connect quotas are the account's ("If multiple requests are sent from different
 *   instances from the same account, they are also sharing a throttle bucket"): one set of
 *   buckets for the whole simulator, on the default instance's clock. Participant quotas are
 *   "by instance": each instance has its own, on its own clock.
 * - Buckets refill on simulated time. At `--time-scale 60` a client that shrinks its waits by
 *   60 meets the service's rates as it would on the service; on the virtual clock a bucket
 *   refills only when the scenario moves time.
 * - The active-contact quotas are checked before the request is validated, as throttling is:
 *   a full instance refuses every start alike.
 * - Only SearchContacts is eventually consistent. It reads a search index fed from contact
 *   records; DescribeContact and ListContactReferences read one contact by its id, and
 *   nothing in their reference speaks of a delay, so they see a contact as soon as it exists.
 *   The delay counts from the contact's initiation; later changes to it show at once.
 */
import type { Clock } from "../../../kernel/clock.js";
import type { Contact } from "../../flow/contact.js";
import type { Channel } from "../../flow/model.js";
import type { Runtime } from "../../runtime/runtime.js";
import { ApiError, connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { ACTIVE_CONTACT_QUOTAS, connectRate, DEFAULT_CONSISTENCY_DELAY_MS, LOGS_RATES, participantRate, UNMODELLED_THROTTLING } from "./quotas.js";
import { RateLimiter } from "./token-bucket.js";

export interface StrictSettings {
  /** Simulated milliseconds before SearchContacts sees a new contact (default 2000). */
  consistencyDelayMs?: number;
}

/** The operations that start contacts of a channel with a per-instance quota, and how a full instance answers. */
const STARTS: Readonly<Record<string, { channel: Channel & keyof typeof ACTIVE_CONTACT_QUOTAS; refuse: (message: string) => ApiError }>> = {
  // "Active chat throttling returns a LimitExceededException."
  StartChatContact: { channel: "CHAT", refuse: connectErrors.limitExceeded },
  // StartTaskContact models ServiceQuotaExceededException and no LimitExceededException.
  StartTaskContact: { channel: "TASK", refuse: connectErrors.quotaExceeded },
};

const throttled = (service: "connect" | "participant", operation: string): ApiError =>
  service === "connect" && UNMODELLED_THROTTLING.has(operation) ? new ApiError(429, "TooManyRequestsException", "Too Many Requests") : new ApiError(429, "ThrottlingException", "Rate exceeded");

/** The routes with `check` run before each handler; a check refuses by throwing. */
function guarded(routes: Route[], check: (operation: string) => void): Route[] {
  return routes.map((route) => ({
    ...route,
    handler: (req) => {
      check(route.operation);
      return route.handler(req);
    },
  }));
}

function checkActiveContacts(operation: string, runtime: Runtime): void {
  const start = STARTS[operation];
  if (!start) return;
  const quota = ACTIVE_CONTACT_QUOTAS[start.channel];
  const active = runtime.allSessions().filter((s) => s.contact.channel === start.channel && !s.contact.ended).length;
  if (active >= quota) throw start.refuse(`The quota of ${quota} concurrent active ${start.channel.toLowerCase()} contacts for this instance has been reached`);
}

export class StrictMode {
  readonly consistencyDelayMs: number;
  private readonly account: RateLimiter;
  private readonly logs: RateLimiter;

  /** `accountNow`: the time the account's buckets run on (the default instance's clock). */
  constructor(settings: StrictSettings, accountNow: () => number) {
    this.consistencyDelayMs = settings.consistencyDelayMs ?? DEFAULT_CONSISTENCY_DELAY_MS;
    this.account = new RateLimiter(connectRate, accountNow);
    this.logs = new RateLimiter((operation) => LOGS_RATES[operation], accountNow);
  }

  /** A CloudWatch Logs operation flowsim serves (LOGS_RATES names each), throttled per account. */
  throttleLogs(operation: keyof typeof LOGS_RATES & string): void {
    if (!this.logs.take(operation)) throw new ApiError(400, "ThrottlingException", "Rate exceeded");
  }

  /** The account's own operations (the instances). */
  accountRoutes(routes: Route[]): Route[] {
    return guarded(routes, (operation) => this.throttleConnect(operation));
  }

  /** One instance's Connect operations: the account's rates, then the instance's active-contact quotas. */
  connectRoutes(routes: Route[], runtime: Runtime): Route[] {
    return guarded(routes, (operation) => {
      this.throttleConnect(operation);
      checkActiveContacts(operation, runtime);
    });
  }

  /** One instance's Participant operations, with buckets of its own. */
  participantRoutes(routes: Route[], clock: Clock): Route[] {
    const limiter = new RateLimiter(participantRate, () => clock.now());
    return guarded(routes, (operation) => {
      if (!limiter.take(operation)) throw throttled("participant", operation);
    });
  }

  /** Whether SearchContacts sees a contact yet, on its instance's clock. */
  searchVisibility(clock: Clock): (contact: Contact) => boolean {
    return (contact) => contact.initiationTimestamp + this.consistencyDelayMs <= clock.now();
  }

  private throttleConnect(operation: string): void {
    if (!this.account.take(operation)) throw throttled("connect", operation);
  }
}
