import type { EpochMetrics } from '../../state/viewTypes';
import { useRun } from '../../state/runStore';
import { compareRunning, useCompare, type CompareSideState } from '../../state/compareController';

function formatLoss(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return value < 0.001 ? value.toExponential(2) : value.toFixed(3);
}

/** Validation accuracy (classification) or RMSE (regression), as the status line words it. */
function quality(latest: EpochMetrics): string {
  if (latest.validationAccuracy !== null) return ` · validation accuracy ${(latest.validationAccuracy * 100).toFixed(1)}%`;
  if (latest.validationRmse !== null) return ` · validation RMSE ${formatLoss(latest.validationRmse)}`;
  return '';
}

/** One run of a comparison in the status line: "A epoch 120, validation loss 0.412". */
function sideText(name: string, side: CompareSideState): string {
  return `${name} epoch ${side.epoch}${side.latest ? `, validation loss ${formatLoss(side.latest.validationLoss)}` : ''}`;
}

/** While comparing, the header's figures are the comparison's: the runs the controls drive. */
function CompareStatusLine() {
  const a = useCompare((state) => state.a);
  const b = useCompare((state) => state.b);
  const running = useCompare((state) => compareRunning(state));
  const text = `Comparing · ${sideText('A', a)} · ${sideText('B', b)} · ${running ? 'training' : a.phase === b.phase ? a.phase : `A ${a.phase}, B ${b.phase}`}`;
  return (
    <p className="status-line" role="status" aria-live="polite" aria-label="Run status" data-settled={!a.pauseUnconfirmed && !b.pauseUnconfirmed}>
      {text}
    </p>
  );
}

/** One line under the header: epoch, losses, speed. Announced politely to screen readers. */
export function StatusLine() {
  const comparing = useCompare((state) => state.active);
  return comparing ? <CompareStatusLine /> : <MainStatusLine />;
}

function MainStatusLine() {
  const connection = useRun((state) => state.connection);
  const epoch = useRun((state) => state.epoch);
  const step = useRun((state) => state.step);
  const latest = useRun((state) => state.latest);
  const phase = useRun((state) => state.phase);
  const progress = useRun((state) => state.dataProgress);
  const stepsPerSecond = useRun((state) => state.stepsPerSecond);
  const pauseUnconfirmed = useRun((state) => state.pauseUnconfirmed);
  let text: string;
  if (connection === 'starting') text = 'Starting the training worker…';
  else if (connection === 'loadingData') text = progress === null ? 'Loading data…' : `Loading data… ${Math.round(progress * 100)}%`;
  else if (connection === 'failed') text = 'The training worker is not available.';
  else {
    const losses = latest
      ? ` · training loss ${formatLoss(latest.trainLoss)} · validation loss ${formatLoss(latest.validationLoss)}${quality(latest)}`
      : '';
    const speed = phase === 'running' && stepsPerSecond > 0 ? ` · ${Math.round(stepsPerSecond).toLocaleString('en-US')} steps/s` : '';
    const state = phase === 'running' ? 'training' : phase;
    text = `Epoch ${epoch} · step ${step}${losses}${speed} · ${state}`;
  }
  // data-settled: the figures are final for this state (tests wait on it after a Pause).
  return (
    <p className="status-line" role="status" aria-live="polite" aria-label="Run status" data-settled={!pauseUnconfirmed}>
      {text}
    </p>
  );
}
