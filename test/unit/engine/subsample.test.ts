/** Per-epoch figures on a fixed seeded subsample: the same examples every time, training untouched, early stopping on whole sets. */
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../../src/engine/trainer.ts';
import { gatherSamples, subsampleIndices } from '../../../src/engine/subsample.ts';
import type { EpochMetrics } from '../../../src/engine/contract.ts';
import { mlp, settingsWith, spiralData } from './helpers.ts';
import { defaultEarlyStopping } from './fixtures.ts';

const data = spiralData(600, 300, 4, 0.2);

/** Trains `epochs` epochs and returns every epoch's figures and the final weights. */
function train(options: { subsample?: number; earlyStopping?: boolean; epochs: number }) {
  const settings = settingsWith({ batchSize: 32, earlyStopping: { ...defaultEarlyStopping(), enabled: options.earlyStopping ?? false, patience: 2 } });
  const trainer = new Trainer({ model: mlp([12, 12]), data, seed: 9, settings, evaluationSubsample: options.subsample });
  const epochs: EpochMetrics[] = [];
  while (trainer.epochCount < options.epochs && !trainer.stoppedEarly) {
    const result = trainer.trainStep();
    if (result.epochMetrics) epochs.push(result.epochMetrics);
  }
  return { trainer, epochs };
}

describe('evaluation subsample', () => {
  it('picks the same sorted, distinct indices for the same seed and stream, other ones for another seed or stream', () => {
    const first = subsampleIndices(1000, 100, 3, 'evaluation/train');
    expect(subsampleIndices(1000, 100, 3, 'evaluation/train')).toEqual(first);
    expect(new Set(first).size).toBe(100);
    expect([...first]).toEqual([...first].sort((a, b) => a - b));
    expect(first.every((index) => index >= 0 && index < 1000)).toBe(true);
    expect(subsampleIndices(1000, 100, 4, 'evaluation/train')).not.toEqual(first);
    expect(subsampleIndices(1000, 100, 3, 'evaluation/validation')).not.toEqual(first);
    // A set no larger than the subsample is taken whole.
    expect([...subsampleIndices(5, 10, 3, 'evaluation/train')]).toEqual([0, 1, 2, 3, 4]);
  });

  it('copies the chosen examples with their targets', () => {
    const samples = { count: 4, inputs: Float32Array.from([0, 1, 10, 11, 20, 21, 30, 31]), targets: Float32Array.from([0, 1, 0, 1]) };
    expect(gatherSamples(samples, Int32Array.from([1, 3]), 1)).toEqual({ count: 2, inputs: Float32Array.from([10, 11, 30, 31]), targets: Float32Array.from([1, 1]) });
  });

  it('changes only the per-epoch figures: the weights and evaluate() equal a full run bit for bit', () => {
    const full = train({ epochs: 5 });
    const sampled = train({ subsample: 100, epochs: 5 });
    expect(sampled.trainer.parameters()).toEqual(full.trainer.parameters());
    expect(sampled.trainer.evaluate()).toEqual(full.trainer.evaluate());
    // Per epoch: training-mode loss and weights' figures alike, the inference figures on 100 examples each.
    expect(sampled.epochs.map((metrics) => metrics.trainLossTrainingMode)).toEqual(full.epochs.map((metrics) => metrics.trainLossTrainingMode));
    expect(sampled.epochs.map((metrics) => metrics.trainLoss)).not.toEqual(full.epochs.map((metrics) => metrics.trainLoss));
    expect(sampled.epochs.map((metrics) => metrics.validationLoss)).not.toEqual(full.epochs.map((metrics) => metrics.validationLoss));
    // Accuracy on 100 examples moves in steps of 1%.
    for (const metrics of sampled.epochs) expect(Math.round(metrics.validationAccuracy! * 100)).toBeCloseTo(metrics.validationAccuracy! * 100, 9);
  });

  it('keeps the figure early stopping monitors on its whole set, so it stops at the same epoch with the same weights', () => {
    const full = train({ earlyStopping: true, epochs: 400 });
    const sampled = train({ earlyStopping: true, subsample: 100, epochs: 400 });
    expect(full.trainer.stoppedEarly).toBe(true);
    expect(sampled.trainer.epochCount).toBe(full.trainer.epochCount);
    expect(sampled.epochs.map((metrics) => metrics.validationLoss)).toEqual(full.epochs.map((metrics) => metrics.validationLoss));
    expect(sampled.epochs.map((metrics) => metrics.trainLoss)).not.toEqual(full.epochs.map((metrics) => metrics.trainLoss));
    expect(sampled.trainer.parameters()).toEqual(full.trainer.parameters());
  });

  it('refuses a subsample that is not a whole number of examples', () => {
    expect(() => new Trainer({ model: mlp([4]), data, seed: 1, settings: settingsWith(), evaluationSubsample: 0.5 })).toThrow('whole number');
  });
});
