import type { SweepSummary } from '../../sweep/aggregate';
import type { SweepPlan } from '../../sweep/sweepJobs';
import type { SweepRunResult } from '../../sweep/sweepTypes';
import { SWEEP_PARAMETER_BY_ID } from '../../sweep/sweepSpec';
import { formatFigure, formatSweepValue } from '../../sweep/sweepFormat';

interface SweepTableProps {
  plan: SweepPlan;
  results: readonly (SweepRunResult | null)[];
  summary: SweepSummary;
  task: 'classification' | 'regression';
  onOpenRun(jobId: number): void;
}

/** Every finished run's final figures ("Sweep results", for screen readers and for reading off exact values). */
export function SweepTable({ plan, results, summary, task, onOpenRun }: SweepTableProps) {
  const best = summary.best === null ? null : summary.cells[summary.best];
  const labels = plan.spec.axes.map((axis) => SWEEP_PARAMETER_BY_ID[axis.parameter].label);
  const metricName = task === 'classification' ? 'accuracy' : 'RMSE';
  const percent = task === 'classification';
  const metric = (result: SweepRunResult, split: 'train' | 'validation' | 'test') => {
    const key = task === 'classification' ? (`${split}Accuracy` as const) : (`${split}Rmse` as const);
    return result.final[key];
  };
  // Test figures are the held-out test set's for each run's kept weights (heldOutFigures in
  // src/worker/summaryJob.ts); only data without test rows (a tiny CSV) leaves them empty.
  const hasTest = plan.jobs.some((job) => results[job.id]?.final.testLoss != null);
  return (
    <div className="sweep-table-wrap">
      <table className="sweep-table" aria-label="Sweep results">
        <caption>
          Final figures of each run{best ? `; the best ${labels[0]} on validation (lowest median validation loss) is ${best.values.map(formatSweepValue).join(' × ')}` : ''}.
          {hasTest ? ' Test figures are on the held-out test set, which chose nothing (the best value is picked on validation).' : ' This data has no held-out test rows, so there are no test figures.'}
        </caption>
        <thead>
          <tr>
            {labels.map((label) => (
              <th key={label} scope="col">{label}</th>
            ))}
            <th scope="col">Seed</th>
            <th scope="col">Epochs</th>
            <th scope="col">Training loss</th>
            <th scope="col">Validation loss</th>
            <th scope="col">Test loss</th>
            <th scope="col">Training {metricName}</th>
            <th scope="col">Validation {metricName}</th>
            <th scope="col">Test {metricName}</th>
            <th scope="col">Best</th>
            <th scope="col">
              <span className="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.jobs.map((job) => {
            const result = results[job.id];
            if (!result) return null;
            const isBest = best !== null && best.valueIndex === job.valueIndex && best.value2Index === job.value2Index;
            const values = job.value2Index >= 0 ? [plan.values[0][job.valueIndex], plan.values[1][job.value2Index]] : [plan.values[0][job.valueIndex]];
            const note = result.diverged ? ' (diverged)' : result.stoppedEarly ? ' (stopped early)' : '';
            return (
              <tr key={job.id} className={isBest ? 'sweep-best-row' : undefined} data-job={job.id}>
                {values.map((value, index) => (
                  <td key={index}>{formatSweepValue(value)}</td>
                ))}
                <td>{job.seed}</td>
                <td>
                  {result.epochs}
                  {note}
                </td>
                <td>{formatFigure(result.final.trainLoss)}</td>
                <td data-value={result.final.validationLoss}>{formatFigure(result.final.validationLoss)}</td>
                <td>{formatFigure(result.final.testLoss)}</td>
                <td>{formatFigure(metric(result, 'train'), percent)}</td>
                <td>{formatFigure(metric(result, 'validation'), percent)}</td>
                <td>{formatFigure(metric(result, 'test'), percent)}</td>
                <td>{isBest ? '★ best on validation' : ''}</td>
                <td>
                  <button type="button" onClick={() => onOpenRun(job.id)} aria-label={`Open run ${values.map(formatSweepValue).join(' × ')}, seed ${job.seed}`}>
                    Open
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
