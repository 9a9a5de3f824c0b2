/**
 * Lesson "Dropout on handwritten digits": its experiment, words, check and thresholds.
 */
import { formatAccuracy, formatPoints, formatValue } from '../format';
import { contrastOnTest, needTest, runFiguresSentence, testOf, testText } from '../heldOut';
import { generalizationGap } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck, compareGate, dropoutOn, splitRuns } from '../checkKit';
import { directionQuestion } from '../predictions';

const DROPOUT_MIN_EPOCHS = 8;

/** Training and validation figures of the recent epochs, for the details. */
function trainingSentence(name: string, run: LessonRun): string {
  const gap = generalizationGap(run.epochs);
  if (gap === null) return `${name}: no finite losses yet.`;
  const accuracy = gap.trainAccuracy !== null && gap.validationAccuracy !== null ? `; accuracy ${formatAccuracy(gap.trainAccuracy)} on training, ${formatAccuracy(gap.validationAccuracy)} on validation` : '';
  return `${name}: training loss ${formatValue(gap.trainLoss)}, validation loss ${formatValue(gap.validationLoss)}${accuracy} (mean of the last 3 epochs).`;
}

function checkDropout(view: LessonRunView): LessonCheck {
  if (view.compare) return checkDropoutCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, DROPOUT_MIN_EPOCHS);
  if (gate) return gate;
  const on = dropoutOn(view.settings);
  const name = on ? `With dropout ${view.settings.dropoutRate}` : 'Without dropout';
  const test = testOf(view);
  return waiting(
    `${name}${test ? `: ${testText(test, view.task)}` : ''}. One run cannot show what dropout changed: open the comparison, which trains the same network on the same data and batches ${on ? 'without' : 'with'} it, and judges both on the held-out test set.`,
    [trainingSentence(name, view)],
  );
}

function checkDropoutCompare(view: LessonRunView): LessonCheck {
  const gate = compareGate(view, DROPOUT_MIN_EPOCHS);
  if (gate) return gate;
  const split = splitRuns(view, dropoutOn);
  if (split === null) {
    return {
      status: 'does-not-hold',
      headline: `${dropoutOn(view.settings) ? 'Both runs use dropout' : 'Neither run uses dropout'}: nothing to compare. ${runFiguresSentence('Run A', view, view.task)}`,
      details: [trainingSentence('Run A', view), trainingSentence('Run B', view.compare!)],
      numbers: { gain: 0 },
    };
  }
  const details = [trainingSentence(`With dropout ${split.on.settings.dropoutRate}`, split.on), trainingSentence('Without dropout', split.off)];
  const pending = needTest([split.on, split.off], 'accuracy of the kept weights on 2,000 digits no decision has seen');
  if (pending) return { ...pending, details };
  const contrast = contrastOnTest(testOf(split.on)!, testOf(split.off)!, view.task, 'with dropout', 'without');
  const holds = contrast.gain > 0;
  if (contrast.disagreement) details.unshift(contrast.disagreement);
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${contrast.verdict}: ${contrast.figures}.${holds ? ' Dropout helped on unseen digits.' : ' Dropout did not help on unseen digits here.'}`,
    details,
    numbers: { gain: contrast.gain, lossChange: contrast.lossChange },
  };
}

export const dropoutLesson: Lesson = {
  id: 'dropout',
  title: 'Dropout on handwritten digits',
  topic: 'dropout',
  text:
    'The guide\'s example: a convolutional network on handwritten digits, with dropout at rate 0.5. Here 500 real digits (14×14 pixels), two convolution blocks and a hidden layer of 256 units: enough to memorize 500 images in a few epochs. Dropout switches off a random half of the hidden units at every training step and scales the others up; for validation and test all units work together. Rate is the fraction dropped (Keras rate, PyTorch p). The check compares the same network with and without dropout on 2,000 held-out test digits.',
  tryThis: [
    { text: 'Open the comparison: the same network, data and batches with and without dropout.', compare: true },
    { text: 'When both runs have trained, press "Reveal test": the check compares their test accuracy and loss.', revealTest: true },
    'Watch the training loss of the run without dropout fall far below its validation loss: it memorizes.',
  ],
  preset: preset({
    dataset: 'digits',
    trainCount: 500,
    digitsResolution: '14',
    convolutional: true,
    seed: 1,
    hiddenLayers: [256],
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 0.002,
    batchSize: 32,
    dropoutEnabled: true,
    dropoutRate: 0.5,
  }),
  steps: 640,
  control: { dropoutEnabled: false },
  compare: { dropoutEnabled: false },
  compareLabel: 'without dropout',
  sweep: 'dropout-rate',
  hide: ['l1Enabled', 'l2Enabled', 'batchNorm', 'earlyStopping'],
  contested:
    'The guide says dropout stops neurons from depending on each other. That "co-adaptation" story was the original motivation (Hinton et al. 2012), an intuition rather than a measurement. Other readings: training a huge ensemble of thinned networks that share weights (Srivastava et al. 2014), or an adaptive L2 penalty (Wager et al. 2013).',
  predict: directionQuestion('Switching on dropout (rate 0.5) will make the test accuracy on unseen digits:', 'gain', 0.0025, 'About the same (within 0.25 points)'),
  seedEffect: { number: 'gain', describe: (median) => `median change of test accuracy with dropout ${median >= 0 ? '+' : '−'}${formatPoints(median)}` },
  check: checkDropout,
};
