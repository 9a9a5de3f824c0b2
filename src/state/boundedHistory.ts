/**
 * How far `item` strays from `anchor`: 0 for the same values, larger for a spike. A history keeps,
 * besides a regular grid of anchors, the most stray item of each stretch, so a one-epoch spike
 * survives however long the run.
 */
export type Deviation<T> = (anchor: T, item: T) => number;

/** One stretch of `width` consecutive older items: its first item and its most stray one. */
interface Bucket<T> {
  anchor: T;
  extreme: T | null;
  extremeDeviation: number;
}

/** Options of a BoundedHistory. */
export interface BoundedHistoryOptions<T> {
  /** Most stretches kept for the older part (before the recent items); default `max(recent, 64)`. */
  olderBuckets?: number;
  /** How far an item strays from its stretch's first item; default: never (anchors only). */
  deviation?: Deviation<T>;
}

/**
 * A history that never grows past a fixed size and keeps its shape however long the run:
 * - the newest `recent` items stay at full resolution (live rules read the last few epochs);
 * - older items fall into stretches of equal width, each keeping its first item (a regular grid
 *   over the whole range, never long chords) and its most stray item (spikes survive); when the
 *   stretches fill up, neighbours merge pairwise and the width doubles, so the grid stays even.
 * A run of a million epochs keeps at most `recent + 2 * olderBuckets + 1` items.
 */
export class BoundedHistory<T> {
  private recentItems: T[] = [];
  private buckets: Bucket<T>[] = [];
  /** Older items that went into the stretch now being filled. */
  private openFill = 0;
  /** Items per stretch. */
  private width = 1;
  private pushed = 0;
  /** The newest item, always shown even when its stretch keeps another. */
  private newest: T | undefined = undefined;
  private cached: T[] | null = null;
  private readonly olderBuckets: number;
  private readonly deviation: Deviation<T> | undefined;

  constructor(private readonly recent: number, options: BoundedHistoryOptions<T> = {}) {
    if (!(recent >= 0)) throw new RangeError('BoundedHistory needs a recent size of 0 or more.');
    this.olderBuckets = options.olderBuckets ?? Math.max(recent, 64);
    if (this.olderBuckets < 2) throw new RangeError('BoundedHistory needs room for at least 2 older stretches.');
    this.deviation = options.deviation;
  }

  /** Appends one item; the oldest recent item moves into the older stretches. */
  push(item: T): void {
    this.pushed += 1;
    this.newest = item;
    this.cached = null;
    this.recentItems.push(item);
    if (this.recentItems.length > this.recent) this.pushOlder(this.recentItems.shift() as T);
  }

  private pushOlder(item: T): void {
    const open = this.openFill > 0 ? this.buckets[this.buckets.length - 1] : null;
    if (open === null) {
      this.buckets.push({ anchor: item, extreme: null, extremeDeviation: 0 });
      this.openFill = 1;
    } else {
      this.consider(open, item);
      this.openFill += 1;
    }
    if (this.openFill >= this.width) this.openFill = 0;
    if (this.buckets.length > this.olderBuckets) this.mergePairs();
  }

  /** Keeps `item` as the stretch's extreme when it strays further than the one kept. */
  private consider(bucket: Bucket<T>, item: T): void {
    if (this.deviation === undefined) return;
    const distance = this.deviation(bucket.anchor, item);
    // NaN (a diverged epoch) counts as the furthest possible.
    const score = Number.isNaN(distance) ? Infinity : distance;
    if (score > bucket.extremeDeviation) {
      bucket.extreme = item;
      bucket.extremeDeviation = score;
    }
  }

  /** Halves the number of stretches: each pair becomes one of twice the width. */
  private mergePairs(): void {
    const merged: Bucket<T>[] = [];
    for (let index = 0; index < this.buckets.length; index += 2) {
      const first = this.buckets[index];
      const second = this.buckets[index + 1];
      const bucket: Bucket<T> = { anchor: first.anchor, extreme: null, extremeDeviation: 0 };
      // The merged stretch's extreme is among the parts' kept items (re-measured from the new anchor).
      if (first.extreme !== null) this.consider(bucket, first.extreme);
      if (second !== undefined) {
        this.consider(bucket, second.anchor);
        if (second.extreme !== null) this.consider(bucket, second.extreme);
      }
      merged.push(bucket);
    }
    // The open stretch (if any) was the last one; after merging it is open again only when its
    // partner was full, which the fill count below accounts for.
    const filledOlder = (this.buckets.length - (this.openFill > 0 ? 1 : 0)) * this.width + this.openFill;
    this.buckets = merged;
    this.width *= 2;
    this.openFill = filledOlder % this.width;
  }

  /** Removes everything. */
  clear(): void {
    this.recentItems = [];
    this.buckets = [];
    this.openFill = 0;
    this.width = 1;
    this.pushed = 0;
    this.newest = undefined;
    this.cached = null;
  }

  /** The kept items, oldest first (do not mutate). */
  values(): readonly T[] {
    if (this.cached === null) {
      const kept: T[] = [];
      for (const bucket of this.buckets) {
        kept.push(bucket.anchor);
        if (bucket.extreme !== null && bucket.extreme !== bucket.anchor) kept.push(bucket.extreme);
      }
      for (const item of this.recentItems) kept.push(item);
      if (this.newest !== undefined && kept[kept.length - 1] !== this.newest) kept.push(this.newest);
      this.cached = kept;
    }
    return this.cached;
  }

  /** Number of kept items. */
  get size(): number {
    return this.values().length;
  }

  /** Number of items ever pushed. */
  get totalPushed(): number {
    return this.pushed;
  }

  /** The newest item. */
  last(): T | undefined {
    return this.newest;
  }
}
