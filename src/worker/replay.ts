/**
 * Headless replay: the same run the worker session trains, without time slices, messages or a
 * Worker. Given settings (with the seed), data sources and a run log, it yields the same metrics
 * bit for bit: the basis of replay files and of the determinism test. Built and stepped by the
 * run builder (src/run), as the session's run is.
 */
import type { EpochMetrics, Trainer } from '../engine';
import type { Dataset } from '../data';
import type { Settings } from '../settings/settingsTable';
import { advanceRun } from '../run/advance';
import { buildRun } from '../run/run';
import type { DataSources, RunLogItem } from '../run/runLog';
import { scoreTestSet, type TestFigures } from '../run/testFigures';

/** The outcome of a replay. */
export interface ReplayResult {
  epochs: EpochMetrics[];
  /** The trainer after the replay (for probes: parameters, histograms, masks). */
  trainer: Trainer;
  /** The dataset it trained on. */
  dataset: Dataset;
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
  /** The held-out test set's figures for the weights the run ends with (restored ones after an early stop). */
  test: TestFigures;
}

/** Optional hooks of a replay (sweeps: an epoch budget and heartbeats). */
export interface ReplayControl {
  /** Called after every minibatch step; returning true ends the replay there (not an early stop). */
  afterStep?(trainer: Trainer): boolean;
}

/** Trains `steps` minibatches (or until a stop or divergence), applying the log's entries at their steps. */
export function replayRun(settings: Settings, sources: DataSources, log: readonly RunLogItem[], steps: number, control: ReplayControl = {}): ReplayResult {
  const run = buildRun(settings, sources);
  run.queueReplay(log);
  const afterStep = control.afterStep;
  // The hook runs between minibatches: before the next step is the same place as after the last.
  const result = advanceRun(run, { steps }, afterStep ? { shouldContinue: () => run.trainer.stepCount === 0 || !afterStep(run.trainer) } : {});
  return { ...result, trainer: run.trainer, dataset: run.dataset, test: scoreTestSet(run.trainer, run.dataset) };
}
