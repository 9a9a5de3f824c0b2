/**
 * On-demand probes for the panels: weight histograms on fixed edges, the last minibatch's dropout
 * masks, batch-norm statistics with activation histograms before and after normalization.
 * Every probe returns fresh float32 copies (safe to transfer to the main thread).
 */
import type { BatchNormLayer } from './batchNorm.ts';
import { SPARSITY_THRESHOLD, type BatchNormProbe, type DropoutMaskProbe, type WeightHistogramProbe } from './contract.ts';
import type { DropoutLayer } from './dropout.ts';
import { toFloat32, type FloatArray } from './floatArray.ts';
import { FixedHistogram } from './histogram.ts';
import type { Network } from './network.ts';

/** Fraction of the first n values with |w| < SPARSITY_THRESHOLD. */
export function sparsity(values: FloatArray, n = values.length): number {
  let zeros = 0;
  for (let i = 0; i < n; i++) if (Math.abs(values[i]) < SPARSITY_THRESHOLD) zeros++;
  return n > 0 ? zeros / n : 0;
}

/** Initial half-range of a weight histogram: 4 standard deviations of the initializer. */
const WEIGHT_RANGE_STDS = 4;

/** Holds the fixed-edge histograms of one network across time and builds the probes. */
export class Probes {
  private readonly weightHistograms: FixedHistogram[];
  private readonly batchNormHistograms = new Map<BatchNormLayer, { before: FixedHistogram; after: FixedHistogram }>();

  /** Weight-histogram edges are chosen here, once, from each layer's initialization scale. */
  constructor(private readonly network: Network) {
    this.weightHistograms = network.trainable.map((layer) => new FixedHistogram(WEIGHT_RANGE_STDS * network.initialStd(layer)));
  }

  /** Kernel histogram and sparsity of every conv and dense layer. */
  weights(): WeightHistogramProbe[] {
    return this.network.trainable.map((layer, index) => ({
      layer: layer.name,
      histogram: this.weightHistograms[index].bin(layer.kernel.value),
      sparsity: sparsity(layer.kernel.value),
    }));
  }

  /** Masks of the last training minibatch of each active dropout layer, input dropout first. */
  dropoutMasks(): DropoutMaskProbe[] {
    const probes: DropoutMaskProbe[] = [];
    const add = (layer: DropoutLayer, label: string) => {
      if (!layer.active) return;
      const units = layer.inputSize;
      const examples = layer.lastExamples;
      const keepRate = new Float32Array(units);
      if (layer.examplesSinceOn > 0) for (let u = 0; u < units; u++) keepRate[u] = layer.keptCount[u] / layer.examplesSinceOn;
      probes.push({ layer: label, rate: layer.rate, units, examples, kept: layer.mask.slice(0, examples * units), keepRate });
    };
    add(this.network.inputDropout, 'input');
    this.network.hidden.forEach((block) => add(block.dropout, block.dense.name));
    return probes;
  }

  /** Statistics of each batch-norm layer while batch norm is on (empty otherwise). */
  batchNorm(): BatchNormProbe[] {
    if (!this.network.batchNormEnabled) return [];
    return this.network.hidden.map((block) => this.batchNormProbe(block.batchNorm));
  }

  /** Forget the histogram ranges of batch-norm activations (after BN is switched on again). */
  resetBatchNormHistograms(): void {
    this.batchNormHistograms.clear();
  }

  private batchNormProbe(layer: BatchNormLayer): BatchNormProbe {
    const features = layer.features;
    const rows = layer.lastTrainingRows;
    const n = rows * features;
    // Rebuild the minibatch's values from xhat: before = xhat * sqrt(var + eps) + mu,
    // after = gamma * xhat + beta with the gamma and beta of that forward pass.
    const before = new Float64Array(n);
    const after = new Float64Array(n);
    for (let r = 0, index = 0; r < rows; r++) {
      for (let f = 0; f < features; f++, index++) {
        const xhat = layer.normalized[index];
        before[index] = xhat * Math.sqrt(layer.batchVariance[f] + layer.epsilon) + layer.batchMean[f];
        after[index] = layer.lastGamma[f] * xhat + layer.lastBeta[f];
      }
    }
    let histograms = this.batchNormHistograms.get(layer);
    if (histograms === undefined) {
      // Edges fixed from the first look at the data (then only widened), as for weights.
      histograms = { before: new FixedHistogram(maxAbs(before) * 1.5), after: new FixedHistogram(Math.max(maxAbs(after) * 1.5, 1)) };
      this.batchNormHistograms.set(layer, histograms);
    }
    return {
      layer: layer.name,
      runningMean: toFloat32(layer.runningMean),
      runningVariance: toFloat32(layer.runningVariance),
      batchMean: toFloat32(layer.batchMean),
      batchVariance: toFloat32(layer.batchVariance),
      gamma: toFloat32(layer.gamma.value),
      beta: toFloat32(layer.beta.value),
      before: histograms.before.bin(before),
      after: histograms.after.bin(after),
    };
  }
}

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > max && Number.isFinite(a)) max = a;
  }
  return max;
}
