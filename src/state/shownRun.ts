/**
 * The header's run controls and the keyboard act on the runs the screen shows: both runs of the
 * comparison while comparing (so a class sees the runs it is watching move), the main run
 * otherwise. Module-level functions, no React.
 */
import { compareStore, resetBoth, stepBoth, togglePlayBoth } from './compareController';
import { reset, step, togglePlay } from './runController';

function comparing(): boolean {
  return compareStore.getState().active;
}

/** Play or pause what the screen shows. */
export function togglePlayShown(): void {
  if (comparing()) togglePlayBoth();
  else togglePlay();
}

/** One minibatch step of what the screen shows. */
export function stepShown(): void {
  if (comparing()) stepBoth('batch');
  else step('batch');
}

/** Back to step 0 (same seed) for what the screen shows. */
export function resetShown(): void {
  if (comparing()) resetBoth();
  else reset();
}
