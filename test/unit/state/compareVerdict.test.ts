import { describe, expect, it } from 'vitest';
import { compareVerdict } from '../../../src/state/compareVerdict';
import { describeRelativeChange } from '../../../src/state/relativeChange';
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
    const verdict = compareVerdict(a, b, '+ dropout 0.5');
    expect(verdict?.leader).toBe('b-lower');
    expect(verdict?.epoch).toBe(3);
    expect(verdict?.sentence).toBe(
      "At epoch 3, B (+ dropout 0.5) has validation loss 0.6 against A's 0.9 (33% lower); gap between validation and training 0.1 vs 0.7; best validation loss so far 0.6 vs 0.8.",
    );
  });

  it('never gives a percentage of a near-zero loss', () => {
    const a = [epoch(1, 0.001, 0.002), epoch(2, 0.001, 0.002), epoch(3, 0.001, 0.002)];
    const b = [epoch(1, 0.3, 0.41), epoch(2, 0.3, 0.41), epoch(3, 0.3, 0.41)];
    const sentence = compareVerdict(a, b, '+ L2')?.sentence ?? '';
    expect(sentence).toContain('from 0.002 to 0.41');
    expect(sentence).not.toMatch(/\d{3,}%/);
  });
});

describe('relative change in words', () => {
  it('says percentages only between comparable values', () => {
    expect(describeRelativeChange(0.9, 0.6)).toBe('33% lower');
    expect(describeRelativeChange(0.5, 0.52)).toBe('4% higher');
    expect(describeRelativeChange(0.5, 0.501)).toBe('about the same');
    expect(describeRelativeChange(0.002, 0.41)).toBe('from 0.002 to 0.41');
    expect(describeRelativeChange(0.41, 0.002)).toBe('from 0.41 to 0.002');
    expect(describeRelativeChange(0, 0.3)).toBe('from 0 to 0.3');
  });
});
