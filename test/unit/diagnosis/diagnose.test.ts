import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../src/engine/contract';
import { constantPredictorLoss, diagnose, DIAGNOSIS_THRESHOLDS, type Verdict } from '../../../src/ui/panels/diagnosis/diagnose';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { replayRun } from '../../../src/worker/replay';

const LN2 = Math.log(2);

/** A hand-made epoch: only the losses matter to the rule. */
function epoch(index: number, trainLoss: number, validationLoss: number): EpochMetrics {
  return {
    epoch: index,
    step: index * 10,
    trainLossTrainingMode: trainLoss,
    trainLoss,
    validationLoss,
    penalty: 0,
    trainAccuracy: null,
    validationAccuracy: null,
    trainRmse: null,
    validationRmse: null,
    layers: [],
  };
}

/** Epochs 1..n with losses from functions of the epoch number. */
function history(n: number, train: (e: number) => number, validation: (e: number) => number): EpochMetrics[] {
  return Array.from({ length: n }, (_, index) => epoch(index + 1, train(index + 1), validation(index + 1)));
}

function verdictOf(epochs: EpochMetrics[], constantLoss = LN2, task: 'classification' | 'regression' = 'classification'): Verdict {
  return diagnose({ epochs, task, constantLoss }).verdict;
}

describe('constant predictor loss', () => {
  it('is the entropy of the class frequencies for cross-entropy', () => {
    expect(constantPredictorLoss('classification', [0, 1, 0, 1], 2)).toBeCloseTo(LN2, 12);
    expect(constantPredictorLoss('classification', [0, 1, 2, 3], 4)).toBeCloseTo(Math.log(4), 12);
    // 3:1 -> -(3/4 ln 3/4 + 1/4 ln 1/4)
    expect(constantPredictorLoss('classification', [0, 0, 0, 1], 2)).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 12);
    expect(constantPredictorLoss('classification', [1, 1, 1], 2)).toBe(0);
  });

  it('is the target variance (mean over outputs) for MSE', () => {
    expect(constantPredictorLoss('regression', [1, 2, 3, 4], 1)).toBeCloseTo(1.25, 12);
    // Two outputs: columns [0, 2] (variance 1) and [10, 10] (variance 0).
    expect(constantPredictorLoss('regression', [0, 10, 2, 10], 2)).toBeCloseTo(0.5, 12);
  });
});

