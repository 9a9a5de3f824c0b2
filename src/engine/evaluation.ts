/**
 * Inference-mode passes over whole sample sets, in chunks that fit the network's buffers:
 * data loss, accuracy or RMSE, and which ReLU units never fired. Used for the per-epoch metrics,
 * `evaluate()`, predictions and the function-preserving batch-norm insertion.
 */
import type { ActivationLayer } from './activationLayer.ts';
import type { Samples, TaskKind } from './contract.ts';
import { allocate, type Dtype, type FloatArray } from './floatArray.ts';
import type { Layer } from './layer.ts';
import type { LossRule } from './losses.ts';
import type { Network } from './network.ts';

/** Loss and quality of one sample set. */
export interface SetScore {
  /** Mean data loss (NaN for an empty set). */
  loss: number;
  /** Classification accuracy, else null. */
  accuracy: number | null;
  /** Regression RMSE, else null. */
  rmse: number | null;
}

/** Tracks, per unit (or per channel for convolutions), whether a ReLU output was ever positive. */
export interface DeadUnitTracker {
  layer: ActivationLayer;
  /** Units per position: the layer's size for dense layers, the filter count for convolutions. */
  channels: number;
  /** 1 once the unit fired. */
  alive: Uint8Array;
}

/** Runs a network over sample sets in inference mode, chunk by chunk. */
export class Evaluator {
  private inputBuffer: FloatArray;

  /**
   * `chunk` examples per pass (the network must have reserved at least that many); `tick` runs
   * after every chunk (a host's liveness signal during long passes; it must not touch the network).
   */
  constructor(
    private readonly network: Network,
    private readonly dtype: Dtype,
    readonly chunk: number,
    private readonly tick: (() => void) | undefined = undefined,
  ) {
    this.inputBuffer = allocate(dtype, dtype === 'float64' ? chunk * network.inputSize : 0);
  }

  /**
   * The inputs of examples [start, start + count) as a network input: a view of the data itself in
   * float32 (no copy), a converted copy in float64.
   */
  inputs(source: Float32Array, start: number, count: number): FloatArray {
    const size = this.network.inputSize;
    if (this.dtype === 'float32') return source.subarray(start * size, (start + count) * size);
    const buffer = this.inputBuffer;
    const offset = start * size;
    const n = count * size;
    for (let i = 0; i < n; i++) buffer[i] = source[offset + i];
    return buffer;
  }

  /**
   * Calls `visit(start, count, output)` for every chunk of `count` examples of `inputs` after an
   * inference pass (stopping after `stopAfter` when given).
   */
  forEachChunk(
    inputs: Float32Array,
    total: number,
    stopAfter: Layer | null,
    visit: (start: number, count: number, output: FloatArray) => void,
  ): void {
    for (let start = 0; start < total; start += this.chunk) {
      const count = Math.min(this.chunk, total - start);
      const output = this.network.forward(this.inputs(inputs, start, count), count, false, stopAfter);
      visit(start, count, output);
      this.tick?.();
    }
  }

  /** Loss and accuracy (classification) or RMSE (regression) of `samples`; updates `trackers`. */
  score(samples: Samples, task: TaskKind, loss: LossRule, trackers: DeadUnitTracker[] = []): SetScore {
    const size = this.network.outputSize;
    let lossSum = 0;
    let correct = 0;
    this.forEachChunk(samples.inputs, samples.count, null, (start, count, output) => {
      const targets = samples.targets.subarray(task === 'classification' ? start : start * size, task === 'classification' ? start + count : (start + count) * size);
      lossSum += loss.compute(output, targets, count, size, null) * count;
      if (task === 'classification') correct += countCorrect(output, targets, count, size);
      for (const tracker of trackers) markAlive(tracker, count);
    });
    const meanLoss = samples.count > 0 ? lossSum / samples.count : NaN;
    if (task === 'classification') {
      return { loss: meanLoss, accuracy: samples.count > 0 ? correct / samples.count : NaN, rmse: null };
    }
    // The loss is the MSE over every output value, so RMSE = sqrt(loss).
    return { loss: meanLoss, accuracy: null, rmse: Math.sqrt(meanLoss) };
  }
}

/** Examples whose largest output is at the target class (the first maximum on ties). */
export function countCorrect(outputs: ArrayLike<number>, labels: ArrayLike<number>, count: number, size: number): number {
  let correct = 0;
  for (let n = 0, row = 0; n < count; n++, row += size) {
    let best = 0;
    for (let k = 1; k < size; k++) if (outputs[row + k] > outputs[row + best]) best = k;
    if (best === labels[n]) correct++;
  }
  return correct;
}

function markAlive(tracker: DeadUnitTracker, count: number): void {
  const values = tracker.layer.output;
  const channels = tracker.channels;
  const alive = tracker.alive;
  const rows = (count * tracker.layer.outputSize) / channels;
  for (let r = 0, index = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, index++) if (values[index] > 0) alive[c] = 1;
  }
}
