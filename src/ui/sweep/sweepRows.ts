/** The sweep's summary as rows for the plot (one per value) and per-seed points (one per finished run). */
import type { SweepSummary, SweepMetricKey } from '../../sweep/aggregate';
import type { SweepPlan } from '../../sweep/sweepJobs';
import type { SweepRunResult } from '../../sweep/sweepTypes';

/** Which figures the plot shows. */
export type SweepFigure = 'loss' | 'metric';

/** The three splits' keys of a figure for a task. */
export function figureKeys(figure: SweepFigure, task: 'classification' | 'regression'): [SweepMetricKey, SweepMetricKey, SweepMetricKey] {
  if (figure === 'loss') return ['trainLoss', 'validationLoss', 'testLoss'];
  return task === 'classification' ? ['trainAccuracy', 'validationAccuracy', 'testAccuracy'] : ['trainRmse', 'validationRmse', 'testRmse'];
}

/** One value of the curve: medians and [min, max] bands of the three splits (null where missing). */
export interface CurveRow {
  x: number;
  cell: number;
  train: number | null;
  trainBand: [number, number] | null;
  validation: number | null;
  validationBand: [number, number] | null;
  test: number | null;
  testBand: [number, number] | null;
}

/** A finished run as a dot (its held-out figure), to click open. */
export interface SeedPoint {
  x: number;
  y: number;
  jobId: number;
  seed: number;
}

function clip(value: number): number | null {
  // An infinite (diverged) value cannot be drawn; the table says "diverged".
  return Number.isFinite(value) ? value : null;
}

/** Plot rows of a one-axis sweep. */
export function curveRows(summary: SweepSummary, keys: readonly SweepMetricKey[]): CurveRow[] {
  return summary.cells.map((cell, index) => {
    const [train, validation, test] = keys.map((key) => cell.bands[key]);
    const band = (value: typeof train): [number, number] | null => (value && Number.isFinite(value.min) && Number.isFinite(value.max) ? [value.min, value.max] : null);
    return {
      x: cell.values[0],
      cell: index,
      train: train ? clip(train.median) : null,
      trainBand: band(train),
      validation: validation ? clip(validation.median) : null,
      validationBand: band(validation),
      test: test ? clip(test.median) : null,
      testBand: band(test),
    };
  });
}

/** Each finished run's held-out figure (test when the runs have it, else validation). */
export function seedPoints(plan: SweepPlan, results: readonly (SweepRunResult | null)[], key: SweepMetricKey): SeedPoint[] {
  const points: SeedPoint[] = [];
  for (const job of plan.jobs) {
    const result = results[job.id];
    const value = result?.final[key];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    points.push({ x: plan.values[0][job.valueIndex], y: value, jobId: job.id, seed: job.seed });
  }
  return points;
}
