/**
 * Lesson "Batch normalization: faster training?": its experiment, words, check and thresholds.
 */
import { formatCount, formatTimes, formatValue, plural } from '../format';
import { firstEpochReaching, validationMinimum } from '../measures';
import type { Lesson, LessonCheck, LessonRun, LessonRunView } from '../types';
import { preset, waiting, needEpochs, divergedCheck, splitRuns } from '../checkKit';
import { verdictQuestion } from '../predictions';
import { runFiguresSentence } from '../heldOut';

/** The validation losses both runs race to, from easy to hard (the loss starts near ln 2 ≈ 0.69). */
export const BATCH_NORM_TARGETS = [0.6, 0.5, 0.4, 0.3, 0.2, 0.1] as const;
/** "Faster" at a target means reaching it in at most 1/1.5 of the epochs. */
const BATCH_NORM_SPEEDUP = 1.5;
const BATCH_NORM_MIN_EPOCHS = 2;

/** One target of the race: the epoch each run first reached it (null: not within its epochs). */
interface Race {
  target: number;
  withBn: number | null;
  without: number | null;
  /** without / with when both reached it; a lower bound when only BN did; an upper bound when only the plain run did. */
  speedup: number | null;
  verdict: 'faster' | 'similar' | 'slower' | 'neither';
}

function raceAt(target: number, on: LessonRun, off: LessonRun): Race {
  const withBn = firstEpochReaching(on.epochs, target)?.epoch ?? null;
  const without = firstEpochReaching(off.epochs, target)?.epoch ?? null;
  if (withBn !== null && without !== null) {
    const speedup = without / withBn;
    return { target, withBn, without, speedup, verdict: speedup >= BATCH_NORM_SPEEDUP ? 'faster' : speedup > 1 / BATCH_NORM_SPEEDUP ? 'similar' : 'slower' };
  }
  if (withBn !== null) {
    const speedup = off.epochs.length / withBn;
    return { target, withBn, without, speedup, verdict: speedup >= BATCH_NORM_SPEEDUP ? 'faster' : 'similar' };
  }
  if (without !== null) {
    // Only the plain run got there: batch norm is slower at this target (it never reached it).
    const speedup = without / on.epochs.length;
    return { target, withBn, without, speedup, verdict: 'slower' };
  }
  return { target, withBn, without, speedup: null, verdict: 'neither' };
}

function targetList(races: readonly Race[]): string {
  return races.map((race) => formatValue(race.target)).join(', ');
}

