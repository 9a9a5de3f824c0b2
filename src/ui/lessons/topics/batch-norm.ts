/**
 * Lesson "Batch normalization: faster training?": its experiment, words, check and thresholds.
 */
import type { EpochMetrics } from '../../../engine/contract';
import { formatCount, formatTimes, formatValue, plural } from '../format';
import { firstEpochReaching } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck, splitRuns } from '../checkKit';

/** The validation loss both runs race to. */
const BATCH_NORM_TARGET = 0.3;
/** "Faster" means reaching the target in at most 1/1.5 of the epochs. */
const BATCH_NORM_SPEEDUP = 1.5;
const BATCH_NORM_MIN_EPOCHS = 2;

function reachSentence(run: LessonRun, withBatchNorm: boolean): string {
  const hit = firstEpochReaching(run.epochs, BATCH_NORM_TARGET);
  const who = withBatchNorm ? 'with batch norm' : 'without it';
  return hit ? `${who} at epoch ${formatCount(hit.epoch)}` : `${who} not within ${plural(run.epochs.length, 'epoch')}`;
}

function checkBatchNorm(view: LessonRunView): LessonCheck {
  const target = formatValue(BATCH_NORM_TARGET);
  if (!view.compare) {
    const gate = divergedCheck(view) ?? needEpochs(view.epochs, BATCH_NORM_MIN_EPOCHS);
    if (gate) return gate;
    const hit = firstEpochReaching(view.epochs, BATCH_NORM_TARGET);
    const on = view.settings.batchNorm;
    return waiting(
      `${on ? 'With' : 'Without'} batch norm the validation loss ${hit ? `reached ${target} at epoch ${formatCount(hit.epoch)}` : `has not reached ${target} in ${plural(view.epochs.length, 'epoch')}`}. Open the comparison to race it against the run ${on ? 'without' : 'with'} batch norm.`,
    );
  }
  const runB = view.compare;
  if (view.diverged || runB.diverged) {
    const divergedRun = view.diverged ? view : runB;
    const holds = !divergedRun.settings.batchNorm && (view.diverged ? !runB.diverged : true) && view.settings.batchNorm !== runB.settings.batchNorm;
    return {
      status: holds ? 'holds' : 'does-not-hold',
      headline: `The run ${divergedRun.settings.batchNorm ? 'with' : 'without'} batch norm diverged at step ${formatCount(divergedRun.diverged!.step)}${holds ? '; the one with batch norm trained on at the same learning rate.' : '.'}`,
    };
  }
  const gate = needEpochs(view.epochs, BATCH_NORM_MIN_EPOCHS) ?? needEpochs(runB.epochs, BATCH_NORM_MIN_EPOCHS);
  if (gate) return gate;
  const split = splitRuns(view, (settings) => settings.batchNorm);
  if (split === null) {
    const both = view.settings.batchNorm ? 'Both runs use batch norm' : 'Neither run uses batch norm';
    const hitA = firstEpochReaching(view.epochs, BATCH_NORM_TARGET);
    const hitB = firstEpochReaching(runB.epochs, BATCH_NORM_TARGET);
    const when = (hit: EpochMetrics | null) => (hit ? `epoch ${formatCount(hit.epoch)}` : 'not yet');
    return { status: 'does-not-hold', headline: `${both}: they reached validation loss ${target} at ${when(hitA)} and ${when(hitB)}; nothing to compare.`, numbers: { speedup: 1 } };
  }
  const hitOn = firstEpochReaching(split.on.epochs, BATCH_NORM_TARGET);
  const hitOff = firstEpochReaching(split.off.epochs, BATCH_NORM_TARGET);
  const race = `Validation loss ${target} reached ${reachSentence(split.on, true)}, ${reachSentence(split.off, false)}`;
  const details = [
    'The guide says about 2× faster; Ioffe and Szegedy (2015) matched their baseline in under half the steps, and in 14× fewer with a 5× learning rate.',
  ];
  if (hitOn && hitOff) {
    const speedup = hitOff.epoch / hitOn.epoch;
    const holds = speedup >= BATCH_NORM_SPEEDUP;
    const verdict = speedup >= 1 ? `${formatTimes(speedup)} faster` : `${formatTimes(1 / speedup)} slower`;
    return { status: holds ? 'holds' : 'does-not-hold', headline: `${race}: ${verdict} with batch norm.`, details, numbers: { speedup, epochsWith: hitOn.epoch, epochsWithout: hitOff.epoch } };
  }
  if (hitOn && !hitOff) {
    const atLeast = split.off.epochs.length / hitOn.epoch;
    if (atLeast < BATCH_NORM_SPEEDUP) return waiting(`${race}; keep training to see how much faster.`);
    return { status: 'holds', headline: `${race}: more than ${formatTimes(atLeast)} faster with batch norm.`, details, numbers: { speedup: atLeast, epochsWith: hitOn.epoch } };
  }
  if (!hitOn && hitOff) {
    if (split.on.epochs.length < hitOff.epoch) return waiting(`${race}; keep training.`);
    return { status: 'does-not-hold', headline: `${race}: batch norm was slower here.`, details, numbers: { speedup: hitOff.epoch / split.on.epochs.length, epochsWithout: hitOff.epoch } };
  }
  return waiting(`${race}; keep training.`);
}

export const batchNormLesson: Lesson = {
    id: 'batch-norm',
    title: 'Batch normalization: faster training?',
    topic: 'batch-norm',
    text:
      'A deep network, four ReLU layers of 32 units, trained on spirals with plain SGD at a learning rate of 0.3. Batch norm rescales each unit\'s input over the minibatch to mean 0 and variance 1, then learns its own scale and shift. The check counts the epochs until the validation loss first reaches 0.30, with and without batch norm, on the same data, initial weights and batch order.',
    tryThis: [
      'Open the comparison: both runs train side by side.',
      'Raise the learning rate to 1: without batch norm the network stalls at chance level; with it, it still learns, if bumpily.',
      'BN momentum is 0.9 here (PyTorch\'s 0.1). Set it to 0.99, Keras\'s default: the running averages used for validation lag behind, and the target comes much later.',
    ],
    preset: preset({
      dataset: 'spirals',
      trainCount: 300,
      noise: 0.1,
      validationFraction: 0.5,
      classes: 2,
      seed: 1,
      hiddenLayers: [32, 32, 32, 32],
      activation: 'relu',
      optimizer: 'sgd',
      learningRate: 0.3,
      batchSize: 32,
      batchNormMomentum: 0.9,
    }),
    steps: 800,
    control: { batchNorm: false },
    compare: { batchNorm: true },
    compareLabel: '+ batch norm',
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'earlyStopping'],
    contested:
      'The guide credits batch norm with reducing "internal covariate shift", the explanation of Ioffe and Szegedy (2015). Santurkar et al. (2018) found that BN barely changes that shift, and that training with deliberately shifted layer inputs still benefits from BN; they attribute the speed to a smoother loss landscape, which tolerates larger steps.',
    check: checkBatchNorm,
};
