/**
 * Fully connected layer: y = x W + b.
 * Symbols: x [batch x inputs] = input, W [inputs x outputs] = kernel (kernel[i * outputs + o]),
 * b [outputs] = bias, y [batch x outputs] = output.
 */
import { allocate, type Dtype, type FloatArray } from './floatArray.ts';
import { ensureCapacity, type Layer, type Param } from './layer.ts';
import { matmulNN, matmulNT, matmulTN } from './matmul.ts';

/** A dense layer with a kernel (penalized) and a bias (exempt). */
export class DenseLayer implements Layer {
  readonly kernel: Param;
  readonly bias: Param;
  readonly params: readonly Param[];
  output: FloatArray;
  private inputGradient: FloatArray;
  private input: FloatArray;

  /** Weights start at zero; an initializer fills the kernel. */
  constructor(
    readonly name: string,
    readonly inputSize: number,
    readonly outputSize: number,
    dtype: Dtype,
  ) {
    const kernelSize = inputSize * outputSize;
    this.kernel = { name: `${name}/kernel`, layer: name, role: 'kernel', value: allocate(dtype, kernelSize), gradient: allocate(dtype, kernelSize), decay: 1 };
    this.bias = { name: `${name}/bias`, layer: name, role: 'bias', value: allocate(dtype, outputSize), gradient: allocate(dtype, outputSize), decay: 0 };
    this.params = [this.kernel, this.bias];
    this.output = allocate(dtype, 0);
    this.inputGradient = allocate(dtype, 0);
    this.input = this.output;
  }

  reserve(batch: number): void {
    this.output = ensureCapacity(this.output, batch * this.outputSize);
    this.inputGradient = ensureCapacity(this.inputGradient, batch * this.inputSize);
  }

  forward(input: FloatArray, batch: number): FloatArray {
    this.input = input;
    // y = x W + b, the bias fused into the product's accumulators.
    matmulNN(input, this.kernel.value, this.output, batch, this.outputSize, this.inputSize, this.bias.value);
    return this.output;
  }

  backward(outputGradient: FloatArray, batch: number, needInputGradient: boolean): FloatArray | null {
    const inputs = this.inputSize;
    const outputs = this.outputSize;
    // dW = x^T dy, and db = sum over the batch of dy alongside.
    matmulTN(this.input, outputGradient, this.kernel.gradient, inputs, outputs, batch, this.bias.gradient);
    if (!needInputGradient) return null;
    // dx = dy W^T
    matmulNT(outputGradient, this.kernel.value, this.inputGradient, batch, inputs, outputs);
    return this.inputGradient;
  }
}
