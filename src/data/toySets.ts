/**
 * The toy generators: 2D classification (circle, XOR, Gaussian blobs, spirals, moons), 2D
 * regression (plane, bumps) and 1D regression (sine). Each is a small object in a table that
 * draws one example at a time from a stream, so n examples are always a prefix of n + 1: growing
 * the training set adds points and never moves one.
 *
 * Classification examples take class `index % classes` (exact balance), then a position drawn for
 * that class. What `noise` does per set is stated in DATASET_TABLE (catalog.ts).
 */
import type { Rng } from '../engine/rng';
import type { TaskKind } from '../engine/contract';
import { JITTER_PER_NOISE } from './catalog';

/** Draws one example: writes its raw coordinates at `out[offset..]` and returns its target. */
export interface ToyGenerator {
  task: TaskKind;
  /** Raw coordinates per example: 2 (x, y) or 1 (x). */
  rawSize: 1 | 2;
  sample(rng: Rng, classIndex: number, classes: number, noise: number, out: Float32Array, offset: number): number;
}

/** Clean targets of the regression sets, exported so panels and tests can draw the truth. */
export const planeTarget = (x: number, y: number): number => (x + y) / 10;

/** Bumps: centre x, centre y, height, width (sd) of each Gaussian bump. */
const BUMPS: readonly [number, number, number, number][] = [
  [-2.5, 2, 1, 1.5],
  [2.5, -2, -1, 1.5],
  [2.5, 3, 0.6, 1],
];

/** Sum of three Gaussian bumps; stays within [-1, 1]. */
export function bumpsTarget(x: number, y: number): number {
  let total = 0;
  for (const [cx, cy, height, width] of BUMPS) {
    const dx = x - cx;
    const dy = y - cy;
    total += height * Math.exp(-(dx * dx + dy * dy) / (2 * width * width));
  }
  return total;
}

/** The 1D curve: y = sin(x) on [-π, π]. */
export const sineTarget = (x: number): number => Math.sin(x);
/** x range of the sine set. */
export const SINE_X_RANGE: [number, number] = [-Math.PI, Math.PI];

// Noise always consumes its draws, even at 0, so moving the noise slider scales the scatter of
// the same points instead of drawing new ones.
function jitter(rng: Rng, noise: number): number {
  return rng.normal() * JITTER_PER_NOISE * noise;
}

const circle: ToyGenerator = {
  task: 'classification',
  rawSize: 2,
  sample(rng, classIndex, _classes, noise, out, offset) {
    // Uniform in area: r = sqrt(u) scaled into [r0, r1].
    const [r0, r1] = classIndex === 0 ? [0, 2] : [3.2, 5];
    const radius = Math.sqrt(r0 * r0 + rng.uniform() * (r1 * r1 - r0 * r0));
    const angle = rng.uniformIn(0, 2 * Math.PI);
    out[offset] = radius * Math.cos(angle) + jitter(rng, noise);
    out[offset + 1] = radius * Math.sin(angle) + jitter(rng, noise);
    return classIndex;
  },
};

const xor: ToyGenerator = {
  task: 'classification',
  rawSize: 2,
  sample(rng, classIndex, _classes, noise, out, offset) {
    // Class 0: x*y > 0 (quadrants 1 and 3); class 1: x*y < 0. A 0.3 margin keeps the axes clear.
    const signX = rng.uniform() < 0.5 ? -1 : 1;
    const signY = classIndex === 0 ? signX : -signX;
    out[offset] = signX * rng.uniformIn(0.3, 5) + jitter(rng, noise);
    out[offset + 1] = signY * rng.uniformIn(0.3, 5) + jitter(rng, noise);
    return classIndex;
  },
};

const gaussians: ToyGenerator = {
  task: 'classification',
  rawSize: 2,
  sample(rng, classIndex, classes, noise, out, offset) {
    // Centres on a circle of radius 3; two classes sit at (2.1, 2.1) and (-2.1, -2.1).
    const angle = Math.PI / 4 + (2 * Math.PI * classIndex) / classes;
    const spread = 0.5 + 1.5 * noise;
    out[offset] = 3 * Math.cos(angle) + rng.normal() * spread;
    out[offset + 1] = 3 * Math.sin(angle) + rng.normal() * spread;
    return classIndex;
  },
};

const spirals: ToyGenerator = {
  task: 'classification',
  rawSize: 2,
  sample(rng, classIndex, classes, noise, out, offset) {
    // Arm c: radius 5t, angle 3.5πt + 2πc/classes (1.75 turns), t uniform in [0, 1].
    const t = rng.uniform();
    const radius = 5 * t;
    const angle = 3.5 * Math.PI * t + (2 * Math.PI * classIndex) / classes;
    out[offset] = radius * Math.cos(angle) + jitter(rng, noise);
    out[offset + 1] = radius * Math.sin(angle) + jitter(rng, noise);
    return classIndex;
  },
};

const MOON_SCALE = 2.5;
const moons: ToyGenerator = {
  task: 'classification',
  rawSize: 2,
  sample(rng, classIndex, _classes, noise, out, offset) {
    // scikit-learn make_moons: outer (cos θ, sin θ), inner (1 - cos θ, 0.5 - sin θ), θ in [0, π];
    // centred on (0.5, 0.25) and scaled by 2.5 to fill the domain.
    const theta = rng.uniformIn(0, Math.PI);
    const x = classIndex === 0 ? Math.cos(theta) : 1 - Math.cos(theta);
    const y = classIndex === 0 ? Math.sin(theta) : 0.5 - Math.sin(theta);
    out[offset] = (x - 0.5) * MOON_SCALE + jitter(rng, noise);
    out[offset + 1] = (y - 0.25) * MOON_SCALE + jitter(rng, noise);
    return classIndex;
  },
};

function regression2d(target: (x: number, y: number) => number): ToyGenerator {
  return {
    task: 'regression',
    rawSize: 2,
    sample(rng, _classIndex, _classes, noise, out, offset) {
      const x = rng.uniformIn(-5, 5);
      const y = rng.uniformIn(-5, 5);
      out[offset] = x;
      out[offset + 1] = y;
      return target(x, y) + rng.normal() * noise;
    },
  };
}

const sine: ToyGenerator = {
  task: 'regression',
  rawSize: 1,
  sample(rng, _classIndex, _classes, noise, out, offset) {
    const x = rng.uniformIn(SINE_X_RANGE[0], SINE_X_RANGE[1]);
    out[offset] = x;
    return sineTarget(x) + rng.normal() * noise;
  },
};

/** The generators, by dataset name. */
export const TOY_GENERATORS = {
  circle,
  xor,
  gaussians,
  spirals,
  moons,
  plane: regression2d(planeTarget),
  bumps: regression2d(bumpsTarget),
  sine,
} as const satisfies Record<string, ToyGenerator>;

/** Names of the toy sets. */
export type ToyName = keyof typeof TOY_GENERATORS;

/** Draws `count` examples from `rng`: raw coordinates and targets (class index as float, or value). */
export function drawToyExamples(
  generator: ToyGenerator,
  rng: Rng,
  count: number,
  classes: number,
  noise: number,
): { raw: Float32Array; targets: Float32Array } {
  const raw = new Float32Array(count * generator.rawSize);
  const targets = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    targets[i] = generator.sample(rng, i % classes, classes, noise, raw, i * generator.rawSize);
  }
  return { raw, targets };
}
