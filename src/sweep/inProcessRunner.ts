/** A runner that trains sweep jobs in this thread (Node tests, and the fallback where Workers fail). */
import type { DataSources } from '../worker/protocol';
import { runSweepJob } from './runSweepJob';
import type { SweepJob, SweepProgress, SweepRunner, SweepRunResult } from './sweepTypes';

function abortError(): Error {
  const error = new Error('The sweep was cancelled.');
  error.name = 'AbortError';
  return error;
}

/** Trains one job at a time, in process, through the same `runSweepJob` as the pool's workers. */
export class InProcessSweepRunner implements SweepRunner {
  readonly size = 1;

  constructor(private readonly sources: DataSources = {}) {}

  async run(job: SweepJob, signal: AbortSignal, onProgress: (progress: SweepProgress) => void): Promise<SweepRunResult> {
    if (signal.aborted) throw abortError();
    // Yield first, so a cancel between runs is seen and the caller's UI can update.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (signal.aborted) throw abortError();
    const result = runSweepJob(job, this.sources);
    onProgress({ jobId: job.id, epoch: result.epochs, epochs: job.epochs });
    return result;
  }

  dispose(): void {}
}
