/**
 * One run of a sweep is a summary job of the run pool (src/worker/summaryJob.ts): the same
 * headless run builder and step loop as replay and the main view, so the same settings and seed
 * give the same numbers bit for bit. This file translates between a sweep's job and the pool's.
 */
import type { DataSources } from '../run/runLog';
import { runSummary, type RunSummary, type SummaryRequest } from '../worker/summaryJob';
import type { SweepJob, SweepMetrics, SweepRunResult } from './sweepTypes';
import { splitFigures } from '../run/splitFigures';

const NO_METRICS: SweepMetrics = splitFigures(null, null);

/** The pool request of a sweep job. */
export function sweepRequest(job: SweepJob, sources: DataSources): SummaryRequest {
  return { settings: job.settings, sources, epochs: job.epochs, picture: job.picture };
}

/** A sweep job's result from its finished summary. */
export function sweepResult(job: SweepJob, summary: RunSummary): SweepRunResult {
  return {
    jobId: job.id,
    epochs: summary.epochs,
    steps: summary.steps,
    stoppedEarly: summary.stoppedEarly,
    diverged: summary.diverged,
    final: summary.final && !summary.diverged ? splitFigures(summary.final, summary.test) : { ...NO_METRICS },
    picture: summary.picture,
  };
}

/** Trains one job at once, in this thread: the headless reference of the pool's runs (tests, the sweep benchmark). */
export function runSweepJob(job: SweepJob, sources: DataSources): SweepRunResult {
  return sweepResult(job, runSummary(sweepRequest(job, sources)));
}
