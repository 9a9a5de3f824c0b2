/** Shared test helpers: seeded random arrays, finite differences, layer gradient checks; re-exports the fixtures. */
import { expect } from 'vitest';
import type { Layer } from '../../../src/engine/layer.ts';
import { createStream, type Rng } from '../../../src/engine/rng.ts';
export { mlp, settingsWith, spiral, spiralData } from './fixtures.ts';

/** A Float64Array of n values drawn from N(0, scale^2) with values closer than `avoid` to 0 pushed out (kinks). */
export function randomArray(rng: Rng, n: number, scale = 1, avoid = 0): Float64Array {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = scale * rng.normal();
    if (Math.abs(v) < avoid) v = v < 0 ? v - avoid : v + avoid;
    values[i] = v;
  }
  return values;
}

/** Central finite difference of f with respect to values[i]. Step h = 1e-6 (float64). */
export function numericGradient(values: Float64Array | Float32Array, f: () => number, h = 1e-6): Float64Array {
  const gradient = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const saved = values[i];
    values[i] = saved + h;
    const plus = f();
    values[i] = saved - h;
    const minus = f();
    values[i] = saved;
    gradient[i] = (plus - minus) / (2 * h);
  }
  return gradient;
}

/**
 * Asserts |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|) element-wise.
 * Defaults (float64, h = 1e-6): rtol 1e-5, atol 1e-7: central differences have O(h^2) truncation
 * and O(eps/h) ~ 1e-10 rounding error, so a wrong rule (typically off by O(1)) cannot pass.
 */
export function expectClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>, what: string, rtol = 1e-5, atol = 1e-7): void {
  expect(analytic.length, `${what}: length`).toBe(numeric.length);
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < analytic.length; i++) {
    const error = Math.abs(analytic[i] - numeric[i]) - rtol * Math.max(Math.abs(analytic[i]), Math.abs(numeric[i]));
    if (error > worst) {
      worst = error;
      worstIndex = i;
    }
  }
  expect(worst, `${what}: worst at ${worstIndex}: analytic ${analytic[worstIndex]} vs numeric ${numeric[worstIndex]}`).toBeLessThanOrEqual(atol);
}

/**
 * Checks a layer's backward pass against finite differences of L = sum(y * r) with a fixed random
 * r, for the input and every parameter.
 */
export function checkLayer(layer: Layer, batch: number, seed: number, options: { training?: boolean; inputScale?: number; avoid?: number; rtol?: number; atol?: number } = {}): void {
  const rng = createStream(seed, 'test');
  const training = options.training ?? true;
  layer.reserve(batch);
  const input = randomArray(rng, batch * layer.inputSize, options.inputScale ?? 1, options.avoid ?? 0);
  const weights = randomArray(rng, batch * layer.outputSize);
  for (const param of layer.params) param.value.set(randomArray(rng, param.value.length, 0.5, 0.05).map((v) => (param.role === 'gamma' ? 1 + v : v)));
  const objective = (): number => {
    const y = layer.forward(input, batch, training);
    let sum = 0;
    for (let i = 0; i < batch * layer.outputSize; i++) sum += y[i] * weights[i];
    return sum;
  };
  objective();
  const inputGradient = Float64Array.from(layer.backward(weights, batch, true)!.subarray(0, input.length));
  const paramGradients = layer.params.map((param) => Float64Array.from(param.gradient));
  expectClose(inputGradient, numericGradient(input, objective), `${layer.name} input`, options.rtol, options.atol);
  layer.params.forEach((param, index) => {
    expectClose(paramGradients[index], numericGradient(param.value as Float64Array, objective), param.name, options.rtol, options.atol);
  });
}

