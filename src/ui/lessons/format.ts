/**
 * Number formats of the lesson checks' sentences: short, unambiguous, the same everywhere.
 */

/** A loss or norm: three significant digits; scientific notation when very small or large. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'infinite' : 'not a number';
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size < 1e-3 || size >= 1e5) return value.toExponential(1);
  return value.toPrecision(3);
}

/** A relative change (0.38 -> "38%"), one decimal below 10%, with thousands separators above. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'infinitely';
  const percent = fraction * 100;
  if (Math.abs(percent) < 10) return `${(Math.round(percent * 10) / 10).toString()}%`;
  return `${Math.round(percent).toLocaleString('en-US')}%`;
}

/** An accuracy in [0, 1] as a percentage with one decimal ("92.3%"). */
export function formatAccuracy(accuracy: number): string {
  return `${(accuracy * 100).toFixed(1)}%`;
}

/** A difference of accuracies as percentage points ("47.0 points"). */
export function formatPoints(difference: number): string {
  const points = Math.abs(difference * 100);
  return `${points.toFixed(1)} ${points === 1 ? 'point' : 'points'}`;
}

/** How many times larger ("2.4×", "3e-12 of"): two digits near 1, scientific notation far from it. */
export function formatTimes(times: number): string {
  if (!Number.isFinite(times)) return 'infinitely many times';
  if (times !== 0 && (times < 0.01 || times >= 1000)) return `${times.toExponential(0)}×`;
  return `${Number(times.toPrecision(2)).toString()}×`;
}

/** An integer with thousands separators. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** "1 epoch", "20 epochs". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${count === 1 ? noun : `${noun}s`}`;
}
