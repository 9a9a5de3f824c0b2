import type { SweepSummary } from '../../sweep/aggregate';
import type { SweepPlan } from '../../sweep/sweepJobs';
import { SWEEP_PARAMETER_BY_ID } from '../../sweep/sweepSpec';
import { formatFigure, formatSweepValue } from '../../sweep/sweepFormat';
import { diverging } from '../draw/palette';

interface SweepHeatmapProps {
  plan: SweepPlan;
  summary: SweepSummary;
}

/**
 * A grid sweep as a heatmap of the median held-out loss (test when the runs have a test split,
 * else validation): darker orange is worse, blue is better; every cell also prints its number and
 * the best one says so, so colour is never the only carrier.
 */
export function SweepHeatmap({ plan, summary }: SweepHeatmapProps) {
  const hasTest = summary.cells.some((cell) => cell.bands.testLoss !== null);
  const key = hasTest ? 'testLoss' : 'validationLoss';
  const medians = summary.cells.map((cell) => cell.bands[key]?.median ?? NaN);
  const finite = medians.filter(Number.isFinite);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const [rowAxis, columnAxis] = plan.spec.axes;
  const columns = plan.values[1] ?? [];
  return (
    <figure className="sweep-heatmap">
      <figcaption>
        Median {hasTest ? 'test' : 'validation'} loss{hasTest ? '' : ' (no test split in these runs)'}: rows {SWEEP_PARAMETER_BY_ID[rowAxis.parameter].label}, columns {columnAxis ? SWEEP_PARAMETER_BY_ID[columnAxis.parameter].label : ''}.
      </figcaption>
      <table aria-label="Sweep heatmap">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{SWEEP_PARAMETER_BY_ID[rowAxis.parameter].label}</span>
            </th>
            {columns.map((value) => (
              <th key={value} scope="col">{formatSweepValue(value)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {plan.values[0].map((rowValue, rowIndex) => (
            <tr key={rowValue}>
              <th scope="row">{formatSweepValue(rowValue)}</th>
              {columns.map((_, columnIndex) => {
                const index = rowIndex * columns.length + columnIndex;
                const value = medians[index];
                const t = Number.isFinite(value) && high > low ? ((value - low) / (high - low)) * 2 - 1 : 0;
                const [r, g, b] = diverging(Number.isFinite(value) ? t * 0.6 : 0.6);
                return (
                  <td key={columnIndex} style={{ background: `rgb(${r}, ${g}, ${b})` }} className={index === summary.best ? 'sweep-best-cell' : undefined}>
                    {formatFigure(value)}
                    {index === summary.best ? ' ★ best' : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
