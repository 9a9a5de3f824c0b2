import { describe, expect, it } from 'vitest';
import { decimateByEpoch } from '../../../src/state/epochDecimation';
import type { EpochMetrics } from '../../../src/engine/contract';

function epoch(number: number, validationLoss: number): EpochMetrics {
  return { epoch: number, step: number * 10, trainLossTrainingMode: 0.1, trainLoss: 0.1, validationLoss, penalty: 0, trainAccuracy: null, validationAccuracy: null, trainRmse: null, validationRmse: null, layers: [] };
}

describe('chart decimation by epoch', () => {
  it('keeps a spike, the ends, and an even spread even when recent epochs are dense', () => {
    // An already thinned history: every 100th epoch up to 900,000, then every epoch (the recent tail).
    const epochs: EpochMetrics[] = [];
    for (let number = 1; number < 900_000; number += 100) epochs.push(epoch(number, number === 400_001 ? 5 : 0.3 + 1 / number));
    for (let number = 900_000; number <= 901_000; number++) epochs.push(epoch(number, 0.3));
    const kept = decimateByEpoch(epochs, 400);
    expect(kept.length).toBeLessThanOrEqual(401);
    expect(kept[0].epoch).toBe(1);
    expect(kept[kept.length - 1].epoch).toBe(901_000);
    expect(kept.some((point) => point.validationLoss === 5)).toBe(true);
    const numbers = kept.map((point) => point.epoch);
    const meanSpacing = (numbers[numbers.length - 1] - numbers[0]) / (numbers.length - 1);
    let gap = 0;
    for (let index = 1; index < numbers.length; index++) gap = Math.max(gap, numbers[index] - numbers[index - 1]);
    expect(gap).toBeLessThanOrEqual(2 * meanSpacing);
  });

  it('returns short histories unchanged', () => {
    const epochs = [epoch(1, 1), epoch(2, 0.5)];
    expect(decimateByEpoch(epochs, 400)).toEqual(epochs);
  });
});
