import { closeSweepMode, openSweepMode } from '../../sweep/sweepMode';
import { useSweep } from '../../sweep/sweepStore';

/** The header's way into sweep mode (and back). */
export function SweepButton() {
  const open = useSweep((state) => state.open);
  return (
    <button type="button" aria-pressed={open} onClick={() => (open ? closeSweepMode() : openSweepMode())}>
      Sweep
    </button>
  );
}
