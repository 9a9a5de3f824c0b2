import { useMemo, useRef, useState } from 'react';
import { useRun } from '../../../state/runStore';
import { history, telemetryStore } from '../../../state/telemetryStore';
import { Panel } from '../Panel';
import { constantPredictorLoss, diagnose, DIAGNOSIS_THRESHOLDS, verdictName, type Diagnosis, type RuleCheck, type Verdict } from './diagnose';
import { useSampled } from './useSampled';
import './panels.css';

/** The diagnosis refreshes at most this often (it reads the whole history). */
const DIAGNOSIS_INTERVAL_MS = 500;

/** The guide's table, one row per verdict, in its order. */
const GUIDE_ROWS: { verdict: Exclude<Verdict, 'tooEarly'>; scenario: string; train: string; validation: string; issue: string }[] = [
  { verdict: 'underfitting', scenario: 'Underfitting', train: 'Low', validation: 'Low', issue: 'Model is too simple' },
  { verdict: 'overfitting', scenario: 'Overfitting', train: 'High', validation: 'Low', issue: 'Model memorizes training data' },
  { verdict: 'goodFit', scenario: 'Good model', train: 'High', validation: 'High', issue: 'Well-generalized' },
];

/** Which checks explain each row. */
const CHECKS_OF: Record<Exclude<Verdict, 'tooEarly'>, RuleCheck['id'][]> = {
  underfitting: ['enoughEpochs', 'underfitting'],
  overfitting: ['enoughEpochs', 'validationRising', 'largeGap'],
  goodFit: ['enoughEpochs', 'underfitting', 'validationRising', 'largeGap'],
};

const MARK: Record<Verdict, string> = { tooEarly: '…', underfitting: '▽', overfitting: '△', goodFit: '✓' };

function formatShare(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(1)}%`;
}

function formatNumber(value: number | null, digits = 3): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return Math.abs(value) < 0.001 && value !== 0 ? value.toExponential(2) : value.toPrecision(digits);
}

/** This run's row: live accuracies (classification) or R² (regression). */
function liveFigures(diagnosis: Diagnosis, task: 'classification' | 'regression'): { train: string; validation: string } {
  const figures = diagnosis.figures;
  if (task === 'regression') return { train: `R² ${formatNumber(figures.trainR2, 2)}`, validation: `R² ${formatNumber(figures.validationR2, 2)}` };
  return { train: formatShare(figures.trainAccuracy), validation: formatShare(figures.validationAccuracy) };
}

/** The verdict's one line of numbers: fit on both sets, validation loss against its lowest, and the gap. */
export function numbersLine(diagnosis: Diagnosis, task: 'classification' | 'regression'): string {
  const f = diagnosis.figures;
  const fit = task === 'regression' ? `R² ${formatNumber(f.trainR2, 2)} training, ${formatNumber(f.validationR2, 2)} validation` : `accuracy ${formatShare(f.trainAccuracy)} training, ${formatShare(f.validationAccuracy)} validation`;
  const lowest = f.validationMinimumEpoch !== null ? ` (lowest ${formatNumber(f.validationMinimum)} at epoch ${f.validationMinimumEpoch})` : '';
  return `Epoch ${f.epoch}: ${fit} · validation loss ${formatNumber(f.validationLoss)}${lowest} · gap ${formatShare(f.gapShare)} of a constant guess's loss`;
}

