/**
 * Lesson "Early stopping: keep the best epoch": its experiment, words, check and thresholds.
 */
import { formatCount, formatPercent, formatPoints, formatValue, plural } from '../format';
import { overfittingSignature, traceEarlyStopping, validationMinimum } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { contrastOnTest, needTest, testOf } from '../heldOut';
import { preset, waiting, needEpochs, divergedCheck } from '../checkKit';
import { directionQuestion } from '../predictions';

/** Which run keeps the restored best weights and which its last weights, or null when they do not differ in that. */
function keptAndLast(view: LessonRunView): { kept: LessonRun; last: LessonRun } | null {
  const runB = view.compare!;
  const restores = (run: LessonRun) => run.settings.earlyStopping && run.settings.restoreBest;
  if (restores(view) === restores(runB)) return null;
  return restores(view) ? { kept: view, last: runB } : { kept: runB, last: view };
}

/**
 * The comparison: the same run twice (same seed, data and batches), once restoring the best
 * weights when early stopping stops, once keeping the last ones. Judged on the held-out test set:
 * test loss and accuracy of the kept weights against the last weights.
 */
function checkEarlyStoppingCompare(view: LessonRunView): LessonCheck {
  const runB = view.compare!;
  const gate = divergedCheck(view) ?? divergedCheck(runB) ?? needEpochs(view.epochs, 2) ?? needEpochs(runB.epochs, 2);
  if (gate) return gate;
  const pair = keptAndLast(view);
  if (pair === null) {
    const single = checkEarlyStopping({ ...view, compare: undefined });
    return { status: 'does-not-hold', headline: `The runs do not differ in keeping the best weights (early stopping with "Restore best weights" in one run only): nothing to compare. ${single.headline}`, numbers: { gain: 0 } };
  }
  const single = checkEarlyStopping({ ...view, ...pair.kept, compare: undefined });
  if (single.status === 'waiting') return single;
  const bestEpoch = single.numbers?.bestEpoch;
  const stopEpoch = single.numbers?.stopEpoch;
  const pending = needTest([pair.kept, pair.last], `the restored weights of epoch ${bestEpoch ?? '?'} against the last weights of epoch ${stopEpoch ?? '?'}`, single.headline);
  if (pending) return pending;
  const contrast = contrastOnTest(testOf(pair.kept)!, testOf(pair.last)!, view.task, `with the restored weights of epoch ${formatCount(bestEpoch ?? 0)}`, `with the last weights of epoch ${formatCount(stopEpoch ?? 0)}`);
  const lossLower = contrast.lossChange < 0;
  const holds = lossLower && !contrast.worse;
  const lossWords = `Test loss ${formatPercent(Math.abs(contrast.lossChange))} ${lossLower ? 'lower' : 'higher'} with the restored weights`;
  const details = [single.headline];
  if (contrast.disagreement) details.unshift(contrast.disagreement);
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `${lossWords}; ${contrast.verdict.charAt(0).toLowerCase()}${contrast.verdict.slice(1)}. ${contrast.figures}.${holds ? ' Keeping the best epoch paid off on unseen points.' : ' Keeping the best epoch did not pay off on unseen points here.'}`,
    details,
    numbers: { gain: contrast.gain, lossChange: contrast.lossChange, bestEpoch: bestEpoch ?? NaN, stopEpoch: stopEpoch ?? NaN },
  };
}

