/**
 * Words for "how much did this number change", without percentages of near-zero bases: a loss going
 * from 0.002 to 0.41 is "from 0.002 to 0.41", never "rose 20,400%".
 */

/** A loss-like value: three significant digits, scientific notation when tiny or huge. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'not a number' : value > 0 ? 'infinite' : '-infinite';
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size < 1e-3 || size >= 1e5) return value.toExponential(1);
  return Number(value.toPrecision(3)).toString();
}

/** Percentages are said only when the two values are within this factor of each other. */
export const PERCENT_MAX_RATIO = 4;

/**
 * "31% lower" or "12% higher" when `to` and `from` are positive and within PERCENT_MAX_RATIO of
 * each other; otherwise "from 0.002 to 0.41". `from` is the base (run A, or the earlier value).
 */
export function describeRelativeChange(from: number, to: number): string {
  const ratio = to / from;
  if (!(from > 0 && to > 0 && ratio <= PERCENT_MAX_RATIO && ratio >= 1 / PERCENT_MAX_RATIO)) {
    return `from ${formatMetric(from)} to ${formatMetric(to)}`;
  }
  const percent = Math.abs(ratio - 1) * 100;
  if (percent < 0.5) return 'about the same';
  const shown = percent < 10 ? (Math.round(percent * 10) / 10).toString() : Math.round(percent).toString();
  return `${shown}% ${ratio < 1 ? 'lower' : 'higher'}`;
}
