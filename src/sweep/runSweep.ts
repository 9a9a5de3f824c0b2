/**
 * Runs a sweep's jobs through a runner, at most `runner.size` at a time, streaming each result as
 * it arrives. Memory stays bounded by the workers: a job's settings go out when a slot frees up,
 * and each result is a handful of numbers (plus one small picture per value).
 */
import type { SweepPlan } from './sweepJobs';
import type { SweepProgress, SweepRunner, SweepRunResult } from './sweepTypes';

/** What a sweep reports while it runs. */
export interface SweepCallbacks {
  onResult?(result: SweepRunResult): void;
  onProgress?(progress: SweepProgress): void;
  /** A run failed (not a cancel): the sweep goes on without it. */
  onError?(jobId: number, message: string): void;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Trains every job of the plan; resolves with the results by job id (null for failed or cancelled ones). */
export async function runSweep(plan: SweepPlan, runner: SweepRunner, signal: AbortSignal, callbacks: SweepCallbacks = {}): Promise<(SweepRunResult | null)[]> {
  const results: (SweepRunResult | null)[] = new Array<SweepRunResult | null>(plan.jobs.length).fill(null);
  let next = 0;
  const slot = async (): Promise<void> => {
    while (next < plan.jobs.length && !signal.aborted) {
      const job = plan.jobs[next++];
      try {
        const result = await runner.run(job, signal, (progress) => callbacks.onProgress?.(progress));
        results[job.id] = result;
        callbacks.onResult?.(result);
      } catch (error) {
        if (signal.aborted || isAbort(error)) return;
        callbacks.onError?.(job.id, error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, runner.size) }, slot));
  return results;
}
