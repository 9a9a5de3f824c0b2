import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { replayRun } from '../../../src/worker/replay';
import { runSweepJob } from '../../../src/sweep/runSweepJob';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { aggregateSweep, bandOf } from '../../../src/sweep/aggregate';
import { runSweep } from '../../../src/sweep/runSweep';
import { createInProcessSummaryPool, trainSummaryInSlices } from '../../../src/worker/summaryJob';
import { sweepRequest } from '../../../src/sweep/runSweepJob';
import { cancelSweep, setPoolFactory, startSweep } from '../../../src/sweep/sweepController';
import { sweepStore, INITIAL_SWEEP_STATE } from '../../../src/sweep/sweepStore';
import type { SweepSpec } from '../../../src/sweep/sweepSpec';
import type { SweepRunResult } from '../../../src/sweep/sweepTypes';
import { checked } from '../../checkedSettings';

const base = checked({ ...DEFAULT_SETTINGS, trainCount: 100 });
const spec: SweepSpec = { axes: [{ parameter: 'l2', from: 0.0001, to: 0.01, count: 3, scale: 'log' }], seeds: 2, epochs: 4 };

function fakeResult(jobId: number, validationLoss: number, diverged = false): SweepRunResult {
  return {
    jobId,
    epochs: 4,
    steps: 28,
    stoppedEarly: false,
    diverged,
    final: { trainLoss: validationLoss / 2, validationLoss, testLoss: null, trainAccuracy: 0.9, validationAccuracy: 0.8, testAccuracy: null, trainRmse: null, validationRmse: null, testRmse: null },
    picture: null,
  };
}

describe('one sweep run', () => {
  it('is the headless replay of the same settings, trained to the epoch budget, bit for bit', () => {
    const plan = planSweep(spec, base);
    const job = plan.jobs[4];
    const result = runSweepJob(job, {});
    expect(result.epochs).toBe(4);
    const reference = replayRun(job.settings, {}, [], result.steps);
    const last = reference.epochs[reference.epochs.length - 1];
    expect(reference.trainer.epochCount).toBe(4);
    expect(result.final.validationLoss).toBe(last.validationLoss);
    expect(result.final.trainLoss).toBe(last.trainLoss);
    expect(result.final.validationAccuracy).toBe(last.validationAccuracy);
    // The held-out test figures of the kept weights, as the replay scores them.
    expect(result.final.testLoss).toBe(reference.test.loss);
    expect(result.final.testAccuracy).toBe(reference.test.accuracy);
    // Seed 2 has no picture; seed 1 gets the prediction grid over the plane with the data to draw it on.
    expect(result.picture).toBeNull();
    const pictured = runSweepJob(plan.jobs[0], {});
    expect(pictured.picture!.grid.values.length).toBe(64 * 64 * 2);
    expect(pictured.picture!.dataset.trainCount).toBe(pictured.picture!.dataset.trainTargets.length);
  });

  it('in the pool (in slices) gives the same result as at once, ticking progress at most every 200 ms of its clock', async () => {
    let clock = 0;
    const ticks: number[] = [];
    const job = { ...planSweep(spec, base).jobs[0], epochs: 12 };
    // Each clock reading advances 5 ms: a 20 ms slice takes 3 steps, a tick comes at most every 40th reading.
    const host = { now: () => (clock += 5), yield: () => Promise.resolve() };
    const summary = await trainSummaryInSlices(sweepRequest(job, {}), { host, onProgress: (progress) => ticks.push(progress.epoch) });
    expect(summary.cancelled).toBe(false);
    expect(summary.final!.validationLoss).toBe(runSweepJob(job, {}).final.validationLoss);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThan(12);
    expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
    expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(12);
  });
});

describe('aggregation', () => {
  it('gives the median with the min-max band per value, and the best value on validation', () => {
    expect(bandOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, count: 3 });
    expect(bandOf([4, 1])).toEqual({ median: 2.5, min: 1, max: 4, count: 2 });
    const plan = planSweep(spec, base);
    // jobs 0-2: seed 1 over the three values; 3-5: seed 2.
    const results = [fakeResult(0, 0.5), fakeResult(1, 0.3), fakeResult(2, 0.6), fakeResult(3, 0.7), fakeResult(4, 0.2), null];
    const summary = aggregateSweep(plan, results);
    expect(summary.cells.map((cell) => cell.runs)).toEqual([2, 2, 1]);
    expect(summary.cells[0].bands.validationLoss).toEqual({ median: 0.6, min: 0.5, max: 0.7, count: 2 });
    expect(summary.cells[1].bands.trainLoss!.median).toBeCloseTo(0.125);
    expect(summary.cells[0].bands.testLoss).toBeNull();
    expect(summary.best).toBe(1);
  });

  it('counts a diverged run as an infinite loss, never as the best', () => {
    const plan = planSweep({ ...spec, seeds: 1 }, base);
    const summary = aggregateSweep(plan, [fakeResult(0, NaN, true), fakeResult(1, 0.4), fakeResult(2, 0.5)]);
    expect(summary.cells[0].diverged).toBe(1);
    expect(summary.cells[0].bands.validationLoss!.median).toBe(Infinity);
    expect(summary.cells[0].bands.validationAccuracy).toBeNull();
    expect(summary.best).toBe(1);
  });
});

describe('running a sweep', () => {
  it('streams every run through the runner and can be cancelled between runs', async () => {
    const plan = planSweep(spec, base);
    const seen: number[] = [];
    const results = await runSweep(plan, createInProcessSummaryPool(), new AbortController().signal, {}, { onResult: (result) => seen.push(result.jobId) });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.every((result) => result !== null)).toBe(true);
    const controller = new AbortController();
    const partial = await runSweep(plan, createInProcessSummaryPool(), controller.signal, {}, { onResult: (result) => result.jobId === 1 && controller.abort() });
    expect(partial.filter((result) => result !== null)).toHaveLength(2);
  });

  it('reports progress, time left and the end in the store; a cancel keeps what finished', async () => {
    setPoolFactory(() => createInProcessSummaryPool());
    sweepStore.setState({ ...INITIAL_SWEEP_STATE, spec });
    let clock = 0;
    const times: (number | null)[] = [];
    const unsubscribe = sweepStore.subscribe((state) => times.push(state.timeLeftMs));
    await startSweep(base, {}, () => (clock += 100));
    unsubscribe();
    const state = sweepStore.getState();
    expect(state.status).toBe('done');
    expect(state.completed).toBe(6);
    expect(state.progress).toBe(1);
    expect(state.results.every((result) => result !== null)).toBe(true);
    expect(times.some((time) => time !== null && time > 0)).toBe(true);

    const running = startSweep(base, {});
    const stop = sweepStore.subscribe((next) => next.completed >= 2 && cancelSweep());
    await running;
    stop();
    expect(sweepStore.getState().status).toBe('cancelled');
    expect(sweepStore.getState().results.filter((result) => result !== null).length).toBeLessThan(6);
    setPoolFactory(null);
  });
});
