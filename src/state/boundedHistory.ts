/**
 * A history that never grows past a fixed size: the newest `recent` items stay at full resolution;
 * when the total reaches 2 * recent, every other older item is dropped. So a run of a million
 * epochs keeps at most 2 * recent items, with older stretches progressively thinned.
 */
export class BoundedHistory<T> {
  private items: T[] = [];
  /** Items ever pushed (including thinned ones). */
  private pushed = 0;

  constructor(private readonly recent: number) {
    if (recent < 2) throw new RangeError('BoundedHistory needs room for at least 2 recent items.');
  }

  /** Appends one item, thinning older items when full. */
  push(item: T): void {
    this.items.push(item);
    this.pushed += 1;
    if (this.items.length >= 2 * this.recent) {
      const older = this.items.length - this.recent;
      const kept: T[] = [];
      // Keep the first item (the start of the run) and every other item after it.
      for (let index = 0; index < older; index += 2) kept.push(this.items[index]);
      this.items = kept.concat(this.items.slice(older));
    }
  }

  /** Removes everything. */
  clear(): void {
    this.items = [];
    this.pushed = 0;
  }

  /** The kept items, oldest first (do not mutate). */
  values(): readonly T[] {
    return this.items;
  }

  /** Number of kept items. */
  get size(): number {
    return this.items.length;
  }

  /** Number of items ever pushed. */
  get totalPushed(): number {
    return this.pushed;
  }

  /** The newest item. */
  last(): T | undefined {
    return this.items[this.items.length - 1];
  }
}
