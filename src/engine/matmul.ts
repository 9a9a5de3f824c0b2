/**
 * Matrix products for the engine, all row-major. Each kernel is register-blocked: it computes a
 * 4-row x 2-column tile of C in eight local accumulators, so the inner loop does 8 multiply-adds
 * per 6 loads and never writes to a typed array (see docs/toolchain.md: accumulating in locals is
 * 4-8x faster in V8 than `C[i*n+j] += ...`). Three layouts cover a dense layer without transposes:
 *   forward  Y  = X W        (matmulNN),
 *   backward dX = dY W^T     (matmulNT),
 *   backward dW = X^T dY     (matmulTN).
 * Float32 products with enough work are handed to the WebAssembly SIMD kernel (wasmSimd.ts);
 * everything else, and all float64 storage, runs the JavaScript loops below.
 */
import type { FloatArray } from './floatArray.ts';
import { simdMatmulNN, simdMatmulNT, simdMatmulTN, simdSuits } from './wasmSimd.ts';

/**
 * C[m x n] = A[m x k] B[k x n] (+ bias[n] on every row when given).
 * Symbols: i indexes rows of A and C, j columns of B and C, p the shared dimension.
 */
export function matmulNN(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  n: number,
  k: number,
  bias: FloatArray | null = null,
): void {
  if (simdSuits(a, m, n, k)) {
    simdMatmulNN(a, b, c, m, n, k, bias);
    return;
  }
  const m4 = m - (m % 4);
  const n2 = n - (n % 2);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n2; j += 2) {
      const bias0 = bias === null ? 0 : bias[j];
      const bias1 = bias === null ? 0 : bias[j + 1];
      let c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1;
      let c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
      let bp = j;
      for (let p = 0; p < k; p++, bp += n) {
        const b0 = b[bp];
        const b1 = b[bp + 1];
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const x2 = a[a2 + p];
        const x3 = a[a3 + p];
        c00 += x0 * b0; c01 += x0 * b1;
        c10 += x1 * b0; c11 += x1 * b1;
        c20 += x2 * b0; c21 += x2 * b1;
        c30 += x3 * b0; c31 += x3 * b1;
      }
      const c0 = i * n + j;
      c[c0] = c00; c[c0 + 1] = c01;
      c[c0 + n] = c10; c[c0 + n + 1] = c11;
      c[c0 + 2 * n] = c20; c[c0 + 2 * n + 1] = c21;
      c[c0 + 3 * n] = c30; c[c0 + 3 * n + 1] = c31;
    }
    if (n2 < n) {
      const j = n2;
      const bias0 = bias === null ? 0 : bias[j];
      let c0 = bias0, c1 = bias0, c2 = bias0, c3 = bias0;
      let bp = j;
      for (let p = 0; p < k; p++, bp += n) {
        const b0 = b[bp];
        c0 += a[a0 + p] * b0;
        c1 += a[a1 + p] * b0;
        c2 += a[a2 + p] * b0;
        c3 += a[a3 + p] * b0;
      }
      const o = i * n + j;
      c[o] = c0; c[o + n] = c1; c[o + 2 * n] = c2; c[o + 3 * n] = c3;
    }
  }
  for (let i = m4; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n; j++) {
      let sum = bias === null ? 0 : bias[j];
      let bp = j;
      for (let p = 0; p < k; p++, bp += n) sum += a[a0 + p] * b[bp];
      c[i * n + j] = sum;
    }
  }
}

