/**
 * Pure measurements that the lesson checks take from one run: its per-epoch metrics and, where a
 * claim is about weights, its parameters. No React, no stores: the same functions run on the live
 * history in the page and on a headless replay in the tests.
 */
import { SPARSITY_THRESHOLD, type EpochMetrics, type LayerParameters } from '../../state/viewTypes';

/** The epoch with the lowest (finite) validation loss. */
export interface ValidationMinimum {
  /** Epoch number as in EpochMetrics.epoch (1-based). */
  epoch: number;
  /** Index into the epochs array. */
  index: number;
  validationLoss: number;
  /** Training loss (inference mode) at that epoch. */
  trainLoss: number;
}

/** Lowest validation loss of the run (the first one on ties), or null if there is none. */
export function validationMinimum(epochs: readonly EpochMetrics[]): ValidationMinimum | null {
  let best: ValidationMinimum | null = null;
  epochs.forEach((metrics, index) => {
    const value = metrics.validationLoss;
    if (!Number.isFinite(value)) return;
    if (best === null || value < best.validationLoss) best = { epoch: metrics.epoch, index, validationLoss: value, trainLoss: metrics.trainLoss };
  });
  return best;
}

/** Mean of a figure over the last `count` epochs that have it (finite), or null. */
export function meanOfLast(epochs: readonly EpochMetrics[], count: number, pick: (metrics: EpochMetrics) => number | null): number | null {
  let sum = 0;
  let used = 0;
  for (let index = epochs.length - 1; index >= 0 && used < count; index--) {
    const value = pick(epochs[index]);
    if (value === null || !Number.isFinite(value)) continue;
    sum += value;
    used++;
  }
  return used === 0 ? null : sum / used;
}

/** Epochs averaged to smooth out one noisy epoch in the "recent" figures. */
export const RECENT_EPOCHS = 3;

/** How far the recent validation loss is above the run's best, and what training did meanwhile. */
export interface OverfittingSignature {
  minimum: ValidationMinimum;
  /** Mean validation loss of the last RECENT_EPOCHS epochs. */
  recentValidationLoss: number;
  /** recentValidationLoss / minimum - 1 (0.38 = 38% above the minimum). */
  rise: number;
  /** Mean training loss (inference mode) of the last RECENT_EPOCHS epochs. */
  recentTrainLoss: number;
  /** Epochs since the minimum. */
  epochsSinceMinimum: number;
}

/** The rise of validation loss above its minimum, or null without finite losses. */
export function overfittingSignature(epochs: readonly EpochMetrics[]): OverfittingSignature | null {
  const minimum = validationMinimum(epochs);
  const recentValidationLoss = meanOfLast(epochs, RECENT_EPOCHS, (m) => m.validationLoss);
  const recentTrainLoss = meanOfLast(epochs, RECENT_EPOCHS, (m) => m.trainLoss);
  if (minimum === null || recentValidationLoss === null || recentTrainLoss === null) return null;
  const rise = minimum.validationLoss > 0 ? recentValidationLoss / minimum.validationLoss - 1 : recentValidationLoss > 0 ? Infinity : 0;
  return { minimum, recentValidationLoss, rise, recentTrainLoss, epochsSinceMinimum: epochs[epochs.length - 1].epoch - minimum.epoch };
}

/** Training vs validation figures of the recent epochs: the generalization gap. */
export interface GeneralizationGap {
  trainLoss: number;
  validationLoss: number;
  /** validationLoss / trainLoss (Infinity when the training loss is 0). */
  lossRatio: number;
  /** Classification only (else null). */
  trainAccuracy: number | null;
  validationAccuracy: number | null;
  /** trainAccuracy - validationAccuracy, in [-1, 1]; null for regression. */
  accuracyGap: number | null;
}

