/**
 * 2D convolution, stride 1, "same" padding (odd kernels: pad = (k - 1) / 2 on every side), with
 * several input and output channels. Layouts follow TensorFlow: activations NHWC (example, row,
 * column, channel), kernel HWIO (kernel[((ky * k + kx) * inChannels + ci) * filters + co]).
 *
 * Computed as im2col + matrix product: every output pixel's receptive field becomes one row of
 * `columns` [P x K] (P = batch * H * W positions, K = k * k * inChannels, column order ky, kx, ci =
 * the HWIO kernel's row order), so
 *   forward   Y [P x filters] = columns W + b     (W viewed as [K x filters]),
 *   backward  dW = columns^T dY,  db = sum over P of dY,
 *             dcolumns = dY W^T, and dx gathers dcolumns back onto the pixels (col2im).
 * Float32 storage with enough work skips im2col altogether: wasmConv.ts runs the same products
 * on the SIMD kernel straight from a zero-bordered copy of the images.
 */
import { allocate, type Dtype, type FloatArray } from './floatArray.ts';
import { ensureCapacity, type Layer, type Param } from './layer.ts';
import { matmulNN, matmulNT, matmulTN } from './matmul.ts';
import { simdConvBackward, simdConvForward } from './wasmConv.ts';
import { simdSuits } from './wasmSimd.ts';

/** A same-padded, stride-1 convolution layer. */
export class Conv2dLayer implements Layer {
  readonly kernel: Param;
  readonly bias: Param;
  readonly params: readonly Param[];
  readonly inputSize: number;
  readonly outputSize: number;
  /** K = kernelSize^2 * inChannels, the length of one receptive field. */
  readonly fieldSize: number;
  output: FloatArray;
  private columns: FloatArray;
  private columnGradient: FloatArray;
  private inputGradient: FloatArray;
  private input: FloatArray;
  /** Whether the last forward pass ran on the SIMD path (then backward does too). */
  private simdPass = false;

  /** Input images of height x width x inChannels; `filters` output channels. */
  constructor(
    readonly name: string,
    readonly height: number,
    readonly width: number,
    readonly inChannels: number,
    readonly filters: number,
    readonly kernelSize: number,
    dtype: Dtype,
  ) {
    if (kernelSize % 2 !== 1) throw new RangeError(`Convolution kernels must have an odd size (got ${kernelSize}).`);
    this.fieldSize = kernelSize * kernelSize * inChannels;
    this.inputSize = height * width * inChannels;
    this.outputSize = height * width * filters;
    const kernelLength = this.fieldSize * filters;
    this.kernel = { name: `${name}/kernel`, layer: name, role: 'kernel', value: allocate(dtype, kernelLength), gradient: allocate(dtype, kernelLength), decay: 1 };
    this.bias = { name: `${name}/bias`, layer: name, role: 'bias', value: allocate(dtype, filters), gradient: allocate(dtype, filters), decay: 0 };
    this.params = [this.kernel, this.bias];
    this.output = allocate(dtype, 0);
    this.columns = allocate(dtype, 0);
    this.columnGradient = allocate(dtype, 0);
    this.inputGradient = allocate(dtype, 0);
    this.input = this.output;
  }

  /** Input values per example = height * width * inChannels. */
  get shape(): number[] {
    return [this.kernelSize, this.kernelSize, this.inChannels, this.filters];
  }

  reserve(batch: number): void {
    const positions = batch * this.height * this.width;
    this.output = ensureCapacity(this.output, positions * this.filters);
    this.inputGradient = ensureCapacity(this.inputGradient, batch * this.inputSize);
    // im2col buffers are allocated on first use: the SIMD path does not need them.
    if (this.columns.length > 0) this.reserveColumns(batch);
  }

  private reserveColumns(batch: number): void {
    const length = batch * this.height * this.width * this.fieldSize;
    this.columns = ensureCapacity(this.columns, length);
    this.columnGradient = ensureCapacity(this.columnGradient, length);
  }

  forward(input: FloatArray, batch: number): FloatArray {
    const positions = batch * this.height * this.width;
    this.input = input;
    this.simdPass = simdSuits(input, positions, this.filters, this.fieldSize);
    if (this.simdPass) {
      simdConvForward(input, batch, this.height, this.width, this.inChannels, this.kernel.value, this.kernelSize, this.filters, this.bias.value, this.output);
      return this.output;
    }
    this.reserveColumns(batch);
    this.im2col(input, batch);
    matmulNN(this.columns, this.kernel.value, this.output, positions, this.filters, this.fieldSize, this.bias.value);
    return this.output;
  }

