/**
 * The run pool: many headless runs at once (multi-seed lesson checks, sweeps), metrics only.
 *
 * ```ts
 * const pool = createInProcessPool();            // Node: tests, `lessons:check`, sweeps
 * const pool = createWorkerPool();               // browser: src/worker/poolLane.ts, one worker per lane
 * const result = await pool.run(
 *   { settings, sources, limit: { epochs: 50 } }, // or { steps: n }, or { untilDone: true, maxEpochs: 500 }; `log` replays live changes
 *   { onProgress: ({ epoch, metrics }) => ... },  // every finished epoch, as it comes
 * );                                              // RunResult: epochs, steps, stoppedEarly, diverged, cancelled
 * const results = await Promise.all(seeds.map((seed) => pool.run({ settings: { ...settings, seed }, limit })));
 * pool.cancelAll();                              // running and queued runs resolve at once with cancelled: true
 * pool.dispose();                                // ends the lanes (workers)
 * ```
 *
 * - `size` lanes run at once (default max(1, cores - 1), overridable); more requests wait in a
 *   queue that holds only their settings, so memory is bounded by the number of lanes. No
 *   snapshots are made: a run reports its epoch figures only.
 * - Each `run` promise resolves as soon as that run finishes (results stream in finishing order;
 *   `onResult` sees them in that order too). A run that fails (missing data, an engine refusal)
 *   rejects with the reason; the pool goes on.
 * - Every lane trains through trainInSlices: the same run builder and step loop as the worker
 *   session and replay, so a pooled run's metrics equal the app's bit for bit.
 * - The pool is generic over its job: `RunRequest -> RunResult` with per-epoch progress by
 *   default; a sweep's runs are `SummaryRequest -> RunSummary` jobs (src/worker/summaryJob.ts)
 *   that report only their final figures and a progress tick a few times a second.
 */
import type { EpochMetrics } from '../engine';
import type { RunRequest, RunResult } from './trainHeadless';
import { trainInSlices, type CancelToken, type SliceHost } from './trainInSlices';

/** One finished epoch of a pooled run. */
export interface RunProgress {
  epoch: number;
  metrics: EpochMetrics;
}

/** Per-run options. */
export interface PoolRunOptions<Progress = RunProgress> {
  onProgress?: (progress: Progress) => void;
}

/** A started run in a lane: its outcome and a way to stop it early. */
export interface LaneJob<Result = RunResult> {
  done: Promise<Result>;
  cancel(): void;
}

/** Where a pool's runs train: in this thread, or in a worker. `onProgress` reports as the job's kind does. */
export interface PoolLane<Job = RunRequest, Result = RunResult, Progress = RunProgress> {
  start(job: Job, onProgress: (progress: Progress) => void): LaneJob<Result>;
  dispose(): void;
}

/** How one kind of job trains in this thread (a lane calls it, in a worker or in Node), and what a job cancelled before its start resolves with. */
export interface PoolJobKind<Job, Result, Progress> {
  /** `tick` runs after every slice and during long inference passes (a worker's heartbeat; cheap). */
  train(job: Job, hooks: { onProgress: (progress: Progress) => void; token: CancelToken; host?: SliceHost; tick?: () => void }): Promise<Result>;
  cancelledBeforeStart(job: Job): Result;
}

/** The default kind: a RunRequest trained to its limit, every epoch's figures reported (numbered 1, 2, 3...). */
export const RUN_REQUEST_JOB: PoolJobKind<RunRequest, RunResult, RunProgress> = {
  train(request, { onProgress, token, host, tick }) {
    let epoch = 0;
    return trainInSlices(request, { token, host, tick, onEpoch: (metrics) => onProgress({ epoch: ++epoch, metrics }) });
  },
  cancelledBeforeStart: () => ({ ...CANCELLED_BEFORE_START, epochs: [] }),
};

/** The pool's public face (see the file's comment for a tour). */
export interface RunPool<Job = RunRequest, Result = RunResult, Progress = RunProgress> {
  /** How many runs train at once. */
  readonly size: number;
  /** Queues a run; resolves with its metrics when it finishes (or is cancelled). */
  run(job: Job, options?: PoolRunOptions<Progress>): Promise<Result>;
  /** Cancels every running and queued run: each resolves with `cancelled: true`. */
  cancelAll(): void;
  /** Cancels everything and ends the lanes; the pool cannot run again. */
  dispose(): void;
}

