import { describe, expect, it } from 'vitest';
import { compareVerdict, steadyCompareVerdict } from '../../../src/state/compareVerdict';
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

describe('steady compare verdict (hysteresis)', () => {
  /** `count` epochs of A at validation 1.0 and B at `validationB(epoch)`; 10 steps an epoch. */
  function runs(count: number, validationB: (epoch: number) => number) {
    const a: EpochMetrics[] = [];
    const b: EpochMetrics[] = [];
    for (let number = 1; number <= count; number++) {
      a.push(epoch(number, 0.5, 1));
      b.push(epoch(number, 0.5, validationB(number)));
    }
    return { a, b };
  }
  const hold = { epochs: 5, steps: 100 };

  it('names the first leader once it has held the epochs of the rule', () => {
    const early = runs(4, () => 0.8);
    expect(steadyCompareVerdict(early.a, early.b, '+ L2', hold)?.headline).toBeNull();
    const later = runs(5, () => 0.8);
    expect(steadyCompareVerdict(later.a, later.b, '+ L2', hold)?.headline).toBe('B (+ L2) generalizes better: lower validation loss');
  });

  it('keeps the headline through a short flip, and says the latest epochs disagree', () => {
    // B leads for 30 epochs, then trails for 3 epochs (30 steps: under both the 5 epochs and the 100 steps).
    const { a, b } = runs(33, (number) => (number <= 30 ? 0.8 : 1.3));
    const verdict = steadyCompareVerdict(a, b, '+ L2', hold)!;
    expect(verdict.shownLeader).toBe('b-lower');
    expect(verdict.leader).toBe('b-higher');
    expect(verdict.text).toMatch(/^B \(\+ L2\) generalizes better: lower validation loss \(the latest epochs point the other way; waiting to see whether that holds\)\. At epoch 33, /);
    expect(verdict.text).toContain('30% higher');
  });

  it('changes the headline once the new leader has held both the epochs and the steps', () => {
    // 9 epochs = 90 steps: enough epochs, too few steps; 10 epochs = 100 steps: both.
    const short = runs(39, (number) => (number <= 30 ? 0.8 : 1.3));
    expect(steadyCompareVerdict(short.a, short.b, '+ L2', hold)?.shownLeader).toBe('b-lower');
    const held = runs(40, (number) => (number <= 30 ? 0.8 : 1.3));
    const verdict = steadyCompareVerdict(held.a, held.b, '+ L2', hold)!;
    expect(verdict.shownLeader).toBe('b-higher');
    expect(verdict.text.startsWith('B (+ L2) generalizes worse: higher validation loss. At epoch 40')).toBe(true);
  });

  it('keeps the headline of a long thinned run through a one-epoch spike at its latest epoch', () => {
    const { a, b } = runs(2000, (number) => (number % 500 === 0 ? 1.5 : 0.7));
    const thinnedA = a.filter((entry) => entry.epoch % 10 === 0 || entry.epoch > 1990);
    const thinnedB = b.filter((entry) => entry.epoch % 10 === 0 || entry.epoch > 1990);
    // Epoch 2000 is a one-epoch spike: B trails there, but the headline stays.
    const verdict = steadyCompareVerdict(thinnedA, thinnedB, '+ dropout', hold)!;
    expect(verdict.leader).toBe('b-higher');
    expect(verdict.shownLeader).toBe('b-lower');
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
