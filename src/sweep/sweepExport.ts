/** A sweep's results as CSV (one row per run) and JSON (spec, values, runs and the per-value summary). */
import { SWEEP_PARAMETER_BY_ID, type SweepSpec } from './sweepSpec';
import type { SweepPlan } from './sweepJobs';
import { SWEEP_METRIC_KEYS, type SweepSummary } from './aggregate';
import type { SweepRunResult } from './sweepTypes';

/** The JSON format's name and version. */
export const SWEEP_JSON_FORMAT = 'regularization-playground/sweep';
export const SWEEP_JSON_VERSION = 1;

function csvNumber(value: number | null): string {
  if (value === null) return '';
  return String(value);
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** Column names of the axes, e.g. "l2" or "width". */
function axisColumns(spec: SweepSpec): string[] {
  return spec.axes.map((axis) => axis.parameter);
}

/** One row per finished run: the value(s), the seed, how it ended and every final figure; `best` marks the best value's runs. */
export function sweepCsv(plan: SweepPlan, results: readonly (SweepRunResult | null)[], summary: SweepSummary): string {
  const header = [...axisColumns(plan.spec), 'seed', 'epochs', 'steps', 'stopped_early', 'diverged', ...SWEEP_METRIC_KEYS, 'best_on_validation'];
  const bestCell = summary.best === null ? null : summary.cells[summary.best];
  const rows = [header.join(',')];
  for (const job of plan.jobs) {
    const result = results[job.id];
    if (!result) continue;
    const values = job.value2Index >= 0 ? [plan.values[0][job.valueIndex], plan.values[1][job.value2Index]] : [plan.values[0][job.valueIndex]];
    const best = bestCell !== null && bestCell.valueIndex === job.valueIndex && bestCell.value2Index === job.value2Index;
    rows.push(
      [
        ...values.map(String),
        job.seed,
        result.epochs,
        result.steps,
        result.stoppedEarly ? 1 : 0,
        result.diverged ? 1 : 0,
        ...SWEEP_METRIC_KEYS.map((key) => csvNumber(result.final[key])),
        best ? 1 : 0,
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/** The whole sweep as a JSON object (non-finite numbers become null). */
export function sweepJson(plan: SweepPlan, results: readonly (SweepRunResult | null)[], summary: SweepSummary): object {
  const base = plan.jobs.length > 0 ? { ...plan.jobs[0].settings } : null;
  return {
    format: SWEEP_JSON_FORMAT,
    version: SWEEP_JSON_VERSION,
    spec: plan.spec,
    parameters: plan.spec.axes.map((axis) => SWEEP_PARAMETER_BY_ID[axis.parameter].label),
    values: plan.values,
    /** The first run's settings (seed 1, first value): every run differs only in the swept settings and the seed. */
    firstRunSettings: base,
    runs: plan.jobs.flatMap((job) => {
      const result = results[job.id];
      if (!result) return [];
      const final = Object.fromEntries(SWEEP_METRIC_KEYS.map((key) => [key, finite(result.final[key])]));
      return [{ valueIndex: job.valueIndex, value2Index: job.value2Index, seed: job.seed, epochs: result.epochs, steps: result.steps, stoppedEarly: result.stoppedEarly, diverged: result.diverged, ...final }];
    }),
    summary: summary.cells.map((cell, index) => ({
      values: cell.values,
      runs: cell.runs,
      diverged: cell.diverged,
      best: index === summary.best,
      ...Object.fromEntries(
        SWEEP_METRIC_KEYS.map((key) => {
          const band = cell.bands[key];
          return [key, band ? { median: finite(band.median), min: finite(band.min), max: finite(band.max) } : null];
        }),
      ),
    })),
  };
}
