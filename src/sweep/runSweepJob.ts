/**
 * One run of a sweep, trained by the same headless code as replay files and exports
 * (`replayRun`): the same settings and seed give the same numbers as the main view, bit for bit.
 * Metrics only: no telemetry snapshots; the prediction grid only when the job asks for its picture.
 */
import type { EpochMetrics } from '../engine';
import { replayRun } from '../worker/replay';
import { gridInputs } from '../worker/grid';
import { datasetInfo } from '../worker/datasetInfo';
import type { DataSources } from '../worker/protocol';
import type { SweepJob, SweepMetrics, SweepPicture, SweepProgress, SweepRunResult } from './sweepTypes';

/** Called while the run trains, at most every `intervalMs` (the pool's heartbeat). */
export interface JobHeartbeat {
  intervalMs: number;
  now(): number;
  beat(progress: SweepProgress): void;
}

/** Reads the test figures when the run's metrics carry them (a held-out test split), else null. */
function optional(metrics: EpochMetrics, key: 'testLoss' | 'testAccuracy' | 'testRmse'): number | null {
  const value = (metrics as unknown as Partial<Record<typeof key, number | null>>)[key];
  return typeof value === 'number' ? value : null;
}

/** The sweep's figures of one epoch's metrics. */
export function sweepMetrics(metrics: EpochMetrics): SweepMetrics {
  return {
    trainLoss: metrics.trainLoss,
    validationLoss: metrics.validationLoss,
    testLoss: optional(metrics, 'testLoss'),
    trainAccuracy: metrics.trainAccuracy,
    validationAccuracy: metrics.validationAccuracy,
    testAccuracy: optional(metrics, 'testAccuracy'),
    trainRmse: metrics.trainRmse,
    validationRmse: metrics.validationRmse,
    testRmse: optional(metrics, 'testRmse'),
  };
}

const NO_METRICS: SweepMetrics = {
  trainLoss: NaN,
  validationLoss: NaN,
  testLoss: null,
  trainAccuracy: null,
  validationAccuracy: null,
  testAccuracy: null,
  trainRmse: null,
  validationRmse: null,
  testRmse: null,
};

/** Trains one job to its epoch budget (or its early stop, or divergence) and returns its final figures. */
export function runSweepJob(job: SweepJob, sources: DataSources, heartbeat?: JobHeartbeat): SweepRunResult {
  let lastBeat = heartbeat ? heartbeat.now() : 0;
  const result = replayRun(job.settings, sources, [], Number.POSITIVE_INFINITY, {
    afterStep: (trainer) => {
      if (heartbeat) {
        const now = heartbeat.now();
        if (now - lastBeat >= heartbeat.intervalMs) {
          lastBeat = now;
          heartbeat.beat({ jobId: job.id, epoch: trainer.epochCount, epochs: job.epochs });
        }
      }
      return trainer.epochCount >= job.epochs;
    },
  });
  const last = result.epochs.length > 0 ? result.epochs[result.epochs.length - 1] : null;
  let picture: SweepPicture | null = null;
  if (job.picture && !result.diverged) {
    const grid = gridInputs(result.dataset);
    const dataset = result.dataset;
    if (grid && dataset.domain) {
      // As the session's snapshots build it, so the boundary drawing code reads it the same way.
      const values = result.trainer.predict(grid.inputs, grid.count);
      picture = {
        grid: { kind: grid.kind, size: grid.size, domain: [...dataset.domain], values, classes: dataset.task === 'classification' ? dataset.outputSize : 1 },
        dataset: datasetInfo(dataset, job.settings),
      };
    }
  }
  return {
    jobId: job.id,
    epochs: result.trainer.epochCount,
    steps: result.steps,
    stoppedEarly: result.stoppedEarly,
    diverged: result.diverged,
    final: last && !result.diverged ? sweepMetrics(last) : { ...NO_METRICS },
    picture,
  };
}
