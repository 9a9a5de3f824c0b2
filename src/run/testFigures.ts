/**
 * The held-out test set's figures for the weights a run keeps. Computed once on request (the
 * student presses "Reveal test", or a lesson's run ends), never per epoch, so no decision of the
 * run (early stopping, restore-best, the student's tuning) can lean on them.
 */
import type { Trainer } from '../engine';
import type { Dataset } from '../data';

/** Test loss and accuracy (classification) or RMSE (regression) of the kept weights. */
export interface TestFigures {
  /** Mean data loss on the test set (NaN when the set is empty, e.g. a tiny CSV). */
  loss: number;
  accuracy: number | null;
  rmse: number | null;
  /** Test examples scored. */
  count: number;
  /** The run's step and finished epochs when the figures were taken. */
  step: number;
  epoch: number;
}

/** Scores the trainer's current weights (inference mode) on the dataset's test set. */
export function scoreTestSet(trainer: Trainer, dataset: Pick<Dataset, 'test'>): TestFigures {
  const step = trainer.stepCount;
  const epoch = trainer.epochCount;
  if (dataset.test.count === 0) return { loss: NaN, accuracy: null, rmse: null, count: 0, step, epoch };
  const score = trainer.score(dataset.test);
  return { loss: score.loss, accuracy: score.accuracy, rmse: score.rmse, count: dataset.test.count, step, epoch };
}
