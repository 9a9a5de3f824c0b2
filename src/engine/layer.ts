/**
 * The one small interface every layer implements (the ConvNetJS shape): a forward pass with a
 * training flag, a backward pass, and its parameters with their gradients and decay multipliers.
 * Activations are example-major: row b of a [batch x size] buffer is example b.
 */
import type { FloatArray } from './floatArray.ts';

/** What a parameter is, which decides whether penalties and weight decay apply to it. */
export type ParamRole = 'kernel' | 'bias' | 'gamma' | 'beta';

/** One trainable tensor of a layer, with its gradient buffer. */
export interface Param {
  /** e.g. "dense 1/kernel". */
  readonly name: string;
  /** Name of the layer that owns it, e.g. "dense 1". */
  readonly layer: string;
  readonly role: ParamRole;
  readonly value: FloatArray;
  /** d(loss)/d(value) of the last backward pass (overwritten, never accumulated across steps). */
  readonly gradient: FloatArray;
  /**
   * Multiplier of L1, L2 and decoupled weight decay: 1 for kernels, 0 for biases and BN gamma/beta
   * (semantics.md section 1: only kernels are penalized), so the update code needs no special cases.
   */
  readonly decay: number;
}

/** A differentiable stage of the network. */
export interface Layer {
  /** Display name, e.g. "dense 1", "batch norm 1", "dropout input". */
  readonly name: string;
  /** Values per example going in and out. */
  readonly inputSize: number;
  readonly outputSize: number;
  /** Trainable parameters (empty for parameter-free layers). */
  readonly params: readonly Param[];
  /** Makes sure buffers hold `batch` examples; allocates only when the batch grows. */
  reserve(batch: number): void;
  /**
   * Computes the output of `batch` examples into the layer's own buffer and returns it. Keeps a
   * reference to `input` for the backward pass. `training` selects dropout masks and BN batch statistics.
   */
  forward(input: FloatArray, batch: number, training: boolean): FloatArray;
  /**
   * Given d(loss)/d(output), fills the parameter gradients and, when `needInputGradient`, returns
   * d(loss)/d(input) in the layer's own buffer (null otherwise: the first layer skips that product).
   */
  backward(outputGradient: FloatArray, batch: number, needInputGradient: boolean): FloatArray | null;
}

/** Grows `buffer` to hold at least `length` values (same precision), reusing it when large enough. */
export function ensureCapacity(buffer: FloatArray, length: number): FloatArray {
  if (buffer.length >= length) return buffer;
  return buffer instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}
