/**
 * Same-padded, stride-1 convolution on the WebAssembly SIMD kernel without im2col ("implicit
 * GEMM"). The input is copied once into a zero-bordered image of Hp x Wp = (H + 2 pad) x (W + 2 pad)
 * pixels. Number the positions of that padded grid p = (b * Hp + y) * Wp + x: the receptive field
 * row ky of output (y, x) is then the k * inChannels contiguous values starting at
 * padded + (p + ky * Wp) * inChannels, so for each kernel row ky
 *   Y[p, :] += padded[(p + ky Wp) Cin .. + k Cin] . W[ky, :, :, :]    (a GEMM with row stride Cin),
 * computed for every grid position (the ~15-30% of positions in the border are discarded).
 * Backward: dW[ky] = (that same strided matrix)^T dY (dY placed on the grid, zero in the border),
 * and dx is the same convolution applied to dY with the kernel flipped in space and transposed
 * in channels (exact for odd k with same padding).
 * Symbols: k = kernelSize, Cin = inChannels, F = filters, F8 = F rounded up to 8.
 */
import type { FloatArray } from './floatArray.ts';
import { sumRows } from './matmul.ts';
import { copyRows, gemm, heapFor, roundUp } from './wasmSimd.ts';

/** Float offsets of consecutive 16-byte-aligned regions of the given sizes; grows the heap. */
function regions(sizes: number[]): number[] {
  const offsets: number[] = [];
  let end = 0;
  for (const size of sizes) {
    offsets.push(end);
    end = roundUp(end + size, 4);
  }
  heapFor(end);
  return offsets;
}

/** Geometry of one convolution call. */
interface Grid {
  batch: number;
  height: number;
  width: number;
  pad: number;
  paddedHeight: number;
  paddedWidth: number;
  /** Grid positions rounded up to 4 (the kernel's row tile). */
  positions4: number;
  /** Floats of a zero-bordered image batch with `channels` channels, plus the tail the last taps read. */
  paddedFloats: (channels: number) => number;
}

function grid(batch: number, height: number, width: number, kernelSize: number): Grid {
  const pad = (kernelSize - 1) >> 1;
  const paddedHeight = height + 2 * pad;
  const paddedWidth = width + 2 * pad;
  const positions4 = roundUp(batch * paddedHeight * paddedWidth, 4);
  return {
    batch,
    height,
    width,
    pad,
    paddedHeight,
    paddedWidth,
    positions4,
    // Row tiles read up to position positions4 - 1 plus (k - 1) rows and k columns of taps (+4 for m4 padding).
    paddedFloats: (channels) => (positions4 + kernelSize * paddedWidth + kernelSize) * channels + 4,
  };
}

/** Writes `source` [batch, H, W, channels] into the heap at `offset` as a zero-bordered padded image batch. */
function placePadded(heap: Float32Array, offset: number, g: Grid, source: FloatArray, channels: number): void {
  heap.fill(0, offset, offset + g.paddedFloats(channels));
  const rowLength = g.width * channels;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < g.height; y++) {
      const from = ((b * g.height + y) * g.width) * channels;
      const to = offset + ((b * g.paddedHeight + y + g.pad) * g.paddedWidth + g.pad) * channels;
      for (let i = 0; i < rowLength; i++) heap[to + i] = source[from + i];
    }
  }
}

/** Copies the valid positions of a grid result (row stride `stride`) into target [batch, H, W, channels]. */
function takeValid(heap: Float32Array, offset: number, stride: number, g: Grid, target: FloatArray, channels: number): void {
  let to = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < g.height; y++) {
      let from = offset + ((b * g.paddedHeight + y) * g.paddedWidth) * stride;
      for (let x = 0; x < g.width; x++, from += stride) {
        for (let c = 0; c < channels; c++) target[to++] = heap[from + c];
      }
    }
  }
}

/** Y = conv(x, W) (+ b when biasOffset >= 0) for every grid position, into the grid result at outputOffset (row stride n8). */
function convolveOnGrid(
  inputOffset: number,
  inChannels: number,
  kernelOffset: number,
  n8: number,
  outputOffset: number,
  biasOffset: number,
  g: Grid,
  kernelSize: number,
): void {
  const run = kernelSize * inChannels;
  for (let ky = 0; ky < kernelSize; ky++) {
    gemm(
      (inputOffset + ky * g.paddedWidth * inChannels) * 4,
      inChannels * 4,
      4,
      (kernelOffset + ky * run * n8) * 4,
      outputOffset * 4,
      g.positions4,
      n8,
      run,
      ky === 0 && biasOffset >= 0 ? biasOffset * 4 : 0,
      ky > 0,
    );
  }
}

