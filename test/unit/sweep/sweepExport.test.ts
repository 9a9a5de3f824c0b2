import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { planSweep } from '../../../src/sweep/sweepJobs';
import { aggregateSweep } from '../../../src/sweep/aggregate';
import { sweepCsv, sweepJson } from '../../../src/sweep/sweepExport';
import { formatDuration, formatFigure, formatSweepValue } from '../../../src/sweep/sweepFormat';
import type { SweepRunResult } from '../../../src/sweep/sweepTypes';
import { checked } from '../../checkedSettings';

const plan = planSweep({ axes: [{ parameter: 'l2', from: 0.0001, to: 0.01, count: 3, scale: 'log' }], seeds: 1, epochs: 5 }, checked(DEFAULT_SETTINGS));

function result(jobId: number, validationLoss: number, diverged = false): SweepRunResult {
  return {
    jobId,
    epochs: 5,
    steps: 35,
    stoppedEarly: jobId === 2,
    diverged,
    final: { trainLoss: diverged ? NaN : 0.1, validationLoss, testLoss: null, trainAccuracy: 0.95, validationAccuracy: 0.9, testAccuracy: null, trainRmse: null, validationRmse: null, testRmse: null },
    picture: null,
  };
}

describe('sweep export', () => {
  const results = [result(0, 0.4), result(1, 0.3), null];
  const summary = aggregateSweep(plan, results);

  it('writes one CSV row per finished run with the best value marked', () => {
    const lines = sweepCsv(plan, results, summary).trim().split('\n');
    expect(lines[0]).toBe('l2,seed,epochs,steps,stopped_early,diverged,trainLoss,validationLoss,testLoss,trainAccuracy,validationAccuracy,testAccuracy,trainRmse,validationRmse,testRmse,best_on_validation');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('0.0001,1,5,35,0,0,0.1,0.4,,0.95,0.9,,,,,0');
    expect(lines[2]).toBe('0.001,1,5,35,0,0,0.1,0.3,,0.95,0.9,,,,,1');
  });

  it('writes JSON without NaN or Infinity, with the spec, the runs and the per-value summary', () => {
    const withDiverged = [result(0, NaN, true), result(1, 0.3), result(2, 0.5)];
    const json = sweepJson(plan, withDiverged, aggregateSweep(plan, withDiverged)) as Record<string, unknown>;
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/NaN|Infinity/);
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ format: 'regularization-playground/sweep', version: 1, values: [[0.0001, 0.001, 0.01]], parameters: ['L2 strength'] });
    expect(parsed.runs).toHaveLength(3);
    expect(parsed.runs[0]).toMatchObject({ diverged: true, validationLoss: null });
    expect(parsed.summary[0].validationLoss).toEqual({ median: null, min: null, max: null });
    expect(parsed.summary.map((cell: { best: boolean }) => cell.best)).toEqual([false, true, false]);
  });

  it('formats values, figures and durations for people', () => {
    expect(formatSweepValue(0.00001)).toBe('1e-5');
    expect(formatSweepValue(0.000177828)).toBe('0.000178');
    expect(formatSweepValue(64)).toBe('64');
    expect(formatFigure(Infinity)).toBe('diverged');
    expect(formatFigure(0.87654, true)).toBe('87.7%');
    expect(formatFigure(null)).toBe('–');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