/** C[m x n] = A[m x k] B[n x k]^T: dot products of rows of A with rows of B. */
export function matmulNT(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number): void {
  if (simdSuits(a, m, n, k)) {
    simdMatmulNT(a, b, c, m, n, k);
    return;
  }
  const m4 = m - (m % 4);
  const n2 = n - (n % 2);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n2; j += 2) {
      const b0row = j * k;
      const b1row = b0row + k;
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      for (let p = 0; p < k; p++) {
        const b0 = b[b0row + p];
        const b1 = b[b1row + p];
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const x2 = a[a2 + p];
        const x3 = a[a3 + p];
        c00 += x0 * b0; c01 += x0 * b1;
        c10 += x1 * b0; c11 += x1 * b1;
        c20 += x2 * b0; c21 += x2 * b1;
        c30 += x3 * b0; c31 += x3 * b1;
      }
      const c0 = i * n + j;
      c[c0] = c00; c[c0 + 1] = c01;
      c[c0 + n] = c10; c[c0 + n + 1] = c11;
      c[c0 + 2 * n] = c20; c[c0 + 2 * n + 1] = c21;
      c[c0 + 3 * n] = c30; c[c0 + 3 * n + 1] = c31;
    }
    if (n2 < n) {
      const b0row = n2 * k;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let p = 0; p < k; p++) {
        const b0 = b[b0row + p];
        c0 += a[a0 + p] * b0;
        c1 += a[a1 + p] * b0;
        c2 += a[a2 + p] * b0;
        c3 += a[a3 + p] * b0;
      }
      const o = i * n + n2;
      c[o] = c0; c[o + n] = c1; c[o + 2 * n] = c2; c[o + 3 * n] = c3;
    }
  }
  for (let i = m4; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n; j++) {
      const b0row = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[a0 + p] * b[b0row + p];
      c[i * n + j] = sum;
    }
  }
}

/**
 * C[m x n] = A[k x m]^T B[k x n]: sums over the rows p of outer products A[p,:]^T B[p,:].
 * With `columnSums`, also writes sum over p of B[p, :] (a bias gradient) at little extra cost.
 */
export function matmulTN(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number, columnSums: FloatArray | null = null): void {
  if (simdSuits(a, m, n, k)) {
    simdMatmulTN(a, b, c, m, n, k, columnSums);
    return;
  }
  if (columnSums !== null) sumRows(b, columnSums, k, n);
  const m4 = m - (m % 4);
  const n2 = n - (n % 2);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n2; j += 2) {
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      let ap = i;
      let bp = j;
      for (let p = 0; p < k; p++, ap += m, bp += n) {
        const b0 = b[bp];
        const b1 = b[bp + 1];
        const x0 = a[ap];
        const x1 = a[ap + 1];
        const x2 = a[ap + 2];
        const x3 = a[ap + 3];
        c00 += x0 * b0; c01 += x0 * b1;
        c10 += x1 * b0; c11 += x1 * b1;
        c20 += x2 * b0; c21 += x2 * b1;
        c30 += x3 * b0; c31 += x3 * b1;
      }
      const c0 = i * n + j;
      c[c0] = c00; c[c0 + 1] = c01;
      c[c0 + n] = c10; c[c0 + n + 1] = c11;
      c[c0 + 2 * n] = c20; c[c0 + 2 * n + 1] = c21;
      c[c0 + 3 * n] = c30; c[c0 + 3 * n + 1] = c31;
    }
    if (n2 < n) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let ap = i;
      let bp = n2;
      for (let p = 0; p < k; p++, ap += m, bp += n) {
        const b0 = b[bp];
        c0 += a[ap] * b0;
        c1 += a[ap + 1] * b0;
        c2 += a[ap + 2] * b0;
        c3 += a[ap + 3] * b0;
      }
      const o = i * n + n2;
      c[o] = c0; c[o + n] = c1; c[o + 2 * n] = c2; c[o + 3 * n] = c3;
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let ap = i;
      let bp = j;
      for (let p = 0; p < k; p++, ap += m, bp += n) sum += a[ap] * b[bp];
      c[i * n + j] = sum;
    }
  }
}

/** sums[j] = sum over p of B[p, j] for B [k x n], four columns at a time in locals. */
export function sumRows(b: FloatArray, sums: FloatArray, k: number, n: number): void {
  const total = k * n;
  for (let j = 0; j < n; j += 4) {
    const lanes = Math.min(4, n - j);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    if (lanes === 4) {
      for (let index = j; index < total; index += n) {
        s0 += b[index];
        s1 += b[index + 1];
        s2 += b[index + 2];
        s3 += b[index + 3];
      }
    } else {
      for (let index = j; index < total; index += n) {
        s0 += b[index];
        if (lanes > 1) s1 += b[index + 1];
        if (lanes > 2) s2 += b[index + 2];
      }
    }
    sums[j] = s0;
    if (lanes > 1) sums[j + 1] = s1;
    if (lanes > 2) sums[j + 2] = s2;
    if (lanes > 3) sums[j + 3] = s3;
  }
}
