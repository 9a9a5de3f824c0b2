/**
 * Losses as a table (semantics.md section 7). Each returns the batch-mean data loss (no penalty)
 * and writes d(loss)/d(outputs) when a gradient buffer is given.
 * Symbols: z = outputs (logits for the cross-entropies), y = targets, N = batch, K = output size.
 */
import type { LossName } from './contract.ts';
import type { FloatArray } from './floatArray.ts';

/** Loss names the table knows: the contract's two plus sigmoid (binary) cross-entropy. */
export type EngineLossName = LossName | 'sigmoidCrossEntropy';

/** One loss function. */
export interface LossRule {
  /**
   * Mean loss of `batch` examples with `size` outputs each. Targets: one class index per example
   * for softmax cross-entropy, else `batch * size` values. Writes the gradient when non-null.
   */
  compute(outputs: FloatArray, targets: ArrayLike<number>, batch: number, size: number, gradient: FloatArray | null): number;
}

/** The loss table. */
export const losses: Record<EngineLossName, LossRule> = {
  softmaxCrossEntropy: {
    // loss_n = logsumexp(z_n) - z_n[y_n], with the row max subtracted before exp so nothing
    // overflows; gradient (softmax(z_n) - onehot(y_n)) / N.
    compute(z, targets, batch, size, gradient) {
      let total = 0;
      const invBatch = 1 / batch;
      for (let n = 0, row = 0; n < batch; n++, row += size) {
        let max = z[row];
        for (let k = 1; k < size; k++) if (z[row + k] > max) max = z[row + k];
        let sumExp = 0;
        if (gradient !== null) {
          // exp(z - max) parked in the gradient buffer, normalized below: one exp per logit.
          for (let k = 0; k < size; k++) {
            const e = Math.exp(z[row + k] - max);
            gradient[row + k] = e;
            sumExp += e;
          }
        } else {
          for (let k = 0; k < size; k++) sumExp += Math.exp(z[row + k] - max);
        }
        const label = targets[n];
        // NaN logits make max NaN and the loss NaN: divergence is reported, never hidden.
        total += max + Math.log(sumExp) - z[row + label];
        if (gradient !== null) {
          const scale = invBatch / sumExp;
          for (let k = 0; k < size; k++) gradient[row + k] *= scale;
          gradient[row + label] -= invBatch;
        }
      }
      return total * invBatch;
    },
  },
  mse: {
    // loss = mean over all N*K elements of (z - y)^2; gradient 2 (z - y) / (N K).
    compute(z, y, batch, size, gradient) {
      const n = batch * size;
      const scale = 2 / n;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const d = z[i] - y[i];
        total += d * d;
        if (gradient !== null) gradient[i] = scale * d;
      }
      return total / n;
    },
  },
  sigmoidCrossEntropy: {
    // Per element max(z, 0) - z y + log(1 + exp(-|z|)) (stable for any z), averaged over N*K;
    // gradient (sigmoid(z) - y) / (N K).
    compute(z, y, batch, size, gradient) {
      const n = batch * size;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const v = z[i];
        total += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
        if (gradient !== null) gradient[i] = (1 / (1 + Math.exp(-v)) - y[i]) / n;
      }
      return total / n;
    },
  },
};

/** Softmax of each row of `logits` into `probabilities` (max subtracted for stability). */
export function softmaxRows(logits: ArrayLike<number>, probabilities: Float32Array | Float64Array, rows: number, size: number): void {
  for (let n = 0, row = 0; n < rows; n++, row += size) {
    let max = logits[row];
    for (let k = 1; k < size; k++) if (logits[row + k] > max) max = logits[row + k];
    let sum = 0;
    for (let k = 0; k < size; k++) {
      const e = Math.exp(logits[row + k] - max);
      probabilities[row + k] = e;
      sum += e;
    }
    for (let k = 0; k < size; k++) probabilities[row + k] /= sum;
  }
}
