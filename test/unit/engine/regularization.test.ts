/**
 * The rules of semantics.md for dropout, L1, L2, decoupled weight decay and clipping, checked on
 * one step of the trainer. The trainer runs in float64; parameters() returns float32 copies, so
 * weights of size ~1 compare to within float32 rounding (~6e-8): tolerance 1e-6 absolute, while
 * every effect tested is >= 1e-3.
 */
import { describe, expect, it } from 'vitest';
import type { LayerParameters, LiveSettings } from '../../../src/engine/contract.ts';
import { DropoutLayer } from '../../../src/engine/dropout.ts';
import { createStream } from '../../../src/engine/rng.ts';
import { validateLiveSettings } from '../../../src/engine/settings.ts';
import { Trainer } from '../../../src/engine/trainer.ts';
import { mlp, settingsWith, spiralData } from './helpers.ts';

const data = spiralData(64, 32, 1);
const model = mlp([6, 5]);

/** Parameters before and after one step with the given settings. */
function oneStep(overrides: Partial<LiveSettings>): { before: LayerParameters[]; after: LayerParameters[] } {
  const trainer = new Trainer({ model, data, seed: 11, settings: settingsWith({ batchSize: 16, ...overrides }), dtype: 'float64' });
  const before = trainer.parameters();
  trainer.trainStep();
  return { before, after: trainer.parameters() };
}

/** Element-wise check of after = expected(before, afterWithout) for every kernel and bias. */
function expectEach(
  a: LayerParameters[],
  b: LayerParameters[],
  before: LayerParameters[],
  rule: (kernel: { withRule: number; without: number; w0: number }) => number,
  tolerance = 1e-6,
): void {
  a.forEach((layer, l) => {
    for (let i = 0; i < layer.kernel.length; i++) {
      expect(Math.abs(layer.kernel[i] - rule({ withRule: layer.kernel[i], without: b[l].kernel[i], w0: before[l].kernel[i] }))).toBeLessThan(tolerance);
    }
    // Biases are exempt: identical to the run without the rule.
    expect(Array.from(layer.bias)).toEqual(Array.from(b[l].bias));
  });
}

describe('dropout (inverted)', () => {
  it('scales kept units by 1/(1-rate), keeps about 1-rate of them, and is the identity at inference', () => {
    const units = 1000;
    const batch = 20;
    const layer = new DropoutLayer('d', units, createStream(1, 'dropout/test'), 'float64');
    layer.rate = 0.3;
    layer.reserve(batch);
    const input = new Float64Array(units * batch).fill(2);
    const y = layer.forward(input, batch, true);
    let kept = 0;
    let sum = 0;
    let other = 0;
    for (let i = 0; i < units * batch; i++) {
      if (y[i] !== 0 && y[i] !== 2 / 0.7) other++;
      if (y[i] !== 0) kept++;
      sum += y[i];
    }
    expect(other).toBe(0);
    // 20000 Bernoulli(0.7) draws: standard deviation of the kept fraction ~0.0032; 0.015 is ~4.6 sigma.
    expect(Math.abs(kept / (units * batch) - 0.7)).toBeLessThan(0.015);
    expect(Math.abs(sum / (units * batch) - 2)).toBeLessThan(0.05);
    expect(layer.forward(input, batch, false)).toBe(input);
  });

  it('rate 0 is the identity and rate 1 is rejected with a sentence (by the contract, and by the layer on a patch)', () => {
    const layer = new DropoutLayer('d', 4, createStream(1, 'x'), 'float64');
    layer.reserve(1);
    const input = new Float64Array([1, 2, 3, 4]);
    expect(layer.forward(input, 1, true)).toBe(input);
    expect(validateLiveSettings(settingsWith({ dropoutRate: 1 }))).toEqual(['Dropout rate must be below 1 (got 1).']);
    const trainer = new Trainer({ model, data, seed: 1, settings: settingsWith() });
    expect(() => trainer.patch({ dropoutRate: 1 })).toThrow(new RangeError('Dropout rate must be at least 0 and below 1 (got 1).'));
    expect(trainer.settings().dropoutRate).toBe(0);
  });

  it('per-layer rates override the global rate; the mask probe reports them', () => {
    const trainer = new Trainer({ model, data, seed: 1, settings: settingsWith({ dropoutRate: 0.5, dropoutLayerRates: [null, 0.2], inputDropoutRate: 0.1 }) });
    trainer.trainStep();
    const masks = trainer.dropoutMasks();
    expect(masks.map((m) => [m.layer, m.rate, m.units, m.examples])).toEqual([
      ['input', 0.1, 2, 32],
      ['dense 1', 0.5, 6, 32],
      ['dense 2', 0.2, 5, 32],
    ]);
    expect(masks[1].kept.length).toBe(6 * 32);
  });
});

