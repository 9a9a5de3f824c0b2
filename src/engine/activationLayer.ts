/** A layer applying one activation from the table in activations.ts elementwise. */
import { activations, type ActivationRule } from './activations.ts';
import type { ActivationName } from './contract.ts';
import { allocate, type Dtype, type FloatArray } from './floatArray.ts';
import { ensureCapacity, type Layer, type Param } from './layer.ts';

/** Elementwise activation; "linear" passes its buffers through without copying. */
export class ActivationLayer implements Layer {
  readonly params: readonly Param[] = [];
  readonly outputSize: number;
  readonly rule: ActivationRule;
  /** y = f(x) of the last forward pass. */
  output: FloatArray;
  private inputGradient: FloatArray;

  /** `size` values per example. */
  constructor(
    readonly name: string,
    readonly activation: ActivationName,
    readonly inputSize: number,
    dtype: Dtype,
  ) {
    this.outputSize = inputSize;
    this.rule = activations[activation];
    this.output = allocate(dtype, 0);
    this.inputGradient = allocate(dtype, 0);
  }

  reserve(batch: number): void {
    if (this.rule.identity) return;
    this.output = ensureCapacity(this.output, batch * this.inputSize);
    this.inputGradient = ensureCapacity(this.inputGradient, batch * this.inputSize);
  }

  forward(input: FloatArray, batch: number): FloatArray {
    if (this.rule.identity) {
      this.output = input;
      return input;
    }
    this.rule.forward(input, this.output, batch * this.inputSize);
    return this.output;
  }

  backward(outputGradient: FloatArray, batch: number, needInputGradient: boolean): FloatArray | null {
    if (!needInputGradient) return null;
    if (this.rule.identity) return outputGradient;
    this.rule.backward(this.output, outputGradient, this.inputGradient, batch * this.inputSize);
    return this.inputGradient;
  }
}
