/**
 * The bounds flowsim holds test cases and runs to: the service's documented limits where
 * there are some, and flowsim's own (marked) where the service publishes none, so every
 * size, count and wait it accepts is bounded.
 */

/** "Content: 1-256,000 characters" (CloudFormation AWS::Connect::TestCase). */
export const MAX_CONTENT_CHARS = 256_000;
/** "Each simulation may last at most 5 minutes"; a run not ended by EndTest times out then. */
export const RUN_TIME_LIMIT_MS = 5 * 60_000;
/** Runs at the same time per instance ("5"); more wait in the execution queue. */
export const MAX_RUNNING_EXECUTIONS = 5;
/** Execution queue capacity, the running ones included ("100"). */
export const MAX_QUEUED_EXECUTIONS = 100;
/** ExecutionRecord.ObservationId is 1-256 characters, so observation identifiers are too. */
export const MAX_IDENTIFIER_CHARS = 256;
/** InvalidTestCaseException carries 1-50 problems. */
export const MAX_REPORTED_PROBLEMS = 50;
/** "Description: 500 characters at most" (CloudFormation). */
export const MAX_DESCRIPTION_CHARS = 500;
/** Tags per test case (1-50). */
export const MAX_TAGS = 50;

// Not published by the service: flowsim's own bounds, far above what a hand-written or
// console-exported test case holds and well inside what the content limit would allow.
/** Observations in one test case (a minimal observation is ~150 characters, so 256,000 fit ~1,700). */
export const MAX_OBSERVATIONS = 1000;
/** Actions in one observation. */
export const MAX_ACTIONS_PER_OBSERVATION = 100;
/** Usage `Exactly` Times. */
export const MAX_USAGE_TIMES = 100;
/** Keys in one DtmfInput: the touchtone buffer holds 30, and no menu asks for more. */
export const MAX_DTMF_KEYS = 30;
/** Characters of an utterance or chat message: a chat message is at most 16,384 characters. */
export const MAX_UTTERANCE_CHARS = 16_384;
/** Characters of an expected prompt or message. */
export const MAX_EXPECTED_TEXT_CHARS = 16_384;
/** DelaySeconds of a mock: a Lambda may run 60 s asynchronously, and no mock outlasts the 5-minute run. */
export const MAX_MOCK_DELAY_SECONDS = RUN_TIME_LIMIT_MS / 1000;
/** Expressions in one LogData command, and characters of each. */
export const MAX_LOG_EXPRESSIONS = 50;
export const MAX_LOG_EXPRESSION_CHARS = 1024;
/** InitializationData: contact attributes hold 32 KB in all. */
export const MAX_INITIALIZATION_DATA_CHARS = 32 * 1024;
/** Test cases per instance: the service's quota page has no row for them; flowsim bounds memory here. */
export const MAX_TEST_CASES = 1000;
/** Finished executions kept per instance (the service keeps them indefinitely; flowsim forgets the oldest). */
export const MAX_KEPT_EXECUTIONS = 10_000;
/** Events of one kind remembered per observation to say what happened instead of the expected one. */
export const MAX_SEEN_PER_OBSERVATION = 10;