describe('L2 (Keras convention, kernels only)', () => {
  it('adds 2 * lambda * w to the kernel gradient: one SGD step differs by -lr * 2 * lambda * w0; biases untouched', () => {
    const lr = 0.1;
    const lambda = 0.05;
    const withL2 = oneStep({ optimizer: 'sgd', learningRate: lr, l2: lambda });
    const without = oneStep({ optimizer: 'sgd', learningRate: lr });
    expectEach(withL2.after, without.after, withL2.before, ({ without: w1, w0 }) => w1 - lr * 2 * lambda * w0);
  });

  it('the penalty is lambda * sum w^2 over kernels only, reported apart from the data loss', () => {
    const trainer = new Trainer({ model, data, seed: 2, settings: settingsWith({ l2: 0.01, l1: 0.002 }), dtype: 'float64' });
    let expected = 0;
    for (const layer of trainer.parameters()) for (const w of layer.kernel) expected += 0.01 * w * w + 0.002 * Math.abs(w);
    const metrics = trainer.evaluate();
    expect(metrics.penalty).toBeCloseTo(expected, 6);
    const plain = new Trainer({ model, data, seed: 2, settings: settingsWith(), dtype: 'float64' });
    // Same weights, same data loss: the penalty is not in the losses.
    expect(metrics.trainLoss).toBe(plain.evaluate().trainLoss);
    expect(metrics.validationLoss).toBe(plain.evaluate().validationLoss);
  });

  it('exempts batch-norm gamma and beta', () => {
    const withL2 = oneStep({ optimizer: 'sgd', l2: 0.5, batchNorm: true });
    const without = oneStep({ optimizer: 'sgd', batchNorm: true });
    const bn = (params: LayerParameters[]) => params.filter((p) => p.kind === 'batchNorm').map((p) => [Array.from(p.kernel), Array.from(p.bias)]);
    expect(bn(withL2.after)).toEqual(bn(without.after));
    expect(bn(withL2.after).length).toBe(2);
  });
});

describe('L1', () => {
  it('gradient form: one SGD step differs by -lr * lambda * sign(w0)', () => {
    const lr = 0.1;
    const lambda = 0.01;
    const withL1 = oneStep({ optimizer: 'sgd', learningRate: lr, l1: lambda });
    const without = oneStep({ optimizer: 'sgd', learningRate: lr });
    expectEach(withL1.after, without.after, withL1.before, ({ without: w1, w0 }) => w1 - lr * lambda * Math.sign(w0));
  });

  it('proximal form: soft-thresholds the plain step by lr * lambda', () => {
    const lr = 0.1;
    const lambda = 0.5;
    const t = lr * lambda;
    const prox = oneStep({ optimizer: 'sgd', learningRate: lr, l1: lambda, l1Proximal: true });
    const without = oneStep({ optimizer: 'sgd', learningRate: lr });
    expectEach(prox.after, without.after, prox.before, ({ without: w1 }) => Math.sign(w1) * Math.max(Math.abs(w1) - t, 0));
  });

  it('proximal L1 makes exact zeros; the gradient form does not', () => {
    const train = (l1Proximal: boolean) => {
      // SGD: the threshold lr * lambda1 is on the scale of its steps (under Adam's normalized
      // steps the same threshold zeroes far fewer weights; see the engine README notes).
      const trainer = new Trainer({ model: mlp([32, 32]), data, seed: 4, settings: settingsWith({ optimizer: 'sgd', l1: 0.01, l1Proximal, learningRate: 0.1 }) });
      while (trainer.epochCount < 40) trainer.trainStep();
      return trainer.parameters().flatMap((p) => Array.from(p.kernel));
    };
    const exactZeros = (weights: number[]) => weights.filter((w) => w === 0).length;
    const proximal = train(true);
    const plain = train(false);
    expect(exactZeros(proximal) / proximal.length).toBeGreaterThan(0.15);
    expect(exactZeros(plain)).toBe(0);
  });
});

