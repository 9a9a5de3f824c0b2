/**
 * A bounded ring of weight-histogram slices per layer, for the ridgeline: at most `capacity`
 * slices, a new slice at most every `intervalMs` (the newest slice is replaced in between, so the
 * front row is always current), plus the first histogram of the run (the "initial" outline).
 * Plain data and a clock passed in: tested in Node.
 */
import type { WeightHistogramProbe } from '../../state/viewTypes';
import type { RidgelineSlice } from './histogramPixels';

/** Slices kept per layer (TensorBoard's offset view shows a few dozen). */
export const RIDGELINE_SLICES = 20;
/** At most this many new slices a second (2 per second). */
export const RIDGELINE_INTERVAL_MS = 500;

/** One layer's slices and its first histogram. */
interface LayerRing {
  slices: RidgelineSlice[];
  /** The first slice seen in this run (step 0 when the panel was open from the start). */
  initial: RidgelineSlice;
}

/** The ring of all layers of one run. */
export class HistogramRing {
  private runId = -1;
  private lastSnapshot = -1;
  private lastPush = -Infinity;
  private lastStep = -1;
  private readonly layers = new Map<string, LayerRing>();

  constructor(
    readonly capacity = RIDGELINE_SLICES,
    readonly intervalMs = RIDGELINE_INTERVAL_MS,
  ) {}

  /**
   * Takes a snapshot's histograms. The same snapshot twice is a no-op; a new run starts over.
   * A slice is added when `intervalMs` has passed since the last one and training moved on;
   * otherwise the newest slice is replaced.
   */
  offer(runId: number, snapshotId: number, step: number, probes: readonly WeightHistogramProbe[], now: number): void {
    if (runId !== this.runId) {
      this.runId = runId;
      this.layers.clear();
      this.lastSnapshot = -1;
      this.lastPush = -Infinity;
      this.lastStep = -1;
    }
    if (snapshotId === this.lastSnapshot) return;
    this.lastSnapshot = snapshotId;
    const push = now - this.lastPush >= this.intervalMs && step !== this.lastStep;
    if (push) this.lastPush = now;
    for (const probe of probes) {
      let layer = this.layers.get(probe.layer);
      if (!layer) {
        layer = { slices: [], initial: { histogram: probe.histogram, step } };
        this.layers.set(probe.layer, layer);
      }
      const slice = { histogram: probe.histogram, step };
      if (push || layer.slices.length === 0) {
        layer.slices.push(slice);
        if (layer.slices.length > this.capacity) layer.slices.shift();
      } else {
        layer.slices[layer.slices.length - 1] = slice;
      }
    }
    this.lastStep = step;
  }

  /** A layer's slices, oldest first (empty for an unknown layer). */
  slices(layer: string): readonly RidgelineSlice[] {
    return this.layers.get(layer)?.slices ?? [];
  }

  /** A layer's first slice of the run, or null. */
  initial(layer: string): RidgelineSlice | null {
    return this.layers.get(layer)?.initial ?? null;
  }
}
