/**
 * Activation functions as a table: name -> elementwise forward and backward rules. Every derivative
 * is written in terms of the output y (not the input x), so the backward pass needs only the
 * layer's output buffer. ReLU's derivative at 0 is taken as 0 (as TensorFlow and PyTorch do).
 */
import type { ActivationName } from './contract.ts';
import type { FloatArray } from './floatArray.ts';

/** Negative slope of leaky ReLU (PyTorch's default; Keras's LeakyReLU layer defaults to 0.3). */
export const LEAKY_RELU_SLOPE = 0.01;

/** Forward and backward of one activation, over the first n values. */
export interface ActivationRule {
  /** True for "linear": the layer passes buffers through untouched. */
  readonly identity: boolean;
  /** True when units can die (output exactly 0 for every input): only ReLU. */
  readonly canDie: boolean;
  /** y = f(x). */
  forward(x: FloatArray, y: FloatArray, n: number): void;
  /** dx = dy * f'(x), written with y = f(x). */
  backward(y: FloatArray, dy: FloatArray, dx: FloatArray, n: number): void;
}

const slope = LEAKY_RELU_SLOPE;
// Branch-free leaky ReLU: f(v) = a*v + b*|v| with a = (1+slope)/2, b = (1-slope)/2.
const leakyA = (1 + slope) / 2;
const leakyB = (1 - slope) / 2;

/** The activation table. */
export const activations: Record<ActivationName, ActivationRule> = {
  relu: {
    identity: false,
    canDie: true,
    forward(x, y, n) {
      // (v + |v|) / 2 = max(v, 0) without a data-dependent branch.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = (v + Math.abs(v)) * 0.5;
      }
    },
    backward(y, dy, dx, n) {
      // +(y > 0) is 0 or 1 without a data-dependent branch (faster than a ternary on random signs).
      for (let i = 0; i < n; i++) dx[i] = dy[i] * +(y[i] > 0);
    },
  },
  leakyRelu: {
    identity: false,
    canDie: false,
    forward(x, y, n) {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = leakyA * v + leakyB * Math.abs(v);
      }
    },
    backward(y, dy, dx, n) {
      // slope > 0, so y has the sign of x.
      for (let i = 0; i < n; i++) dx[i] = dy[i] * (slope + (1 - slope) * +(y[i] > 0));
    },
  },
  tanh: {
    identity: false,
    canDie: false,
    forward(x, y, n) {
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
    },
    backward(y, dy, dx, n) {
      // tanh' = 1 - y^2
      for (let i = 0; i < n; i++) {
        const v = y[i];
        dx[i] = dy[i] * (1 - v * v);
      }
    },
  },
  sigmoid: {
    identity: false,
    canDie: false,
    forward(x, y, n) {
      // exp(-x) overflows to Infinity for x < -709, giving exactly 0: no NaN.
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
    },
    backward(y, dy, dx, n) {
      // sigmoid' = y (1 - y)
      for (let i = 0; i < n; i++) {
        const v = y[i];
        dx[i] = dy[i] * v * (1 - v);
      }
    },
  },
  linear: {
    identity: true,
    canDie: false,
    forward(x, y, n) {
      for (let i = 0; i < n; i++) y[i] = x[i];
    },
    backward(_y, dy, dx, n) {
      for (let i = 0; i < n; i++) dx[i] = dy[i];
    },
  },
};

/** True for the activations He initialization is meant for. */
export function isReluFamily(name: ActivationName): boolean {
  return name === 'relu' || name === 'leakyRelu';
}
