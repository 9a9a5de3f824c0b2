/**
 * Optimizers as a table (semantics.md section 8). Each update is fused: it reads the gradient,
 * clips it, applies decoupled weight decay, steps, optionally soft-thresholds (proximal L1) and
 * measures the squared size of the change, in one pass over the parameter.
 * Symbols: w = value, g = gradient after clipping, lr = learningRate, mu = momentum,
 * b = velocity (state[0]), m and v = Adam's first and second moments (state[0], state[1]),
 * t = step count of this parameter, beta1, beta2, eps = Adam's constants.
 * Decoupled weight decay (AdamW, Keras 3's weight_decay): w <- w * (1 - lr * wd) before the step,
 * outside the moments (decayFactor = 1 - lr * wd * decay multiplier).
 */
import { clipComponent } from './clipping.ts';
import type { OptimizerName } from './contract.ts';
import type { FloatArray } from './floatArray.ts';
import { softThreshold } from './regularizers.ts';

/** Adam's beta1 (decay of the first moment m). */
export const ADAM_BETA1 = 0.9;
/** Adam's beta2 (decay of the second moment v). */
export const ADAM_BETA2 = 0.999;
/** Adam's epsilon in PyTorch form, added to the bias-corrected sqrt(v) (Keras: 1e-7). */
export const ADAM_EPSILON = 1e-8;

/** Everything one parameter's update needs besides its buffers (mutated in place, never reallocated). */
export interface UpdateContext {
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Steps this parameter has taken with this optimizer, including the current one (Adam's t). */
  t: number;
  /** Global-norm clipping factor (1 when off). */
  gradientScale: number;
  /** Clip-by-value bound (Infinity when off). */
  gradientBound: number;
  /** 1 - lr * weightDecay * decay multiplier. */
  decayFactor: number;
  /** Proximal L1 threshold lr * lambda1 * decay multiplier (0 when off). */
  proximalThreshold: number;
}

/**
 * A fresh context with Adam's constants and no clipping, decay or proximal step. The learning rate
 * and momentum are the live settings' (the settings table owns their defaults): the trainer sets
 * them before every update, so they start at 0 here.
 */
export function createUpdateContext(): UpdateContext {
  return {
    learningRate: 0,
    momentum: 0,
    beta1: ADAM_BETA1,
    beta2: ADAM_BETA2,
    epsilon: ADAM_EPSILON,
    t: 1,
    gradientScale: 1,
    gradientBound: Infinity,
    decayFactor: 1,
    proximalThreshold: 0,
  };
}

/** One optimizer. */
export interface OptimizerRule {
  /** State buffers per parameter, same length as the parameter (0 SGD, 1 momentum, 2 Adam). */
  readonly stateBuffers: number;
  /** Updates w in place; returns sum of (w_new - w_old)^2 (non-finite if w became non-finite). */
  update(w: FloatArray, g: FloatArray, state: FloatArray[], n: number, c: UpdateContext): number;
}

/** The proximal L1 step when on: soft(w, t) = sign(w) max(|w| - t, 0); w itself when t = 0. */
function finish(w: number, threshold: number): number {
  return threshold === 0 ? w : softThreshold(w, threshold);
}

/** The optimizer table. "adamw" is Adam whose decoupled decay is `weightDecay` (any optimizer honours it, as in Keras 3). */
export const optimizers: Record<OptimizerName, OptimizerRule> = {
  sgd: {
    stateBuffers: 0,
    update(w, g, _state, n, c) {
      // w <- w * decayFactor - lr g
      const { learningRate: lr, gradientScale: scale, gradientBound: bound, decayFactor, proximalThreshold } = c;
      let deltaSquared = 0;
      for (let i = 0; i < n; i++) {
        const gi = clipComponent(g[i], scale, bound);
        const old = w[i];
        const next = finish(old * decayFactor - lr * gi, proximalThreshold);
        w[i] = next;
        // Read back: float32 storage may round next to Infinity.
        const d = w[i] - old;
        deltaSquared += d * d;
      }
      return deltaSquared;
    },
  },
  momentum: {
    stateBuffers: 1,
    update(w, g, state, n, c) {
      // PyTorch form: b <- mu b + g; w <- w * decayFactor - lr b
      const { learningRate: lr, momentum: mu, gradientScale: scale, gradientBound: bound, decayFactor, proximalThreshold } = c;
      const velocity = state[0];
      let deltaSquared = 0;
      for (let i = 0; i < n; i++) {
        const gi = clipComponent(g[i], scale, bound);
        const b = mu * velocity[i] + gi;
        velocity[i] = b;
        const old = w[i];
        const next = finish(old * decayFactor - lr * b, proximalThreshold);
        w[i] = next;
        // Read back: float32 storage may round next to Infinity.
        const d = w[i] - old;
        deltaSquared += d * d;
      }
      return deltaSquared;
    },
  },
  adam: { stateBuffers: 2, update: adamUpdate },
  adamw: { stateBuffers: 2, update: adamUpdate },
};

/**
 * m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2;
 * w <- w * decayFactor - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps).
 */
function adamUpdate(w: FloatArray, g: FloatArray, state: FloatArray[], n: number, c: UpdateContext): number {
  const { learningRate: lr, beta1, beta2, epsilon, gradientScale: scale, gradientBound: bound, decayFactor, proximalThreshold } = c;
  const m = state[0];
  const v = state[1];
  const stepSize = lr / (1 - Math.pow(beta1, c.t));
  const invCorrection2 = 1 / (1 - Math.pow(beta2, c.t));
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  let deltaSquared = 0;
  for (let i = 0; i < n; i++) {
    const gi = clipComponent(g[i], scale, bound);
    const mi = beta1 * m[i] + oneMinusBeta1 * gi;
    const vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    const old = w[i];
    const next = finish(old * decayFactor - (stepSize * mi) / (Math.sqrt(vi * invCorrection2) + epsilon), proximalThreshold);
    w[i] = next;
    const d = w[i] - old;
    deltaSquared += d * d;
  }
  return deltaSquared;
}
