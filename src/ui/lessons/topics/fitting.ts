/**
 * Lesson "Over- and underfitting: the 1D curve": its experiment, words, check and thresholds.
 */
import { formatCount, formatPercent, formatTimes, formatValue } from '../format';
import { overfittingSignature } from '../measures';
import type { Lesson, LessonCheck, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck } from '../checkKit';
import { verdictQuestion } from '../predictions';

const FITTING_MIN_EPOCHS = 30;
/** A recent validation loss this much above its minimum (with training still falling) is overfitting. */
const OVERFITTING_RISE = 0.2;
/** ...and the validation loss at least this many times the training loss (a noisy curve alone is no overfitting). */
const OVERFITTING_GAP_RATIO = 1.5;
/** Regression sets whose "noise" is the standard deviation of the target noise (catalog.ts). */
const NOISE_IS_TARGET_SD: ReadonlySet<string> = new Set(['sine', 'plane', 'bumps']);
/** A training RMSE this many times the target noise means the network cannot follow the curve. */
const UNDERFITTING_RMSE = 1.3;

/** The verdict is compared with the one this share of the epochs ago: it must not have changed since. */
const SETTLE_SHARE = 0.8;

/**
 * Waits for the verdict to settle instead of trusting a fixed step count: the verdict on all
 * epochs must be the verdict on the first 80% of them (overfitting can start late on some seeds).
 */
function checkFitting(view: LessonRunView): LessonCheck {
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, FITTING_MIN_EPOCHS);
  if (gate) return gate;
  const now = fittingVerdict(view);
  const earlierCount = Math.floor(view.epochs.length * SETTLE_SHARE);
  if (earlierCount < FITTING_MIN_EPOCHS) return waiting(`${now.headline} Waiting for the verdict to settle: this check compares it with the one ${formatCount(view.epochs.length - earlierCount)} epochs earlier once there are ${formatCount(Math.ceil(FITTING_MIN_EPOCHS / SETTLE_SHARE))} epochs.`);
  const earlier = fittingVerdict({ ...view, epochs: view.epochs.slice(0, earlierCount) });
  if (earlier.status !== now.status) {
    const said = (status: LessonCheck['status']) => (status === 'holds' ? 'overfitting' : 'no overfitting');
    return {
      ...now,
      status: 'waiting',
      headline: `The verdict is still changing: ${said(earlier.status)} at epoch ${formatCount(view.epochs[earlierCount - 1].epoch)}, ${said(now.status)} now. Keep training. ${now.headline}`,
    };
  }
  return now;
}

function fittingVerdict(view: LessonRunView): LessonCheck {
  const signature = overfittingSignature(view.epochs);
  if (signature === null) return waiting('Waiting for finite losses.');
  const { minimum, rise } = signature;
  const trainKeptFalling = signature.recentTrainLoss < 0.95 * minimum.trainLoss;
  const gapRatio = signature.recentValidationLoss / Math.max(signature.recentTrainLoss, 1e-12);
  const overfitting = rise >= OVERFITTING_RISE && trainKeptFalling && gapRatio >= OVERFITTING_GAP_RATIO;
  const details: string[] = [];
  const numbers: Record<string, number> = { rise, gapRatio, minimumEpoch: minimum.epoch, recentTrainLoss: signature.recentTrainLoss };
  const noise = view.settings.noise;
  const rmse = view.epochs[view.epochs.length - 1].trainRmse;
  let underfitting = false;
  if (view.task === 'regression' && NOISE_IS_TARGET_SD.has(view.settings.dataset) && noise > 0 && rmse !== null) {
    underfitting = rmse > UNDERFITTING_RMSE * noise;
    numbers.rmseOverNoise = rmse / noise;
    details.push(
      `Training RMSE ${formatValue(rmse)} against noise of ${formatValue(noise)}: ${
        underfitting ? 'the network is too simple to follow the curve (underfitting).' : rmse < 0.8 * noise ? 'below the noise, so it fits noise too.' : 'about the noise, as a good fit should be.'
      }`,
    );
  }
  const minimumText = `its minimum ${formatValue(minimum.validationLoss)} at epoch ${formatCount(minimum.epoch)}`;
  let headline: string;
  if (overfitting) {
    headline = `Validation loss rose ${formatPercent(rise)} after ${minimumText} while training loss kept falling (${formatValue(minimum.trainLoss)} → ${formatValue(signature.recentTrainLoss)}): overfitting.`;
  } else if (rise >= OVERFITTING_RISE && !trainKeptFalling) {
    headline = `Validation loss is ${formatPercent(rise)} above ${minimumText}, but training loss did not fall meanwhile (${formatValue(minimum.trainLoss)} → ${formatValue(signature.recentTrainLoss)}): unstable training, not overfitting.`;
  } else if (rise >= OVERFITTING_RISE) {
    headline = `Validation loss is ${formatPercent(rise)} above ${minimumText} but only ${formatTimes(gapRatio)} the training loss ${formatValue(signature.recentTrainLoss)}: noise in the curve, no real overfitting.`;
  } else {
    headline = `No overfitting: validation loss is ${formatPercent(rise)} above ${minimumText}${underfitting ? ', and both losses stay high: underfitting.' : '.'}`;
  }
  return { status: overfitting ? 'holds' : 'does-not-hold', headline, details, numbers };
}

export const fittingLesson: Lesson = {
  id: 'fitting',
  title: 'Over- and underfitting: the 1D curve',
  topic: 'fitting',
  text:
    'Ten noisy points from a sine curve (and thirty more to validate on). Two layers of 64 units have far more freedom than ten points can pin down: after finding the curve, the network bends itself through the noise of each point. Training loss keeps falling while validation loss turns upward: overfitting. A network that is too small cannot even follow the curve, and both losses stay high: underfitting.',
  tryThis: [
    { text: 'Play until the validation loss turns upward while the training loss keeps dropping; the check waits until its verdict stops changing, which can take thousands of steps.', play: true },
    { text: 'Set Hidden layers to "3" and reset: no upturn, but a coarse curve.', settings: { hiddenLayers: [3] } },
    { text: 'Clear Hidden layers (no hidden layer): a straight line, and both losses stay high.', settings: { hiddenLayers: [] } },
    { text: 'Raise Training examples to 200: with enough points the big network fits the curve well.', settings: { trainCount: 200 } },
  ],
  preset: preset({ dataset: 'sine', trainCount: 10, noise: 0.3, validationFraction: 0.75, seed: 1, hiddenLayers: [64, 64], activation: 'relu', optimizer: 'adam', learningRate: 0.02, batchSize: 10 }),
  steps: 10000,
  control: { trainCount: 200 },
  hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm', 'earlyStopping'],
  predict: verdictQuestion('As training goes on, what will the validation loss do?', 'Turn upward while the training loss keeps falling', 'Keep falling, or level off, with the training loss'),
  seedEffect: { number: 'rise', describe: (median) => `median rise of the validation loss after its minimum ${formatPercent(median)}` },
  check: checkFitting,
};
