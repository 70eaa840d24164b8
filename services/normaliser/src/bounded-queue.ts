// A first-in first-out queue that holds at most `capacity` items: what does not fit is handed back
// to the caller (who knows how else to get it done) instead of growing memory without bound.
export class BoundedQueue<T> {
  private items: T[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0)
      throw new Error(`capacity must be a non-negative integer, got ${capacity}`);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Appends what fits; returns the overflow (the tail of `items` that did not fit), in order. */
  push(items: readonly T[]): T[] {
    const room = Math.max(0, this.capacity - this.size);
    for (let i = 0; i < Math.min(room, items.length); i++) this.items.push(items[i]!);
    return items.slice(room);
  }

  /** Removes and returns up to `n` items from the front. */
  take(n: number): T[] {
    const taken = this.items.slice(this.head, this.head + n);
    this.head += taken.length;
    // Compact now and then, so a long-running queue does not keep what it handed out.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
}
