/**
 * Lesson "Best practices: all together": its experiment, words, check and thresholds.
 */
import type { EpochMetrics } from '../../../state/viewTypes';
import { formatAccuracy, formatCount, formatPercent, formatPoints, formatTimes, formatValue } from '../format';
import { traceEarlyStopping, validationMinimum } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { contrastOnTest, needTest, testOf, testText } from '../heldOut';
import { preset, waiting, needEpochs, divergedCheck, compareGate, techniquesOn, listOf } from '../checkKit';
import { directionQuestion } from '../predictions';
import { MEMORIZING_ACCURACY_GAP, MEMORIZING_LOSS_RATIO } from './generalization';

const BEST_PRACTICES_MIN_EPOCHS = 20;
/** The kept weights generalize when their validation loss is within this of the run's best, and they do not memorize. */
const KEPT_NEAR_BEST = 0.1;

interface KeptModel {
  epoch: EpochMetrics;
  /** keptValidation / best validation - 1. */
  excess: number;
  /** keptValidation / keptTrain. */
  gapRatio: number;
  /** Training minus validation accuracy of the kept weights (classification), else null. */
  accuracyGap: number | null;
  best: number;
  generalizes: boolean;
  restored: boolean;
}

/** The weights a run ends with: the best epoch's when early stopping stopped and restored, else the last. */
function keptModel(run: LessonRun): KeptModel | null {
  const { epochs, settings } = run;
  const minimum = validationMinimum(epochs);
  if (minimum === null) return null;
  let kept = epochs[epochs.length - 1];
  let restored = false;
  if (settings.earlyStopping && settings.restoreBest) {
    const trace = traceEarlyStopping(epochs, { patience: settings.patience, minDelta: settings.minDelta, startFromEpoch: settings.startFromEpoch });
    if (trace.stop !== null && trace.stop.epoch === kept.epoch) {
      kept = epochs.find((metrics) => metrics.epoch === trace.stop!.bestEpoch) ?? kept;
      restored = true;
    }
  }
  const excess = kept.validationLoss / minimum.validationLoss - 1;
  const gapRatio = kept.validationLoss / Math.max(kept.trainLoss, 1e-12);
  const accuracyGap = kept.trainAccuracy !== null && kept.validationAccuracy !== null ? kept.trainAccuracy - kept.validationAccuracy : null;
  const memorizing = accuracyGap !== null ? accuracyGap >= MEMORIZING_ACCURACY_GAP : gapRatio >= MEMORIZING_LOSS_RATIO;
  return { epoch: kept, excess, gapRatio, accuracyGap, best: minimum.validationLoss, generalizes: excess <= KEPT_NEAR_BEST && !memorizing, restored };
}

function keptSentence(run: LessonRun, kept: KeptModel): string {
  const techniques = techniquesOn(run.settings);
  const withWhat = techniques.length > 0 ? `With ${listOf(techniques)}` : 'With no regularization';
  const where = kept.excess <= 1e-9 ? "the run's best" : `${formatPercent(kept.excess)} above the run's best ${formatValue(kept.best)}`;
  const { trainAccuracy, validationAccuracy } = kept.epoch;
  const gap =
    kept.accuracyGap !== null && trainAccuracy !== null && validationAccuracy !== null
      ? `accuracy ${formatAccuracy(trainAccuracy)} on training and ${formatAccuracy(validationAccuracy)} on validation data`
      : `${formatTimes(kept.gapRatio)} their training loss ${formatValue(kept.epoch.trainLoss)}`;
  return `${withWhat}, the kept weights (epoch ${formatCount(kept.epoch.epoch)}${kept.restored ? ', restored' : ''}) have validation loss ${formatValue(kept.epoch.validationLoss)} (${where}), ${gap}`;
}

function checkBestPractices(view: LessonRunView): LessonCheck {
  if (view.compare) return checkBestPracticesCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, BEST_PRACTICES_MIN_EPOCHS);
  if (gate) return gate;
  const kept = keptModel(view);
  if (kept === null) return waiting('Waiting for finite losses.');
  const test = testOf(view);
  // One run cannot show what the recipe changed: the verdict needs the comparison, judged on test.
  return {
    status: 'waiting',
    headline: `${keptSentence(view, kept)}${test ? `; ${testText(test, view.task)}` : ''}. Open the comparison: the same network with every technique off, both judged on the held-out test set.`,
    numbers: { excess: kept.excess, gapRatio: kept.gapRatio, accuracyGap: kept.accuracyGap ?? NaN, keptValidationLoss: kept.epoch.validationLoss },
  };
}

