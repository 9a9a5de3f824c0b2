/**
 * The feature-selection set: d standard-normal features of which k determine the label, the rest
 * pure noise. Which k is known (informativeFeatures), so the UI can show whether L1 found them.
 *
 * Label = [score + e > 0], score = sum_i w_i x_i / ||w|| over the informative features (variance 1),
 * e ~ N(0, noise^2). Weights have random sign and magnitude in [1, 2]. Classes are exactly balanced:
 * example i wants class i % 2 and is redrawn until its label matches (rejection sampling).
 */
import { createStream, type Rng } from '../engine/rng';

/** Which features matter and how. Drawn from the seed's "data/informative" stream. */
export interface FeatureModel {
  featureCount: number;
  informative: number[];
  /** Weights of the informative features, normalized to unit length. */
  weights: number[];
}

/** Picks k of d features (ascending indices) and their weights. */
export function drawFeatureModel(seed: number, featureCount: number, informativeCount: number): FeatureModel {
  const rng = createStream(seed, 'data/informative');
  const order = Array.from({ length: featureCount }, (_, i) => i);
  rng.shuffle(order);
  const informative = order.slice(0, informativeCount).sort((a, b) => a - b);
  const raw = informative.map(() => (rng.uniform() < 0.5 ? -1 : 1) * rng.uniformIn(1, 2));
  const norm = Math.sqrt(raw.reduce((sum, w) => sum + w * w, 0));
  return { featureCount, informative, weights: raw.map((w) => w / norm) };
}

/** Draws `count` examples: inputs (count * d) and balanced binary labels. */
export function drawFeatureExamples(
  model: FeatureModel,
  rng: Rng,
  count: number,
  noise: number,
): { raw: Float32Array; targets: Float32Array } {
  const d = model.featureCount;
  const raw = new Float32Array(count * d);
  const targets = new Float32Array(count);
  const row = new Float64Array(d);
  for (let i = 0; i < count; i++) {
    const wanted = i % 2;
    // P(label = wanted) = 1/2 by symmetry, so this loop runs twice on average.
    for (;;) {
      for (let j = 0; j < d; j++) row[j] = rng.normal();
      let score = 0;
      for (let m = 0; m < model.informative.length; m++) score += model.weights[m] * row[model.informative[m]];
      const label = score + noise * rng.normal() > 0 ? 1 : 0;
      if (label === wanted) break;
    }
    for (let j = 0; j < d; j++) raw[i * d + j] = row[j];
    targets[i] = wanted;
  }
  return { raw, targets };
}
