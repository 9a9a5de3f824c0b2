/**
 * Histograms on bin edges that stay fixed across time, so that slices of the same layer at
 * different steps compare bin by bin. Bins are symmetric around zero with an odd count, so zero
 * sits in the middle of a bin (the spike L1 makes at zero shows as one bar). When values fall
 * outside, the range is widened by tripling: each new bin is exactly three old bins (every new
 * edge inside the old range is an old edge, and zero stays a bin centre), so earlier slices can be
 * merged onto the new edges. Edges never follow the data call by call.
 */
import type { Histogram } from './contract.ts';

/** Default bin count of engine histograms (odd, so zero is a bin centre). */
export const HISTOGRAM_BINS = 41;

/** A histogram whose edges are [-halfRange, halfRange] in `bins` equal bins, widened only by tripling. */
export class FixedHistogram {
  /** Half-width of the covered range. */
  halfRange: number;
  /** Number of times the range was tripled since construction. */
  widenings = 0;

  /** `initialHalfRange` > 0; `bins` odd. */
  constructor(
    initialHalfRange: number,
    readonly bins = HISTOGRAM_BINS,
  ) {
    if (!(initialHalfRange > 0) || !Number.isFinite(initialHalfRange)) initialHalfRange = 1;
    this.halfRange = initialHalfRange;
  }

  /** The current bins + 1 ascending edges. */
  edges(): Float32Array {
    const edges = new Float32Array(this.bins + 1);
    const width = (2 * this.halfRange) / this.bins;
    for (let k = 0; k <= this.bins; k++) edges[k] = -this.halfRange + k * width;
    return edges;
  }

  /**
   * Counts the first `n` values (NaN and Infinity are not counted). Widens first if a finite value
   * lies outside the range; a value on an inner edge belongs to the bin above it.
   */
  bin(values: ArrayLike<number>, n = values.length): Histogram {
    let maxAbs = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(values[i]);
      if (a > maxAbs && a !== Infinity) maxAbs = a;
    }
    // At most ~650 triplings span the doubles: the loop always ends.
    while (maxAbs > this.halfRange) {
      this.halfRange *= 3;
      this.widenings++;
    }
    const bins = this.bins;
    const counts = new Uint32Array(bins);
    const scale = bins / (2 * this.halfRange);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      let k = Math.floor((v + this.halfRange) * scale);
      if (k >= bins) k = bins - 1;
      if (k < 0) k = 0;
      counts[k]++;
    }
    return { edges: this.edges(), counts };
  }
}
