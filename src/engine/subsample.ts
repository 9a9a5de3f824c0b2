/**
 * A fixed, seeded subsample of a sample set, for per-epoch figures of large sets (the digits:
 * 8,000 training and 2,000 validation images would otherwise be evaluated after every epoch).
 * The same seed and stream name always pick the same examples, in their original order, so the
 * per-epoch curve measures one fixed group of examples and a replay sees the same figures.
 */
import type { Samples } from './contract.ts';
import { createStream } from './rng.ts';

/**
 * Indices of `size` of the `count` examples (all of them when size >= count), sorted ascending,
 * drawn without replacement from the stream `name` of `seed`.
 */
export function subsampleIndices(count: number, size: number, seed: number, name: string): Int32Array {
  if (size >= count) return Int32Array.from({ length: count }, (_, index) => index);
  const rng = createStream(seed, name);
  const order = Int32Array.from({ length: count }, (_, index) => index);
  // Partial Fisher-Yates: the first `size` entries end up a uniform sample without replacement.
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(count - i);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order.subarray(0, size).sort();
}

/**
 * The examples of `samples` at `indices`, copied into a set of their own. `targetSize` is the
 * values per example's target (1 for a class index).
 */
export function gatherSamples(samples: Samples, indices: Int32Array, targetSize: number): Samples {
  const inputSize = samples.count > 0 ? samples.inputs.length / samples.count : 0;
  const inputs = new Float32Array(indices.length * inputSize);
  const targets = new Float32Array(indices.length * targetSize);
  indices.forEach((example, row) => {
    inputs.set(samples.inputs.subarray(example * inputSize, (example + 1) * inputSize), row * inputSize);
    targets.set(samples.targets.subarray(example * targetSize, (example + 1) * targetSize), row * targetSize);
  });
  return { count: indices.length, inputs, targets };
}
