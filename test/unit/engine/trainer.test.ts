/** The trainer's contract: determinism, batch order, live patches, divergence, probes, settings. */
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, LiveSettings } from '../../../src/engine/contract.ts';
import { createStream } from '../../../src/engine/rng.ts';
import { validateLiveSettings } from '../../../src/engine/settings.ts';
import { defaultLiveSettings } from './fixtures.ts';
import { Trainer } from '../../../src/engine/trainer.ts';
import { setSimdEnabled } from '../../../src/engine/wasmSimd.ts';
import { mlp, settingsWith, spiralData } from './helpers.ts';

const data = spiralData(120, 60, 7, 0.15);

/** Runs `steps` steps applying `patches[step]` before the step of that index; returns every epoch's metrics. */
function run(seed: number, steps: number, patches: Record<number, Partial<LiveSettings>> = {}, base: Partial<LiveSettings> = {}): EpochMetrics[] {
  const trainer = new Trainer({ model: mlp([12, 12]), data, seed, settings: settingsWith({ batchSize: 16, ...base }) });
  const metrics: EpochMetrics[] = [];
  for (let step = 0; step < steps; step++) {
    if (patches[step]) trainer.patch(patches[step]);
    const result = trainer.trainStep();
    if (result.epochMetrics) metrics.push(result.epochMetrics);
  }
  return metrics;
}