function checkBestPracticesCompare(view: LessonRunView): LessonCheck {
  const gate = compareGate(view, BEST_PRACTICES_MIN_EPOCHS);
  if (gate) return gate;
  const runB = view.compare!;
  const keptA = keptModel(view);
  const keptB = keptModel(runB);
  if (keptA === null || keptB === null) return waiting('Waiting for finite losses in both runs.');
  const countA = techniquesOn(view.settings).length;
  const countB = techniquesOn(runB.settings).length;
  if (countA === countB) {
    return { status: 'does-not-hold', headline: `Both runs use the same techniques (${listOf(techniquesOn(view.settings)) || 'none'}): kept validation loss ${formatValue(keptA.epoch.validationLoss)} and ${formatValue(keptB.epoch.validationLoss)}; nothing to compare.`, numbers: { gain: 0 } };
  }
  const [more, fewer, moreRun, fewerRun] = countA > countB ? [keptA, keptB, view, runB] : [keptB, keptA, runB, view];
  const details = [keptSentence(moreRun, more) + '.', keptSentence(fewerRun, fewer) + '.'];
  const pending = needTest([moreRun, fewerRun], 'accuracy of the weights each run keeps');
  if (pending) return { ...pending, details };
  const fewerTechniques = techniquesOn(fewerRun.settings);
  const fewerName = fewerTechniques.length > 0 ? `with only ${listOf(fewerTechniques)}` : 'without them';
  const contrast = contrastOnTest(testOf(moreRun)!, testOf(fewerRun)!, view.task, `with ${listOf(techniquesOn(moreRun.settings))}`, fewerName);
  const holds = contrast.gain > 0;
  if (contrast.disagreement) details.unshift(contrast.disagreement);
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${contrast.verdict}: ${contrast.figures}.${holds ? ' The recipe helped on unseen points.' : ' The recipe did not help on unseen points here.'}`,
    details,
    numbers: { gain: contrast.gain, lossChange: contrast.lossChange },
  };
}

export const bestPracticesLesson: Lesson = {
  id: 'best-practices',
  title: 'Best practices: all together',
  topic: 'best-practices',
  text:
    'Eighty noisy points on a circle and two layers of 64 units: left alone, this network overfits. Here the usual recipe is on at once: standardized inputs, batch norm, dropout, a small L2 penalty, and early stopping that keeps the best weights. The comparison trains the same network with every technique off; the check judges the weights each run keeps on 320 held-out test points that no decision has seen.',
  tryThis: [
    { text: 'Play: early stopping ends the run and restores the best epoch.', play: true },
    { text: 'Open the comparison: the same network with every technique off.', compare: true },
    'Switch the techniques off one at a time: which one matters most here?',
  ],
  preset: preset({
    dataset: 'circle',
    trainCount: 80,
    noise: 0.6,
    validationFraction: 0.8,
    seed: 1,
    standardize: true,
    hiddenLayers: [64, 64],
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 0.01,
    batchSize: 16,
    dropoutEnabled: true,
    dropoutRate: 0.3,
    batchNorm: true,
    batchNormMomentum: 0.9,
    l2Enabled: true,
    l2: 0.001,
    earlyStopping: true,
    patience: 30,
    restoreBest: true,
  }),
  steps: 1000,
  control: { dropoutEnabled: false, batchNorm: false, l2Enabled: false, earlyStopping: false },
  compare: { dropoutEnabled: false, batchNorm: false, l2Enabled: false, earlyStopping: false },
  compareLabel: 'no regularization',
  contested:
    'The guide recommends dropout together with batch norm. Dropout before a batch-norm layer shifts the variance BN sees between training and inference (Li et al. 2019), so many networks use one or the other. Here the first layer\'s dropout feeds the second layer\'s batch norm: exactly that case.',
  predict: directionQuestion('With the full recipe on, the test accuracy of the kept weights, compared with no regularization, will be:', 'gain', 0, 'The same'),
  seedEffect: { number: 'gain', describe: (median) => `median change of test accuracy with more techniques ${median >= 0 ? '+' : '−'}${formatPoints(median)}` },
  check: checkBestPractices,
};
