/**
 * Seeded randomness. One user-visible seed; every consumer draws from a *named stream* derived
 * from it (e.g. "data", "split", "init/layer2", "shuffle", "dropout"), so that switching dropout on
 * does not change the batch order and growing the training set does not move the validation set.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state), seeded
 * from a 128-bit hash of "seed:name" (cyrb128). State lives in an Int32Array so V8 keeps it as
 * untagged integers (object fields holding values >= 2^30 would become heap doubles).
 */

/** Names of the top-level random streams; sub-streams append "/detail" (e.g. "init/layer2"). */
export type StreamName = 'data' | 'split' | 'init' | 'shuffle' | 'dropout' | 'labelNoise' | (string & {});

/** 128-bit string hash (cyrb128), returned as four 32-bit words. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 | 0, h2 | 0, h3 | 0, h4 | 0];
}

const TWO_POW_32 = 4294967296;

/** A deterministic pseudo-random generator (sfc32). Never share one between two concerns. */
export class Rng {
  private readonly state = new Int32Array(4);
  /** Second Box-Muller variate, kept for the next `normal()` call. */
  private spareNormal = 0;
  private hasSpareNormal = false;

  /** Seeds from a 128-bit key; use `createStream` rather than calling this directly. */
  constructor(key: readonly [number, number, number, number]) {
    this.state[0] = key[0];
    this.state[1] = key[1];
    this.state[2] = key[2];
    this.state[3] = key[3] | 1;
    // Warm up: sfc32 needs a few rounds before hash-adjacent seeds decorrelate.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform float in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal N(0, 1) by the Box-Muller transform. */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    // u1 in (0, 1] so log(u1) is finite.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }

  /** In-place Fisher-Yates shuffle of the first `length` entries. */
  shuffle(values: { [index: number]: number; length: number }, length = values.length): void {
    for (let i = length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}

/** The stream `name` of the run seeded with `seed`. Same (seed, name) gives the same sequence. */
export function createStream(seed: number, name: StreamName): Rng {
  return new Rng(hash128(`${seed >>> 0}:${name}`));
}