/** The default number of lanes: one per core, leaving one for the page. */
export function defaultPoolSize(cores: number | undefined): number {
  return Math.max(1, (cores ?? 1) - 1);
}

interface QueuedRun<Job, Result, Progress> {
  job: Job;
  options: PoolRunOptions<Progress>;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

const CANCELLED_BEFORE_START: RunResult = { epochs: [], steps: 0, stoppedEarly: false, diverged: false, cancelled: true };

/** A pool over `size` lanes made by `createLane` (made when first needed), for jobs of `kind` (default: RunRequest). */
export function createRunPool(size: number, createLane: () => PoolLane, onResult?: (result: RunResult, request: RunRequest) => void): RunPool;
export function createRunPool<Job, Result, Progress>(
  size: number,
  createLane: () => PoolLane<Job, Result, Progress>,
  onResult: ((result: Result, job: Job) => void) | undefined,
  kind: Pick<PoolJobKind<Job, Result, Progress>, 'cancelledBeforeStart'>,
): RunPool<Job, Result, Progress>;
export function createRunPool<Job, Result, Progress>(
  size: number,
  createLane: () => PoolLane<Job, Result, Progress>,
  onResult?: (result: Result, job: Job) => void,
  kind: Pick<PoolJobKind<Job, Result, Progress>, 'cancelledBeforeStart'> = RUN_REQUEST_JOB as unknown as PoolJobKind<Job, Result, Progress>,
): RunPool<Job, Result, Progress> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A run pool needs at least one lane (got ${size}).`);
  const lanes: (PoolLane<Job, Result, Progress> | null)[] = Array.from({ length: size }, () => null);
  const busy: (LaneJob<Result> | null)[] = Array.from({ length: size }, () => null);
  const queue: QueuedRun<Job, Result, Progress>[] = [];
  let disposed = false;

  const pump = () => {
    for (let index = 0; index < size && queue.length > 0; index++) {
      if (busy[index]) continue;
      const next = queue.shift()!;
      const lane = (lanes[index] ??= createLane());
      const job = lane.start(next.job, (progress) => next.options.onProgress?.(progress));
      busy[index] = job;
      job.done.then(
        (result) => {
          busy[index] = null;
          onResult?.(result, next.job);
          next.resolve(result);
          pump();
        },
        (error: unknown) => {
          busy[index] = null;
          next.reject(error);
          pump();
        },
      );
    }
  };

  const cancelAll = () => {
    for (const waiting of queue.splice(0)) waiting.resolve(kind.cancelledBeforeStart(waiting.job));
    for (const job of busy) job?.cancel();
  };

  return {
    size,
    run(job, options = {}) {
      if (disposed) return Promise.reject(new Error('This run pool was disposed.'));
      return new Promise<Result>((resolve, reject) => {
        queue.push({ job, options, resolve, reject });
        pump();
      });
    },
    cancelAll,
    dispose() {
      disposed = true;
      cancelAll();
      for (const lane of lanes) lane?.dispose();
      lanes.fill(null);
    },
  };
}

/** A lane in this thread: runs interleave slice by slice (no parallelism; the same code path as a worker lane). */
export function inProcessLane(): PoolLane;
export function inProcessLane<Job, Result, Progress>(kind: PoolJobKind<Job, Result, Progress>): PoolLane<Job, Result, Progress>;
export function inProcessLane<Job, Result, Progress>(kind: PoolJobKind<Job, Result, Progress> = RUN_REQUEST_JOB as unknown as PoolJobKind<Job, Result, Progress>): PoolLane<Job, Result, Progress> {
  return {
    start(job, onProgress) {
      const token: CancelToken = { cancelled: false };
      return { done: kind.train(job, { onProgress, token }), cancel: () => (token.cancelled = true) };
    },
    dispose() {},
  };
}

/**
 * A pool whose lanes train in this thread (Node: tests, CLI checks and sweeps; they share the
 * browser pool's code path). `size` defaults to 1: lanes in one thread interleave, they do not
 * add speed.
 */
export function createInProcessPool(options: { size?: number; onResult?: (result: RunResult, request: RunRequest) => void } = {}): RunPool {
  return createRunPool(options.size ?? 1, inProcessLane, options.onResult);
}
