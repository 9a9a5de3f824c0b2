/**
 * Label noise: flips exactly round(fraction * count) training labels, each to a different class
 * chosen uniformly, drawn from the "labelNoise" stream. Validation labels are never touched.
 */
import { createStream } from '../engine/rng';

/** The flipped labels (a copy) and the indices that were flipped, ascending. */
export interface FlipResult {
  targets: Float32Array;
  flipped: number[];
}

/** Flips round(fraction * count) labels of `targets` (class indices as floats); returns a copy. */
export function flipLabels(targets: Float32Array, classes: number, fraction: number, seed: number): FlipResult {
  const count = targets.length;
  const flipCount = Math.min(count, Math.round(Math.max(0, fraction) * count));
  const out = targets.slice();
  if (flipCount === 0 || classes < 2) return { targets: out, flipped: [] };
  const rng = createStream(seed, 'labelNoise');
  // Partial Fisher-Yates: the first flipCount entries of a random permutation of 0..count-1.
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = 0; i < flipCount; i++) {
    const j = i + rng.int(count - i);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  const flipped = Array.from(order.subarray(0, flipCount)).sort((a, b) => a - b);
  for (const index of flipped) {
    // Any class but the current one: shift by 1..classes-1.
    out[index] = (out[index] + 1 + rng.int(classes - 1)) % classes;
  }
  return { targets: out, flipped };
}
