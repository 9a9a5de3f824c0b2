/**
 * Running a sweep: in the pool with progress, time left and cancel (the view's open/close and the
 * spec are in sweepMode.ts, which the shell imports without pulling the engine into the page).
 */
import type { CheckedSettings } from '../settings/settingsValidation';
import type { DataSources } from '../worker/protocol';
import { planSweep } from './sweepJobs';
import { runSweep, type SweepPool } from './runSweep';
import { sweepStore } from './sweepStore';
import type { SweepRunResult } from './sweepTypes';
import { defaultPoolSize } from '../run/runPool';
import { createSummaryWorkerPool } from '../worker/poolLane';
import { createInProcessSummaryPool } from '../worker/summaryJob';

/** Makes the run pool for a sweep of `size` lanes (tests inject an in-process one). */
export type PoolFactory = (size: number) => SweepPool;

// The run pool of "One run, many views": module workers in the page, this thread where there are none.
const defaultFactory: PoolFactory = (size) => (typeof Worker !== 'undefined' ? createSummaryWorkerPool({ size }) : createInProcessSummaryPool(size));
let poolFactory: PoolFactory = defaultFactory;
let current: { controller: AbortController; pool: SweepPool; flush(): void } | null = null;
/** Progress updates reach the store at most this often (each running job ticks about 5 times a second). */
const PROGRESS_INTERVAL_MS = 200;
/**
 * Finished runs reach the store (and so the plot and table) at most this often: with many workers
 * and short runs, results arrive faster than a chart should redraw.
 */
const RESULTS_INTERVAL_MS = 300;

/** For tests: how pools are made (null restores the default). */
export function setPoolFactory(factory: PoolFactory | null): void {
  poolFactory = factory ?? defaultFactory;
}

/** Workers to use (null = the default). */
export function setSweepPoolSize(size: number | null): void {
  sweepStore.setState({ poolSize: size === null ? null : Math.max(1, Math.min(16, Math.round(size))) });
}

/** The number of workers a sweep would use now. */
export function effectivePoolSize(): number {
  return sweepStore.getState().poolSize ?? defaultPoolSize(typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined);
}

/** Starts the spec's sweep on `base` (the current settings); cancels one already running. Resolves when it ends. */
export async function startSweep(base: CheckedSettings, sources: DataSources, now: () => number = () => performance.now()): Promise<void> {
  cancelSweep();
  const state = sweepStore.getState();
  const plan = planSweep(state.spec, base);
  const pool = poolFactory(effectivePoolSize());
  const controller = new AbortController();
  const mine = { controller, pool, flush: () => flush() };
  current = mine;
  const started = now();
  const running = new Map<number, number>();
  let completed = 0;
  let lastProgressAt = -Infinity;
  const pending: SweepRunResult[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    if (pending.length === 0 || current !== mine) return;
    const results = sweepStore.getState().results.slice();
    for (const result of pending.splice(0)) results[result.jobId] = result;
    sweepStore.setState({ results });
  };
  sweepStore.setState({ status: 'running', plan, results: new Array(plan.jobs.length).fill(null), failures: [], completed: 0, progress: 0, elapsedMs: 0, timeLeftMs: null, workers: pool.size });
  const publish = (force: boolean) => {
    const time = now();
    if (!force && time - lastProgressAt < PROGRESS_INTERVAL_MS) return;
    lastProgressAt = time;
    let partial = 0;
    for (const fraction of running.values()) partial += fraction;
    const progress = Math.min(1, (completed + partial) / plan.jobs.length);
    const elapsedMs = time - started;
    sweepStore.setState({ completed, progress, elapsedMs, timeLeftMs: progress > 0 ? (elapsedMs / progress) * (1 - progress) : null });
  };
  await runSweep(plan, pool, controller.signal, sources, {
    onProgress: (progress) => {
      running.set(progress.jobId, progress.epochs > 0 ? progress.epoch / progress.epochs : 0);
      publish(false);
    },
    onResult: (result) => {
      if (current !== mine) return;
      running.delete(result.jobId);
      completed++;
      pending.push(result);
      if (flushTimer === null) flushTimer = setTimeout(flush, RESULTS_INTERVAL_MS);
      publish(true);
    },
    onError: (jobId, message) => {
      if (current !== mine) return;
      running.delete(jobId);
      completed++;
      sweepStore.setState({ failures: [...sweepStore.getState().failures, { jobId, message }] });
      publish(true);
    },
  });
  pool.dispose();
  if (current !== mine) return;
  flush();
  current = null;
  sweepStore.setState({ status: controller.signal.aborted ? 'cancelled' : 'done', timeLeftMs: controller.signal.aborted ? null : 0, elapsedMs: now() - started });
}

/** Stops the running sweep: its workers end at once; finished results stay. */
export function cancelSweep(): void {
  if (!current) return;
  const { controller, pool, flush } = current;
  flush();
  current = null;
  controller.abort();
  pool.dispose();
  sweepStore.setState({ status: 'cancelled', timeLeftMs: null });
}
