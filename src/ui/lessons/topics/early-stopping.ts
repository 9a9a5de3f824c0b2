/**
 * Lesson "Early stopping: keep the best epoch": its experiment, words, check and thresholds.
 */
import { formatCount, formatPercent, formatValue, plural } from '../format';
import { overfittingSignature, traceEarlyStopping, validationMinimum } from '../measures';
import type { Lesson, LessonCheck, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck } from '../checkKit';

function checkEarlyStopping(view: LessonRunView): LessonCheck {
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
      'Eighty noisy points of two moons and a network that will overfit them. Early stopping checks the validation loss after every epoch, remembers the weights of the best one, and stops once there has been no new best for "patience" epochs; then it puts the best weights back. A small patience may stop on a random wiggle; a large one wastes epochs.',
    tryThis: [
      'Play: the run stops by itself, and the chart marks the best epoch.',
      'Set Patience to 0 and reset: it stops at the first wiggle, maybe too soon.',
      'Switch "Restore best weights" off (Keras\'s default): the run keeps its worse last weights.',
      'Switch early stopping off and let it run: the validation loss keeps climbing.',
    ],
    preset: preset({
      dataset: 'moons',
      trainCount: 80,
      noise: 0.6,
      validationFraction: 0.5,
      seed: 1,
      hiddenLayers: [64, 64],
      activation: 'relu',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 16,
      earlyStopping: true,
      patience: 20,
      restoreBest: true,
    }),
    steps: 1000,
    control: { earlyStopping: false },
    hide: ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm'],
    check: checkEarlyStopping,
};
