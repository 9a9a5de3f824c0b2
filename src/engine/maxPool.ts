/**
 * 2x2 max-pooling, stride 2, "valid" padding (Keras MaxPooling2D defaults): an H x W x C image
 * becomes floor(H/2) x floor(W/2) x C. The backward pass routes each output gradient to the input
 * that won its window (the first maximum in reading order on ties).
 */
import { allocate, type Dtype, type FloatArray } from './floatArray.ts';
import { ensureCapacity, type Layer, type Param } from './layer.ts';

/** A 2x2, stride-2 max-pool over NHWC images. */
export class MaxPoolLayer implements Layer {
  readonly params: readonly Param[] = [];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly outHeight: number;
  readonly outWidth: number;
  output: FloatArray;
  /** For each output value, the index (within the batch buffer) of the input that was the max. */
  private argmax: Int32Array;
  private inputGradient: FloatArray;

  /** Input images of height x width x channels. */
  constructor(
    readonly name: string,
    readonly height: number,
    readonly width: number,
    readonly channels: number,
    dtype: Dtype,
  ) {
    this.outHeight = height >> 1;
    this.outWidth = width >> 1;
    this.inputSize = height * width * channels;
    this.outputSize = this.outHeight * this.outWidth * channels;
    this.output = allocate(dtype, 0);
    this.inputGradient = allocate(dtype, 0);
    this.argmax = new Int32Array(0);
  }

  reserve(batch: number): void {
    this.output = ensureCapacity(this.output, batch * this.outputSize);
    this.inputGradient = ensureCapacity(this.inputGradient, batch * this.inputSize);
    if (this.argmax.length < batch * this.outputSize) this.argmax = new Int32Array(batch * this.outputSize);
  }

  forward(input: FloatArray, batch: number): FloatArray {
    const { width, channels, outHeight, outWidth } = this;
    const rowStride = width * channels;
    const y = this.output;
    const argmax = this.argmax;
    let target = 0;
    for (let b = 0; b < batch; b++) {
      const image = b * this.inputSize;
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          const topLeft = image + (2 * oy) * rowStride + (2 * ox) * channels;
          for (let c = 0; c < channels; c++, target++) {
            const i0 = topLeft + c;
            const v0 = input[i0];
            const v1 = input[i0 + channels];
            const v2 = input[i0 + rowStride];
            const v3 = input[i0 + rowStride + channels];
            // Branch-free selects (s = 0 or 1): a comparison branch mispredicts half the time on
            // pre-activation values. s * a + (1 - s) * b is exactly a or b for finite values, and
            // NaN or Infinity anywhere in the window makes the result non-finite (0 * NaN = NaN),
            // so divergence is never hidden. Strict > keeps the first maximum in reading order.
            const s01 = +(v1 > v0);
            const max01 = s01 * v1 + (1 - s01) * v0;
            const s23 = +(v3 > v2);
            const max23 = s23 * v3 + (1 - s23) * v2;
            const s = +(max23 > max01);
            y[target] = s * max23 + (1 - s) * max01;
            const offset01 = s01 * channels;
            const offset23 = rowStride + s23 * channels;
            const bestIndex = i0 + offset01 + s * (offset23 - offset01);
            argmax[target] = bestIndex;
          }
        }
      }
    }
    return y;
  }

  backward(outputGradient: FloatArray, batch: number, needInputGradient: boolean): FloatArray | null {
    if (!needInputGradient) return null;
    const dx = this.inputGradient;
    dx.fill(0, 0, batch * this.inputSize);
    const argmax = this.argmax;
    const n = batch * this.outputSize;
    // Windows do not overlap, so each input receives at most one gradient.
    for (let o = 0; o < n; o++) dx[argmax[o]] = outputGradient[o];
    return dx;
  }
}