/** output [batch, H, W, F] = conv(input [batch, H, W, Cin], kernel HWIO) + bias. */
export function simdConvForward(
  input: FloatArray,
  batch: number,
  height: number,
  width: number,
  inChannels: number,
  kernel: FloatArray,
  kernelSize: number,
  filters: number,
  bias: FloatArray,
  output: FloatArray,
): void {
  const g = grid(batch, height, width, kernelSize);
  const n8 = roundUp(filters, 8);
  const fieldRows = kernelSize * kernelSize * inChannels;
  const [inputOffset, kernelOffset, outputOffset, biasOffset] = regions([g.paddedFloats(inChannels), fieldRows * n8, g.positions4 * n8, n8]);
  const heap = heapFor(0);
  placePadded(heap, inputOffset, g, input, inChannels);
  copyRows(heap, kernelOffset, n8, kernel, fieldRows, filters, filters);
  copyRows(heap, biasOffset, n8, bias, 1, filters, filters);
  convolveOnGrid(inputOffset, inChannels, kernelOffset, n8, outputOffset, biasOffset, g, kernelSize);
  takeValid(heap, outputOffset, n8, g, output, filters);
}

/**
 * Gradients of the convolution: dKernel (HWIO), dBias, and dInput when non-null, from the
 * forward input and dOutput [batch, H, W, F].
 */
export function simdConvBackward(
  input: FloatArray,
  outputGradient: FloatArray,
  batch: number,
  height: number,
  width: number,
  inChannels: number,
  kernel: FloatArray,
  kernelSize: number,
  filters: number,
  kernelGradient: FloatArray,
  biasGradient: FloatArray,
  inputGradient: FloatArray | null,
): void {
  const g = grid(batch, height, width, kernelSize);
  const n8 = roundUp(filters, 8);
  const run = kernelSize * inChannels;
  const run4 = roundUp(run, 4);
  const cin8 = roundUp(inChannels, 8);
  const fieldRows = kernelSize * kernelSize * filters;
  const [inputOffset, gridGradientOffset, kernelGradientOffset, paddedGradientOffset, flippedOffset, inputGradientOffset] = regions([
    g.paddedFloats(inChannels),
    g.positions4 * n8,
    kernelSize * run4 * n8,
    inputGradient === null ? 0 : g.paddedFloats(filters),
    inputGradient === null ? 0 : fieldRows * cin8,
    inputGradient === null ? 0 : g.positions4 * cin8,
  ]);
  const heap = heapFor(0);
  placePadded(heap, inputOffset, g, input, inChannels);
  // dY on the grid (positions4 x n8), zero at border positions so they add nothing to dW.
  heap.fill(0, gridGradientOffset, gridGradientOffset + g.positions4 * n8);
  let from = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < height; y++) {
      let to = gridGradientOffset + ((b * g.paddedHeight + y) * g.paddedWidth) * n8;
      for (let x = 0; x < width; x++, to += n8) {
        for (let f = 0; f < filters; f++) heap[to + f] = outputGradient[from++];
      }
    }
  }
  // dW[ky] = A_ky^T dY, A_ky[p][i] = padded[(p + ky Wp) Cin + i]: row stride 4 bytes (i), column
  // stride Cin * 4 bytes (p). Row `run` of A^T reads the next taps: discarded, like rows beyond.
  for (let ky = 0; ky < kernelSize; ky++) {
    gemm(
      (inputOffset + ky * g.paddedWidth * inChannels) * 4,
      4,
      inChannels * 4,
      gridGradientOffset * 4,
      (kernelGradientOffset + ky * run4 * n8) * 4,
      run4,
      n8,
      g.positions4,
      0,
      false,
    );
    for (let i = 0; i < run; i++) {
      const source = kernelGradientOffset + (ky * run4 + i) * n8;
      const target = (ky * run + i) * filters;
      for (let f = 0; f < filters; f++) kernelGradient[target + f] = heap[source + f];
    }
  }
  // db = sum over the batch's positions of dY.
  sumRows(outputGradient, biasGradient, batch * height * width, filters);
  if (inputGradient === null) return;
  // dx = conv(dY, W') with W'[ky][kx][f][ci] = W[k-1-ky][k-1-kx][ci][f].
  placePadded(heap, paddedGradientOffset, g, outputGradient, filters);
  heap.fill(0, flippedOffset, flippedOffset + fieldRows * cin8);
  const k = kernelSize;
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      for (let f = 0; f < filters; f++) {
        const row = flippedOffset + ((ky * k + kx) * filters + f) * cin8;
        const source = ((k - 1 - ky) * k + (k - 1 - kx)) * inChannels * filters + f;
        for (let ci = 0; ci < inChannels; ci++) heap[row + ci] = kernel[source + ci * filters];
      }
    }
  }
  convolveOnGrid(paddedGradientOffset, filters, flippedOffset, cin8, inputGradientOffset, -1, g, kernelSize);
  takeValid(heap, inputGradientOffset, cin8, g, inputGradient, inChannels);
}
