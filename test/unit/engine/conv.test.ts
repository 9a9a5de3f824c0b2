/**
 * The SIMD convolution (implicit GEMM on a zero-bordered grid, wasmConv.ts) against the float64
 * im2col path (itself checked by finite differences and TF.js). Tolerance: float32 accumulation,
 * 1e-5 * sqrt(terms summed) with values of size ~1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Conv2dLayer } from '../../../src/engine/conv2d.ts';
import { createStream } from '../../../src/engine/rng.ts';
import { setSimdEnabled } from '../../../src/engine/wasmSimd.ts';
import { randomArray } from './helpers.ts';

afterEach(() => setSimdEnabled(null));

function run(dtype: 'float32' | 'float64', shape: number[]) {
  const [height, width, inChannels, filters, kernelSize, batch] = shape;
  const layer = new Conv2dLayer('conv', height, width, inChannels, filters, kernelSize, dtype);
  const rng = createStream(shape.reduce((a, b) => a * 31 + b, 7), 'conv');
  layer.kernel.value.set(randomArray(rng, layer.kernel.value.length));
  layer.bias.value.set(randomArray(rng, filters));
  layer.reserve(batch);
  const input = randomArray(rng, batch * layer.inputSize);
  const outputGradient = randomArray(rng, batch * layer.outputSize);
  const Storage = dtype === 'float32' ? Float32Array : Float64Array;
  const y = Array.from(layer.forward(Storage.from(input), batch).subarray(0, batch * layer.outputSize));
  const dx = Array.from(layer.backward(Storage.from(outputGradient), batch, true)!.subarray(0, batch * layer.inputSize));
  return { y, dx, dw: Array.from(layer.kernel.gradient), db: Array.from(layer.bias.gradient) };
}

const maxError = (a: number[], b: number[]) => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);

describe('SIMD convolution', () => {
  // [height, width, inChannels, filters, kernelSize, batch]
  const shapes = [
    [5, 6, 2, 3, 3, 2],
    [28, 28, 1, 8, 3, 2],
    [14, 14, 8, 16, 3, 2],
    [7, 9, 3, 5, 5, 2],
    [3, 2, 1, 1, 5, 1],
  ];
  for (const shape of shapes) {
    it(`matches the float64 im2col path at ${shape.join('x')}`, () => {
      const reference = run('float64', shape);
      setSimdEnabled(true);
      const simd = run('float32', shape);
      const [height, width, inChannels, filters, kernelSize, batch] = shape;
      const tolerance = (terms: number) => 1e-5 * Math.sqrt(terms) + 1e-6;
      expect(maxError(simd.y, reference.y)).toBeLessThan(tolerance(kernelSize * kernelSize * inChannels));
      expect(maxError(simd.dx, reference.dx)).toBeLessThan(tolerance(kernelSize * kernelSize * filters));
      expect(maxError(simd.dw, reference.dw)).toBeLessThan(tolerance(batch * height * width) * 10);
      expect(maxError(simd.db, reference.db)).toBeLessThan(tolerance(batch * height * width) * 10);
    });
  }
});
