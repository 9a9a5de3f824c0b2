/**
 * Thinning epoch histories without changing their shape: both the bounded store (streaming) and
 * the charts (per redraw) keep a regular grid over the whole epoch range plus the most stray epoch
 * of each stretch, so a long run never turns into straight chords and a one-epoch spike stays.
 */
import type { EpochMetrics } from './viewTypes';

/** Relative distance of one metric: 0 for equal values, up to 1 for a spike (NaN: infinitely far). */
function relativeDistance(anchor: number | null, value: number | null): number {
  if (anchor === null || value === null) return 0;
  if (!Number.isFinite(value) || !Number.isFinite(anchor)) return Infinity;
  return Math.abs(value - anchor) / Math.max(Math.abs(anchor), Math.abs(value), 1e-12);
}

/** How far `epoch` strays from `anchor` over the charted metrics (losses, accuracies, RMSE). */
export function epochDeviation(anchor: EpochMetrics, epoch: EpochMetrics): number {
  return Math.max(
    relativeDistance(anchor.trainLoss, epoch.trainLoss),
    relativeDistance(anchor.validationLoss, epoch.validationLoss),
    relativeDistance(anchor.trainAccuracy, epoch.trainAccuracy),
    relativeDistance(anchor.validationAccuracy, epoch.validationAccuracy),
    relativeDistance(anchor.trainRmse, epoch.trainRmse),
    relativeDistance(anchor.validationRmse, epoch.validationRmse),
  );
}

/**
 * At most `maxPoints` epochs (plus the last) spread evenly over the epoch range: the range is cut
 * into equal slots by epoch number (not by index, so densely kept recent epochs do not crowd out
 * the rest); each slot gives its first epoch and its most stray one; the last epoch always stays.
 */
export function decimateByEpoch(epochs: readonly EpochMetrics[], maxPoints: number): EpochMetrics[] {
  if (epochs.length <= maxPoints) return epochs.slice();
  const slots = Math.max(1, Math.floor((maxPoints - 1) / 2));
  const first = epochs[0].epoch;
  const span = epochs[epochs.length - 1].epoch - first + 1;
  const result: EpochMetrics[] = [];
  let slot = -1;
  let anchor: EpochMetrics | null = null;
  let extreme: EpochMetrics | null = null;
  let extremeDistance = -1;
  const flush = () => {
    if (anchor === null) return;
    result.push(anchor);
    if (extreme !== null && extremeDistance > 0) result.push(extreme);
  };
  for (let index = 0; index < epochs.length - 1; index++) {
    const epoch = epochs[index];
    const epochSlot = Math.min(slots - 1, Math.floor(((epoch.epoch - first) / span) * slots));
    if (epochSlot !== slot) {
      flush();
      slot = epochSlot;
      anchor = epoch;
      extreme = null;
      extremeDistance = -1;
      continue;
    }
    const distance = epochDeviation(anchor as EpochMetrics, epoch);
    if (distance > extremeDistance) {
      extreme = epoch;
      extremeDistance = distance;
    }
  }
  flush();
  result.push(epochs[epochs.length - 1]);
  return result;
}
