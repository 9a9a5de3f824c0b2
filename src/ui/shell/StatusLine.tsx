import type { EpochMetrics } from '../../state/viewTypes';
import { useRun } from '../../state/runStore';

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

/** One line under the header: epoch, losses, speed. Announced politely to screen readers. */
export function StatusLine() {
  const connection = useRun((state) => state.connection);
  const epoch = useRun((state) => state.epoch);
  const step = useRun((state) => state.step);
  const latest = useRun((state) => state.latest);
  const phase = useRun((state) => state.phase);
  const progress = useRun((state) => state.dataProgress);
  const stepsPerSecond = useRun((state) => state.stepsPerSecond);
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
  return (
    <p className="status-line" role="status" aria-live="polite" aria-label="Run status">
      {text}
    </p>
  );
}