  backward(outputGradient: FloatArray, batch: number, needInputGradient: boolean): FloatArray | null {
    const positions = batch * this.height * this.width;
    const filters = this.filters;
    if (this.simdPass) {
      simdConvBackward(
        this.input,
        outputGradient,
        batch,
        this.height,
        this.width,
        this.inChannels,
        this.kernel.value,
        this.kernelSize,
        filters,
        this.kernel.gradient,
        this.bias.gradient,
        needInputGradient ? this.inputGradient : null,
      );
      return needInputGradient ? this.inputGradient : null;
    }
    // dW = columns^T dY, and db = sum over positions of dY alongside.
    matmulTN(this.columns, outputGradient, this.kernel.gradient, this.fieldSize, filters, positions, this.bias.gradient);
    if (!needInputGradient) return null;
    matmulNT(outputGradient, this.kernel.value, this.columnGradient, positions, this.fieldSize, filters);
    this.col2im(batch);
    return this.inputGradient;
  }

  /**
   * columns[(b, y, x), (ky, kx, ci)] = input[b, y + ky - pad, x + kx - pad, ci], zero outside.
   * Away from the left and right borders a kernel row is one contiguous run of k * inChannels
   * input values, copied without per-tap checks.
   */
  private im2col(input: FloatArray, batch: number): void {
    const { height, width, inChannels, kernelSize } = this;
    const pad = (kernelSize - 1) >> 1;
    const run = kernelSize * inChannels;
    const columns = this.columns;
    let column = 0;
    for (let b = 0; b < batch; b++) {
      const image = b * height * width * inChannels;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const inside = x >= pad && x + pad < width;
          for (let ky = 0; ky < kernelSize; ky++) {
            const iy = y + ky - pad;
            if (iy < 0 || iy >= height) {
              for (let t = 0; t < run; t++) columns[column++] = 0;
              continue;
            }
            const rowStart = image + iy * width * inChannels;
            if (inside) {
              const source = rowStart + (x - pad) * inChannels;
              for (let t = 0; t < run; t++) columns[column++] = input[source + t];
              continue;
            }
            for (let kx = 0; kx < kernelSize; kx++) {
              const ix = x + kx - pad;
              if (ix >= 0 && ix < width) {
                const source = rowStart + ix * inChannels;
                for (let ci = 0; ci < inChannels; ci++) columns[column++] = input[source + ci];
              } else {
                for (let ci = 0; ci < inChannels; ci++) columns[column++] = 0;
              }
            }
          }
        }
      }
    }
  }

  /**
   * dx[b, iy, ix, ci] = sum over (ky, kx) of dcolumns[(b, iy - ky + pad, ix - kx + pad), (ky, kx, ci)]
   * for output positions inside the image: a gather (accumulated in a local), not a scatter.
   * Interior pixels receive all k * k taps, so they skip the bounds checks.
   */
  private col2im(batch: number): void {
    const { height, width, inChannels, kernelSize, fieldSize } = this;
    const pad = (kernelSize - 1) >> 1;
    const dcolumns = this.columnGradient;
    const dx = this.inputGradient;
    // Moving one tap right (kx + 1) moves the source one position left: -fieldSize + inChannels.
    const tapStep = inChannels - fieldSize;
    let target = 0;
    for (let b = 0; b < batch; b++) {
      const firstRow = b * height * width;
      for (let iy = 0; iy < height; iy++) {
        const rowInterior = iy >= pad && iy + pad < height;
        for (let ix = 0; ix < width; ix++) {
          const interior = rowInterior && ix >= pad && ix + pad < width;
          for (let ci = 0; ci < inChannels; ci++, target++) {
            let sum = 0;
            if (interior) {
              for (let ky = 0; ky < kernelSize; ky++) {
                let index = (firstRow + (iy - ky + pad) * width + ix + pad) * fieldSize + ky * kernelSize * inChannels + ci;
                for (let kx = 0; kx < kernelSize; kx++, index += tapStep) sum += dcolumns[index];
              }
            } else {
              for (let ky = 0; ky < kernelSize; ky++) {
                const y = iy - ky + pad;
                if (y < 0 || y >= height) continue;
                for (let kx = 0; kx < kernelSize; kx++) {
                  const x = ix - kx + pad;
                  if (x < 0 || x >= width) continue;
                  sum += dcolumns[(firstRow + y * width + x) * fieldSize + (ky * kernelSize + kx) * inChannels + ci];
                }
              }
            }
            dx[target] = sum;
          }
        }
      }
    }
  }
}
