/**
 * Log-scale sliders step through "nice" values (1, 2, 3, 5 times a power of ten) so that a
 * learning rate of 0.003 is one keystroke from 0.001, as in TensorFlow Playground's menu.
 */

const MANTISSAS = [1, 2, 3, 5];

/** The nice values within [min, max], ascending, always including min and max. */
export function niceValues(min: number, max: number): number[] {
  const values = new Set<number>([min, max]);
  const lowExponent = Math.floor(Math.log10(min));
  const highExponent = Math.ceil(Math.log10(max));
  for (let exponent = lowExponent; exponent <= highExponent; exponent++) {
    for (const mantissa of MANTISSAS) {
      const value = Number((mantissa * 10 ** exponent).toPrecision(6));
      if (value >= min && value <= max) values.add(value);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/** Index of the nice value closest to `value` (in log space). */
export function nearestIndex(values: readonly number[], value: number): number {
  let best = 0;
  let bestDistance = Infinity;
  const target = Math.log(Math.max(value, Number.MIN_VALUE));
  values.forEach((candidate, index) => {
    const distance = Math.abs(Math.log(candidate) - target);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/** A number as a person would write it: 0.001, 3e-5, 12, 0.25. */
export function formatSettingNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 0.0001) return value.toExponential(0).replace('e-', 'e−');
  return String(Number(value.toPrecision(4)));
}
