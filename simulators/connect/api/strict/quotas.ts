/**
 * The service's default quotas that `--strict` enforces, and where each figure comes from.
 *
 * Rates (requests per second, steady) and bursts (the bucket's size) are the defaults the
 * Amazon Connect Administrator Guide published under "API throttling quotas" and
 * "Participant Service API throttling quotas" (awsdocs/amazon-connect-admin-guide,
 * doc_source/amazon-connect-service-limits.md, "default quotas for new accounts as of
 * October 2020"). Accounts made since may have higher figures; lower ones make a client that
 * copes here cope there. Where that page names no figure (the Test Case APIs came later;
 * DescribeView and the authentication calls are not in its list), the page's "all other
 * operations" default applies, the most conservative figure it gives.
 *
 * SearchContacts is the exception: that page does not name it, but a third-party summary of
 * the current guide (api-evangelist/amazon-connect, rate-limits/) gives it 0.5 per second
 * with a burst of 1. Unconfirmed, and lower than the default: taken, being the safer guess.
 */

export interface RateQuota {
  /** Tokens added per second. */
  rate: number;
  /** Tokens the bucket holds: requests that may arrive at once. */
  burst: number;
}

/** "For all other operations, a RateLimit of 2 requests per second, and a BurstLimit of 5." */
const CONNECT_DEFAULT: RateQuota = { rate: 2, burst: 5 };

const CONNECT_RATES: Readonly<Record<string, RateQuota>> = {
  StartChatContact: { rate: 5, burst: 8 },
  GetMetricData: { rate: 5, burst: 8 },
  GetCurrentMetricData: { rate: 5, burst: 8 },
  SearchContacts: { rate: 0.5, burst: 1 },
};

/** The Participant Service's own list; its quotas are per instance, not per account. */
const PARTICIPANT_RATES: Readonly<Record<string, RateQuota>> = {
  CreateParticipantConnection: { rate: 6, burst: 9 },
  DisconnectParticipant: { rate: 3, burst: 5 },
  GetTranscript: { rate: 8, burst: 12 },
  SendEvent: { rate: 10, burst: 15 },
  SendMessage: { rate: 10, burst: 15 },
  StartAttachmentUpload: { rate: 2, burst: 5 },
  CompleteAttachmentUpload: { rate: 2, burst: 5 },
  GetAttachment: { rate: 8, burst: 12 },
};

export const connectRate = (operation: string): RateQuota => CONNECT_RATES[operation] ?? CONNECT_DEFAULT;

/**
 * CloudWatch Logs (flow logs), per account: FilterLogEvents and DescribeLogGroups at 5
 * requests per second, as CloudWatch Logs' quotas page is remembered to give them (not
 * checked against the page here; the burst is not published and is taken as one second's
 * worth). The service answers a throttled call with a 400 ThrottlingException.
 */
export const LOGS_RATES: Readonly<Record<string, RateQuota>> = {
  FilterLogEvents: { rate: 5, burst: 5 },
  DescribeLogGroups: { rate: 5, burst: 5 },
};
export const participantRate = (operation: string): RateQuota => PARTICIPANT_RATES[operation] ?? CONNECT_DEFAULT;

/**
 * Connect operations whose model has no ThrottlingException. StartChatContact's reference
 * says its rate limit "returns a TooManyRequests exception" (from the API gateway in front of
 * the service), and reports of StartOutboundVoiceContact show `TooManyRequestsException`; the
 * others here are taken to behave alike. Every other Connect operation models
 * ThrottlingException and answers with it.
 */
export const UNMODELLED_THROTTLING: ReadonlySet<string> = new Set([
  "StartChatContact",
  "StartOutboundVoiceContact",
  "GetContactAttributes",
  "UpdateContactAttributes",
  "StopContact",
  "ListInstances",
  "DescribeInstance",
  "DeleteInstance",
]);

/**
 * Contacts an instance holds at once (same page, "Amazon Connect quotas"). Waiting chats
 * count; a task counts from its creation to its end, scheduled ones included.
 */
export const ACTIVE_CONTACT_QUOTAS = { CHAT: 100, TASK: 2500 } as const;

/** How long SearchContacts takes to see a new contact, unless `--consistency-delay-ms` says otherwise. */
export const DEFAULT_CONSISTENCY_DELAY_MS = 2000;
