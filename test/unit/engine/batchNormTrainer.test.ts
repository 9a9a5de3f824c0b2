/** Batch normalization in the trainer: Keras momentum convention, function-preserving insertion, switching off. */
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../../src/engine/trainer.ts';
import { mlp, settingsWith, spiralData } from './helpers.ts';

const data = spiralData(200, 100, 2, 0.15);

describe('batch norm in the trainer', () => {
  it('running statistics follow moving = m * moving + (1 - m) * batch (Keras), from mean 0 and variance 1', () => {
    for (const momentum of [0.99, 0.9]) {
      const trainer = new Trainer({ model: mlp([5]), data, seed: 1, settings: settingsWith({ batchNorm: true, batchNormMomentum: momentum }), dtype: 'float64' });
      trainer.trainStep();
      const [stats] = trainer.batchNormStats();
      for (let f = 0; f < 5; f++) {
        expect(stats.runningMean[f]).toBeCloseTo((1 - momentum) * stats.batchMean[f], 6);
        expect(stats.runningVariance[f]).toBeCloseTo(momentum * 1 + (1 - momentum) * stats.batchVariance[f], 6);
      }
      trainer.trainStep();
      const [second] = trainer.batchNormStats();
      for (let f = 0; f < 5; f++) {
        expect(second.runningMean[f]).toBeCloseTo(momentum * stats.runningMean[f] + (1 - momentum) * second.batchMean[f], 6);
      }
    }
  });

  it('starts at gamma 1, beta 0 when on from the start; the probe bins the last minibatch before and after', () => {
    const trainer = new Trainer({ model: mlp([4, 3]), data, seed: 1, settings: settingsWith({ batchNorm: true, batchSize: 16 }) });
    expect(trainer.parameters().filter((p) => p.kind === 'batchNorm').map((p) => [Array.from(p.kernel), Array.from(p.bias)])).toEqual([
      [[1, 1, 1, 1], [0, 0, 0, 0]],
      [[1, 1, 1], [0, 0, 0]],
    ]);
    trainer.trainStep();
    const stats = trainer.batchNormStats();
    expect(stats.map((s) => s.layer)).toEqual(['batch norm 1', 'batch norm 2']);
    const total = (counts: Uint32Array) => counts.reduce((a, b) => a + b, 0);
    expect(total(stats[0].before.counts)).toBe(16 * 4);
    expect(total(stats[0].after.counts)).toBe(16 * 4);
    // After normalization with gamma ~1 and beta ~0, each feature's values average ~0.
    expect(stats[0].after.edges.length).toBe(stats[0].after.counts.length + 1);
  });

  /** Mean training-mode loss over one epoch (steps with a negligible learning rate: parameters frozen). */
  const frozenEpochLoss = (trainer: Trainer) => {
    trainer.patch({ learningRate: 1e-12 });
    let result;
    do result = trainer.trainStep();
    while (!result.epochMetrics);
    return result.epochMetrics.trainLossTrainingMode;
  };

  it('switching it on mid-run preserves the function: inference outputs identical, training loss barely moves', () => {
    const trainer = new Trainer({ model: mlp([16, 16]), data, seed: 3, settings: settingsWith({ batchSize: 50 }), dtype: 'float64' });
    while (trainer.epochCount < 30) trainer.trainStep();
    const before = trainer.evaluate();
    const parameters = trainer.parameters();
    const biasBefore = parameters.find((p) => p.name === 'dense 1')!.bias;
    const predictionsBefore = trainer.predict(data.validation.inputs, data.validation.count);
    trainer.patch({ batchNorm: true });
    const after = trainer.evaluate();
    const predictionsAfter = trainer.predict(data.validation.inputs, data.validation.count);
    // Inference mode is exactly the identity up to rounding (float64 engine, float32 outputs).
    expect(Math.abs(after.trainLoss - before.trainLoss)).toBeLessThan(1e-9);
    expect(Math.abs(after.validationLoss - before.validationLoss)).toBeLessThan(1e-9);
    for (let i = 0; i < predictionsBefore.length; i++) expect(Math.abs(predictionsAfter[i] - predictionsBefore[i])).toBeLessThan(1e-6);
    const [stats] = trainer.batchNormStats();
    for (let f = 0; f < 16; f++) {
      expect(stats.gamma[f]).toBeCloseTo(Math.sqrt(stats.runningVariance[f] + 1e-3), 6);
      // The dense bias (now held at 0) is folded into beta.
      expect(stats.beta[f]).toBeCloseTo(stats.runningMean[f] + biasBefore[f], 6);
    }
    // Training mode differs only by batch-vs-population statistics: over a frozen epoch of
    // batches of 50 the loss moves by under 40% (measured 1-35% over seeds 1-5; with batches of
    // 20 it is 40-100%: batch statistics of small batches are noisy). A naive insertion
    // (gamma 1, beta 0, running statistics 0 and 1) on the same weights moves it by over 100%.
    const preserving = frozenEpochLoss(trainer);
    expect(Math.abs(preserving - before.trainLoss) / before.trainLoss).toBeLessThan(0.4);
    const naive = new Trainer({ model: mlp([16, 16]), data, seed: 3, settings: settingsWith({ batchSize: 50, batchNorm: true }), dtype: 'float64' });
    naive.setParameters(parameters);
    expect(Math.abs(frozenEpochLoss(naive) - before.trainLoss) / before.trainLoss).toBeGreaterThan(1);
  });

  it('switching it off bypasses the layers and keeps everything else', () => {
    const trainer = new Trainer({ model: mlp([8]), data, seed: 4, settings: settingsWith({ batchNorm: true }) });
    for (let i = 0; i < 20; i++) trainer.trainStep();
    const dense = trainer.parameters().filter((p) => p.kind === 'dense');
    trainer.patch({ batchNorm: false });
    expect(trainer.batchNormStats()).toEqual([]);
    expect(trainer.parameters().filter((p) => p.kind === 'batchNorm')).toEqual([]);
    expect(trainer.parameters()).toEqual(dense);
    expect(trainer.stepCount).toBe(20);
    expect(() => trainer.trainStep()).not.toThrow();
  });
});