/** Recent (mean of the last RECENT_EPOCHS epochs) training and validation figures, or null. */
export function generalizationGap(epochs: readonly EpochMetrics[]): GeneralizationGap | null {
  const trainLoss = meanOfLast(epochs, RECENT_EPOCHS, (m) => m.trainLoss);
  const validationLoss = meanOfLast(epochs, RECENT_EPOCHS, (m) => m.validationLoss);
  if (trainLoss === null || validationLoss === null) return null;
  const trainAccuracy = meanOfLast(epochs, RECENT_EPOCHS, (m) => m.trainAccuracy);
  const validationAccuracy = meanOfLast(epochs, RECENT_EPOCHS, (m) => m.validationAccuracy);
  const accuracyGap = trainAccuracy !== null && validationAccuracy !== null ? trainAccuracy - validationAccuracy : null;
  return { trainLoss, validationLoss, lossRatio: ratio(validationLoss, trainLoss), trainAccuracy, validationAccuracy, accuracyGap };
}

/** a / b, with 0 / 0 = 1 and x / 0 = Infinity, so "how many times larger" never becomes NaN. */
export function ratio(a: number, b: number): number {
  if (b === 0) return a === 0 ? 1 : Infinity;
  return a / b;
}

/** What early stopping did, or would have done, on a run's validation losses. */
export interface EarlyStoppingTrace {
  /** Best epoch and value of the current count (since the start or the last stop). */
  bestEpoch: number | null;
  bestValue: number | null;
  /** Epochs without improvement in the current count. */
  wait: number;
  /** The last stop: at which epoch, the best epoch and value it kept, and the validation loss when it stopped. */
  stop: EarlyStop | null;
  /** The first stop (the same as `stop` unless training went on after a stop). */
  firstStop: EarlyStop | null;
}

/** One stop of early stopping. */
export interface EarlyStop {
  epoch: number;
  bestEpoch: number;
  bestValue: number;
  /** Validation loss at the stopping epoch. */
  value: number;
}

/** The early-stopping settings the trace needs (Keras 3 names in our spelling). */
export interface EarlyStoppingRule {
  patience: number;
  minDelta: number;
  startFromEpoch: number;
}

/**
 * Replays Keras 3's EarlyStopping (monitor validation loss, mode min, no baseline; semantics.md
 * section 4) over the recorded epochs, as if it had been on from the first one. After a stop the
 * count starts afresh, as when the user presses Play again. Without a stop it tells where a run
 * with early stopping switched off would have stopped.
 */
export function traceEarlyStopping(epochs: readonly EpochMetrics[], rule: EarlyStoppingRule): EarlyStoppingTrace {
  const delta = Math.abs(rule.minDelta);
  let seen = 0;
  let wait = 0;
  let best: number | null = null;
  let bestEpoch: number | null = null;
  let stop: EarlyStop | null = null;
  let firstStop: EarlyStop | null = null;
  for (const metrics of epochs) {
    const index = seen++;
    const current = metrics.validationLoss;
    if (index < rule.startFromEpoch || !Number.isFinite(current)) continue;
    wait += 1;
    if (best === null || current + delta < best) {
      best = current;
      bestEpoch = metrics.epoch;
      wait = 0;
      continue;
    }
    if (wait >= rule.patience && index > 0) {
      stop = { epoch: metrics.epoch, bestEpoch: bestEpoch!, bestValue: best, value: current };
      firstStop ??= stop;
      seen = 0;
      wait = 0;
      best = null;
      bestEpoch = null;
    }
  }
  return { bestEpoch, bestValue: best, wait, stop, firstStop };
}

/** Size of the first layer's gradient relative to the last layer's. */
export interface GradientRatio {
  /** Geometric mean over the recent epochs of first / last kernel-gradient norm. */
  ratio: number;
  firstLayer: string;
  lastLayer: string;
  /** Geometric means of the two norms over the same epochs. */
  firstNorm: number;
  lastNorm: number;
  /** Epochs averaged. */
  epochs: number;
}

/** Epochs the gradient ratio is averaged over (gradient norms are of one minibatch: noisy). */
export const GRADIENT_EPOCHS = 5;

/**
 * First trainable layer's gradient norm over the last one's (the output layer), as a geometric
 * mean over the last GRADIENT_EPOCHS epochs; null without at least two layers and positive norms.
 */
