/**
 * A binary min-heap that knows where each item sits, so an item can leave or move from
 * anywhere in O(log n): timers are cancelled long before they fall due, and an agent
 * leaves a queue's line when it goes offline, not when it reaches the front.
 * Items are identities (objects): the same item cannot be in one heap twice.
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<T, number>();

  /** `before(a, b)`: whether `a` comes out first. It must be a strict total order over the items held. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.index.has(item);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    if (this.index.has(item)) throw new Error("the item is already in the heap");
    this.items.push(item);
    this.index.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.delete(top);
    return top;
  }

  /** Removes `item`; false when it was not there. */
  delete(item: T): boolean {
    const at = this.index.get(item);
    if (at === undefined) return false;
    const last = this.items.pop()!;
    this.index.delete(item);
    if (at < this.items.length) {
      this.items[at] = last;
      this.index.set(last, at);
      this.update(last);
    }
    return true;
  }

  /** Puts `item` back in order after what `before` reads of it has changed. */
  update(item: T): void {
    const at = this.index.get(item);
    if (at === undefined) return;
    this.down(this.up(at));
  }

  /** Every item, in no particular order. */
  values(): readonly T[] {
    return this.items;
  }

  /** Every item in the order they would come out (a sorted copy). */
  sorted(): T[] {
    return [...this.items].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  private up(at: number): number {
    const item = this.items[at];
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(item, this.items[parent])) break;
      this.place(this.items[parent], at);
      at = parent;
    }
    this.place(item, at);
    return at;
  }

  private down(at: number): void {
    const item = this.items[at];
    const n = this.items.length;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(this.items[right], this.items[left]) ? right : left;
      if (!this.before(this.items[child], item)) break;
      this.place(this.items[child], at);
      at = child;
    }
    this.place(item, at);
  }

  private place(item: T, at: number): void {
    this.items[at] = item;
    this.index.set(item, at);
  }
}
