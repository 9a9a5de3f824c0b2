/**
 * Runs a sweep's jobs through the run pool, at most `pool.size` at a time, streaming each result
 * as it arrives. Memory stays bounded by the workers: a job's settings go out when a lane frees
 * up, and each result is a handful of numbers (plus one small picture per value).
 */
import type { DataSources } from '../run/runLog';
import type { RunPool } from '../run/runPool';
import type { RunSummary, SummaryProgress, SummaryRequest } from '../worker/summaryJob';
import type { SweepPlan } from './sweepJobs';
import { sweepRequest, sweepResult } from './runSweepJob';
import type { SweepProgress, SweepRunResult } from './sweepTypes';

/** The pool a sweep runs in: summary jobs (final figures only). */
export type SweepPool = RunPool<SummaryRequest, RunSummary, SummaryProgress>;

/** What a sweep reports while it runs. */
export interface SweepCallbacks {
  onResult?(result: SweepRunResult): void;
  onProgress?(progress: SweepProgress): void;
  /** A run failed (not a cancel): the sweep goes on without it. */
  onError?(jobId: number, message: string): void;
}

/** Trains every job of the plan; resolves with the results by job id (null for failed or cancelled ones). Aborting `signal` cancels the pool's runs. */
export async function runSweep(plan: SweepPlan, pool: SweepPool, signal: AbortSignal, sources: DataSources, callbacks: SweepCallbacks = {}): Promise<(SweepRunResult | null)[]> {
  const results: (SweepRunResult | null)[] = new Array<SweepRunResult | null>(plan.jobs.length).fill(null);
  const onAbort = () => pool.cancelAll();
  signal.addEventListener('abort', onAbort);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plan.jobs.length && !signal.aborted) {
      const job = plan.jobs[next++];
      try {
        const summary = await pool.run(sweepRequest(job, sources), { onProgress: (progress) => callbacks.onProgress?.({ jobId: job.id, ...progress }) });
        if (summary.cancelled) return;
        const result = sweepResult(job, summary);
        results[job.id] = result;
        callbacks.onResult?.(result);
      } catch (error) {
        if (signal.aborted) return;
        callbacks.onError?.(job.id, error instanceof Error ? error.message : String(error));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, pool.size) }, lane));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return results;
}
