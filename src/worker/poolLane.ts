/**
 * The run pool's browser lanes: one module worker each (pool.worker.ts), speaking the pool
 * protocol. `createWorkerPool` is the browser's pool; Node uses createInProcessPool, which trains
 * through the same function.
 */
import type { EpochMetrics } from '../engine/contract';
import { createRunPool, defaultPoolSize, type PoolLane, type RunPool } from '../run/runPool';
import type { RunRequest, RunResult } from '../run/trainHeadless';
import { POOL_PROTOCOL_VERSION, type PoolCommand, type PoolEvent } from './poolProtocol';
import { SilenceWatch, type WatchBounds, type WatchClock } from './silenceWatch';

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

/** The lane watchdog's bounds and clock (tests; default: the product's and the page's). */
export interface LaneWatchOptions {
  bounds?: WatchBounds;
  clock?: WatchClock;
}

/**
 * A lane on one worker (made by `createPort`, a module worker unless a test passes another). A
 * worker that crashes, or falls silent while it trains (it speaks at least every HEARTBEAT_MS), is
 * ended: its run fails with the reason and the next run gets a fresh worker.
 */
export function workerLane(createPort: () => PoolPort = createPoolWorker, watchOptions: LaneWatchOptions = {}): PoolLane {
  let port: PoolPort | null = null;
  let watch: SilenceWatch | null = null;
  let nextId = 1;
  const jobs = new Map<number, { onEpoch: (metrics: EpochMetrics) => void; resolve: (result: RunResult) => void; reject: (error: Error) => void }>();
  /** Ends `failed` and fails its runs with `message`. */
  const fail = (failed: PoolPort, message: string) => {
    for (const job of jobs.values()) job.reject(new Error(message));
    jobs.clear();
    failed.terminate();
    if (port === failed) {
      port = null;
      watch?.stop();
      watch = null;
    }
  };
  const open = (): PoolPort => {
    if (port) return port;
    const opened = createPort();
    const openedWatch = new SilenceWatch((reason) => fail(opened, `${reason} Its run was stopped; run it again.`), 'run-pool worker', watchOptions.bounds, watchOptions.clock);
    opened.onmessage = ({ data: event }) => {
      openedWatch.heard();
      const job = jobs.get(event.id);
      if (!job) return;
      if (event.type === 'heartbeat') return;
      if (event.type === 'epoch') return job.onEpoch(event.metrics);
      jobs.delete(event.id);
      openedWatch.setRunning(jobs.size > 0);
      if (event.type === 'done') job.resolve(event.result);
      else job.reject(new Error(event.message));
    };
    opened.onerror = (event) => {
      event.preventDefault?.();
      fail(opened, event.message || 'A run-pool worker crashed.');
    };
    port = opened;
    watch = openedWatch;
    return opened;
  };
  return {
    start(request: RunRequest, onEpoch) {
      const id = nextId++;
      const done = new Promise<RunResult>((resolve, reject) => jobs.set(id, { onEpoch, resolve, reject }));
      const target = open();
      watch?.heard();
      watch?.setRunning(true);
      target.postMessage({ type: 'run', protocol: POOL_PROTOCOL_VERSION, id, request });
      return { done, cancel: () => target.postMessage({ type: 'cancel', id }) };
    },
    dispose() {
      port?.terminate();
      port = null;
      watch?.stop();
      watch = null;
      // Runs still in the worker end here: they resolve as cancelled, with nothing to report.
      for (const job of jobs.values()) job.resolve({ epochs: [], steps: 0, stoppedEarly: false, diverged: false, cancelled: true });
      jobs.clear();
    },
  };
}

/** The browser's run pool: `size` workers (default: the cores less one for the page). */
export function createWorkerPool(options: { size?: number; createPort?: () => PoolPort; onResult?: (result: RunResult, request: RunRequest) => void } = {}): RunPool {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return createRunPool(options.size ?? defaultPoolSize(cores), () => workerLane(options.createPort), options.onResult);
}
