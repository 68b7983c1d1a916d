/**
 * Knows when a call is waiting on the network. Flows run on a virtual clock but make
 * real HTTP requests; before the clock may move, the requests in flight must come back,
 * or a timeout would fire only because the test jumped ahead.
 */

/** Lets promise chains and queued callbacks run (no time passes). */
export function settle(rounds = 3): Promise<void> {
  return new Promise<void>((resolve) => {
    let n = 0;
    const tick = () => (++n >= rounds ? resolve() : setImmediate(tick));
    setImmediate(tick);
  });
}

export class IoTracker {
  private inflight = 0;
  private waiters: (() => void)[] = [];

  /** @param graceMs real milliseconds without progress after which a request counts as hanging. */
  constructor(private readonly graceMs: number) {}

  track<T>(p: Promise<T>): Promise<T> {
    this.inflight++;
    const release = () => {
      this.inflight--;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    };
    return p.then(
      (v) => {
        release();
        return v;
      },
      (e) => {
        release();
        throw e;
      },
    );
  }

  /** Resolves when nothing is in flight, or what is in flight has made no progress for `graceMs`. */
  async whenIdle(): Promise<void> {
    for (;;) {
      await settle();
      if (this.inflight === 0) {
        await settle();
        if (this.inflight === 0) return;
      }
      if (this.inflight === 0) continue;
      // Real time on purpose: this waits for the network, not for anything in the flow.
      let timer: NodeJS.Timeout | undefined;
      const progressed = await Promise.race([
        new Promise<boolean>((resolve) => this.waiters.push(() => resolve(true))),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.graceMs))),
      ]);
      clearTimeout(timer);
      if (!progressed) return;
    }
  }
}
