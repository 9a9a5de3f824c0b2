import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceDot, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { SweepSummary } from '../../sweep/aggregate';
import type { SweepPlan } from '../../sweep/sweepJobs';
import type { SweepRunResult } from '../../sweep/sweepTypes';
import { formatFigure, formatSweepValue } from '../../sweep/sweepFormat';
import { curveRows, figureKeys, seedPoints, type CurveRow, type SeedPoint, type SweepFigure } from './sweepRows';

const TRAIN = 'var(--train)';
const VALIDATION = 'var(--validation)';
const TEST = 'var(--penalty)';
const MARKER = 'var(--text-muted)';

interface SweepPlotProps {
  plan: SweepPlan;
  results: readonly (SweepRunResult | null)[];
  summary: SweepSummary;
  figure: SweepFigure;
  task: 'classification' | 'regression';
  logScale: boolean;
  parameterLabel: string;
  onOpenRun(jobId: number): void;
}

interface TooltipProps {
  active?: boolean;
  payload?: readonly { payload?: CurveRow | SeedPoint }[];
  percent: boolean;
  parameterLabel: string;
}

/** Hover: every figure of the value under the pointer (or the seed's own figure on a dot). */
function SweepTooltip({ active, payload, percent, parameterLabel }: TooltipProps) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  if ('jobId' in row) {
    return (
      <div className="sweep-tooltip">
        {parameterLabel} {formatSweepValue(row.x)}, seed {row.seed}: {formatFigure(row.y, percent)} (click to open this run)
      </div>
    );
  }
  const line = (name: string, median: number | null, band: [number, number] | null) =>
    median === null ? null : (
      <div>
        {name}: median {formatFigure(median, percent)}
        {band ? ` (seeds ${formatFigure(band[0], percent)} to ${formatFigure(band[1], percent)})` : ''}
      </div>
    );
  return (
    <div className="sweep-tooltip">
      <strong>
        {parameterLabel} {formatSweepValue(row.x)}
      </strong>
      {line('training', row.train, row.trainBand)}
      {line('validation', row.validation, row.validationBand)}
      {line('test', row.test, row.testBand)}
    </div>
  );
}

/**
 * The regularization curve: per value the median over seeds (lines) with the band from the lowest
 * to the highest seed, training blue, validation orange dashed, test green dotted; each run as a
 * dot to click open; the best value on validation ringed and labelled.
 */
export const SweepPlot = memo(function SweepPlot({ plan, results, summary, figure, task, logScale, parameterLabel, onOpenRun }: SweepPlotProps) {
  const keys = figureKeys(figure, task);
  const rows = useMemo(() => curveRows(summary, keys), [summary, keys]);
  const hasTest = rows.some((row) => row.test !== null);
  const points = useMemo(() => seedPoints(plan, results, hasTest ? keys[2] : keys[1]), [plan, results, hasTest, keys]);
  const percent = figure === 'metric' && task === 'classification';
  const best = summary.best === null ? null : rows[summary.best];
  return (
    <ResponsiveContainer width="100%" height={300} initialDimension={{ width: 640, height: 300 }}>
      <ComposedChart data={rows} margin={{ top: 16, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
        <XAxis dataKey="x" type="number" scale={logScale ? 'log' : 'linear'} domain={['dataMin', 'dataMax']} tickFormatter={formatSweepValue} stroke={MARKER} allowDataOverflow />
        <YAxis domain={percent ? [0, 1] : [0, 'auto']} tickFormatter={(value: number) => (percent ? `${Math.round(value * 100)}%` : String(Number(value.toPrecision(3))))} width={48} stroke={MARKER} />
        <Tooltip content={<SweepTooltip percent={percent} parameterLabel={parameterLabel} />} isAnimationActive={false} />
        <Area name="training band" dataKey="trainBand" stroke="none" fill={TRAIN} fillOpacity={0.12} isAnimationActive={false} connectNulls activeDot={false} />
        <Area name="validation band" dataKey="validationBand" stroke="none" fill={VALIDATION} fillOpacity={0.14} isAnimationActive={false} connectNulls activeDot={false} />
        {hasTest ? <Area name="test band" dataKey="testBand" stroke="none" fill={TEST} fillOpacity={0.12} isAnimationActive={false} connectNulls activeDot={false} /> : null}
        <Line name="training (median)" dataKey="train" stroke={TRAIN} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} connectNulls />
        <Line name="validation (median)" dataKey="validation" stroke={VALIDATION} strokeWidth={2} strokeDasharray="6 3" dot={{ r: 3 }} isAnimationActive={false} connectNulls />
        {hasTest ? <Line name="test (median)" dataKey="test" stroke={TEST} strokeWidth={2} strokeDasharray="2 3" dot={{ r: 3 }} isAnimationActive={false} connectNulls /> : null}
        <Scatter
          name="runs"
          data={points}
          dataKey="y"
          fill={hasTest ? TEST : VALIDATION}
          fillOpacity={0.55}
          shape="circle"
          isAnimationActive={false}
          cursor="pointer"
          onClick={(point: unknown) => {
            const item = point as { payload?: SeedPoint } & Partial<SeedPoint>;
            const jobId = item.payload?.jobId ?? item.jobId;
            if (typeof jobId === 'number') onOpenRun(jobId);
          }}
        />
        {best && best.validation !== null ? (
          <ReferenceDot x={best.x} y={best.validation} r={8} fill="none" stroke="var(--text)" strokeWidth={2} label={{ value: 'best', position: 'top', fill: 'var(--text)' }} />
        ) : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
});
