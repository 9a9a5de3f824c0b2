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
 */
import type { EpochMetrics } from '../engine';
import type { RunRequest, RunResult } from './trainHeadless';
import { trainInSlices, type CancelToken } from './trainInSlices';

/** One finished epoch of a pooled run. */
export interface RunProgress {
  epoch: number;
  metrics: EpochMetrics;
}

/** Per-run options. */
export interface PoolRunOptions {
  onProgress?: (progress: RunProgress) => void;
}

/** A started run in a lane: its outcome and a way to stop it early. */
export interface LaneJob {
  done: Promise<RunResult>;
  cancel(): void;
}

/** Where a pool's runs train: in this thread, or in a worker. */
export interface PoolLane {
  start(request: RunRequest, onEpoch: (metrics: EpochMetrics) => void): LaneJob;
  dispose(): void;
}

/** The pool's public face (see the file's comment for a tour). */
export interface RunPool {
  /** How many runs train at once. */
  readonly size: number;
  /** Queues a run; resolves with its metrics when it finishes (or is cancelled). */
  run(request: RunRequest, options?: PoolRunOptions): Promise<RunResult>;
  /** Cancels every running and queued run: each resolves with `cancelled: true`. */
  cancelAll(): void;
  /** Cancels everything and ends the lanes; the pool cannot run again. */
  dispose(): void;
}

/** The default number of lanes: one per core, leaving one for the page. */
export function defaultPoolSize(cores: number | undefined): number {
  return Math.max(1, (cores ?? 1) - 1);
}

interface QueuedRun {
  request: RunRequest;
  options: PoolRunOptions;
  resolve(result: RunResult): void;
  reject(error: unknown): void;
}

const CANCELLED_BEFORE_START: RunResult = { epochs: [], steps: 0, stoppedEarly: false, diverged: false, cancelled: true };

/** A pool over `size` lanes made by `createLane` (made when first needed). */
export function createRunPool(size: number, createLane: () => PoolLane, onResult?: (result: RunResult, request: RunRequest) => void): RunPool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A run pool needs at least one lane (got ${size}).`);
  const lanes: (PoolLane | null)[] = Array.from({ length: size }, () => null);
  const busy: (LaneJob | null)[] = Array.from({ length: size }, () => null);
  const queue: QueuedRun[] = [];
  let disposed = false;

  const pump = () => {
    for (let index = 0; index < size && queue.length > 0; index++) {
      if (busy[index]) continue;
      const next = queue.shift()!;
      const lane = (lanes[index] ??= createLane());
      let epoch = 0;
      const job = lane.start(next.request, (metrics) => {
        epoch += 1;
        next.options.onProgress?.({ epoch, metrics });
      });
      busy[index] = job;
      job.done.then(
        (result) => {
          busy[index] = null;
          onResult?.(result, next.request);
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
    for (const waiting of queue.splice(0)) waiting.resolve({ ...CANCELLED_BEFORE_START, epochs: [] });
    for (const job of busy) job?.cancel();
  };

  return {
    size,
    run(request, options = {}) {
      if (disposed) return Promise.reject(new Error('This run pool was disposed.'));
      return new Promise<RunResult>((resolve, reject) => {
        queue.push({ request, options, resolve, reject });
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
export function inProcessLane(): PoolLane {
  return {
    start(request, onEpoch) {
      const token: CancelToken = { cancelled: false };
      return { done: trainInSlices(request, { onEpoch, token }), cancel: () => (token.cancelled = true) };
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
