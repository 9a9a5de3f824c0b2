/**
 * A run stuck at chance level: with a learning rate far too high for its optimizer, a network can
 * sit for a million steps at the accuracy of always guessing the most common class (or the RMSE
 * of always predicting the mean) without ever producing NaN, so the divergence check never fires.
 * This is the pure rule; stuckWatch.ts applies it to the live run.
 */
import type { EpochMetrics, TaskKind } from '../engine/contract';
import type { Settings } from '../settings/settingsTable';
import type { Banner } from './runStore';

/** Epochs in a row at chance level before the warning. */
export const STUCK_EPOCHS = 20;
/** Classification: training accuracy within this much of the majority class's share counts as chance. */
const ACCURACY_MARGIN = 0.05;
/** Classification: a training loss of at least this fraction of the chance loss counts as chance too. */
const LOSS_FRACTION = 0.9;
/** Regression: training RMSE at least this fraction of the targets' standard deviation counts as chance. */
const RMSE_FRACTION = 0.95;

/**
 * The smallest learning rate called "high" per optimizer: ten times the top of the usual range
 * (Adam and AdamW about 1e-4 to 1e-2; SGD about 1e-3 to 1e-1).
 */
const HIGH_LEARNING_RATE: Record<Settings['optimizer'], number> = { adam: 0.1, adamw: 0.1, sgd: 1, momentum: 1 };
/** A learning rate that usually trains, suggested in the warning. */
const TYPICAL_LEARNING_RATE: Record<Settings['optimizer'], number> = { adam: 0.01, adamw: 0.01, sgd: 0.1, momentum: 0.03 };

/**
 * What "chance" means for a dataset: for classification the majority class's share and the loss of
 * always predicting the class frequencies (their entropy, in nats); for regression the targets'
 * standard deviation (the RMSE of always predicting the mean).
 */
export type ChanceLevel = { task: 'classification'; accuracy: number; loss: number } | { task: 'regression'; rmse: number };

/** Whether `learningRate` is high for `optimizer` (the warning is only given then). */
export function isHighLearningRate(settings: Pick<Settings, 'optimizer' | 'learningRate'>): boolean {
  return settings.learningRate >= HIGH_LEARNING_RATE[settings.optimizer];
}

/** Chance level from the training targets (class indices, or values in the units the RMSE is measured in). */
export function chanceLevel(task: TaskKind, trainTargets: ArrayLike<number>): ChanceLevel | null {
  const count = trainTargets.length;
  if (count === 0) return null;
  if (task === 'classification') {
    const counts = new Map<number, number>();
    let most = 0;
    for (let i = 0; i < count; i++) {
      const seen = (counts.get(trainTargets[i]) ?? 0) + 1;
      counts.set(trainTargets[i], seen);
      if (seen > most) most = seen;
    }
    let entropy = 0;
    for (const seen of counts.values()) entropy -= (seen / count) * Math.log(seen / count);
    return { task, accuracy: most / count, loss: entropy };
  }
  let mean = 0;
  for (let i = 0; i < count; i++) mean += trainTargets[i];
  mean /= count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (trainTargets[i] - mean) ** 2;
  return { task, rmse: Math.sqrt(squares / count) };
}

/** Whether each of the last STUCK_EPOCHS epochs trained no better than chance. */
export function isStuckAtChance(epochs: readonly EpochMetrics[], chance: ChanceLevel): boolean {
  if (epochs.length < STUCK_EPOCHS) return false;
  for (let index = epochs.length - STUCK_EPOCHS; index < epochs.length; index++) {
    const epoch = epochs[index];
    if (chance.task === 'classification') {
      // Either sign of learning nothing: accuracy of a constant guess, or a loss no better than the class frequencies'.
      const guessing = epoch.trainAccuracy !== null && epoch.trainAccuracy <= chance.accuracy + ACCURACY_MARGIN;
      const noBetterLoss = epoch.trainLoss >= chance.loss * LOSS_FRACTION;
      if (!guessing && !noBetterLoss) return false;
    } else if (epoch.trainRmse === null || !(epoch.trainRmse >= chance.rmse * RMSE_FRACTION)) return false;
  }
  return true;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** The warning for a stuck run: names the learning rate and what to do. */
export function stuckWarning(settings: Pick<Settings, 'optimizer' | 'learningRate'>, chance: ChanceLevel): Banner {
  const typical = TYPICAL_LEARNING_RATE[settings.optimizer];
  const what =
    chance.task === 'classification'
      ? `Training accuracy is no better than always guessing the most common class (${percent(chance.accuracy)})`
      : `The training RMSE is no better than always predicting the mean (${chance.rmse.toPrecision(2)})`;
  return {
    kind: 'warning',
    title: `The run has stayed at chance level for ${STUCK_EPOCHS} epochs at learning rate ${settings.learningRate}.`,
    detail: `${what}. Steps this large jump past every minimum (or silence the ReLUs for good), so the network learns nothing, although no number overflows.`,
    fixes: [`Lower the learning rate: try ${typical}.`, 'Then press Reset.'],
  };
}