function raceDetail(race: Race): string {
  const at = (epoch: number | null) => (epoch === null ? 'never' : `epoch ${formatCount(epoch)}`);
  const times = race.speedup === null ? '' : race.withBn !== null && race.without !== null ? ` (${formatTimes(race.speedup)})` : race.withBn !== null ? ` (more than ${formatTimes(race.speedup)})` : ` (BN slower than ${formatTimes(1 / race.speedup)})`;
  return `Validation loss ${formatValue(race.target)}: with batch norm ${at(race.withBn)}, without ${at(race.without)}${times}.`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function checkBatchNorm(view: LessonRunView): LessonCheck {
  if (!view.compare) {
    const gate = divergedCheck(view) ?? needEpochs(view.epochs, BATCH_NORM_MIN_EPOCHS);
    if (gate) return gate;
    const on = view.settings.batchNorm;
    const reached = BATCH_NORM_TARGETS.filter((target) => firstEpochReaching(view.epochs, target) !== null);
    return waiting(
      `${on ? 'With' : 'Without'} batch norm the validation loss reached ${reached.length > 0 ? `${reached.map((target) => `${formatValue(target)} at epoch ${formatCount(firstEpochReaching(view.epochs, target)!.epoch)}`).join(', ')}` : `none of the targets (${BATCH_NORM_TARGETS.join(', ')}) in ${plural(view.epochs.length, 'epoch')}`}. Open the comparison to race it against the run ${on ? 'without' : 'with'} batch norm.`,
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
    const best = (run: LessonRun) => validationMinimum(run.epochs)?.validationLoss ?? NaN;
    return {
      status: 'does-not-hold',
      headline: `${both}: best validation loss ${formatValue(best(view))} and ${formatValue(best(runB))}; nothing to race.`,
      details: [runFiguresSentence('Run A', view, view.task), runFiguresSentence('Run B', runB, view.task)],
      numbers: { medianSpeedup: 1 },
    };
  }
  const races = BATCH_NORM_TARGETS.map((target) => raceAt(target, split.on, split.off));
  const decided = races.filter((race) => race.verdict !== 'neither');
  // A target neither run reached may still be reached: wait while the harder targets are open
  // and both runs are short; otherwise judge on the targets reached.
  if (decided.length === 0) return waiting(`Neither run has reached validation loss ${formatValue(BATCH_NORM_TARGETS[0])} yet; keep training.`);
  const faster = decided.filter((race) => race.verdict === 'faster');
  const slower = decided.filter((race) => race.verdict === 'slower');
  const speedups = decided.map((race) => race.speedup!);
  const medianSpeedup = median(speedups);
  const bestOn = validationMinimum(split.on.epochs);
  const bestOff = validationMinimum(split.off.epochs);
  const endsHigher = bestOn !== null && bestOff !== null && bestOn.validationLoss > bestOff.validationLoss;
  // The claim ("about 2× faster") holds when batch norm is faster at most targets either run
  // reached, with a median speed-up of at least 1.5×; slower targets are named either way.
  const holds = faster.length * 2 > decided.length && medianSpeedup >= BATCH_NORM_SPEEDUP;
  const parts: string[] = [];
  if (faster.length > 0) parts.push(`faster to ${targetList(faster)} (${faster.map((race) => formatTimes(race.speedup!)).join(', ')})`);
  const similar = decided.filter((race) => race.verdict === 'similar');
  if (similar.length > 0) parts.push(`about as fast to ${targetList(similar)}`);
  if (slower.length > 0) parts.push(`slower to ${targetList(slower)}`);
  const unreached = races.filter((race) => race.verdict === 'neither');
  const ends =
    bestOn !== null && bestOff !== null
      ? ` Best validation loss ${formatValue(bestOn.validationLoss)} with batch norm, ${formatValue(bestOff.validationLoss)} without${endsHigher ? ': batch norm ends higher.' : '.'}`
      : '';
  return {
    status: holds ? 'holds' : 'does-not-hold',
    headline: `With batch norm the run was ${parts.join('; ')}; median speed-up ${formatTimes(medianSpeedup)} over ${plural(decided.length, 'target')}.${ends}`,
    details: [
      ...races.filter((race) => race.verdict !== 'neither').map(raceDetail),
      ...(unreached.length > 0 ? [`Neither run reached ${targetList(unreached)} within its epochs.`] : []),
      runFiguresSentence('With batch norm', split.on, view.task),
      runFiguresSentence('Without', split.off, view.task),
      'The guide says about 2× faster; Ioffe and Szegedy (2015) matched their baseline in under half the steps, and in 14× fewer with a 5× learning rate.',
    ],
    numbers: { medianSpeedup, fasterTargets: faster.length, slowerTargets: slower.length, decidedTargets: decided.length, endsHigher: endsHigher ? 1 : 0 },
    curve: {
      label: 'Speed-up with batch norm (epochs without / epochs with) at each target validation loss',
      xLabel: 'target validation loss',
      yLabel: 'speed-up',
      points: races.map((race) => ({ x: race.target, y: race.speedup })),
      reference: 1,
    },
  };
}

export const batchNormLesson: Lesson = {
  id: 'batch-norm',
  title: 'Batch normalization: faster training?',
  topic: 'batch-norm',
  text:
    'A deep network, four ReLU layers of 32 units, trained on spirals with plain SGD at a learning rate of 0.3. Batch norm rescales each unit\'s input over the minibatch to mean 0 and variance 1, then learns its own scale and shift. The check counts the epochs until the validation loss first reaches each of six targets, 0.6 down to 0.1, with and without batch norm, on the same data, initial weights and batch order, and draws the speed-up at each target.',
  tryThis: [
    { text: 'Open the comparison: both runs train side by side.', compare: true },
    { text: 'Raise the learning rate to 1: without batch norm the network stalls at chance level; with it, it still learns, if bumpily.', settings: { learningRate: 1 } },
    { text: 'BN momentum is 0.9 here (PyTorch\'s 0.1). Set it to 0.99, Keras\'s default: the running averages used for validation lag behind, and the target comes much later.', settings: { batchNormMomentum: 0.99 } },
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
  predict: verdictQuestion('With batch norm, will the network reach most of the target losses in at most two thirds of the epochs?', 'Yes: batch norm is faster at most targets', 'No: about as fast, or slower'),
  seedEffect: { number: 'medianSpeedup', describe: (median) => `median speed-up with batch norm ${formatTimes(median)}` },
  check: checkBatchNorm,
};
