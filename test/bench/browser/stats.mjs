// Small statistics for the browser probe: percentiles of samples, frame rates from frame times.

/** The p-th percentile (0..100) of numbers, linear between closest ranks; NaN when empty. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Rounds to `digits` decimals (JSON stays readable). */
export function round(value, digits = 1) {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Frame-rate figures from requestAnimationFrame deltas (ms): the median rate is 1000 / median
 * delta; the 5th-percentile rate (the slow frames) is 1000 / 95th-percentile delta.
 */
export function frameRate(deltas) {
  const total = deltas.reduce((sum, delta) => sum + delta, 0);
  return {
    frames: deltas.length,
    medianFps: round(1000 / percentile(deltas, 50)),
    p5Fps: round(1000 / percentile(deltas, 95)),
    meanFps: round((deltas.length * 1000) / total),
    longestFrameMs: round(Math.max(...deltas)),
  };
}
