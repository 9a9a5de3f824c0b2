import { describe, expect, it } from 'vitest';
import { compareVerdict } from '../../../src/state/compareController';
import type { EpochMetrics } from '../../../src/engine/contract';

function epoch(number: number, trainLoss: number, validationLoss: number): EpochMetrics {
  return { epoch: number, step: number * 10, trainLossTrainingMode: trainLoss, trainLoss, validationLoss, penalty: 0, trainAccuracy: null, validationAccuracy: null, trainRmse: null, validationRmse: null, layers: [] };
}

describe('compare verdict', () => {
  it('waits for three common epochs', () => {
    expect(compareVerdict([epoch(1, 1, 1), epoch(2, 1, 1)], [epoch(1, 1, 1), epoch(2, 1, 1)], '+ L2')).toBeNull();
  });

  it('compares at the latest epoch both runs reached, with numbers', () => {
    const a = [epoch(1, 0.9, 1), epoch(2, 0.5, 0.8), epoch(3, 0.2, 0.9), epoch(4, 0.1, 1.2)];
    const b = [epoch(1, 0.9, 1), epoch(2, 0.6, 0.7), epoch(3, 0.5, 0.6)];
    expect(compareVerdict(a, b, '+ dropout 0.5')).toBe(
      "At epoch 3, B (+ dropout 0.5) has validation loss 0.600 against A's 0.900 (33% lower); gap between validation and training 0.100 vs 0.700; best validation loss so far 0.600 vs 0.800.",
    );
  });
});
