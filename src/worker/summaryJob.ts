/**
 * A run that reports only its final figures: what a sweep's runs are. It trains to an epoch
 * budget through the one run builder and step loop (src/run), so the same settings give the same
 * final figures as the main view, bit for bit; it sends no per-epoch metrics, only a progress tick
 * a few times a second, and the final prediction over the plane when asked (a sweep's pictures).
 *
 * Per-epoch figures, which only early stopping reads here, are measured on a fixed seeded
 * subsample of large sets (the digits' 6,000 training images cost as much to evaluate after every
 * epoch as a third of the epoch's training); the figure early stopping monitors stays on its whole
 * set, so every stop matches the main view's, and the final figures are on the whole sets.
 */
import type { EpochMetrics } from '../engine';
import type { Settings } from '../settings/settingsTable';
import type { CheckedSettings } from '../settings/settingsValidation';
import { advanceRun } from '../run/advance';
import { buildRun, type Run } from '../run/run';
import type { DataSources } from '../run/runLog';
import { createRunPool, inProcessLane, type PoolJobKind, type RunPool } from '../run/runPool';
import { advanceInSlices, TIMER_HOST, type CancelToken, type SliceHost } from '../run/trainInSlices';
import type { AdvanceResult } from '../run/advance';
import { scoreTestSet } from '../run/testFigures';
import { datasetInfo } from './datasetInfo';
import { gridInputs } from './grid';
import type { DatasetInfo, PredictionGrid } from './protocol';

/** Progress ticks come at most this often (the sweep's progress bar and time left). */
export const SUMMARY_PROGRESS_MS = 200;

/** What to train: settings checked where they entered (the brand), their data sources, an epoch budget, and whether to send the picture. */
export interface SummaryRequest {
  settings: CheckedSettings;
  sources?: DataSources;
  /** Epochs to train (fewer when early stopping stops it or it diverges). */
  epochs: number;
  /** Whether to send the final prediction over the plane with the data to draw it on. */
  picture: boolean;
}

/** How far a summary job has come. */
export interface SummaryProgress {
  epoch: number;
  epochs: number;
}

/** The held-out test set's figures of the kept weights. */
export interface SummaryTestFigures {
  loss: number;
  accuracy: number | null;
  rmse: number | null;
}

/** The prediction over the plane at the end of a run, with the data to draw it over. */
export interface SummaryPicture {
  grid: PredictionGrid;
  dataset: DatasetInfo;
}

/** A finished (or cancelled) summary job. */
export interface RunSummary {
  /** Epochs completed and minibatch steps taken (to open the run elsewhere at the same point). */
  epochs: number;
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
  cancelled: boolean;
  /** The final weights' figures on the whole training and validation sets (null after a divergence or a cancel). */
  final: EpochMetrics | null;
  /** The held-out test figures of the kept weights (null after a divergence or a cancel, or without test rows). */
  test: SummaryTestFigures | null;
  picture: SummaryPicture | null;
}

function buildSummaryRun(request: SummaryRequest, tick?: () => void): Run {
  return buildRun(request.settings, request.sources ?? {}, { tick });
}

/** The held-out test figures of the kept weights (null when the data has no test rows: a tiny CSV). */
function heldOutFigures(run: Run): SummaryTestFigures | null {
  const test = scoreTestSet(run.trainer, run.dataset);
  return test.count === 0 ? null : { loss: test.loss, accuracy: test.accuracy, rmse: test.rmse };
}

function predictionPicture(run: Run, settings: Settings): SummaryPicture | null {
  const grid = gridInputs(run.dataset);
  const dataset = run.dataset;
  if (!grid || !dataset.domain) return null;
  // As the session's snapshots build it, so the boundary drawing code reads it the same way.
  const values = run.trainer.predict(grid.inputs, grid.count);
  return {
    grid: { kind: grid.kind, size: grid.size, domain: [...dataset.domain], values, classes: dataset.task === 'classification' ? dataset.outputSize : 1 },
    dataset: datasetInfo(dataset, settings),
  };
}

function summarize(run: Run, request: SummaryRequest, result: AdvanceResult, cancelled: boolean): RunSummary {
  const usable = !result.diverged && !cancelled;
  return {
    epochs: run.trainer.epochCount,
    steps: result.steps,
    stoppedEarly: result.stoppedEarly,
    diverged: result.diverged,
    cancelled,
    // One pass over the whole sets: the per-epoch figures may have been on subsamples.
    final: usable && run.trainer.epochCount > 0 ? run.trainer.evaluate() : null,
    test: usable ? heldOutFigures(run) : null,
    picture: usable && request.picture ? predictionPicture(run, request.settings) : null,
  };
}

/** Trains a summary job at once, in this thread (Node: headless references and tests). */
export function runSummary(request: SummaryRequest): RunSummary {
  const run = buildSummaryRun(request);
  return summarize(run, request, advanceRun(run, { epochs: request.epochs }), false);
}

/** Trains a summary job in slices (a pool lane: a cancel gets in between slices), ticking progress at most every SUMMARY_PROGRESS_MS. */
export async function trainSummaryInSlices(
  request: SummaryRequest,
  hooks: { onProgress?: (progress: SummaryProgress) => void; token?: CancelToken; host?: SliceHost; tick?: () => void } = {},
): Promise<RunSummary> {
  const host = hooks.host ?? TIMER_HOST;
  const token = hooks.token ?? { cancelled: false };
  // Start after the caller has its handle on this run (as trainInSlices does).
  await host.yield();
  if (token.cancelled) return { ...CANCELLED_SUMMARY };
  const run = buildSummaryRun(request, hooks.tick);
  let lastTick = -Infinity;
  const result = await advanceInSlices(run, { epochs: request.epochs }, {
    host,
    token,
    tick: hooks.tick,
    onEpoch: (metrics) => {
      const now = host.now();
      if (now - lastTick < SUMMARY_PROGRESS_MS) return;
      lastTick = now;
      hooks.onProgress?.({ epoch: metrics.epoch, epochs: request.epochs });
    },
  });
  return summarize(run, request, result, result.cancelled);
}

const CANCELLED_SUMMARY: RunSummary = { epochs: 0, steps: 0, stoppedEarly: false, diverged: false, cancelled: true, final: null, test: null, picture: null };

/** The run pool's kind for summary jobs. */
export const SUMMARY_JOB: PoolJobKind<SummaryRequest, RunSummary, SummaryProgress> = {
  train: (request, hooks) => trainSummaryInSlices(request, hooks),
  cancelledBeforeStart: () => ({ ...CANCELLED_SUMMARY }),
};

/** A pool of summary jobs in this thread (Node: tests and headless sweeps; the browser's lanes run the same `SUMMARY_JOB`). */
export function createInProcessSummaryPool(size = 1): RunPool<SummaryRequest, RunSummary, SummaryProgress> {
  return createRunPool(size, () => inProcessLane(SUMMARY_JOB), undefined, SUMMARY_JOB);
}