describe('the dense bias before batch norm (held at 0 while BN is on)', () => {
  const hiddenBiases = (trainer: Trainer) => trainer.parameters().filter((p) => p.kind === 'dense' && p.name !== 'output').map((p) => Array.from(p.bias));

  it('stays exactly 0 under Adam while BN is on from the start; the output bias trains', () => {
    const trainer = new Trainer({ model: mlp([8, 8]), data, seed: 2, settings: settingsWith({ batchNorm: true, optimizer: 'adam', learningRate: 0.01 }) });
    for (let i = 0; i < 60; i++) trainer.trainStep();
    for (const bias of hiddenBiases(trainer)) expect(bias).toEqual(bias.map(() => 0));
    const output = trainer.parameters().find((p) => p.name === 'output')!;
    expect(Array.from(output.bias).some((value) => value !== 0)).toBe(true);
  });

  it('switching BN on folds the bias into beta (function kept); off resumes training it from 0', () => {
    const trainer = new Trainer({ model: mlp([16]), data, seed: 5, settings: settingsWith({ batchSize: 25, optimizer: 'adam', learningRate: 0.01 }), dtype: 'float64' });
    while (trainer.epochCount < 10) trainer.trainStep();
    const [biasBefore] = hiddenBiases(trainer);
    expect(biasBefore.some((value) => Math.abs(value) > 1e-3)).toBe(true);
    const predictionsBefore = trainer.predict(data.validation.inputs, data.validation.count);
    trainer.patch({ batchNorm: true });
    expect(hiddenBiases(trainer)[0]).toEqual(biasBefore.map(() => 0));
    const [stats] = trainer.batchNormStats();
    for (let u = 0; u < 16; u++) expect(stats.beta[u]).toBeCloseTo(stats.runningMean[u] + biasBefore[u], 6);
    const predictionsAfter = trainer.predict(data.validation.inputs, data.validation.count);
    for (let i = 0; i < predictionsBefore.length; i++) expect(Math.abs(predictionsAfter[i] - predictionsBefore[i])).toBeLessThan(1e-6);
    for (let i = 0; i < 30; i++) trainer.trainStep();
    expect(hiddenBiases(trainer)[0]).toEqual(biasBefore.map(() => 0));
    trainer.patch({ batchNorm: false });
    expect(hiddenBiases(trainer)[0]).toEqual(biasBefore.map(() => 0));
    trainer.trainStep();
    expect(hiddenBiases(trainer)[0].some((value) => value !== 0)).toBe(true);
  });

  it('setParameters with a nonzero bias while BN is on moves it into the running mean, keeping the function', () => {
    const trainer = new Trainer({ model: mlp([6]), data, seed: 1, settings: settingsWith({ batchNorm: true }), dtype: 'float64' });
    for (let i = 0; i < 20; i++) trainer.trainStep();
    const parameters = trainer.parameters();
    const reference = new Trainer({ model: mlp([6]), data, seed: 1, settings: settingsWith({ batchNorm: true }), dtype: 'float64' });
    const shifted = parameters.map((p) => (p.name === 'dense 1' ? { ...p, bias: p.bias.map((_, u) => 0.5 + u) } : p));
    // Inference mode with bias b and running mean mu + b is the same function as with 0 and mu.
    const withShift = shifted.map((p) => (p.kind === 'batchNorm' ? { ...p, runningMean: p.runningMean!.map((mu, u) => mu + 0.5 + u) } : p));
    reference.setParameters(withShift);
    expect(hiddenBiases(reference)[0]).toEqual([0, 0, 0, 0, 0, 0]);
    const expected = trainer.predict(data.validation.inputs, data.validation.count);
    const actual = reference.predict(data.validation.inputs, data.validation.count);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-6);
  });
});
