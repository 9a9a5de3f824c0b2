import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { WorkerSweepRunner } from '../../../src/sweep/workerPool';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { runSweep } from '../../../src/sweep/runSweep';
import { runSweepJob } from '../../../src/sweep/runSweepJob';
import type { SweepRunCommand, SweepWorkerEvent } from '../../../src/sweep/sweepProtocol';

/** A stand-in for the module worker: the same job function, answered on a later tick. */
class FakeWorker {
  static created: FakeWorker[] = [];
  onmessage: ((message: { data: SweepWorkerEvent }) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  jobs = 0;
  sourcesSeen = 0;
  constructor(private readonly silent = false) {
    FakeWorker.created.push(this);
  }
  postMessage(command: SweepRunCommand): void {
    this.jobs++;
    if (command.sources) this.sourcesSeen++;
    if (this.silent) return;
    setTimeout(() => {
      if (this.terminated) return;
      this.onmessage?.({ data: { type: 'heartbeat', jobId: command.job.id, epoch: 1, epochs: command.job.epochs } });
      const result = runSweepJob(command.job, {});
      setTimeout(() => !this.terminated && this.onmessage?.({ data: { type: 'result', result } }), 0);
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const plan = planSweep({ axes: [{ parameter: 'l2', from: 0.0001, to: 0.01, count: 3, scale: 'log' }], seeds: 2, epochs: 2 }, { ...DEFAULT_SETTINGS, trainCount: 60 });

describe('the worker pool', () => {
  it('never starts more workers than its size, reuses them, and sends the sources once per worker', async () => {
    FakeWorker.created = [];
    const pool = new WorkerSweepRunner(2, {}, () => new FakeWorker() as unknown as Worker);
    const progress: number[] = [];
    const results = await runSweep(plan, pool, new AbortController().signal, { onProgress: (event) => progress.push(event.jobId) });
    expect(results.every((result) => result !== null)).toBe(true);
    expect(FakeWorker.created).toHaveLength(2);
    expect(FakeWorker.created.map((worker) => worker.jobs).reduce((a, b) => a + b)).toBe(6);
    expect(FakeWorker.created.map((worker) => worker.sourcesSeen)).toEqual([1, 1]);
    expect(progress).toHaveLength(6);
    pool.dispose();
    expect(FakeWorker.created.every((worker) => worker.terminated)).toBe(true);
  });

  it('ends the busy workers at once on cancel', async () => {
    FakeWorker.created = [];
    const pool = new WorkerSweepRunner(2, {}, () => new FakeWorker(true) as unknown as Worker);
    const controller = new AbortController();
    const running = runSweep(plan, pool, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(FakeWorker.created).toHaveLength(2);
    controller.abort();
    const results = await running;
    expect(results.every((result) => result === null)).toBe(true);
    expect(FakeWorker.created.every((worker) => worker.terminated)).toBe(true);
  });
});
