/**
 * Kernel initializers as a table (semantics.md section 6). Biases always start at zero.
 * Fans: dense fanIn = inputs, fanOut = outputs; conv fanIn = k*k*inChannels, fanOut = k*k*filters
 * (Keras's convention). He and Glorot normal here are plain normals with the stated standard
 * deviation, as in PyTorch (Keras truncates its normals at 2 standard deviations and rescales).
 */
import { isReluFamily } from './activations.ts';
import type { ActivationName, InitializerName } from './contract.ts';
import type { FloatArray } from './floatArray.ts';
import type { Rng } from './rng.ts';

/** Initializers that draw values (every name but "auto", which picks one of these). */
export type ConcreteInitializer = Exclude<InitializerName, 'auto'>;

/** One scheme: fills `values` from `rng` given the layer's fans. */
export interface InitializerRule {
  /** Standard deviation of the drawn values (used to choose histogram ranges). */
  std(fanIn: number, fanOut: number): number;
  fill(values: FloatArray, fanIn: number, fanOut: number, rng: Rng): void;
}

function normal(std: (fanIn: number, fanOut: number) => number): InitializerRule {
  return {
    std,
    fill(values, fanIn, fanOut, rng) {
      const s = std(fanIn, fanOut);
      for (let i = 0; i < values.length; i++) values[i] = s * rng.normal();
    },
  };
}

function uniform(limit: (fanIn: number, fanOut: number) => number): InitializerRule {
  return {
    // U(-a, a) has standard deviation a / sqrt(3).
    std: (fanIn, fanOut) => limit(fanIn, fanOut) / Math.sqrt(3),
    fill(values, fanIn, fanOut, rng) {
      const a = limit(fanIn, fanOut);
      for (let i = 0; i < values.length; i++) values[i] = rng.uniformIn(-a, a);
    },
  };
}

/** The initializer table. */
export const initializers: Record<ConcreteInitializer, InitializerRule> = {
  heNormal: normal((fanIn) => Math.sqrt(2 / fanIn)),
  heUniform: uniform((fanIn) => Math.sqrt(6 / fanIn)),
  glorotNormal: normal((fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut))),
  glorotUniform: uniform((fanIn, fanOut) => Math.sqrt(6 / (fanIn + fanOut))),
  normal1: normal(() => 1),
  normal001: normal(() => 0.01),
};

/** Resolves "auto": He normal for the ReLU family, Glorot uniform otherwise. */
export function resolveInitializer(name: InitializerName, activation: ActivationName): ConcreteInitializer {
  if (name !== 'auto') return name;
  return isReluFamily(activation) ? 'heNormal' : 'glorotUniform';
}
