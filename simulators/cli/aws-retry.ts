/**
 * Retrying what AWS refuses for load: throttling (`ThrottlingException`,
 * `TooManyRequestsException`) and quotas that free up (`LimitExceededException`). Waits
 * grow exponentially with "full jitter" (each a random time up to the ceiling), so that
 * clients refused together do not come back together. `flowsim pull` uses it, and so may the
 * staging target (support/ imports simulators/, never the reverse); a caller on a simulator
 * whose time runs faster passes a `sleep` that shrinks its waits to match.
 */

const THROTTLING_ERRORS: ReadonlySet<string> = new Set(["ThrottlingException", "TooManyRequestsException", "LimitExceededException"]);

export function isThrottling(err: unknown): boolean {
  return err instanceof Error && THROTTLING_ERRORS.has(err.name);
}

export interface RetryOptions {
  /** Calls in all, the first included (default 8). */
  attempts?: number;
  /** The first wait's ceiling, doubled after each refusal (default 200 ms). */
  baseMs?: number;
  /** The largest ceiling (default 20 s). */
  capMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); tests pass a fixed one. */
  random?: () => number;
  /** Told before each wait. */
  onRetry?: (retry: { attempt: number; error: Error; waitMs: number }) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`, again after a jittered wait each time it is throttled, until it succeeds, fails otherwise, or runs out of attempts. */
export async function retryThrottled<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 8, baseMs = 200, capMs = 20_000, sleep = realSleep, random = Math.random } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottling(err) || attempt >= attempts) throw err;
      const waitMs = Math.round(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
      options.onRetry?.({ attempt, error: err as Error, waitMs });
      await sleep(waitMs);
    }
  }
}