describe('determinism', () => {
  const patches: Record<number, Partial<LiveSettings>> = {
    10: { dropoutRate: 0.3 },
    25: { l2: 0.001, batchNorm: true },
    40: { optimizer: 'momentum', learningRate: 0.05, batchSize: 10 },
    55: { clipMode: 'norm', clipValue: 0.5, inputDropoutRate: 0.1 },
  };

  it('same seed, settings and patches at the same steps give bit-identical metrics', () => {
    const a = run(5, 80, patches);
    const b = run(5, 80, patches);
    expect(a.length).toBeGreaterThan(5);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('a different seed gives a different run', () => {
    expect(JSON.stringify(run(5, 30))).not.toBe(JSON.stringify(run(6, 30)));
  });

  it('switching dropout on does not change the batch order', () => {
    const order = (settings: Partial<LiveSettings>) => {
      const trainer = new Trainer({ model: mlp([12, 12]), data, seed: 9, settings: settingsWith({ batchSize: 16, ...settings }) });
      const batches: number[] = [];
      for (let step = 0; step < 40; step++) {
        if (step === 12) trainer.patch({ dropoutRate: settings.dropoutRate === 0 ? 0.5 : 0 });
        trainer.trainStep();
        batches.push(...trainer.lastBatchExamples());
      }
      return batches;
    };
    expect(order({ dropoutRate: 0 })).toEqual(order({ dropoutRate: 0.5, inputDropoutRate: 0.2 }));
  });

  it('float32 and float64 storage agree closely', () => {
    const metrics = (dtype: 'float32' | 'float64') => {
      const trainer = new Trainer({ model: mlp([12, 12]), data, seed: 2, settings: settingsWith({ batchSize: 16 }), dtype });
      while (trainer.epochCount < 5) trainer.trainStep();
      return trainer.evaluate();
    };
    const single = metrics('float32');
    const double = metrics('float64');
    // 40 Adam steps in float32 vs float64: rounding drift stays ~1e-5 relative; 1e-3 is generous.
    expect(Math.abs(single.trainLoss - double.trainLoss) / double.trainLoss).toBeLessThan(1e-3);
  });
});

describe('WebAssembly SIMD products', () => {
  it('training in float32 with the SIMD kernel agrees with the JavaScript kernels', () => {
    const metrics = (simd: boolean) => {
      setSimdEnabled(simd ? null : false);
      try {
        // 32 x 64 x 64 products: above SIMD_MIN_WORK, so the kernel runs when enabled.
        const trainer = new Trainer({ model: mlp([64, 64]), data, seed: 2, settings: settingsWith({ batchSize: 32 }) });
        while (trainer.epochCount < 5) trainer.trainStep();
        return trainer.evaluate();
      } finally {
        setSimdEnabled(null);
      }
    };
    const simd = metrics(true);
    const js = metrics(false);
    // Both float32 storage; SIMD accumulates in float32, JS in float64: drift ~1e-6 relative.
    expect(Math.abs(simd.trainLoss - js.trainLoss) / js.trainLoss).toBeLessThan(1e-3);
    expect(simd.trainLoss).not.toBe(js.trainLoss);
  });
});

describe('epochs and batch sizes', () => {
  it('an epoch visits every example once; the last batch is smaller', () => {
    const trainer = new Trainer({ model: mlp([4]), data, seed: 1, settings: settingsWith({ batchSize: 50 }) });
    expect(trainer.stepsPerEpoch).toBe(3);
    const seen: number[] = [];
    const sizes: number[] = [];
    let result;
    do {
      result = trainer.trainStep();
      seen.push(...trainer.lastBatchExamples());
      sizes.push(trainer.lastBatchExamples().length);
    } while (!result.epochMetrics);
    expect(sizes).toEqual([50, 50, 20]);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(result.epoch).toBe(1);
    expect(result.epochMetrics.epoch).toBe(1);
    expect(result.epochMetrics.step).toBe(3);
  });

  it('a batch-size patch applies from the next minibatch; the epoch still visits every example once', () => {
    const trainer = new Trainer({ model: mlp([4]), data, seed: 1, settings: settingsWith({ batchSize: 50 }) });
    trainer.trainStep();
    const seen = [...trainer.lastBatchExamples()];
    trainer.patch({ batchSize: 30 });
    expect(trainer.stepsPerEpoch).toBe(4);
    const sizes: number[] = [];
    let result;
    do {
      result = trainer.trainStep();
      seen.push(...trainer.lastBatchExamples());
      sizes.push(trainer.lastBatchExamples().length);
    } while (!result.epochMetrics);
    expect(sizes).toEqual([30, 30, 10]);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('the training-mode loss is the example-weighted mean of the epoch; losses exclude the penalty', () => {
    const trainer = new Trainer({ model: mlp([8]), data, seed: 1, settings: settingsWith({ batchSize: 50, l2: 0.1 }) });
    let sum = 0;
    let result;
    do {
      result = trainer.trainStep();
      sum += result.batchLoss * trainer.lastBatchExamples().length;
    } while (!result.epochMetrics);
    expect(result.epochMetrics.trainLossTrainingMode).toBeCloseTo(sum / 120, 12);
    expect(result.epochMetrics.penalty).toBeGreaterThan(0);
    expect(trainer.evaluate().trainLoss).toBe(result.epochMetrics.trainLoss);
    expect(trainer.evaluate().epoch).toBe(1);
  });
});

describe('divergence', () => {
  it('NaN in the weights: the step reports the activations where it first appeared, then training refuses', () => {
    const trainer = new Trainer({ model: mlp([4, 4]), data, seed: 1, settings: settingsWith() });
    trainer.trainStep();
    const params = trainer.parameters();
    params[1].kernel[3] = NaN;
    trainer.setParameters(params);
    const result = trainer.trainStep();
    expect(result.diverged).toEqual({ step: 2, epoch: 0, where: 'activations of dense 2' });
    expect(trainer.diverged).toEqual(result.diverged);
    expect(Number.isNaN(result.batchLoss)).toBe(true);
    expect(() => trainer.trainStep()).toThrow(/diverged at step 2/);
  });

  it('a learning rate that overflows float32 weights names the weights and the step', () => {
    const trainer = new Trainer({ model: mlp([4]), data, seed: 1, settings: settingsWith({ optimizer: 'sgd', learningRate: 1e300 }), dtype: 'float32' });
    const result = trainer.trainStep();
    expect(result.diverged?.step).toBe(1);
    expect(result.diverged?.where).toMatch(/^weights of (dense 1|output)$/);
  });

  it('a too-large learning rate is caught within a few steps, never silently zeroed', () => {
    // Linear units so that nothing can die: the weights grow geometrically until they overflow.
    const trainer = new Trainer({ model: mlp([16, 16], { activation: 'linear', initializer: 'normal1' }), data, seed: 1, settings: settingsWith({ optimizer: 'sgd', learningRate: 100 }), dtype: 'float32' });
    let diverged = null;
    for (let step = 0; step < 200 && diverged === null; step++) diverged = trainer.trainStep().diverged;
    expect(diverged).not.toBeNull();
    expect(diverged!.where).toMatch(/^(loss|activations of .+|gradient of .+|weights of .+)$/);
  });
});

describe('probes', () => {
  it('weight histograms keep their edges across time and count every kernel weight', () => {
    const trainer = new Trainer({ model: mlp([10, 6]), data, seed: 3, settings: settingsWith() });
    const first = trainer.weightHistograms();
    for (let i = 0; i < 30; i++) trainer.trainStep();
    const later = trainer.weightHistograms();
    expect(later.map((h) => h.layer)).toEqual(['dense 1', 'dense 2', 'output']);
    later.forEach((probe, index) => {
      // Edges change only by tripling the range (each new bin is three old ones).
      const oldEdges = Array.from(first[index].histogram.edges);
      const newEdges = Array.from(probe.histogram.edges);
      const ratio = newEdges[newEdges.length - 1] / oldEdges[oldEdges.length - 1];
      expect([1, 3, 9, 27]).toContain(Math.round(ratio));
      if (Math.round(ratio) === 1) expect(newEdges).toEqual(oldEdges);
      const total = probe.histogram.counts.reduce((a, b) => a + b, 0);
      expect(total).toBe(trainer.parameters()[index].kernel.length);
    });
    // Zero is the centre of the middle bin.
    const edges = first[0].histogram.edges;
    expect(edges[20] + edges[21]).toBeCloseTo(0, 6);
  });

  it('dropout masks: units x examples bytes and a keep rate near 1 - rate', () => {
    const trainer = new Trainer({ model: mlp([50]), data, seed: 3, settings: settingsWith({ dropoutRate: 0.4, batchSize: 40 }) });
    for (let i = 0; i < 60; i++) trainer.trainStep();
    const [mask] = trainer.dropoutMasks();
    expect(mask.layer).toBe('dense 1');
    expect(mask.kept.length).toBe(50 * mask.examples);
    expect(mask.kept.every((v) => v === 0 || v === 1)).toBe(true);
    // 60 steps x 40 examples = 2400 draws per unit; mean over 50 units: sd ~0.0014.
    const meanKeep = mask.keepRate.reduce((a, b) => a + b, 0) / 50;
    expect(Math.abs(meanKeep - 0.6)).toBeLessThan(0.01);
  });

  it('predictions are softmax rows; hidden activations are post-ReLU values of the named layer', () => {
    const trainer = new Trainer({ model: mlp([7, 5]), data, seed: 3, settings: settingsWith() });
    for (let i = 0; i < 10; i++) trainer.trainStep();
    const count = 2000;
    const inputs = new Float32Array(count * 2).map((_, i) => ((i * 7919) % 200) / 100 - 1);
    const probabilities = trainer.predict(inputs, count);
    for (let n = 0; n < count; n++) expect(probabilities[2 * n] + probabilities[2 * n + 1]).toBeCloseTo(1, 6);
    const hidden = trainer.hiddenActivations(inputs, count, 1);
    expect(hidden.length).toBe(count * 5);
    expect(hidden.every((v) => v >= 0)).toBe(true);
    // The same layer computed by hand from the parameters for one example.
    const [dense1, dense2] = trainer.parameters();
    const x = [inputs[0], inputs[1]];
    const h1 = Array.from({ length: 7 }, (_, o) => Math.max(0, dense1.bias[o] + x[0] * dense1.kernel[o] + x[1] * dense1.kernel[7 + o]));
    for (let o = 0; o < 5; o++) {
      let z = dense2.bias[o];
      for (let i = 0; i < 7; i++) z += h1[i] * dense2.kernel[i * 5 + o];
      expect(hidden[o]).toBeCloseTo(Math.max(0, z), 5);
    }
    expect(() => trainer.hiddenActivations(inputs, count, 2)).toThrow(RangeError);
  });

  it('dead ReLU fraction counts units that never fire on the training set', () => {
    const trainer = new Trainer({ model: mlp([4]), data, seed: 3, settings: settingsWith() });
    const params = trainer.parameters();
    // Unit 2 of dense 1: zero weights and a negative bias never fire.
    params[0].kernel[2] = 0;
    params[0].kernel[4 + 2] = 0;
    params[0].bias[2] = -1;
    trainer.setParameters(params);
    const metrics = trainer.evaluate();
    expect(metrics.layers[0].deadFraction).toBeGreaterThanOrEqual(0.25);
    expect(metrics.layers[1].deadFraction).toBeNull();
  });

  it('layer metrics: norms, sparsity, gradient norm and update ratio', () => {
    const trainer = new Trainer({ model: mlp([6]), data, seed: 3, settings: settingsWith() });
    trainer.trainStep();
    const metrics = trainer.evaluate();
    const [dense] = trainer.parameters();
    const l1 = dense.kernel.reduce((a, w) => a + Math.abs(w), 0);
    expect(metrics.layers[0].weightL1).toBeCloseTo(l1, 5);
    expect(metrics.layers[0].gradientNorm).toBeGreaterThan(0);
    expect(metrics.layers[0].gradientNorm).toBe(trainer.layerGradientNorms()[0].gradientNorm);
    // Adam's first step moves each weight by ~lr = 0.01.
    expect(metrics.layers[0].updateRatio).toBeGreaterThan(0);
    expect(metrics.layers[0].updateRatio).toBeLessThan(1);
    expect(metrics.layers[0].sparsity).toBeGreaterThanOrEqual(0);
  });

  it('initial parameters stay as they were; setParameters checks names and sizes', () => {
    const trainer = new Trainer({ model: mlp([3]), data, seed: 3, settings: settingsWith() });
    const initial = trainer.parameters();
    for (let i = 0; i < 5; i++) trainer.trainStep();
    expect(trainer.initialParameters()).toEqual(initial);
    expect(trainer.parameters()).not.toEqual(initial);
    expect(() => trainer.setParameters([{ ...initial[0], name: 'dense 9' }])).toThrow('This network has no layer named "dense 9".');
    expect(() => trainer.setParameters([{ ...initial[0], kernel: new Float32Array(2) }])).toThrow(RangeError);
  });
});

describe('settings', () => {
  it('defaults: early stopping off, patience 20, restore best weights, monitor validation loss', () => {
    const defaults = defaultLiveSettings();
    expect(defaults.earlyStopping).toMatchObject({ enabled: false, patience: 20, restoreBestWeights: true, monitor: 'validationLoss' });
    expect(validateLiveSettings(defaults)).toEqual([]);
  });

  it('invalid values give one sentence each; the constructor (the engine contract for standalone use) throws RangeError', () => {
    const bad = { ...defaultLiveSettings(), learningRate: 0, batchSize: 2.5, momentum: 1 };
    expect(validateLiveSettings(bad)).toEqual([
      'Learning rate must be a positive number (got 0).',
      'Momentum must be at least 0 and below 1 (got 1).',
      'Batch size must be a whole number of at least 1 (got 2.5).',
    ]);
    expect(() => new Trainer({ model: mlp([3]), data, seed: 3, settings: settingsWith({ l2: -1 }) })).toThrow(new RangeError('L2 strength must be 0 or more (got -1).'));
  });

  it('patch does not validate again (values are checked once, where they enter the page); a value a layer cannot hold throws and changes nothing', () => {
    const trainer = new Trainer({ model: mlp([3]), data, seed: 3, settings: settingsWith() });
    expect(() => trainer.patch({ inputDropoutRate: 1 })).toThrow(new RangeError('Dropout rate must be at least 0 and below 1 (got 1).'));
    expect(trainer.settings()).toEqual(settingsWith());
    trainer.trainStep();
    expect(Number.isFinite(trainer.evaluate().trainLoss)).toBe(true);
  });

  it('settings() is a copy', () => {
    const trainer = new Trainer({ model: mlp([3]), data, seed: 3, settings: settingsWith() });
    trainer.settings().earlyStopping.patience = 1;
    expect(trainer.settings().earlyStopping.patience).toBe(20);
  });

  it('the constructor rejects data that does not fit the model', () => {
    expect(() => new Trainer({ model: mlp([3], { inputShape: [3] }), data, seed: 1, settings: settingsWith() })).toThrow(RangeError);
    expect(() => new Trainer({ model: mlp([3], { loss: 'mse' }), data, seed: 1, settings: settingsWith() })).toThrow(/classification task needs/);
  });
});

describe('regression', () => {
  it('reports RMSE = sqrt(MSE) and no accuracy; predictions are the raw outputs', () => {
    const rng = createStream(1, 'regression');
    const make = (count: number) => {
      const inputs = new Float32Array(count).map(() => rng.uniformIn(-1, 1));
      const targets = inputs.map((x) => Math.sin(3 * x) + 0.1 * rng.normal());
      return { count, inputs, targets };
    };
    const regression = { task: 'regression' as const, inputShape: [1], outputSize: 1, train: make(40), validation: make(40) };
    const trainer = new Trainer({
      model: { inputShape: [1], convBlocks: [], hiddenUnits: [16], activation: 'tanh', initializer: 'auto', outputSize: 1, loss: 'mse' },
      data: regression,
      seed: 1,
      settings: settingsWith({ batchSize: 10 }),
    });
    for (let e = 0; e < 50; e++) while (!trainer.trainStep().epochMetrics);
    const metrics = trainer.evaluate();
    expect(metrics.trainAccuracy).toBeNull();
    expect(metrics.trainRmse).toBeCloseTo(Math.sqrt(metrics.trainLoss), 12);
    expect(metrics.trainLoss).toBeLessThan(0.2);
    const prediction = trainer.predict(new Float32Array([0.5]), 1);
    expect(prediction.length).toBe(1);
  });
});