function checkEarlyStopping(view: LessonRunView): LessonCheck {
  if (view.compare) return checkEarlyStoppingCompare(view);
  const gate = divergedCheck(view) ?? needEpochs(view.epochs, 2);
  if (gate) return gate;
  const { settings, epochs } = view;
  const rule = { patience: settings.patience, minDelta: settings.minDelta, startFromEpoch: settings.startFromEpoch };
  const trace = traceEarlyStopping(epochs, rule);
  const last = epochs[epochs.length - 1];
  if (settings.earlyStopping) {
    const stop = trace.stop !== null && trace.stop.epoch === last.epoch ? trace.stop : null;
    if (stop === null) {
      return waiting(
        trace.bestEpoch === null
          ? `Early stopping starts counting after epoch ${settings.startFromEpoch}.`
          : `Best validation loss so far ${formatValue(trace.bestValue!)} at epoch ${formatCount(trace.bestEpoch)}; ${trace.wait} of ${plural(settings.patience, 'epoch')} of patience used.`,
      );
    }
    const rise = stop.value / stop.bestValue - 1;
    const numbers = { stopEpoch: stop.epoch, bestEpoch: stop.bestEpoch, rise };
    const stopped = `Early stopping stopped at epoch ${formatCount(stop.epoch)}, ${plural(stop.epoch - stop.bestEpoch, 'epoch')} after the best validation loss (${formatValue(stop.bestValue)} at epoch ${formatCount(stop.bestEpoch)})`;
    if (!settings.restoreBest) {
      return {
        status: 'does-not-hold',
        headline: `${stopped}, but "Restore best weights" is off: the run keeps the weights of epoch ${formatCount(stop.epoch)} (validation loss ${formatValue(stop.value)}), not the best ones.`,
        numbers,
      };
    }
    return {
      status: 'holds',
      headline: `${stopped}; by then it had ${rise > 0 ? `risen ${formatPercent(rise)} to ${formatValue(stop.value)}` : 'stopped improving'}. The weights of epoch ${formatCount(stop.bestEpoch)} are back.`,
      details: [`Patience ${settings.patience}: the run waited that many epochs for a new best before stopping.`],
      numbers,
    };
  }
  const signature = overfittingSignature(epochs);
  const minimum = validationMinimum(epochs);
  if (signature === null || minimum === null) return waiting('Waiting for finite losses.');
  const epochsPast = last.epoch - minimum.epoch;
  const firstStop = trace.firstStop;
  const wouldHave = firstStop ? ` With patience ${settings.patience} it would have stopped at epoch ${formatCount(firstStop.epoch)} and kept ${formatValue(firstStop.bestValue)}.` : '';
  return {
    status: 'does-not-hold',
    headline: `Early stopping is off: training ran ${plural(epochsPast, 'epoch')} past the best validation loss (${formatValue(minimum.validationLoss)} at epoch ${formatCount(minimum.epoch)}), which is now ${formatPercent(signature.rise)} higher (${formatValue(signature.recentValidationLoss)}).${wouldHave}`,
    numbers: { epochsPast, rise: signature.rise },
  };
}

export const earlyStoppingLesson: Lesson = {
  id: 'early-stopping',
  title: 'Early stopping: keep the best epoch',
  topic: 'early-stopping',
  text:
    'Eighty points of two moons, a fifth of them with the wrong label, and a network big enough to learn even the wrong labels by heart. Early stopping checks the validation loss (320 points) after every epoch, remembers the weights of the best one, and stops once there has been no new best for "patience" epochs (50 here); then it puts the best weights back. The comparison trains the same run keeping its last weights instead, and the check judges both on 320 held-out test points.',
  tryThis: [
    { text: 'Play: the run stops by itself, and the chart marks the best epoch.', play: true },
    { text: 'Open the comparison, and when both runs have stopped press "Reveal test": restored best weights against the last weights.', compare: true },
    { text: 'Set Patience to 0 and reset: it may stop at the first wiggle of the validation loss.', settings: { patience: 0 } },
    { text: 'Switch "Restore best weights" off (Keras\'s default): the run keeps its last weights, not the best ones.', settings: { restoreBest: false } },
  ],
  preset: preset({
    dataset: 'moons',
    trainCount: 80,
    noise: 0.3,
    labelNoise: 0.2,
    validationFraction: 0.8,
    seed: 1,
    hiddenLayers: [64, 64],
    activation: 'relu',
    optimizer: 'adam',
    learningRate: 0.01,
    batchSize: 16,
    earlyStopping: true,
    patience: 50,
    restoreBest: true,
  }),
  steps: 1000,
  control: { earlyStopping: false },
  compare: { restoreBest: false },
  compareLabel: 'keeping the last weights',
  hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm'],
  predict: directionQuestion('Compared with the last weights, the restored best weights will have a test accuracy that is:', 'gain', 0, 'The same'),
  seedEffect: { number: 'gain', describe: (median) => `median change of test accuracy with the kept weights ${median >= 0 ? '+' : '−'}${formatPoints(median)}` },
  check: checkEarlyStopping,
};
