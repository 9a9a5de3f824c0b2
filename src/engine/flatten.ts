/**
 * Flatten: NHWC images are already stored example-major, so flattening to [batch x (H*W*C)] (in
 * the same h, w, c order as Keras's Flatten on channels-last data) moves no data.
 */
import type { FloatArray } from './floatArray.ts';
import type { Layer, Param } from './layer.ts';

/** A layer that only changes how the next layer reads the buffer. */
export class FlattenLayer implements Layer {
  readonly params: readonly Param[] = [];
  readonly outputSize: number;

  /** `inputSize` = height * width * channels. */
  constructor(
    readonly name: string,
    readonly inputSize: number,
  ) {
    this.outputSize = inputSize;
  }

  reserve(): void {}

  forward(input: FloatArray): FloatArray {
    return input;
  }

  backward(outputGradient: FloatArray, _batch: number, needInputGradient: boolean): FloatArray | null {
    return needInputGradient ? outputGradient : null;
  }
}
