/**
 * The run pool's browser lanes: one module worker each (pool.worker.ts), speaking the pool
 * protocol. `createWorkerPool` is the browser's pool of runs, `createSummaryWorkerPool` its pool of
 * summary jobs (sweeps); Node uses in-process lanes, which train through the same functions.
 */
import { createRunPool, defaultPoolSize, RUN_REQUEST_JOB, type PoolJobKind, type PoolLane, type RunPool } from '../run/runPool';
import type { DataSources } from '../run/runLog';
import type { RunRequest, RunResult } from '../run/trainHeadless';
import { POOL_PROTOCOL_VERSION, type PoolCommand, type PoolEvent, type PoolJob } from './poolProtocol';
import { SilenceWatch, type WatchBounds, type WatchClock } from './silenceWatch';
import { SUMMARY_JOB, type RunSummary, type SummaryProgress, type SummaryRequest } from './summaryJob';

/** Anything that carries pool commands and events like a Worker. */
export interface PoolPort {
  postMessage(command: PoolCommand): void;
  onmessage: ((message: MessageEvent<PoolEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

function createPoolWorker(): PoolPort {
  return new Worker(new URL('./pool.worker.ts', import.meta.url), { type: 'module', name: 'run-pool' }) as unknown as PoolPort;
}

/** How a job of one kind travels to a pool worker, and what a job ended by dispose resolves with. */
interface LaneWire<Job, Result> {
  wrap(job: Job): PoolJob;
  cancelled(job: Job): Result;
}

const RUN_WIRE: LaneWire<RunRequest, RunResult> = { wrap: (request) => ({ kind: 'run', request }), cancelled: RUN_REQUEST_JOB.cancelledBeforeStart };
const SUMMARY_WIRE: LaneWire<SummaryRequest, RunSummary> = { wrap: (request) => ({ kind: 'summary', request }), cancelled: SUMMARY_JOB.cancelledBeforeStart };

/** A lane's options: how its jobs travel (default: run requests), and its watchdog's bounds and clock (tests). */
export interface LaneOptions<Job, Result> {
  wire?: LaneWire<Job, Result>;
  bounds?: WatchBounds;
  clock?: WatchClock;
}

/**
 * A lane on one worker (made by `createPort`, a module worker unless a test passes another). A
 * worker that crashes, or falls silent while it trains (it speaks at least every HEARTBEAT_MS), is
 * ended: its jobs fail with the reason and the next job gets a fresh worker. A request's sources go
 * to the worker only when they are not the ones it already holds.
 */
export function workerLane<Job extends { sources?: DataSources } = RunRequest, Result = RunResult, Progress = unknown>(
  createPort: () => PoolPort = createPoolWorker,
  options: LaneOptions<Job, Result> = {},
): PoolLane<Job, Result, Progress> {
  const wire = options.wire ?? (RUN_WIRE as unknown as LaneWire<Job, Result>);
  let port: PoolPort | null = null;
  let watch: SilenceWatch | null = null;
  let sentSources: DataSources | null = null;
  let nextId = 1;
  const jobs = new Map<number, { job: Job; onProgress: (progress: Progress) => void; resolve: (result: Result) => void; reject: (error: Error) => void }>();
  /** Ends `failed` and fails its jobs with `message`. */
  const fail = (failed: PoolPort, message: string) => {
    for (const job of jobs.values()) job.reject(new Error(message));
    jobs.clear();
    failed.terminate();
    if (port === failed) {
      port = null;
      sentSources = null;
      watch?.stop();
      watch = null;
    }
  };
  const open = (): PoolPort => {
    if (port) return port;
    const opened = createPort();
    const openedWatch = new SilenceWatch((reason) => fail(opened, `${reason} Its run was stopped; run it again.`), 'run-pool worker', options.bounds, options.clock);
    opened.onmessage = ({ data: event }) => {
      openedWatch.heard();
      const job = jobs.get(event.id);
      if (!job) return;
      if (event.type === 'heartbeat') return;
      if (event.type === 'progress') return job.onProgress(event.progress as Progress);
      jobs.delete(event.id);
      openedWatch.setRunning(jobs.size > 0);
      if (event.type === 'done') job.resolve(event.result as Result);
      else job.reject(new Error(event.message));
    };
    opened.onerror = (event) => {
      event.preventDefault?.();
      fail(opened, event.message || 'A run-pool worker crashed.');
    };
    port = opened;
    watch = openedWatch;
    sentSources = null;
    return opened;
  };
  return {
    start(job, onProgress) {
      const id = nextId++;
      const done = new Promise<Result>((resolve, reject) => jobs.set(id, { job, onProgress, resolve, reject }));
      const target = open();
      watch?.heard();
      watch?.setRunning(true);
      const { sources = {}, ...rest } = job;
      const sendSources = sources !== sentSources;
      sentSources = sources;
      target.postMessage({ type: 'run', protocol: POOL_PROTOCOL_VERSION, id, job: wire.wrap(rest as Job), ...(sendSources ? { sources } : {}) });
      return { done, cancel: () => target.postMessage({ type: 'cancel', id }) };
    },
    dispose() {
      port?.terminate();
      port = null;
      sentSources = null;
      watch?.stop();
      watch = null;
      // Runs still in the worker end here: they resolve as cancelled, with nothing to report.
      for (const job of jobs.values()) job.resolve(wire.cancelled(job.job));
      jobs.clear();
    },
  };
}

/** The browser's run pool: `size` workers (default: the cores less one for the page). */
export function createWorkerPool(options: { size?: number; createPort?: () => PoolPort; onResult?: (result: RunResult, request: RunRequest) => void } = {}): RunPool {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return createRunPool(options.size ?? defaultPoolSize(cores), () => workerLane(options.createPort), options.onResult);
}

/** The browser's pool of summary jobs (a sweep's runs): `size` workers (default: the cores less one for the page). */
export function createSummaryWorkerPool(options: { size?: number; createPort?: () => PoolPort } = {}): RunPool<SummaryRequest, RunSummary, SummaryProgress> {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  const kind: PoolJobKind<SummaryRequest, RunSummary, SummaryProgress> = SUMMARY_JOB;
  return createRunPool(options.size ?? defaultPoolSize(cores), () => workerLane<SummaryRequest, RunSummary, SummaryProgress>(options.createPort, { wire: SUMMARY_WIRE }), undefined, kind);
}
