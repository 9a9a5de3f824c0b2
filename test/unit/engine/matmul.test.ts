/**
 * The matrix products: JavaScript kernels against a naive triple loop (float64, exact up to
 * summation order: 1e-12), and the WebAssembly SIMD kernel (float32 accumulation) against the
 * float64 result (tolerance 1e-5 * sqrt(k) for entries of size ~sqrt(k)).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { matmulNN, matmulNT, matmulTN } from '../../../src/engine/matmul.ts';
import { createStream } from '../../../src/engine/rng.ts';
import { buildSimdModuleBytes, setSimdEnabled, simdEnabled, simdSuits } from '../../../src/engine/wasmSimd.ts';
import { randomArray } from './helpers.ts';

/** Naive C = op(A) op(B) (+ bias) with A[i,p] and B[p,j] read through accessors. */
function naive(m: number, n: number, k: number, a: (i: number, p: number) => number, b: (p: number, j: number) => number, bias?: ArrayLike<number>): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) sum += a(i, p) * b(p, j);
      c[i * n + j] = sum;
    }
  }
  return c;
}

function maxError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [4, 8, 7],
  [9, 11, 13],
  [33, 10, 64],
  [64, 24, 100],
];

afterEach(() => setSimdEnabled(null));

describe('matrix products', () => {
  for (const simd of [false, true]) {
    for (const [m, n, k] of SIZES) {
      it(`${simd ? 'SIMD float32' : 'JavaScript float64'} NN, NT, TN at ${m}x${n}x${k}`, () => {
        setSimdEnabled(simd);
        const rng = createStream(m * 1000 + n * 10 + k, 'matmul');
        const Storage = simd ? Float32Array : Float64Array;
        const a = Storage.from(randomArray(rng, m * k));
        const b = Storage.from(randomArray(rng, k * n));
        const bias = Storage.from(randomArray(rng, n));
        const at = Storage.from(randomArray(rng, k * m));
        const bt = Storage.from(randomArray(rng, n * k));
        const c = new Storage(m * n);
        const tolerance = simd ? 1e-5 * Math.sqrt(k) : 1e-12;
        matmulNN(a, b, c, m, n, k, bias);
        expect(maxError(c, naive(m, n, k, (i, p) => a[i * k + p], (p, j) => b[p * n + j], bias))).toBeLessThan(tolerance);
        matmulNT(a, bt, c, m, n, k);
        expect(maxError(c, naive(m, n, k, (i, p) => a[i * k + p], (p, j) => bt[j * k + p]))).toBeLessThan(tolerance);
        const sums = new Storage(n);
        matmulTN(at, b, c, m, n, k, sums);
        expect(maxError(c, naive(m, n, k, (i, p) => at[p * m + i], (p, j) => b[p * n + j]))).toBeLessThan(tolerance);
        // The bias-gradient companion: column sums of B.
        expect(maxError(sums, naive(1, n, k, () => 1, (p, j) => b[p * n + j]))).toBeLessThan(tolerance);
      });
    }
  }

  it('the SIMD module validates and runs here; only float32 products with enough work use it', () => {
    setSimdEnabled(null);
    expect(WebAssembly.validate(buildSimdModuleBytes())).toBe(true);
    expect(simdEnabled()).toBe(true);
    expect(simdSuits(new Float32Array(1), 64, 64, 64)).toBe(true);
    expect(simdSuits(new Float64Array(1), 64, 64, 64)).toBe(false);
    expect(simdSuits(new Float32Array(1), 4, 4, 4)).toBe(false);
  });
});
