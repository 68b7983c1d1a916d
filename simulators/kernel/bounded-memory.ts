/**
 * A memory of values by key that forgets: each entry for `retentionMs` of clock time at
 * most, and never more than `maxEntries` of them, the oldest going first. A long-running
 * simulator on the virtual clock, where time may never move, is held by the count alone.
 *
 * Entries sit in the order they were remembered, which is their expiry order (one
 * retention for all, a clock that never goes back), so forgetting walks only the expired
 * front: amortized O(1) a call. An owner (a contact) can have its entries forgotten at
 * once when they can no longer be asked for.
 */
import type { Clock } from "./clock.js";

interface Entry<V> {
  key: string;
  value: V;
  at: number;
  owner?: string;
}

export class BoundedMemory<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byOwner = new Map<string, Set<string>>();
  /** Entries in the order remembered; those replaced or forgotten since stay until passed over. */
  private order: Entry<V>[] = [];
  private head = 0;

  constructor(
    private readonly clock: Clock,
    readonly retentionMs: number,
    readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    this.expire();
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V, owner?: string): void {
    this.delete(key);
    const entry: Entry<V> = { key, value, at: this.clock.now(), owner };
    this.entries.set(key, entry);
    this.order.push(entry);
    if (owner !== undefined) {
      const keys = this.byOwner.get(owner) ?? new Set<string>();
      keys.add(key);
      this.byOwner.set(owner, keys);
    }
    this.expire();
  }

  /** Forgets every entry remembered for `owner`. */
  forgetOwner(owner: string): void {
    for (const key of this.byOwner.get(owner) ?? []) this.delete(key);
  }

  /** Forgets one entry. */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.owner === undefined) return;
    const keys = this.byOwner.get(entry.owner);
    keys?.delete(key);
    if (keys?.size === 0) this.byOwner.delete(entry.owner);
  }

  private expire(): void {
    const oldest = this.clock.now() - this.retentionMs;
    while (this.head < this.order.length) {
      const entry = this.order[this.head];
      const live = this.entries.get(entry.key) === entry;
      if (live && entry.at > oldest && this.entries.size <= this.maxEntries) break;
      if (live) this.delete(entry.key);
      this.head++;
    }
    // Passed-over entries, and gaps left by entries forgotten out of order, go once they outnumber the live ones.
    const pending = this.order.length - this.head;
    if (this.head > pending || pending > 2 * this.entries.size + 16) this.compact();
  }

  private compact(): void {
    this.order = this.order.slice(this.head).filter((e) => this.entries.get(e.key) === e);
    this.head = 0;
  }
}