/** The guide's over/underfitting table, decided live by the stated rule. */
export function DiagnosisPanel() {
  const dataset = useRun((state) => state.dataset);
  const bodyRef = useRef<HTMLDivElement>(null);
  const task = dataset?.task ?? 'classification';
  const constantLoss = useMemo(() => (dataset ? constantPredictorLoss(dataset.task, dataset.trainTargets, dataset.outputSize) : NaN), [dataset]);
  const cache = useRef<{ key: string; diagnosis: Diagnosis } | null>(null);
  const diagnosis = useSampled(
    () => {
      // Same history, same verdict object: React skips the render.
      const key = `${telemetryStore.getState().historyVersion}|${task}|${constantLoss}`;
      if (cache.current?.key !== key) cache.current = { key, diagnosis: diagnose({ epochs: history.values(), task, constantLoss }) };
      return cache.current.diagnosis;
    },
    { intervalMs: DIAGNOSIS_INTERVAL_MS, visibilityRef: bodyRef },
    [task, constantLoss],
  );
  // The row whose rule is shown: hovered or focused (transient) over tapped (pinned) over the verdict's.
  const [pinned, setPinned] = useState<Exclude<Verdict, 'tooEarly'> | null>(null);
  const [hovered, setHovered] = useState<Exclude<Verdict, 'tooEarly'> | null>(null);
  const verdict = diagnosis.verdict;
  const shownRow = hovered ?? pinned ?? (verdict === 'tooEarly' ? 'goodFit' : verdict);
  const checks = diagnosis.checks.filter((check) => CHECKS_OF[shownRow].includes(check.id));
  const live = liveFigures(diagnosis, task);
  const t = DIAGNOSIS_THRESHOLDS;
  return (
    <Panel
      title="Diagnosis"
      caption="The guide's table, decided from this run's numbers by a stated rule: open “why?” for the table, each rule and its live figures."
    >
      {() => (
        <div ref={bodyRef} className="diagnosis" data-verdict={verdict}>
          <p className={`verdict verdict-${verdict}`} aria-live="polite">
            <span className="verdict-mark" aria-hidden="true">{MARK[verdict]}</span>
            <strong className="verdict-name">{verdictName(verdict)}</strong>
          </p>
          <p className="verdict-numbers">{diagnosis.figures.epochsSeen === 0 ? 'Press Play or Step: the verdict needs finished epochs.' : numbersLine(diagnosis, task)}</p>
          <details className="verdict-why">
          <summary>why?</summary>
          <p className="verdict-reason">{diagnosis.reason}</p>
          <table className="data-table guide-table">
            <caption className="visually-hidden">Overfitting vs underfitting (the guide's table); the current verdict is marked “now”.</caption>
            <thead>
              <tr>
                <th scope="col">Scenario</th>
                <th scope="col">Training {task === 'regression' ? 'fit' : 'accuracy'}</th>
                <th scope="col">Validation {task === 'regression' ? 'fit' : 'accuracy'}</th>
                <th scope="col">Issue</th>
              </tr>
            </thead>
            <tbody>
              {GUIDE_ROWS.map((row) => {
                const current = row.verdict === verdict;
                return (
                  <tr
                    key={row.verdict}
                    className={`${current ? 'current' : ''}${row.verdict === shownRow ? ' shown' : ''}`}
                    aria-current={current ? 'true' : undefined}
                    onMouseEnter={() => setHovered(row.verdict)}
                    onMouseLeave={() => setHovered(null)}
                  >
                    <th scope="row">
                      <button
                        type="button"
                        className="row-button"
                        aria-expanded={row.verdict === shownRow}
                        aria-controls="diagnosis-rule"
                        onClick={() => setPinned(pinned === row.verdict ? null : row.verdict)}
                        onFocus={() => setHovered(row.verdict)}
                        onBlur={() => setHovered(null)}
                      >
                        {row.scenario}
                      </button>
                      {current ? <span className="now-tag">◀ now</span> : null}
                    </th>
                    <td>{row.train}</td>
                    <td>{row.validation}</td>
                    <td>{row.issue}</td>
                  </tr>
                );
              })}
              <tr className="live-row">
                <th scope="row">This run{diagnosis.figures.epochsSeen > 0 ? ` (epoch ${diagnosis.figures.epoch})` : ''}</th>
                <td>{live.train}</td>
                <td>{live.validation}</td>
                <td>{verdictName(verdict)}</td>
              </tr>
            </tbody>
          </table>
          <div id="diagnosis-rule" className="rule-box" role="group" aria-label={`Rule for ${verdictName(shownRow)}`}>
            <p className="rule-title">
              {shownRow === 'goodFit' ? 'Good fit: none of the conditions below holds' : `${verdictName(shownRow)[0].toUpperCase()}${verdictName(shownRow).slice(1)} when`}
              {shownRow === 'overfitting' ? ' (a) or (b) holds' : ''}
              {shownRow === 'underfitting' ? ' this holds (checked first)' : ''}:
            </p>
            <ul className="rule-checks">
              {checks.map((check) => (
                <li key={check.id} data-check={check.id} data-holds={check.holds}>
                  <span className="check-mark" aria-hidden="true">{check.holds ? '●' : '○'}</span>
                  <span>
                    {check.rule} <span className="check-measured">Now: {check.measured} {check.holds ? '(holds)' : '(does not hold)'}</span>
                  </span>
                </li>
              ))}
            </ul>
            <p className="rule-note">
              Losses are data losses without the penalty, both sets in inference mode, each the median of the last {t.window} epochs. The constant prediction ignores the inputs:{' '}
              {task === 'regression' ? 'it always predicts the mean target' : 'it always predicts the class frequencies'} (loss {formatNumber(constantLoss)}).
            </p>
          </div>
          </details>
        </div>
      )}
    </Panel>
  );
}