export function gradientRatio(epochs: readonly EpochMetrics[]): GradientRatio | null {
  let logFirst = 0;
  let logLast = 0;
  let used = 0;
  let names: [string, string] | null = null;
  for (let index = epochs.length - 1; index >= 0 && used < GRADIENT_EPOCHS; index--) {
    const layers = epochs[index].layers;
    if (layers.length < 2) continue;
    const first = layers[0].gradientNorm;
    const last = layers[layers.length - 1].gradientNorm;
    if (!(first > 0 && last > 0 && Number.isFinite(first) && Number.isFinite(last))) continue;
    logFirst += Math.log(first);
    logLast += Math.log(last);
    names ??= [layers[0].name, layers[layers.length - 1].name];
    used++;
  }
  if (used === 0 || names === null) return null;
  const firstNorm = Math.exp(logFirst / used);
  const lastNorm = Math.exp(logLast / used);
  return { ratio: firstNorm / lastNorm, firstLayer: names[0], lastLayer: names[1], firstNorm, lastNorm, epochs: used };
}

/** The first dense layer's parameters (kernel [inputs, outputs]), or null. */
export function firstDenseLayer(parameters: readonly LayerParameters[] | null): LayerParameters | null {
  return parameters?.find((layer) => layer.kind === 'dense') ?? null;
}

/** Largest |w| of each input's row of a dense kernel laid out [inputs, outputs]. */
export function rowMaxima(layer: LayerParameters): Float64Array {
  const [inputs, outputs] = layer.shape;
  const maxima = new Float64Array(inputs);
  for (let input = 0; input < inputs; input++) {
    let largest = 0;
    for (let output = 0; output < outputs; output++) largest = Math.max(largest, Math.abs(layer.kernel[input * outputs + output]));
    maxima[input] = largest;
  }
  return maxima;
}

/** Which inputs the first layer still listens to. */
export interface FeatureSelection {
  /** Noise features (not informative) and how many of them have every weight below the threshold. */
  noiseFeatures: number;
  prunedNoise: number;
  /** Informative features and how many of them kept at least one weight at or above the threshold. */
  informativeFeatures: number;
  keptInformative: number;
  /** Indices of informative features that were pruned (a wrong call by the network). */
  lostInformative: number[];
  /** Largest |w| among the noise features' rows. */
  largestNoiseWeight: number;
  threshold: number;
}

/**
 * Counts pruned inputs of the first dense layer: an input is pruned when all its outgoing weights
 * are below SPARSITY_THRESHOLD in absolute value. Null when the layer does not read the features
 * (no dense layer, or its input count differs from the indices given).
 */
export function featureSelection(parameters: readonly LayerParameters[] | null, informative: readonly number[], featureCount: number): FeatureSelection | null {
  const layer = firstDenseLayer(parameters);
  if (layer === null || layer.shape[0] !== featureCount) return null;
  const maxima = rowMaxima(layer);
  const isInformative = new Set(informative);
  let prunedNoise = 0;
  let keptInformative = 0;
  let largestNoiseWeight = 0;
  const lostInformative: number[] = [];
  maxima.forEach((largest, input) => {
    const pruned = largest < SPARSITY_THRESHOLD;
    if (isInformative.has(input)) {
      if (pruned) lostInformative.push(input);
      else keptInformative++;
    } else {
      if (pruned) prunedNoise++;
      largestNoiseWeight = Math.max(largestNoiseWeight, largest);
    }
  });
  return {
    noiseFeatures: featureCount - isInformative.size,
    prunedNoise,
    informativeFeatures: isInformative.size,
    keptInformative,
    lostInformative,
    largestNoiseWeight,
    threshold: SPARSITY_THRESHOLD,
  };
}

/** The first epoch whose validation loss is at or below `target`, or null. */
export function firstEpochReaching(epochs: readonly EpochMetrics[], target: number): EpochMetrics | null {
  return epochs.find((metrics) => metrics.validationLoss <= target) ?? null;
}
