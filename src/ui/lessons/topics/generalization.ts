/**
 * Lesson "Generalization: how much data is enough?": its experiment, words, check and thresholds.
 */
import type { TaskKind } from '../../../state/viewTypes';
import { formatAccuracy, formatCount, formatPoints, formatTimes, formatValue } from '../format';
import { generalizationGap, type GeneralizationGap } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck, compareGate, capitalize } from '../checkKit';
import { verdictQuestion } from '../predictions';
import { runFiguresSentence } from '../heldOut';

const GENERALIZATION_MIN_EPOCHS = 20;
/** A training accuracy this far above validation counts as memorizing (classification). */
export const MEMORIZING_ACCURACY_GAP = 0.1;
/** A validation loss this many times the training loss counts as memorizing (regression). */
export const MEMORIZING_LOSS_RATIO = 3;
/** Below this training accuracy the network does not even fit its examples: no generalization to speak of. */
const UNDERFITTING_ACCURACY = 0.8;

interface Memorizing {
  gap: GeneralizationGap;
  /** The gap in one number: accuracy points (classification) or loss ratio - 1 (regression). */
  size: number;
  memorizing: boolean;
  /** Classification: the network gets fewer than UNDERFITTING_ACCURACY of its own examples right. */
  underfitting: boolean;
  sentence: string;
}

function measureMemorizing(run: LessonRun, task: TaskKind): Memorizing | null {
  const gap = generalizationGap(run.epochs);
  if (gap === null) return null;
  const count = formatCount(run.settings.trainCount);
  if (task === 'classification' && gap.accuracyGap !== null && gap.trainAccuracy !== null && gap.validationAccuracy !== null) {
    const memorizing = gap.accuracyGap >= MEMORIZING_ACCURACY_GAP;
    return {
      gap,
      size: gap.accuracyGap,
      memorizing,
      underfitting: gap.trainAccuracy < UNDERFITTING_ACCURACY,
      sentence: `with ${count} training examples: ${formatAccuracy(gap.trainAccuracy)} right on them, ${formatAccuracy(gap.validationAccuracy)} on new points, a gap of ${formatPoints(gap.accuracyGap)}`,
    };
  }
  const memorizing = gap.lossRatio >= MEMORIZING_LOSS_RATIO;
  return {
    gap,
    size: gap.lossRatio - 1,
    memorizing,
    underfitting: false,
    sentence: `with ${count} training examples: validation loss ${formatValue(gap.validationLoss)} is ${formatTimes(gap.lossRatio)} the training loss ${formatValue(gap.trainLoss)}`,
  };
}

function checkGeneralization(view: LessonRunView): LessonCheck {
  if (view.compare) return checkGeneralizationCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, GENERALIZATION_MIN_EPOCHS);
  if (gate) return gate;
  const measured = measureMemorizing(view, view.task);
  if (measured === null) return waiting('Waiting for finite losses.');
  return {
    status: measured.memorizing ? 'holds' : 'does-not-hold',
    headline: `${capitalize(measured.sentence)}${
      measured.memorizing ? ': the network memorized its few examples.' : measured.underfitting ? ': it does not even fit its training examples (underfitting).' : ': it generalizes, no memorizing here.'
    }`,
    details: [`Training loss ${formatValue(measured.gap.trainLoss)}, validation loss ${formatValue(measured.gap.validationLoss)} (mean of the last 3 epochs).`],
    numbers: { trainCount: view.settings.trainCount, gap: measured.size, trainLoss: measured.gap.trainLoss, validationLoss: measured.gap.validationLoss },
  };
}

function checkGeneralizationCompare(view: LessonRunView): LessonCheck {
  const gate = compareGate(view, GENERALIZATION_MIN_EPOCHS);
  if (gate) return gate;
  const runB = view.compare!;
  const [small, large] = view.settings.trainCount <= runB.settings.trainCount ? [view, runB] : [runB, view];
  const fewer = measureMemorizing(small, view.task);
  const more = measureMemorizing(large, view.task);
  if (fewer === null || more === null) return waiting('Waiting for finite losses in both runs.');
  if (view.settings.trainCount === runB.settings.trainCount) {
    return {
      status: 'does-not-hold',
      headline: `Both runs train on ${formatCount(view.settings.trainCount)} examples (${fewer.memorizing || more.memorizing ? 'memorizing' : 'no memorizing'}): give run B a different number to compare.`,
      details: [`${capitalize(fewer.sentence)}.`, `${capitalize(more.sentence)}.`],
      numbers: { smallGap: fewer.size, largeGap: more.size },
    };
  }
  const holds = fewer.memorizing && more.size <= fewer.size / 2;
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${capitalize(fewer.sentence)}; ${more.sentence}.${holds ? ' More data, much smaller gap.' : ' The larger set did not halve the gap here.'}`,
    details: [runFiguresSentence(`${formatCount(small.settings.trainCount)} examples`, small, view.task), runFiguresSentence(`${formatCount(large.settings.trainCount)} examples`, large, view.task)],
    numbers: { smallGap: fewer.size, largeGap: more.size },
  };
}

export const generalizationLesson: Lesson = {
  id: 'generalization',
  title: 'Generalization: how much data is enough?',
  topic: 'generalization',
  text:
    'A model generalizes when it does well on examples it has never seen. Thirty points of two interleaved spirals are few for a network with two layers of 32 units: it can learn each point by heart, reaching 100% on them while it misjudges many new points. With more examples there is less room to memorize, and the gap closes.',
  tryThis: [
    { text: 'Press Play and watch the training accuracy reach 100% while validation lags far behind.', play: true },
    { text: 'Raise Training examples to 500 and reset: the gap nearly disappears.', settings: { trainCount: 500 } },
    { text: 'Set Noise to 0 and reset: even clean spirals are memorized, not learned, from 30 points.', settings: { noise: 0 } },
  ],
  preset: preset({ dataset: 'spirals', trainCount: 30, noise: 0.2, validationFraction: 0.5, classes: 2, seed: 1, hiddenLayers: [32, 32], activation: 'relu', optimizer: 'adam', learningRate: 0.01, batchSize: 16 }),
  steps: 1000,
  control: { trainCount: 500 },
  compare: { trainCount: 500 },
  compareLabel: '500 training examples',
  hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm', 'earlyStopping'],
  predict: verdictQuestion('Trained on only 30 points, how will its accuracy on new points compare with its accuracy on the training points?', 'Much lower: a gap of 10 points or more', 'About as good'),
  seedEffect: { number: 'smallGap', describe: (median) => `median gap between training and validation accuracy on the small training set ${formatPoints(median)}` },
  check: checkGeneralization,
};
