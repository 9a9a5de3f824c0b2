/**
 * The sweep's runner in the page: a pool of module workers, one job each at a time. Kept in this
 * one file so the run pool of "One run, many views" can replace it (same `SweepRunner` shape).
 *
 * Scaling: each worker trains whole runs on its own; the page only posts one job and receives one
 * result per run (plus heartbeats), and nothing is shared between workers, so runs per second grow
 * with the number of workers up to the number of cores.
 */
import type { DataSources } from '../worker/protocol';
import { SWEEP_PROTOCOL_VERSION, type SweepWorkerEvent } from './sweepProtocol';
import type { SweepJob, SweepProgress, SweepRunner, SweepRunResult } from './sweepTypes';

/** A worker silent for this long is taken as stuck: it is ended and the job fails (heartbeats come every 200 ms). */
export const WATCHDOG_MS = 15_000;

/** The default pool size: one worker per core, less one for the page (at least one). */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  return Math.max(1, cores - 1);
}

function createSweepWorker(): Worker {
  return new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module', name: 'sweep' });
}

function abortError(): Error {
  const error = new Error('The sweep was cancelled.');
  error.name = 'AbortError';
  return error;
}

interface Slot {
  worker: Worker;
  /** The sources this worker already holds. */
  sources: DataSources | null;
  busy: boolean;
}

/** Runs sweep jobs in up to `size` workers; cancelling a job ends its worker (a fresh one replaces it on demand). */
export class WorkerSweepRunner implements SweepRunner {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  /** When each busy worker last spoke (for a watchdog and for tests). */
  readonly lastHeard = new Map<Worker, number>();

  constructor(
    readonly size: number,
    private readonly sources: DataSources = {},
    private readonly createWorker: () => Worker = createSweepWorker,
  ) {}

  private async acquire(signal: AbortSignal): Promise<Slot> {
    for (;;) {
      if (signal.aborted) throw abortError();
      const idle = this.slots.find((slot) => !slot.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.slots.length < this.size) {
        const slot: Slot = { worker: this.createWorker(), sources: null, busy: true };
        this.slots.push(slot);
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot, broken: boolean): void {
    if (broken) {
      slot.worker.terminate();
      this.lastHeard.delete(slot.worker);
      this.slots.splice(this.slots.indexOf(slot), 1);
    } else slot.busy = false;
    this.waiting.shift()?.();
  }

  async run(job: SweepJob, signal: AbortSignal, onProgress: (progress: SweepProgress) => void): Promise<SweepRunResult> {
    const slot = await this.acquire(signal);
    const { worker } = slot;
    return new Promise<SweepRunResult>((resolve, reject) => {
      let watchdog: ReturnType<typeof setTimeout>;
      const heard = () => {
        this.lastHeard.set(worker, performance.now());
        clearTimeout(watchdog);
        watchdog = setTimeout(() => finish(new Error(`A sweep worker was silent for ${WATCHDOG_MS / 1000} s and was stopped (value ${job.valueIndex + 1}, seed ${job.seed}).`), true), WATCHDOG_MS);
      };
      const onAbort = () => finish(abortError(), true);
      const finish = (outcome: SweepRunResult | Error, broken: boolean) => {
        clearTimeout(watchdog);
        signal.removeEventListener('abort', onAbort);
        worker.onmessage = null;
        worker.onerror = null;
        this.release(slot, broken);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      worker.onmessage = (message: MessageEvent<SweepWorkerEvent>) => {
        const event = message.data;
        heard();
        if (event.type === 'heartbeat') onProgress(event);
        else if (event.type === 'result') finish(event.result, false);
        else finish(new Error(event.message), false);
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        finish(new Error(event.message || 'A sweep worker crashed.'), true);
      };
      signal.addEventListener('abort', onAbort);
      heard();
      const sendSources = slot.sources !== this.sources;
      slot.sources = this.sources;
      worker.postMessage({ type: 'run', protocol: SWEEP_PROTOCOL_VERSION, job, ...(sendSources ? { sources: this.sources } : {}) });
    });
  }

  dispose(): void {
    for (const slot of this.slots.splice(0)) slot.worker.terminate();
    this.lastHeard.clear();
    for (const wake of this.waiting.splice(0)) wake();
  }
}
