/**
 * Inverted dropout (semantics.md section 2). `rate` is the fraction dropped (Keras rate, PyTorch p).
 * Training: a fresh Bernoulli mask per example, per unit, per step; kept units are multiplied by
 * 1 / (1 - rate) so the expected output equals the input. Inference: the identity.
 * The masks come from this layer's own named stream ("dropout/<layer>"), so switching dropout on
 * or off never moves any other random sequence (batch order, other layers' masks). The stream
 * seeds a private sfc32 state that the mask loop advances in local variables (one generator
 * step per unit and example, without the per-call loads and stores of Rng.nextUint32).
 */
import { allocate, type Dtype, type FloatArray } from './floatArray.ts';
import { ensureCapacity, type Layer, type Param } from './layer.ts';
import type { Rng } from './rng.ts';

const TWO_POW_32 = 4294967296;

/** A dropout layer whose rate can change between steps. */
export class DropoutLayer implements Layer {
  readonly params: readonly Param[] = [];
  readonly outputSize: number;
  /** kept[example * units + unit] of the last training-mode forward pass: 1 kept, 0 dropped. */
  mask: Uint8Array;
  /** Examples in the last training-mode forward pass. */
  lastExamples = 0;
  /** Per unit: how many examples kept it since the rate last became non-zero. */
  readonly keptCount: Float64Array;
  /** Examples seen since the rate last became non-zero. */
  examplesSinceOn = 0;
  /** Test hook: when true, training forward passes reuse the last mask (for gradient checks). */
  reuseMask = false;
  output: FloatArray;
  private inputGradient: FloatArray;
  private rateValue = 0;
  /** 1 / (1 - rate). */
  private scale = 1;
  /** A unit is dropped when a uniform 32-bit draw is below rate * 2^32. */
  private threshold = 0;
  /** True when the last forward pass was the identity (inference mode or rate 0). */
  private passedThrough = true;

  /** sfc32 state (a, b, c, d) seeded from the layer's stream. */
  private readonly state = new Int32Array(4);

  /** `units` values per example; masks drawn from a generator seeded by `rng`. */
  constructor(
    readonly name: string,
    readonly inputSize: number,
    rng: Rng,
    dtype: Dtype,
  ) {
    this.outputSize = inputSize;
    for (let i = 0; i < 4; i++) this.state[i] = rng.nextUint32() | 0;
    this.state[3] |= 1;
    this.mask = new Uint8Array(0);
    this.keptCount = new Float64Array(inputSize);
    this.output = allocate(dtype, 0);
    this.inputGradient = allocate(dtype, 0);
  }

  /** The fraction dropped, in [0, 1). */
  get rate(): number {
    return this.rateValue;
  }

  set rate(rate: number) {
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`Dropout rate must be at least 0 and below 1 (got ${rate}).`);
    if (this.rateValue === 0 && rate > 0) {
      // Switched on: the running keep rate starts afresh and no mask of this period exists yet.
      this.keptCount.fill(0);
      this.examplesSinceOn = 0;
      this.lastExamples = 0;
    }
    this.rateValue = rate;
    this.scale = 1 / (1 - rate);
    this.threshold = rate * TWO_POW_32;
  }

  /** True when the layer changes anything in training mode. */
  get active(): boolean {
    return this.rateValue > 0;
  }

  reserve(batch: number): void {
    const length = batch * this.inputSize;
    this.output = ensureCapacity(this.output, length);
    this.inputGradient = ensureCapacity(this.inputGradient, length);
    if (this.mask.length < length) {
      const grown = new Uint8Array(length);
      grown.set(this.mask);
      this.mask = grown;
    }
  }

  forward(input: FloatArray, batch: number, training: boolean): FloatArray {
    this.passedThrough = !training || this.rateValue === 0;
    if (this.passedThrough) return input;
    const units = this.inputSize;
    const n = batch * units;
    const mask = this.mask;
    const y = this.output;
    const scale = this.scale;
    if (!this.reuseMask) {
      const threshold = this.threshold;
      const kept = this.keptCount;
      const state = this.state;
      let a = state[0];
      let b = state[1];
      let c = state[2];
      let d = state[3];
      for (let example = 0, index = 0; example < batch; example++) {
        for (let u = 0; u < units; u++, index++) {
          // One sfc32 step (same recurrence as rng.ts); t >>> 0 is uniform in [0, 2^32).
          const t = (((a + b) | 0) + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (((c << 21) | (c >>> 11)) + t) | 0;
          const keep = +(t >>> 0 >= threshold);
          mask[index] = keep;
          kept[u] += keep;
        }
      }
      state[0] = a;
      state[1] = b;
      state[2] = c;
      state[3] = d;
      this.examplesSinceOn += batch;
    }
    for (let i = 0; i < n; i++) y[i] = input[i] * mask[i] * scale;
    this.lastExamples = batch;
    return y;
  }

  backward(outputGradient: FloatArray, batch: number, needInputGradient: boolean): FloatArray | null {
    if (!needInputGradient) return null;
    if (this.passedThrough) return outputGradient;
    const n = batch * this.inputSize;
    const dx = this.inputGradient;
    const mask = this.mask;
    const scale = this.scale;
    for (let i = 0; i < n; i++) dx[i] = outputGradient[i] * mask[i] * scale;
    return dx;
  }
}
