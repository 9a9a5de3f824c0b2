/**
 * Batch normalization with Keras's conventions (semantics.md section 3).
 * Training:  mu = mean(x), var = mean((x - mu)^2) (biased), xhat = (x - mu) / sqrt(var + eps),
 *            y = gamma * xhat + beta, and moving = m * moving + (1 - m) * batch for mean and variance.
 * Inference: the same with the running (moving) statistics.
 * Symbols: mu = batchMean, var = batchVariance, s = 1/sqrt(var + eps) = invStd, m = momentum,
 * eps = epsilon. Statistics are per feature (the last axis); for images that is per channel over
 * batch x height x width, for dense layers per unit over the batch.
 */
import { allocate, type Dtype, type FloatArray } from './floatArray.ts';
import { ensureCapacity, type Layer, type Param } from './layer.ts';

/** Keras's default momentum: moving = 0.99 * moving + 0.01 * batch. */
export const KERAS_BN_MOMENTUM = 0.99;
/** Keras's default epsilon. */
export const KERAS_BN_EPSILON = 1e-3;

/** A batch-normalization layer; gamma and beta are exempt from penalties. */
export class BatchNormLayer implements Layer {
  readonly gamma: Param;
  readonly beta: Param;
  readonly params: readonly Param[];
  readonly outputSize: number;
  readonly runningMean: FloatArray;
  readonly runningVariance: FloatArray;
  /** Of the last training-mode forward pass. */
  readonly batchMean: FloatArray;
  readonly batchVariance: FloatArray;
  /** gamma and beta as they were in the last training-mode forward pass (for the probe). */
  readonly lastGamma: FloatArray;
  readonly lastBeta: FloatArray;
  /** Rows (batch x positions) of the last training-mode forward pass. */
  lastTrainingRows = 0;
  momentum = KERAS_BN_MOMENTUM;
  epsilon = KERAS_BN_EPSILON;
  output: FloatArray;
  /** xhat of the last training-mode forward pass, kept for the backward pass and the probe. */
  normalized: FloatArray;
  private inputGradient: FloatArray;
  private readonly invStd: FloatArray;
  private readonly scratch: Float64Array;
  private readonly shiftScratch: Float64Array;
  private lastForwardTraining = true;
  private input: FloatArray;

  /** `features` statistics over `inputSize / features` positions per example. */
  constructor(
    readonly name: string,
    readonly inputSize: number,
    readonly features: number,
    dtype: Dtype,
  ) {
    this.outputSize = inputSize;
    this.gamma = { name: `${name}/gamma`, layer: name, role: 'gamma', value: allocate(dtype, features), gradient: allocate(dtype, features), decay: 0 };
    this.beta = { name: `${name}/beta`, layer: name, role: 'beta', value: allocate(dtype, features), gradient: allocate(dtype, features), decay: 0 };
    this.params = [this.gamma, this.beta];
    this.runningMean = allocate(dtype, features);
    this.runningVariance = allocate(dtype, features);
    this.batchMean = allocate(dtype, features);
    this.batchVariance = allocate(dtype, features);
    this.lastGamma = allocate(dtype, features);
    this.lastBeta = allocate(dtype, features);
    this.invStd = allocate(dtype, features);
    this.scratch = new Float64Array(features);
    this.shiftScratch = new Float64Array(features);
    this.output = allocate(dtype, 0);
    this.normalized = allocate(dtype, 0);
    this.inputGradient = allocate(dtype, 0);
    this.input = this.output;
    this.resetToIdentityStart();
  }

  /** gamma = 1, beta = 0, running mean 0, running variance 1 (the start of every framework). */
  resetToIdentityStart(): void {
    this.gamma.value.fill(1);
    this.beta.value.fill(0);
    this.runningMean.fill(0);
    this.runningVariance.fill(1);
  }

  /**
   * Function-preserving insertion (semantics.md): with running statistics set to the current
   * activations' mean and variance, gamma = sqrt(var + eps) and beta = mean, inference mode is
   * exactly the identity, and training mode differs only by batch-vs-population statistics.
   * `foldedBias`: the bias b of the layer before (included in `mean`), which the caller sets to 0.
   */
  initializeFunctionPreserving(mean: ArrayLike<number>, variance: ArrayLike<number>, foldedBias: ArrayLike<number> | null = null): void {
    for (let f = 0; f < this.features; f++) {
      // The bias b of the layer before, now held at 0, folded into beta: the input loses b, so its
      // running mean is mean - b while beta stays mean.
      this.runningMean[f] = foldedBias === null ? mean[f] : mean[f] - foldedBias[f];
      this.runningVariance[f] = variance[f];
      this.gamma.value[f] = Math.sqrt(variance[f] + this.epsilon);
      this.beta.value[f] = mean[f];
    }
  }

