/**
 * Raw values -> model inputs: append derived features (2D sets), then standardize with statistics
 * of the training split only. The same pipeline is applied to validation and to the decision-
 * boundary grid, so nothing about the validation set leaks into the inputs.
 */
import { DERIVED_FEATURES, type DerivedFeature, type FeaturePipeline } from './types';

/** Display names of derived features. */
export const DERIVED_FEATURE_NAMES: Readonly<Record<DerivedFeature, string>> = {
  x2: 'x²',
  y2: 'y²',
  xy: 'x·y',
  sinx: 'sin x',
  siny: 'sin y',
};

const DERIVED_FUNCTIONS: Readonly<Record<DerivedFeature, (x: number, y: number) => number>> = {
  x2: (x) => x * x,
  y2: (_x, y) => y * y,
  xy: (x, y) => x * y,
  sinx: (x) => Math.sin(x),
  siny: (_x, y) => Math.sin(y),
};

/** Deduplicates and orders derived features canonically (DERIVED_FEATURES order). */
export function canonicalDerived(requested: readonly DerivedFeature[]): DerivedFeature[] {
  return DERIVED_FEATURES.filter((feature) => requested.includes(feature));
}

/** Raw values plus derived features, before standardization: count * (rawSize + derived) values. */
function expand(pipeline: FeaturePipeline, raw: Float32Array, count: number): Float32Array {
  const { rawSize, derived, inputSize } = pipeline;
  if (derived.length === 0) return raw.slice(0, count * rawSize);
  if (rawSize !== 2) throw new Error('Derived features need 2D raw points.');
  const functions = derived.map((feature) => DERIVED_FUNCTIONS[feature]);
  const out = new Float32Array(count * inputSize);
  for (let i = 0; i < count; i++) {
    const x = raw[i * 2];
    const y = raw[i * 2 + 1];
    const base = i * inputSize;
    out[base] = x;
    out[base + 1] = y;
    for (let j = 0; j < functions.length; j++) out[base + 2 + j] = functions[j](x, y);
  }
  return out;
}

/** Standardizes in place with the pipeline's statistics (one pair per input, or one shared pair). */
function standardizeInPlace(pipeline: FeaturePipeline, values: Float32Array, count: number): void {
  const { mean, std, inputSize } = pipeline;
  if (!mean || !std) return;
  if (mean.length === 1) {
    const m = mean[0];
    const inverse = 1 / std[0];
    for (let i = 0; i < count * inputSize; i++) values[i] = (values[i] - m) * inverse;
    return;
  }
  const inverse = std.map((s) => 1 / s);
  for (let i = 0; i < count; i++) {
    const base = i * inputSize;
    for (let j = 0; j < inputSize; j++) values[base + j] = (values[base + j] - mean[j]) * inverse[j];
  }
}

/** Raw points (count * rawSize values) -> model inputs (count * inputSize values). Pure: `raw` is not modified. */
export function applyPipeline(pipeline: FeaturePipeline, raw: Float32Array, count: number): Float32Array {
  if (raw.length < count * pipeline.rawSize) {
    throw new Error(`applyPipeline: ${count} examples need ${count * pipeline.rawSize} raw values, got ${raw.length}.`);
  }
  const values = expand(pipeline, raw, count);
  standardizeInPlace(pipeline, values, count);
  return values;
}

/**
 * Builds the pipeline from the training split. Statistics: mean and population standard deviation
 * (divide by n) of each input over the training examples; a constant input gets std 1 so it maps
 * to 0 instead of dividing by zero. `shared` computes one mean/std over all inputs (images).
 */
export function fitPipeline(
  rawSize: number,
  derived: readonly DerivedFeature[],
  trainRaw: Float32Array,
  trainCount: number,
  standardize: boolean,
  shared = false,
): FeaturePipeline {
  const pipeline: FeaturePipeline = {
    rawSize,
    derived: canonicalDerived(derived),
    inputSize: rawSize + canonicalDerived(derived).length,
    mean: null,
    std: null,
  };
  if (!standardize || trainCount === 0) return pipeline;
  const values = expand(pipeline, trainRaw, trainCount);
  const inputSize = pipeline.inputSize;
  const groups = shared ? 1 : inputSize;
  const sums = new Float64Array(groups);
  const squares = new Float64Array(groups);
  for (let i = 0; i < trainCount; i++) {
    for (let j = 0; j < inputSize; j++) {
      const group = shared ? 0 : j;
      sums[group] += values[i * inputSize + j];
    }
  }
  const perGroup = shared ? trainCount * inputSize : trainCount;
  const mean = Array.from(sums, (sum) => sum / perGroup);
  // Second pass around the mean: numerically safer than E[x^2] - E[x]^2.
  for (let i = 0; i < trainCount; i++) {
    for (let j = 0; j < inputSize; j++) {
      const group = shared ? 0 : j;
      const centred = values[i * inputSize + j] - mean[group];
      squares[group] += centred * centred;
    }
  }
  const std = Array.from(squares, (square) => {
    const deviation = Math.sqrt(square / perGroup);
    return deviation > 1e-12 ? deviation : 1;
  });
  return { ...pipeline, mean, std };
}

/** Names of the model inputs: raw names followed by derived feature names. */
export function inputNames(rawNames: readonly string[], pipeline: FeaturePipeline): string[] {
  return [...rawNames, ...pipeline.derived.map((feature) => DERIVED_FEATURE_NAMES[feature])];
}