describe('the rule on hand-made histories', () => {
  it('says too early before the minimum number of epochs', () => {
    const few = history(DIAGNOSIS_THRESHOLDS.minEpochs - 1, () => 0.01, () => 0.01);
    const result = diagnose({ epochs: few, task: 'classification', constantLoss: LN2 });
    expect(result.verdict).toBe('tooEarly');
    expect(result.reason).toMatch(/Too early to tell/);
    expect(diagnose({ epochs: [], task: 'classification', constantLoss: LN2 }).verdict).toBe('tooEarly');
  });

  it('finds underfitting when training loss stays near a constant guess', () => {
    const flat = history(40, () => 0.65, () => 0.66);
    const result = diagnose({ epochs: flat, task: 'classification', constantLoss: LN2 });
    expect(result.verdict).toBe('underfitting');
    expect(result.figures.trainShare).toBeCloseTo(0.65 / LN2, 6);
    expect(result.checks.find((check) => check.id === 'underfitting')!.holds).toBe(true);
    // Just below the threshold it is no longer underfitting.
    expect(verdictOf(history(40, () => 0.39 * LN2, () => 0.4 * LN2))).toBe('goodFit');
  });

  it('finds overfitting when validation loss rises from its minimum while training loss falls (a)', () => {
    // Validation falls to 0.2 at epoch 20, then climbs 1% of its value per epoch; training keeps falling.
    const epochs = history(60, (e) => 0.3 * Math.exp(-e / 15), (e) => (e <= 20 ? 0.5 - 0.015 * e : 0.2 * (1 + 0.01 * (e - 20))));
    const result = diagnose({ epochs, task: 'classification', constantLoss: LN2 });
    expect(result.verdict).toBe('overfitting');
    expect(result.checks.find((check) => check.id === 'validationRising')!.holds).toBe(true);
    expect(result.figures.validationMinimumEpoch).toBeGreaterThanOrEqual(20);
    expect(result.figures.validationMinimumEpoch).toBeLessThanOrEqual(24);
    expect(result.reason).toMatch(/validation loss rose \d+% after epoch \d+/);
  });

  it('does not call a rise overfitting when the training loss rose too (a jump, not memorizing)', () => {
    const epochs = history(60, (e) => (e <= 30 ? 0.1 : 0.12), (e) => (e <= 30 ? 0.12 : 0.15));
    const result = diagnose({ epochs, task: 'classification', constantLoss: LN2 });
    expect(result.checks.find((check) => check.id === 'validationRising')!.holds).toBe(false);
    expect(result.verdict).toBe('goodFit');
  });

  it('finds overfitting from a large gap alone (b)', () => {
    const epochs = history(40, () => 0.01, () => 0.01 + 0.3 * LN2);
    const result = diagnose({ epochs, task: 'classification', constantLoss: LN2 });
    expect(result.verdict).toBe('overfitting');
    expect(result.checks.find((check) => check.id === 'largeGap')!.holds).toBe(true);
    expect(result.checks.find((check) => check.id === 'validationRising')!.holds).toBe(false);
  });

  it('calls low, close losses a good fit', () => {
    const result = diagnose({ epochs: history(40, (e) => 0.1 + 0.5 / e, (e) => 0.12 + 0.5 / e), task: 'classification', constantLoss: LN2 });
    expect(result.verdict).toBe('goodFit');
    expect(result.checks.every((check) => check.id === 'enoughEpochs' || !check.holds)).toBe(true);
  });

  it('ignores a spike of one or two epochs (the median of the last epochs is "now")', () => {
    const spike = (e: number) => (e === 30 || e === 31 ? 0.9 : 0.1);
    const epochs = history(40, (e) => 0.1 - e * 0.0001, (e) => spike(e) + 0.01);
    for (let n = 20; n <= 40; n++) expect(verdictOf(epochs.slice(0, n))).toBe('goodFit');
  });

  it('shows its first verdict once it has held `persist` epochs, and a change once it has also held `holdSteps` steps', () => {
    // From epoch 30 on, validation loss sits far above training loss.
    const epochs = history(400, () => 0.05, (e) => (e < 30 ? 0.06 : 0.05 + 0.5 * LN2));
    const raw = (n: number) => {
      const result = diagnose({ epochs: epochs.slice(0, n), task: 'classification', constantLoss: LN2 });
      return result.pending ?? result.verdict;
    };
    const firstRaw = Array.from({ length: 400 }, (_, index) => index + 1).find((n) => raw(n) === 'overfitting')!;
    const early = diagnose({ epochs: epochs.slice(0, firstRaw), task: 'classification', constantLoss: LN2 });
    expect(early.verdict).toBe('goodFit');
    expect(early.pending).toBe('overfitting');
    expect(early.reason).toMatch(/The numbers now say overfitting \(held 1 epoch so far\)/);
    // 10 steps an epoch here: the change needs max(persist epochs, holdSteps / 10 epochs).
    const holdEpochs = Math.max(DIAGNOSIS_THRESHOLDS.persist, Math.ceil(DIAGNOSIS_THRESHOLDS.holdSteps / 10));
    expect(verdictOf(epochs.slice(0, firstRaw + holdEpochs - 2))).toBe('goodFit');
    expect(verdictOf(epochs.slice(0, firstRaw + holdEpochs - 1))).toBe('overfitting');
  });

  it('gives no verdict on a diverged run', () => {
    const epochs = [...history(20, () => 0.1, () => 0.1), epoch(21, NaN, NaN)];
    const result = diagnose({ epochs, task: 'classification', constantLoss: LN2 });
    expect(result.verdict).toBe('tooEarly');
    expect(result.reason).toMatch(/not finite/);
  });

  it('reports R² for regression, and underfitting as R² below the threshold', () => {
    const variance = 0.5;
    const result = diagnose({ epochs: history(40, () => 0.35, () => 0.36), task: 'regression', constantLoss: variance });
    expect(result.verdict).toBe('underfitting');
    expect(result.figures.trainR2).toBeCloseTo(1 - 0.35 / variance, 6);
    expect(result.figures.validationR2).toBeCloseTo(1 - 0.36 / variance, 6);
    expect(result.checks.find((check) => check.id === 'underfitting')!.rule).toMatch(/R² ≤ 0\.60/);
  });

  it('states every rule with its thresholds and the live numbers', () => {
    const result = diagnose({ epochs: history(20, () => 0.1, () => 0.12), task: 'classification', constantLoss: LN2 });
    const text = result.checks.map((check) => `${check.rule} ${check.measured}`).join('\n');
    expect(text).toContain('40%');
    expect(text).toContain('10%');
    expect(text).toContain('25%');
    expect(text).toContain(`${DIAGNOSIS_THRESHOLDS.sinceMinimum} epochs ago`);
    expect(text).toContain('0.693');
  });
});

