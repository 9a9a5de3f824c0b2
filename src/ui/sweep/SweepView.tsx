import { useMemo, useRef, useState } from 'react';
import { useSweep } from '../../sweep/sweepStore';
import { aggregateSweep } from '../../sweep/aggregate';
import { closeSweepMode } from '../../sweep/sweepMode';
import { SWEEP_PARAMETER_BY_ID } from '../../sweep/sweepSpec';
import { SWEEP_PRESETS } from '../../sweep/sweepPresets';
import { sweepCsv, sweepJson } from '../../sweep/sweepExport';
import { formatSweepValue } from '../../sweep/sweepFormat';
import { downloadText } from '../export/download';
import { downloadPanelPng } from '../export/pngExport';
import { SweepForm } from './SweepForm';
import { SweepPlot } from './SweepPlot';
import { SweepHeatmap } from './SweepHeatmap';
import { SweepMultiples } from './SweepMultiples';
import { SweepTable } from './SweepTable';
import { openSweepRun } from './openSweepRun';
import { EPOCH_EVALUATION_SUBSAMPLE } from '../../run/evaluationSubsample';
import type { SweepFigure } from './sweepRows';
import './sweep.css';

/**
 * Sweep mode: many headless runs of the current settings with one setting varied (or two, as a
 * grid), over several seeds, in a pool of workers; the regularization curve, the heatmap, the
 * boundaries, the table and the exports.
 */
export function SweepView() {
  const plan = useSweep((state) => state.plan);
  const results = useSweep((state) => state.results);
  const status = useSweep((state) => state.status);
  const failures = useSweep((state) => state.failures);
  const [figure, setFigure] = useState<SweepFigure>('loss');
  const plotRef = useRef<HTMLElement>(null);
  const summary = useMemo(() => (plan ? aggregateSweep(plan, results) : null), [plan, results]);
  const task = useMemo(() => {
    const first = results.find((result) => result !== null);
    return first && first.final.trainAccuracy === null && first.final.trainRmse !== null ? 'regression' : 'classification';
  }, [results]);
  const finished = results.filter((result) => result !== null).length;
  const hasTest = summary?.cells.some((cell) => cell.bands.testLoss !== null) ?? false;
  const axis = plan?.spec.axes[0];
  const label = axis ? SWEEP_PARAMETER_BY_ID[axis.parameter].label : '';
  const grid = (plan?.spec.axes.length ?? 0) > 1;
  const presetVerdicts =
    summary && plan && status === 'done'
      ? SWEEP_PRESETS.filter((preset) => preset.verdict && JSON.stringify(preset.spec) === JSON.stringify(plan.spec)).map((preset) => preset.verdict!(summary))
      : [];
  const open = (jobId: number) => void openSweepRun(jobId);
  const fileBase = plan ? `sweep-${plan.spec.axes.map((entry) => entry.parameter).join('-')}` : 'sweep';
  return (
    <section className="sweep-view" aria-label="Sweep">
      <header className="sweep-header">
        <h2>Sweep</h2>
        <p className="panel-caption">
          Trains many runs of your current settings with one setting changed (or two, as a grid), on several seeds, in background workers. Each run ends after its epoch budget; the figures are its last epoch’s.{' '}
          While a run trains, its per-epoch figures are measured on a fixed sample of {EPOCH_EVALUATION_SUBSAMPLE.toLocaleString('en')} examples when a set is larger, except the one early stopping watches; the final figures below are on the whole sets.
        </p>
        <button type="button" onClick={closeSweepMode}>
          Back to the panels
        </button>
      </header>
      <SweepForm />
      {failures.length > 0 ? (
        <p className="notice" role="alert">
          {failures.length} run{failures.length === 1 ? '' : 's'} failed: {failures[0].message}
        </p>
      ) : null}
      {plan && summary && finished > 0 ? (
        <>
          <section ref={plotRef} className="sweep-plot" aria-label="Sweep plot">
            <h3>{grid ? `${label} × ${SWEEP_PARAMETER_BY_ID[plan.spec.axes[1]!.parameter].label}` : `Final ${figure === 'loss' ? 'loss' : task === 'classification' ? 'accuracy' : 'RMSE'} against ${label}`}</h3>
            <p className="panel-caption">
              {grid
                ? 'Each cell: the median over seeds.'
                : `Lines: the median over ${plan.spec.seeds} seed${plan.spec.seeds === 1 ? '' : 's'}; bands: lowest to highest seed; training blue (solid), validation orange (dashed)${hasTest ? ', test green (dotted)' : ''}; dots: single runs (click one to open it).`}
              {summary.best !== null ? ` Best on validation: ${summary.cells[summary.best].values.map(formatSweepValue).join(' × ')}.` : ''}
            </p>
            {grid ? null : (
              <div className="sweep-figure-choice" role="radiogroup" aria-label="Figure">
                <label>
                  <input type="radio" name="sweep-figure" checked={figure === 'loss'} onChange={() => setFigure('loss')} /> Loss
                </label>
                <label>
                  <input type="radio" name="sweep-figure" checked={figure === 'metric'} onChange={() => setFigure('metric')} /> {task === 'classification' ? 'Accuracy' : 'RMSE'}
                </label>
              </div>
            )}
            <div className="sweep-plot-body">
              {grid ? <SweepHeatmap plan={plan} summary={summary} /> : <SweepPlot plan={plan} results={results} summary={summary} figure={figure} task={task} logScale={axis!.scale === 'log'} parameterLabel={label} onOpenRun={open} />}
              <SweepMultiples plan={plan} results={results} />
            </div>
          </section>
          {presetVerdicts.map((text) => (
            <p key={text} className="notice sweep-verdict">
              {text}
            </p>
          ))}
          <div className="button-row sweep-exports">
            <button type="button" onClick={() => downloadText(sweepCsv(plan, results, summary), `${fileBase}.csv`, 'text/csv')}>
              Download sweep CSV
            </button>
            <button type="button" onClick={() => downloadText(`${JSON.stringify(sweepJson(plan, results, summary), null, 2)}\n`, `${fileBase}.json`, 'application/json')}>
              Download sweep JSON
            </button>
            <button type="button" onClick={() => plotRef.current && void downloadPanelPng(plotRef.current, fileBase)}>
              Save plot PNG
            </button>
          </div>
          <SweepTable plan={plan} results={results} summary={summary} task={task} onOpenRun={open} />
        </>
      ) : null}
    </section>
  );
}
