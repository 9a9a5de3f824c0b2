import { useRun } from '../../state/runStore';

function formatLoss(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return value < 0.001 ? value.toExponential(2) : value.toFixed(3);
}

/** One line under the header: epoch, losses, speed. Announced politely to screen readers. */
export function StatusLine() {
  const connection = useRun((state) => state.connection);
  const epoch = useRun((state) => state.epoch);
  const step = useRun((state) => state.step);
  const latest = useRun((state) => state.latest);
  const phase = useRun((state) => state.phase);
  const progress = useRun((state) => state.dataProgress);
  let text: string;
  if (connection === 'starting') text = 'Starting the training worker…';
  else if (connection === 'loadingData') text = progress === null ? 'Loading data…' : `Loading data… ${Math.round(progress * 100)}%`;
  else if (connection === 'failed') text = 'The training worker is not available.';
  else {
    const losses = latest
      ? ` · training loss ${formatLoss(latest.trainLoss)} · validation loss ${formatLoss(latest.validationLoss)}`
      : '';
    const state = phase === 'running' ? 'training' : phase;
    text = `Epoch ${epoch} · step ${step}${losses} · ${state}`;
  }
  return (
    <p className="status-line" role="status" aria-live="polite" aria-label="Run status">
      {text}
    </p>
  );
}
