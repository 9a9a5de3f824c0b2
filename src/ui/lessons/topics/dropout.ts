/**
 * Lesson "Dropout on handwritten digits": its experiment, words, check and thresholds.
 */
import { formatAccuracy, formatPercent, formatTimes, formatValue } from '../format';
import { generalizationGap } from '../measures';
import type { Lesson, LessonCheck, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck, compareGate, dropoutOn, splitRuns } from '../checkKit';

const DROPOUT_MIN_EPOCHS = 8;
/** Validation loss this many times the training loss: the network memorized its training set. */
const DROPOUT_MEMORIZING_RATIO = 15;
/** Dropout "reduced overfitting" when the validation/training loss ratio is this many times smaller than without it... */
const DROPOUT_GAP_SHRINK = 2;
/** ...and the validation loss is at most this much higher (it should not get worse). */
const DROPOUT_WORSE_TOLERANCE = 0.02;

function checkDropout(view: LessonRunView): LessonCheck {
  if (view.compare) return checkDropoutCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, DROPOUT_MIN_EPOCHS);
  if (gate) return gate;
  const gap = generalizationGap(view.epochs);
  if (gap === null) return waiting('Waiting for finite losses.');
  const on = dropoutOn(view.settings);
  const memorized = gap.lossRatio >= DROPOUT_MEMORIZING_RATIO;
  const figures = `training loss ${formatValue(gap.trainLoss)}, validation loss ${formatValue(gap.validationLoss)} (${formatTimes(gap.lossRatio)})`;
  const headline = on
    ? `With dropout ${view.settings.dropoutRate}: ${figures}${memorized ? ': even so, the network memorized its training set.' : ': the network is not memorizing its training set.'}`
    : `Without dropout: ${figures}${memorized ? ': the network memorized its training set.' : ': not memorizing yet.'}`;
  const details = [
    gap.validationAccuracy !== null ? `Validation accuracy ${formatAccuracy(gap.validationAccuracy)} (mean of the last 3 epochs).` : `Mean of the last 3 epochs.`,
    'One run cannot show what dropout changed: the comparison trains the same network, same data and batches, without it.',
  ];
  return { status: on && !memorized ? 'holds' : 'does-not-hold', headline, details, numbers: { lossRatio: gap.lossRatio, validationLoss: gap.validationLoss } };
}

function checkDropoutCompare(view: LessonRunView): LessonCheck {
  const gate = compareGate(view, DROPOUT_MIN_EPOCHS);
  if (gate) return gate;
  const split = splitRuns(view, dropoutOn);
  const gapA = generalizationGap(view.epochs);
  const gapB = generalizationGap(view.compare!.epochs);
  if (gapA === null || gapB === null) return waiting('Waiting for finite losses in both runs.');
  if (split === null) {
    return {
      status: 'does-not-hold',
      headline: `${dropoutOn(view.settings) ? 'Both runs use dropout' : 'Neither run uses dropout'}: validation loss ${formatTimes(gapA.lossRatio)} and ${formatTimes(gapB.lossRatio)} the training loss, nothing to compare.`,
      numbers: { gapShrink: 1 },
    };
  }
  const withDropout = split.on === view ? gapA : gapB;
  const without = split.on === view ? gapB : gapA;
  // Overfitting is the gap; "better on unseen data" is the validation loss. The claim needs both:
  // a much smaller gap, and a validation loss that is not worse.
  const gapShrink = without.lossRatio / withDropout.lossRatio;
  const change = withDropout.validationLoss / without.validationLoss - 1;
  const holds = gapShrink >= DROPOUT_GAP_SHRINK && change <= DROPOUT_WORSE_TOLERANCE;
  const lossChange = Math.abs(change) < 0.005 ? 'the same' : `${formatPercent(Math.abs(change))} ${change < 0 ? 'lower' : 'higher'} with dropout`;
  const accuracy =
    withDropout.validationAccuracy !== null && without.validationAccuracy !== null
      ? `, accuracy ${formatAccuracy(withDropout.validationAccuracy)} with and ${formatAccuracy(without.validationAccuracy)} without`
      : '';
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `Validation loss is ${formatTimes(withDropout.lossRatio)} the training loss with dropout, ${formatTimes(without.lossRatio)} without: ${
      gapShrink >= DROPOUT_GAP_SHRINK ? `dropout shrank that gap ${formatTimes(gapShrink)}` : 'dropout hardly changed that gap'
    }. On unseen digits: validation loss ${formatValue(withDropout.validationLoss)} vs ${formatValue(without.validationLoss)} (${lossChange})${accuracy}.`,
    details: [
      `Training loss ${formatValue(withDropout.trainLoss)} with dropout, ${formatValue(without.trainLoss)} without (mean of the last 3 epochs).`,
      'The dropout paper trained far bigger networks for hundreds of epochs; the longer the training, the more the run without dropout overfits.',
    ],
    numbers: { gapShrink, validationChange: change, withDropout: withDropout.validationLoss, without: without.validationLoss },
  };
}

export const dropoutLesson: Lesson = {
    id: 'dropout',
    title: 'Dropout on handwritten digits',
    topic: 'dropout',
    text:
      '2,000 real handwritten digits (14×14 pixels) and a hidden layer of 128 units, plenty to memorize them in a few epochs. Dropout switches off a random half of the hidden units at every training step and scales the others up, so no unit can count on particular partners; for validation all units work together. Rate is the fraction dropped (Keras rate, PyTorch p); the dropout paper\'s p is the fraction kept. The gain needs enough data: on tiny sets of 100 to 500 examples the paper saw little or none.',
    tryThis: [
      'Play for 10 epochs and compare the training and validation loss.',
      'Switch dropout off and reset: the training loss falls toward 0 while validation stalls.',
      'Try rates 0.2 and 0.8: at 0.2 the network memorizes more; at 0.8 it learns less.',
      'Open the comparison to train both versions side by side.',
    ],
    preset: preset({
      dataset: 'digits',
      trainCount: 2000,
      digitsResolution: '14',
      seed: 1,
      hiddenLayers: [128],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.005,
      batchSize: 32,
      dropoutEnabled: true,
      dropoutRate: 0.5,
    }),
    steps: 630,
    control: { dropoutEnabled: false },
    compare: { dropoutEnabled: false },
    compareLabel: 'without dropout',
    hide: ['l1Enabled', 'l2Enabled', 'batchNorm', 'earlyStopping'],
    contested:
      'The guide says dropout stops neurons from depending on each other. That "co-adaptation" story was the original motivation (Hinton et al. 2012), an intuition rather than a measurement. Other readings: training a huge ensemble of thinned networks that share weights (Srivastava et al. 2014), or an adaptive L2 penalty (Wager et al. 2013).',
    check: checkDropout,
};
