/**
 * The headless step loop: trains a run to a limit with no clock, messages or Worker. Replay, the
 * run pool (in a worker or in Node) and the checks built on them all train through it.
 */
import type { EpochMetrics } from '../engine';
import type { Run } from './run';

/** How far to train: a number of minibatch steps, of epochs, or until early stopping or divergence ends the run (capped). */
export type RunLimit = { steps: number } | { epochs: number } | { untilDone: true; maxEpochs: number };

/** How a headless run ended. */
export interface AdvanceResult {
  /** Every epoch's figures, in order (plus the restored weights' after a restore). */
  epochs: EpochMetrics[];
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
}

/** Whether `run` has reached `limit`. */
export function reached(run: Run, limit: RunLimit): boolean {
  if ('steps' in limit) return run.trainer.stepCount >= limit.steps;
  if ('epochs' in limit) return run.trainer.epochCount >= limit.epochs;
  return run.trainer.epochCount >= limit.maxEpochs;
}

/**
 * Trains `run` until `limit`, an early stop or a divergence, applying its queued replay entries at
 * their steps. `onEpoch` sees each epoch's figures as they come (progress, streaming); return
 * false from `shouldContinue` to stop at the next minibatch (cancel).
 */
export function advanceRun(
  run: Run,
  limit: RunLimit,
  options: { onEpoch?: (metrics: EpochMetrics) => void; shouldContinue?: () => boolean } = {},
): AdvanceResult {
  const epochs: EpochMetrics[] = [];
  const record = (metrics: EpochMetrics) => {
    epochs.push(metrics);
    options.onEpoch?.(metrics);
  };
  const done = (stoppedEarly: boolean, diverged: boolean): AdvanceResult => ({ epochs, steps: run.trainer.stepCount, stoppedEarly, diverged });
  while (!reached(run, limit)) {
    if (options.shouldContinue && !options.shouldContinue()) break;
    for (const applied of run.applyDueReplay()) if (applied.kind === 'restore') record(applied.metrics);
    const { result, epochs: finished } = run.step();
    for (const metrics of finished) record(metrics);
    if (result.diverged) return done(false, true);
    if (result.stopped) return done(true, false);
  }
  return done(false, false);
}