  reserve(batch: number): void {
    const length = batch * this.inputSize;
    this.output = ensureCapacity(this.output, length);
    this.normalized = ensureCapacity(this.normalized, length);
    this.inputGradient = ensureCapacity(this.inputGradient, length);
  }

  forward(input: FloatArray, batch: number, training: boolean): FloatArray {
    const features = this.features;
    const rows = (batch * this.inputSize) / features;
    const n = rows * features;
    const gamma = this.gamma.value;
    const beta = this.beta.value;
    const invStd = this.invStd;
    const y = this.output;
    this.lastForwardTraining = training;
    this.input = input;
    if (!training) {
      // y = x * scale + shift with scale = gamma * s and shift = beta - mu * scale per feature.
      const scale = this.scratch;
      const shift = this.shiftScratch;
      for (let f = 0; f < features; f++) {
        invStd[f] = 1 / Math.sqrt(this.runningVariance[f] + this.epsilon);
        scale[f] = gamma[f] * invStd[f];
        shift[f] = beta[f] - this.runningMean[f] * scale[f];
      }
      for (let r = 0, index = 0; r < rows; r++) {
        for (let f = 0; f < features; f++, index++) y[index] = input[index] * scale[f] + shift[f];
      }
      return y;
    }
    const m = this.momentum;
    const xhat = this.normalized;
    // Feature by feature, so every sum accumulates in a local (strided reads of a small batch).
    for (let f = 0; f < features; f++) {
      let sum = 0;
      for (let index = f; index < n; index += features) sum += input[index];
      const mean = sum / rows;
      let squares = 0;
      for (let index = f; index < n; index += features) {
        const d = input[index] - mean;
        squares += d * d;
      }
      const variance = squares / rows;
      const s = 1 / Math.sqrt(variance + this.epsilon);
      this.batchMean[f] = mean;
      this.batchVariance[f] = variance;
      invStd[f] = s;
      this.runningMean[f] = m * this.runningMean[f] + (1 - m) * mean;
      this.runningVariance[f] = m * this.runningVariance[f] + (1 - m) * variance;
      const g = gamma[f];
      const b = beta[f];
      this.lastGamma[f] = g;
      this.lastBeta[f] = b;
      for (let index = f; index < n; index += features) {
        const v = (input[index] - mean) * s;
        xhat[index] = v;
        y[index] = g * v + b;
      }
    }
    this.lastTrainingRows = rows;
    return y;
  }

  backward(outputGradient: FloatArray, batch: number, needInputGradient: boolean): FloatArray | null {
    const features = this.features;
    const rows = (batch * this.inputSize) / features;
    const dy = outputGradient;
    const dgamma = this.gamma.gradient;
    const dbeta = this.beta.gradient;
    const gamma = this.gamma.value;
    const invStd = this.invStd;
    dgamma.fill(0);
    dbeta.fill(0);
    if (!this.lastForwardTraining) {
      // Inference mode is an affine map per feature: dx = gamma * s * dy.
      for (let r = 0, index = 0; r < rows; r++) {
        for (let f = 0; f < features; f++, index++) {
          const xhat = (this.input[index] - this.runningMean[f]) * invStd[f];
          dbeta[f] += dy[index];
          dgamma[f] += dy[index] * xhat;
        }
      }
      if (!needInputGradient) return null;
      const dx = this.inputGradient;
      for (let r = 0, index = 0; r < rows; r++) {
        for (let f = 0; f < features; f++, index++) dx[index] = gamma[f] * invStd[f] * dy[index];
      }
      return dx;
    }
    const xhat = this.normalized;
    const n = rows * features;
    const dx = this.inputGradient;
    for (let f = 0; f < features; f++) {
      // dbeta = sum(dy), dgamma = sum(dy * xhat)
      let sumDy = 0;
      let sumDyXhat = 0;
      for (let index = f; index < n; index += features) {
        const g = dy[index];
        sumDy += g;
        sumDyXhat += g * xhat[index];
      }
      dbeta[f] = sumDy;
      dgamma[f] = sumDyXhat;
      if (!needInputGradient) continue;
      // dx_i = (s/m)(m dxhat_i - sum dxhat - xhat_i sum(dxhat xhat)), with dxhat = gamma dy, so
      // sum dxhat = gamma dbeta and sum(dxhat xhat) = gamma dgamma:
      // dx_i = gamma s / m * (m dy_i - dbeta - xhat_i dgamma).
      const scale = (gamma[f] * invStd[f]) / rows;
      for (let index = f; index < n; index += features) {
        dx[index] = scale * (rows * dy[index] - sumDy - xhat[index] * sumDyXhat);
      }
    }
    if (!needInputGradient) return null;
    return dx;
  }
}
