import { describe, expect, it } from 'vitest';
import { SPARSITY_THRESHOLD } from '../../../src/engine/contract';
import { formatAccuracy, formatPercent, formatPoints, formatTimes, formatValue, plural } from '../../../src/ui/lessons/format';
import {
  featureSelection,
  firstEpochReaching,
  generalizationGap,
  gradientRatio,
  meanOfLast,
  overfittingSignature,
  ratio,
  traceEarlyStopping,
  validationMinimum,
} from '../../../src/ui/lessons/measures';
import { curve, denseLayer, epoch, layer, repeat } from './fixtures';

describe('validation minimum and the overfitting signature', () => {
  it('finds the first lowest finite validation loss', () => {
    const epochs = curve([1, 1, 1, 1], [0.5, 0.3, NaN, 0.3]);
    expect(validationMinimum(epochs)).toEqual({ epoch: 2, index: 1, validationLoss: 0.3, trainLoss: 1 });
    expect(validationMinimum([])).toBeNull();
    expect(validationMinimum(curve([1], [NaN]))).toBeNull();
  });

  it('averages the last epochs that have the figure', () => {
    const epochs = curve([1, 2, 3, 4], [0, 0, 0, 0], { train: [0.1, 0.2, 0.3, 0.4], validation: [0, 0, 0, 0] });
    expect(meanOfLast(epochs, 3, (m) => m.trainLoss)).toBeCloseTo(3);
    expect(meanOfLast(epochs, 10, (m) => m.trainAccuracy)).toBeCloseTo(0.25);
    expect(meanOfLast(curve([1], [1]), 3, (m) => m.trainAccuracy)).toBeNull();
  });

  it('measures the rise of the recent validation loss above its minimum', () => {
    const epochs = curve([0.9, 0.5, 0.3, 0.2, 0.1, 0.05], [1, 0.5, 0.4, 0.5, 0.6, 0.7]);
    const signature = overfittingSignature(epochs)!;
    expect(signature.minimum.epoch).toBe(3);
    expect(signature.recentValidationLoss).toBeCloseTo(0.6);
    expect(signature.rise).toBeCloseTo(0.5);
    expect(signature.recentTrainLoss).toBeCloseTo(0.35 / 3);
    expect(signature.epochsSinceMinimum).toBe(3);
  });

  it('gives the generalization gap in accuracy points and as a loss ratio', () => {
    const gap = generalizationGap(curve([0.1, 0.1, 0.1], [0.4, 0.4, 0.4], { train: [1, 1, 1], validation: [0.6, 0.6, 0.6] }))!;
    expect(gap.accuracyGap).toBeCloseTo(0.4);
    expect(gap.lossRatio).toBeCloseTo(4);
    expect(generalizationGap(curve([0.1], [0.2]))!.accuracyGap).toBeNull();
  });

  it('never divides to NaN', () => {
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(1, 0)).toBe(Infinity);
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe('early stopping trace (Keras 3 EarlyStopping semantics)', () => {
  const kerasLosses = [10, 9, 8, 9, 8.9, 8.8, 8.7, 8.6, 8.5];
  const epochs = curve(repeat(1, kerasLosses.length), kerasLosses);

  it.each([
    [0, 4],
    [1, 4],
    [2, 5],
    [3, 6],
  ])('patience %i stops at epoch %i, as in Keras\'s own test', (patience, stopEpoch) => {
    const upToStop = epochs.slice(0, stopEpoch);
    const trace = traceEarlyStopping(upToStop, { patience, minDelta: 0, startFromEpoch: 0 });
    expect(trace.stop).toEqual({ epoch: stopEpoch, bestEpoch: 3, bestValue: 8, value: kerasLosses[stopEpoch - 1] });
    // One epoch earlier it has not stopped yet.
    expect(traceEarlyStopping(epochs.slice(0, stopEpoch - 1), { patience, minDelta: 0, startFromEpoch: 0 }).stop).toBeNull();
  });

  it('counts a tie, or a gain of exactly minDelta, as no improvement', () => {
    const tie = traceEarlyStopping(curve([1, 1, 1], [1, 1, 1]), { patience: 2, minDelta: 0, startFromEpoch: 0 });
    expect(tie.stop?.epoch).toBe(3);
    const exactDelta = traceEarlyStopping(curve([1, 1], [1, 0.5]), { patience: 5, minDelta: 0.5, startFromEpoch: 0 });
    expect(exactDelta.bestEpoch).toBe(1);
    expect(exactDelta.wait).toBe(1);
  });

  it('skips the warm-up epochs and starts afresh after a stop', () => {
    const warmUp = traceEarlyStopping(curve([1, 1, 1], [5, 1, 2]), { patience: 5, minDelta: 0, startFromEpoch: 1 });
    expect(warmUp.bestEpoch).toBe(2);
    const twice = traceEarlyStopping(curve(repeat(1, 6), [1, 2, 3, 2, 3, 4]), { patience: 2, minDelta: 0, startFromEpoch: 0 });
    expect(twice.firstStop?.epoch).toBe(3);
    expect(twice.stop?.epoch).toBe(6);
    expect(twice.stop?.bestEpoch).toBe(4);
    expect(twice.bestEpoch).toBeNull();
  });
});

describe('gradient ratio', () => {
  it('is the geometric mean over the last five epochs of first over last layer', () => {
    const epochs = [1, 2, 3, 4, 5, 6].map((n) => epoch(n, { layers: [layer('dense 1', n === 1 ? 1 : n % 2 === 0 ? 1e-6 : 1e-8), layer('dense 2', 1), layer('output', 1)] }));
    const measured = gradientRatio(epochs)!;
    expect(measured.epochs).toBe(5);
    expect(Math.log10(measured.ratio)).toBeCloseTo((-6 * 3 - 8 * 2) / 5);
    expect(measured.firstLayer).toBe('dense 1');
    expect(measured.lastLayer).toBe('output');
  });

  it('needs two layers and positive finite norms', () => {
    expect(gradientRatio([epoch(1, { layers: [layer('output', 1)] })])).toBeNull();
    expect(gradientRatio([epoch(1, { layers: [layer('dense 1', 0), layer('output', 1)] })])).toBeNull();
    expect(gradientRatio([])).toBeNull();
  });
});

describe('feature selection', () => {
  const small = SPARSITY_THRESHOLD / 2;
  const parameters = [
    denseLayer('dense 1', [
      [0.5, 0],
      [small, -small],
      [0, 0.002],
      [0, 0],
    ]),
    denseLayer('output', [[1], [1]]),
  ];

  it('counts noise inputs whose every outgoing weight is below the threshold', () => {
    expect(featureSelection(parameters, [0], 4)).toEqual({
      noiseFeatures: 3,
      prunedNoise: 2,
      informativeFeatures: 1,
      keptInformative: 1,
      lostInformative: [],
      largestNoiseWeight: expect.closeTo(0.002, 6),
      threshold: SPARSITY_THRESHOLD,
    });
  });

  it('notices a pruned informative input and a layer that does not read the features', () => {
    expect(featureSelection(parameters, [0, 3], 4)!.lostInformative).toEqual([3]);
    expect(featureSelection(parameters, [0], 5)).toBeNull();
    expect(featureSelection(null, [0], 4)).toBeNull();
  });
});

describe('first epoch reaching a target', () => {
  it('is the first validation loss at or below the target', () => {
    expect(firstEpochReaching(curve([1, 1, 1, 1], [0.5, 0.3, 0.2, 0.3]), 0.3)?.epoch).toBe(2);
    expect(firstEpochReaching(curve([1], [0.5]), 0.3)).toBeNull();
  });
});

describe('number formats', () => {
  it('writes values, changes and ratios briefly', () => {
    expect(formatValue(0.27)).toBe('0.270');
    expect(formatValue(3.1e-12)).toBe('3.1e-12');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(Infinity)).toBe('infinite');
    expect(formatPercent(0.38)).toBe('38%');
    expect(formatPercent(0.054)).toBe('5.4%');
    expect(formatPercent(21.75)).toBe('2,175%');
    expect(formatTimes(2.43)).toBe('2.4×');
    expect(formatTimes(2e-12)).toBe('2e-12×');
    expect(formatAccuracy(0.9234)).toBe('92.3%');
    expect(formatPoints(-0.034)).toBe('3.4 points');
    expect(plural(1, 'epoch')).toBe('1 epoch');
    expect(plural(1200, 'epoch')).toBe('1,200 epochs');
  });
});
