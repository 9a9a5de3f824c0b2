/**
 * Sweep mode's light actions: open and close the view, edit the spec (kept in the link). The shell
 * imports these; the runner, the pool and the engine load only with the sweep view.
 */
import { uiStore } from '../state/uiStore';
import { setLinkView } from '../state/urlSync';
import { normalizeSweep, type SweepSpec } from './sweepSpec';
import { sweepStore } from './sweepStore';

function writeLink(spec: SweepSpec | null): void {
  if (typeof window === 'undefined') return;
  setLinkView({ ...uiStore.getState().view, sweep: spec });
}

/** Shows the sweep view (with a spec from a link, or the last one). */
export function openSweepMode(spec?: SweepSpec): void {
  const next = spec ? normalizeSweep(spec).spec : sweepStore.getState().spec;
  sweepStore.setState({ open: true, spec: next });
  writeLink(next);
}

/** Back to the panels (a running sweep keeps going). */
export function closeSweepMode(): void {
  sweepStore.setState({ open: false });
  writeLink(null);
}

/** Changes the spec being edited; returns what was adjusted (clamped ranges, counts). */
export function setSweepSpec(spec: SweepSpec): string[] {
  const normalized = normalizeSweep(spec);
  sweepStore.setState({ spec: normalized.spec });
  if (sweepStore.getState().open) writeLink(normalized.spec);
  return normalized.problems;
}

