/**
 * Binary min-heaps. `IndexedHeap` knows where each item sits, so an item can leave or move
 * from anywhere in O(log n): timers are cancelled long before they fall due, and an agent
 * leaves a queue's line when it goes offline, not when it reaches the front.
 */

/** A binary min-heap: push and pop in O(log n), the smallest at the top. */
export class BinaryHeap<T> {
  protected readonly items: T[] = [];

  /** `before(a, b)`: whether `a` comes out first. It must be a strict total order over the items held. */
  constructor(protected readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top;
  }

  /** Every item, in no particular order. */
  values(): readonly T[] {
    return this.items;
  }

  /** Every item in the order they would come out (a sorted copy). */
  sorted(): T[] {
    return [...this.items].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  /**
   * The items in the order they would come out, lazily and without taking them out: the
   * first k cost O(k log k), so a caller looking for the first item that fits pays for the
   * ones it passes over, not for the heap. The heap must not change while this runs.
   */
  *ordered(): Generator<T> {
    if (this.items.length === 0) return;
    const frontier = new BinaryHeap<number>((i, j) => this.before(this.items[i], this.items[j]));
    frontier.push(0);
    for (let at = frontier.pop(); at !== undefined; at = frontier.pop()) {
      yield this.items[at];
      for (const child of [2 * at + 1, 2 * at + 2]) if (child < this.items.length) frontier.push(child);
    }
  }

  protected removeAt(at: number): void {
    const last = this.items.pop()!;
    if (at < this.items.length) {
      this.place(last, at);
      this.down(this.up(at));
    }
  }

  protected up(at: number): number {
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

  protected down(at: number): void {
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

  protected place(item: T, at: number): void {
    this.items[at] = item;
  }
}

/** A heap of identities (objects) that can delete or re-order any of them: the same item cannot be in it twice. */
export class IndexedHeap<T> extends BinaryHeap<T> {
  private readonly index = new Map<T, number>();

  has(item: T): boolean {
    return this.index.has(item);
  }

  override push(item: T): void {
    if (this.index.has(item)) throw new Error("the item is already in the heap");
    super.push(item);
  }

  override pop(): T | undefined {
    const top = this.peek();
    if (top !== undefined) this.delete(top);
    return top;
  }

  /** Removes `item`; false when it was not there. */
  delete(item: T): boolean {
    const at = this.index.get(item);
    if (at === undefined) return false;
    this.index.delete(item);
    this.removeAt(at);
    return true;
  }

  /** Puts `item` back in order after what `before` reads of it has changed. */
  update(item: T): void {
    const at = this.index.get(item);
    if (at !== undefined) this.down(this.up(at));
  }

  protected override place(item: T, at: number): void {
    super.place(item, at);
    this.index.set(item, at);
  }
}