/** Trains a seeded run for `epochs` epochs headlessly and diagnoses it. */
function seededRun(changes: Partial<Settings>, epochs: number) {
  // The former defaults these runs were chosen on (200 points in batches of 16, dropout 0.5).
  const settings: Settings = { ...DEFAULT_SETTINGS, trainCount: 200, batchSize: 16, dropoutRate: 0.5, ...changes };
  const { dataset } = replayRun(settings, {}, [], 0);
  const steps = epochs * Math.ceil(dataset.train.count / settings.batchSize);
  const run = replayRun(settings, {}, [], steps);
  const constantLoss = constantPredictorLoss(run.dataset.task, run.dataset.train.targets, run.dataset.outputSize);
  return diagnose({ epochs: run.epochs, task: run.dataset.task, constantLoss });
}

describe('each verdict on a seeded run that produces it', () => {
  it('too early: circle after 4 epochs', () => {
    expect(seededRun({ dataset: 'circle', hiddenLayers: [8] }, 4).verdict).toBe('tooEarly');
  });

  it('underfitting: spirals with one hidden layer of 2 units', () => {
    const result = seededRun({ dataset: 'spirals', hiddenLayers: [2] }, 60);
    expect(result.verdict).toBe('underfitting');
    expect(result.figures.trainShare).toBeGreaterThan(0.9);
  });

  it('underfitting (regression): a straight line through the 1D curve', () => {
    const result = seededRun({ dataset: 'sine', hiddenLayers: [], trainCount: 60 }, 60);
    expect(result.verdict).toBe('underfitting');
    expect(result.figures.trainR2).toBeLessThan(0.6);
  });

  it('overfitting: a wide network on 20 noisy moons', () => {
    const result = seededRun({ dataset: 'moons', hiddenLayers: [32, 32], trainCount: 20, noise: 0.6 }, 150);
    expect(result.verdict).toBe('overfitting');
    expect(result.figures.validationRise).toBeGreaterThan(1);
    expect(result.figures.gapShare).toBeGreaterThan(1);
  });

  it('overfitting (regression): a wide network through 10 points of the curve', () => {
    // One step an epoch: the change from "good fit" needs holdSteps epochs.
    const result = seededRun({ dataset: 'sine', hiddenLayers: [32, 32], trainCount: 10 }, 400 + DIAGNOSIS_THRESHOLDS.holdSteps);
    expect(result.verdict).toBe('overfitting');
    expect(result.figures.trainR2).toBeGreaterThan(0.9);
    expect(result.figures.validationR2!).toBeLessThan(result.figures.trainR2!);
  });

  it('good fit: a small network on the circle', () => {
    const result = seededRun({ dataset: 'circle', hiddenLayers: [8] }, 60);
    expect(result.verdict).toBe('goodFit');
    expect(result.figures.trainShare).toBeLessThan(0.1);
  });

  it('good fit (regression): one hidden layer with L2 on 60 points of the curve', () => {
    const result = seededRun({ dataset: 'sine', hiddenLayers: [16], trainCount: 60, l2Enabled: true }, 100);
    expect(result.verdict).toBe('goodFit');
    expect(result.figures.trainR2).toBeGreaterThan(0.8);
  });
});
