/**
 * Initializers (semantics.md section 6): the stated scales, "auto", and the lesson's numbers for
 * vanishing and exploding signals, measured on our own networks.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName, InitializerName } from '../../../src/engine/contract.ts';
import { FixedHistogram } from '../../../src/engine/histogram.ts';
import { initializers, resolveInitializer } from '../../../src/engine/initializers.ts';
import { losses } from '../../../src/engine/losses.ts';
import { Network } from '../../../src/engine/network.ts';
import { createStream } from '../../../src/engine/rng.ts';

function stats(values: Float64Array): { std: number; maxAbs: number } {
  let sum = 0;
  let squares = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  return { std: Math.sqrt(squares / values.length - mean * mean), maxAbs };
}

describe('initializers', () => {
  const fanIn = 200;
  const fanOut = 100;
  const cases: [Exclude<InitializerName, 'auto'>, number, number | null][] = [
    ['heNormal', Math.sqrt(2 / fanIn), null],
    ['heUniform', Math.sqrt(6 / fanIn) / Math.sqrt(3), Math.sqrt(6 / fanIn)],
    ['glorotNormal', Math.sqrt(2 / (fanIn + fanOut)), null],
    ['glorotUniform', Math.sqrt(6 / (fanIn + fanOut)) / Math.sqrt(3), Math.sqrt(6 / (fanIn + fanOut))],
    ['normal1', 1, null],
    ['normal001', 0.01, null],
  ];
  for (const [name, std, limit] of cases) {
    it(`${name}: standard deviation ${std.toPrecision(3)}${limit === null ? '' : `, within +-${limit.toPrecision(3)}`}`, () => {
      const values = new Float64Array(fanIn * fanOut);
      initializers[name].fill(values, fanIn, fanOut, createStream(1, 'init/test'));
      const measured = stats(values);
      // 20000 draws: the sample standard deviation is within ~1% (2%: > 3 sigma).
      expect(Math.abs(measured.std / std - 1)).toBeLessThan(0.02);
      expect(initializers[name].std(fanIn, fanOut)).toBeCloseTo(std, 12);
      if (limit !== null) expect(measured.maxAbs).toBeLessThanOrEqual(limit);
    });
  }

  it('"auto" is He normal for the ReLU family and Glorot uniform otherwise', () => {
    const auto = (activation: ActivationName) => resolveInitializer('auto', activation);
    expect([auto('relu'), auto('leakyRelu'), auto('tanh'), auto('sigmoid'), auto('linear')]).toEqual(['heNormal', 'heNormal', 'glorotUniform', 'glorotUniform', 'glorotUniform']);
    expect(resolveInitializer('normal1', 'relu')).toBe('normal1');
  });

  it('each layer draws from its own stream: the same seed gives the same kernels', () => {
    const spec = { inputShape: [3], convBlocks: [], hiddenUnits: [4, 4], activation: 'relu' as const, initializer: 'auto' as const, outputSize: 2, loss: 'softmaxCrossEntropy' as const };
    const a = new Network(spec, 'float64', 7);
    const b = new Network({ ...spec, hiddenUnits: [4, 4, 4] }, 'float64', 7);
    // Adding a layer does not change the earlier layers' kernels.
    expect(Array.from(b.trainable[0].kernel.value)).toEqual(Array.from(a.trainable[0].kernel.value));
    expect(Array.from(b.trainable[1].kernel.value)).toEqual(Array.from(a.trainable[1].kernel.value));
  });
});

describe('the vanishing and exploding lesson (10 layers of width 100)', () => {
  const deep = (activation: ActivationName, initializer: InitializerName) => {
    const network = new Network(
      { inputShape: [100], convBlocks: [], hiddenUnits: new Array<number>(10).fill(100), activation, initializer, outputSize: 10, loss: 'softmaxCrossEntropy' },
      'float64',
      1,
    );
    const batch = 64;
    network.reserve(batch);
    const rng = createStream(2, 'lesson');
    const input = Float64Array.from({ length: batch * 100 }, () => rng.normal());
    const output = network.forward(input, batch, true);
    const labels = Array.from({ length: batch }, () => rng.int(10));
    const gradient = new Float64Array(batch * 10);
    losses.softmaxCrossEntropy.compute(output, labels, batch, 10, gradient);
    network.backward(gradient, batch);
    const rms = (values: ArrayLike<number>, n: number) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[i] * values[i];
      return Math.sqrt(sum / n);
    };
    const last = network.hidden[9].activation;
    return {
      lastActivationRms: rms(last.output, batch * 100),
      gradientRatio: rms(network.hidden[0].dense.kernel.gradient, 100 * 100) / rms(network.hidden[9].dense.kernel.gradient, 100 * 100),
    };
  };

  it('sigmoid with N(0, 0.01^2): the first layer gradient is ~1e-14 of the last one', () => {
    const { gradientRatio } = deep('sigmoid', 'normal001');
    // Each sigmoid layer scales the backpropagated signal by ~0.25 * 0.01 * sqrt(100) = 0.025.
    expect(gradientRatio).toBeLessThan(1e-11);
    expect(gradientRatio).toBeGreaterThan(1e-17);
  });

  it('ReLU with N(0, 1): activations blow up to ~1e8', () => {
    const { lastActivationRms } = deep('relu', 'normal1');
    expect(lastActivationRms).toBeGreaterThan(1e6);
    expect(lastActivationRms).toBeLessThan(1e11);
  });

  it('ReLU with He: activations stay near 1', () => {
    const { lastActivationRms } = deep('relu', 'heNormal');
    expect(lastActivationRms).toBeGreaterThan(0.2);
    expect(lastActivationRms).toBeLessThan(5);
  });
});

describe('fixed-edge histograms', () => {
  it('keep their edges until a value falls outside, then triple the range (each new bin = three old bins)', () => {
    const histogram = new FixedHistogram(1, 5);
    const first = histogram.bin([0, 0.5, -0.9]);
    expect(Array.from(first.edges)).toEqual(Array.from(new Float32Array([-1, -0.6, -0.2, 0.2, 0.6, 1])));
    expect(Array.from(first.counts)).toEqual([1, 0, 1, 1, 0]);
    expect(Array.from(histogram.bin([0.99]).edges)).toEqual(Array.from(first.edges));
    const wider = histogram.bin([2, NaN, Infinity]);
    expect(wider.edges[0]).toBeCloseTo(-3, 6);
    expect(wider.edges[5]).toBeCloseTo(3, 6);
    // New edges -3, -1.8, -0.6, 0.6, 1.8, 3: the middle bin [-0.6, 0.6) is old bins 2-4.
    expect(wider.edges[2]).toBeCloseTo(first.edges[1], 6);
    expect(wider.edges[3]).toBeCloseTo(first.edges[4], 6);
    expect(Array.from(wider.counts)).toEqual([0, 0, 0, 0, 1]);
    expect(histogram.widenings).toBe(1);
  });
});
