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
            const i1 = i0 + channels;
            const i2 = i0 + rowStride;
            const i3 = i2 + channels;
            const v0 = input[i0];
            const v1 = input[i1];
            const v2 = input[i2];
            const v3 = input[i3];
            let best = v0;
            let bestIndex = i0;
            if (v1 > best) { best = v1; bestIndex = i1; }
            if (v2 > best) { best = v2; bestIndex = i2; }
            if (v3 > best) { best = v3; bestIndex = i3; }
            // Comparisons skip NaN; adding 0 * (sum of the window) carries a NaN or Inf through
            // so divergence is never hidden.
            y[target] = best + 0 * (v0 + v1 + v2 + v3);
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
