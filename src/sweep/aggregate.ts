/**
 * Sweep results per value: the median over seeds with the band from the lowest to the highest
 * seed, for every final figure; and the best value on validation. Works on partial results, so
 * the plot fills in while runs finish.
 */
import type { SweepPlan } from './sweepJobs';
import type { SweepMetrics, SweepRunResult } from './sweepTypes';

/** A figure's spread over seeds. */
export interface Band {
  median: number;
  min: number;
  max: number;
  /** Seeds that reported it. */
  count: number;
}

/** The figures the plot and table can show. */
export type SweepMetricKey = keyof SweepMetrics;
/** Every figure, in table order. */
export const SWEEP_METRIC_KEYS: readonly SweepMetricKey[] = ['trainLoss', 'validationLoss', 'testLoss', 'trainAccuracy', 'validationAccuracy', 'testAccuracy', 'trainRmse', 'validationRmse', 'testRmse'];

/** One value (or grid cell) of the sweep. */
export interface SweepCell {
  valueIndex: number;
  value2Index: number;
  /** The value of each axis. */
  values: number[];
  /** Runs finished, and how many of those diverged. */
  runs: number;
  diverged: number;
  bands: Record<SweepMetricKey, Band | null>;
}

/** The aggregated sweep. */
export interface SweepSummary {
  cells: SweepCell[];
  /** Index into `cells` of the lowest median validation loss, or null before any run finished. */
  best: number | null;
}

/** Median of sorted values (the mean of the two middle ones for an even count). */
function medianOfSorted(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The band of a list of figures; a diverged run counts as an infinite loss. */
export function bandOf(values: readonly number[]): Band | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { median: medianOfSorted(sorted), min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

function figure(result: SweepRunResult, key: SweepMetricKey): number | null {
  const value = result.final[key];
  if (result.diverged) return key.endsWith('Loss') || key.endsWith('Rmse') ? Number.POSITIVE_INFINITY : null;
  if (value === null || Number.isNaN(value)) return null;
  return value;
}

/** Aggregates the results received so far (indexed by job id; missing ones are still running). */
export function aggregateSweep(plan: SweepPlan, results: readonly (SweepRunResult | null | undefined)[]): SweepSummary {
  const secondCount = plan.values.length > 1 ? plan.values[1].length : 1;
  const cells: SweepCell[] = [];
  const finished: SweepRunResult[][] = [];
  for (let valueIndex = 0; valueIndex < plan.values[0].length; valueIndex++) {
    for (let value2Index = 0; value2Index < secondCount; value2Index++) {
      const values = plan.values.length > 1 ? [plan.values[0][valueIndex], plan.values[1][value2Index]] : [plan.values[0][valueIndex]];
      cells.push({ valueIndex, value2Index: plan.values.length > 1 ? value2Index : -1, values, runs: 0, diverged: 0, bands: {} as SweepCell['bands'] });
      finished.push([]);
    }
  }
  for (const job of plan.jobs) {
    const result = results[job.id];
    if (!result) continue;
    finished[job.valueIndex * secondCount + Math.max(0, job.value2Index)].push(result);
  }
  let best: number | null = null;
  cells.forEach((cell, index) => {
    const runs = finished[index];
    cell.runs = runs.length;
    cell.diverged = runs.filter((run) => run.diverged).length;
    for (const key of SWEEP_METRIC_KEYS) {
      const values = runs.map((run) => figure(run, key)).filter((value): value is number => value !== null);
      cell.bands[key] = bandOf(values);
    }
    const validation = cell.bands.validationLoss;
    if (validation && Number.isFinite(validation.median) && (best === null || validation.median < cells[best].bands.validationLoss!.median)) best = index;
  });
  return { cells, best };
}
