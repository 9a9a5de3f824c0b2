/**
 * Weight penalties as a table (semantics.md section 1), Keras convention: the penalty
 * lambda1 * sum|w| + lambda2 * sum w^2 is added to the batch-mean data loss (not divided by the
 * batch size), on kernels only. Each parameter's `decay` multiplier (1 kernels, 0 biases and BN)
 * is folded into `strength` by the caller.
 * Symbols: w = values, g = gradient, lambda = strength.
 */
import type { FloatArray } from './floatArray.ts';

/** One penalty. */
export interface RegularizerRule {
  /** lambda * sum f(w) over the first n values. */
  penalty(w: FloatArray, n: number, strength: number): number;
  /** g += lambda * f'(w). */
  addGradient(w: FloatArray, g: FloatArray, n: number, strength: number): void;
}

/** The penalty table: L1 and L2. */
export const regularizers: Record<'l1' | 'l2', RegularizerRule> = {
  l1: {
    penalty(w, n, strength) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += Math.abs(w[i]);
      return strength * sum;
    },
    addGradient(w, g, n, strength) {
      // d|w|/dw = sign(w), taken as 0 at w = 0 (as TensorFlow and PyTorch do).
      for (let i = 0; i < n; i++) g[i] += strength * Math.sign(w[i]);
    },
  },
  l2: {
    penalty(w, n, strength) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[i] * w[i];
      return strength * sum;
    },
    addGradient(w, g, n, strength) {
      // d(lambda w^2)/dw = 2 lambda w: no 1/2 in Keras's convention.
      const twice = 2 * strength;
      for (let i = 0; i < n; i++) g[i] += twice * w[i];
    },
  },
};

/**
 * The proximal step of L1 ("exact zeros"): soft-thresholding w = sign(w) * max(|w| - t, 0) with
 * t = learningRate * lambda1, applied after the gradient step. Plain gradient descent on |w| only
 * makes weights hover around zero; this makes them exactly zero.
 */
export function softThreshold(value: number, threshold: number): number {
  return value > threshold ? value - threshold : value < -threshold ? value + threshold : 0;
}