describe('decoupled weight decay', () => {
  it('AdamW: w <- w - lr * wd * w0 outside the moments; biases exempt', () => {
    const lr = 0.01;
    const wd = 0.1;
    const decayed = oneStep({ optimizer: 'adamw', learningRate: lr, weightDecay: wd });
    const plain = oneStep({ optimizer: 'adamw', learningRate: lr });
    expectEach(decayed.after, plain.after, decayed.before, ({ without: w1, w0 }) => w1 - lr * wd * w0);
  });

  it('is not clipped (only gradients are)', () => {
    const lr = 0.1;
    const wd = 0.2;
    // Clip the gradient to almost nothing: the decay still applies in full.
    const decayed = oneStep({ optimizer: 'sgd', learningRate: lr, weightDecay: wd, clipMode: 'value', clipValue: 1e-12 });
    decayed.after.forEach((layer, l) => {
      for (let i = 0; i < layer.kernel.length; i++) {
        expect(Math.abs(layer.kernel[i] - decayed.before[l].kernel[i] * (1 - lr * wd))).toBeLessThan(1e-6);
      }
    });
  });
});

describe('gradient clipping', () => {
  const norm = (before: LayerParameters[], after: LayerParameters[]) => {
    let sum = 0;
    after.forEach((layer, l) => {
      for (let i = 0; i < layer.kernel.length; i++) sum += (layer.kernel[i] - before[l].kernel[i]) ** 2;
      for (let i = 0; i < layer.bias.length; i++) sum += (layer.bias[i] - before[l].bias[i]) ** 2;
    });
    return Math.sqrt(sum);
  };

  it('global norm: every gradient scaled by c / max(||g||, c), so one SGD step has length lr * c', () => {
    // lr * c = 0.1 keeps the step far above float32 rounding of the weights.
    const lr = 1;
    const c = 0.1;
    const clipped = oneStep({ optimizer: 'sgd', learningRate: lr, clipMode: 'norm', clipValue: c });
    const free = oneStep({ optimizer: 'sgd', learningRate: lr });
    const gradientNorm = norm(free.before, free.after) / lr;
    expect(gradientNorm).toBeGreaterThan(c);
    expect(Math.abs(norm(clipped.before, clipped.after) / (lr * c) - 1)).toBeLessThan(1e-5);
    // Same direction: each component scaled by c / ||g||.
    clipped.after.forEach((layer, l) => {
      for (let i = 0; i < layer.kernel.length; i++) {
        const freeDelta = free.after[l].kernel[i] - free.before[l].kernel[i];
        expect(layer.kernel[i] - clipped.before[l].kernel[i]).toBeCloseTo((freeDelta * c) / gradientNorm, 6);
      }
    });
  });

  it('global norm leaves small gradients alone', () => {
    const clipped = oneStep({ optimizer: 'sgd', clipMode: 'norm', clipValue: 1e6 });
    const free = oneStep({ optimizer: 'sgd' });
    expect(clipped.after).toEqual(free.after);
  });

  it('by value: each component clamped to [-c, c]', () => {
    const lr = 0.1;
    const c = 0.02;
    const clipped = oneStep({ optimizer: 'sgd', learningRate: lr, clipMode: 'value', clipValue: c });
    const free = oneStep({ optimizer: 'sgd', learningRate: lr });
    clipped.after.forEach((layer, l) => {
      for (let i = 0; i < layer.kernel.length; i++) {
        const g = (free.before[l].kernel[i] - free.after[l].kernel[i]) / lr;
        const expected = free.before[l].kernel[i] - lr * Math.max(-c, Math.min(c, g));
        expect(layer.kernel[i]).toBeCloseTo(expected, 6);
      }
    });
  });
});
