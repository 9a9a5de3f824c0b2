/**
 * The numbers the Weight histograms panel prints per layer: sparsity with its threshold, the L1
 * and L2 norms of the kernel (as the engine computes them for its epoch metrics), and the
 * one-sentence summary screen readers get for each canvas.
 */
import { SPARSITY_THRESHOLD, type Histogram, type LayerParameters } from '../../../state/viewTypes';
import { formatValue, histogramTotal } from '../../draw/histogramPixels';

/** Kernel norms: L1 = sum |w|, L2 = sqrt(sum w^2) (biases excluded, as in LayerMetrics). */
export interface KernelNorms {
  l1: number;
  l2: number;
}

/** L1 and L2 norms of a kernel. */
export function kernelNorms(kernel: Float32Array): KernelNorms {
  let l1 = 0;
  let squares = 0;
  for (const w of kernel) {
    l1 += Math.abs(w);
    squares += w * w;
  }
  return { l1, l2: Math.sqrt(squares) };
}

/** Sparsity as printed: one decimal of a percent. */
export function formatSparsity(sparsity: number): string {
  return `${(sparsity * 100).toFixed(1)}%`;
}

/** "dense 1: 31.0% of weights below 1e-3 (|w| < 0.001)". */
export function sparsitySentence(layer: string, sparsity: number): string {
  return `${layer}: ${formatSparsity(sparsity)} of weights below ${SPARSITY_THRESHOLD.toExponential(0)} (|w| < ${SPARSITY_THRESHOLD})`;
}

/** The screen-reader summary of one layer's ridgeline. */
export function layerSummary(layer: string, sparsity: number, norms: KernelNorms | null, initial: KernelNorms | null, histogram: Histogram | null, initialStep = 0): string {
  const parts = [sparsitySentence(layer, sparsity)];
  if (norms) {
    parts.push(`L1 norm ${formatValue(norms.l1)}${initial ? ` (${formatValue(initial.l1)} at step ${initialStep})` : ''}`);
    parts.push(`L2 norm ${formatValue(norms.l2)}${initial ? ` (${formatValue(initial.l2)} at step ${initialStep})` : ''}`);
  }
  if (histogram) {
    const bins = histogram.counts.length;
    const middle = Math.floor(bins / 2);
    const total = histogramTotal(histogram);
    parts.push(`${total > 0 ? Math.round((histogram.counts[middle] / total) * 100) : 0}% of weights in the bin around 0`);
    parts.push(`bins from ${formatValue(histogram.edges[0])} to ${formatValue(histogram.edges[bins])}`);
  }
  return `${parts.join('; ')}.`;
}

/** The kernel of a layer by name, or null. */
export function kernelOf(parameters: readonly LayerParameters[], layer: string): Float32Array | null {
  return parameters.find((candidate) => candidate.name === layer && candidate.kind !== 'batchNorm')?.kernel ?? null;
}
