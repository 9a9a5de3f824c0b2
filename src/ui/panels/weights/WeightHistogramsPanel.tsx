import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { telemetryStore, useTelemetry, type TelemetryState } from '../../../state/telemetryStore';
import { SPARSITY_THRESHOLD, type Histogram, type RunSnapshot } from '../../../state/viewTypes';
import { Panel } from '../Panel';
import { putPixels } from '../useLiveCanvas';
import { binAtFraction, formatValue, histogramTotal, rebin, ridgelinePixels } from '../../draw/histogramPixels';
import { HistogramRing, RIDGELINE_INTERVAL_MS, RIDGELINE_SLICES } from '../../draw/histogramRing';
import { pixelRatio, useElementWidth, useInk, useTelemetryEvery, useThrottledCanvas } from '../network/canvasHooks';
import { formatSparsity, kernelNorms, kernelOf, layerSummary, type KernelNorms } from './weightFigures';
import './weights.css';

const HEIGHT = 130;
/** Ridgelines redraw at most 4 times a second (new rows come at most twice a second). */
const DRAW_INTERVAL_MS = 250;

/** Per layer: the kernel's distribution over time (ridgeline), its sparsity and its L1/L2 norms. */
export function WeightHistogramsPanel() {
  return (
    <Panel
      title="Weight histograms"
      caption={`Each layer's weights on fixed bins over time: older snapshots behind, now in front (blue), the start of training dashed. L1 piles weights up at 0 (watch the middle spike and the share below ${SPARSITY_THRESHOLD} grow); L2 shrinks them all (watch the spread narrow).`}
    >
      {() => <WeightsView />}
    </Panel>
  );
}

/** The first snapshot of a run the panel saw (step 0 when it was open from the start): histograms and norms. */
interface RunStart {
  runId: number;
  step: number;
  histograms: Map<string, Histogram>;
  norms: Map<string, KernelNorms>;
}

function runStartOf(snapshot: RunSnapshot): RunStart {
  const norms = new Map<string, KernelNorms>();
  const histograms = new Map<string, Histogram>();
  for (const probe of snapshot.weightHistograms) {
    histograms.set(probe.layer, probe.histogram);
    const kernel = kernelOf(snapshot.parameters, probe.layer);
    if (kernel) norms.set(probe.layer, kernelNorms(kernel));
  }
  return { runId: snapshot.runId, step: snapshot.step, histograms, norms };
}

/**
 * Keeps the first snapshot of each run, whether or not the panel is on screen (once per run:
 * negligible work), so "at first" means the start of training even for a panel scrolled to later.
 */
function useRunStart(): RunStart | null {
  const [start, setStart] = useState<RunStart | null>(() => {
    const snapshot = telemetryStore.getState().snapshot;
    return snapshot ? runStartOf(snapshot) : null;
  });
  useEffect(() => {
    let current = start?.runId ?? -1;
    const take = (snapshot: RunSnapshot | null) => {
      if (!snapshot || snapshot.runId === current) return;
      current = snapshot.runId;
      setStart(runStartOf(snapshot));
    };
    // A snapshot may have landed between the first render and this effect.
    take(telemetryStore.getState().snapshot);
    return telemetryStore.subscribe((state) => take(state.snapshot));
    // Subscribes once; `current` follows the runs from there.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return start;
}

function WeightsView() {
  const layerKey = useTelemetry((state) => (state.snapshot ? `${state.snapshot.runId}|${state.snapshot.weightHistograms.map((probe) => probe.layer).join('|')}` : ''));
  const ringRef = useRef<HistogramRing | null>(null);
  ringRef.current ??= new HistogramRing();
  const start = useRunStart();
  const slow = useTelemetryEvery(500);
  if (!layerKey) return <p className="empty-note">Waiting for the first snapshot of the weights.</p>;
  const layers = layerKey.split('|').slice(1);
  const snapshot = slow.snapshot;
  const runStart = start && snapshot && start.runId === snapshot.runId ? start : null;
  return (
    <div className="wh-layers">
      {layers.map((layer) => {
        const kernel = snapshot ? kernelOf(snapshot.parameters, layer) : null;
        return (
          <LayerRidgeline
            key={layer}
            layer={layer}
            ring={ringRef.current!}
            telemetry={slow}
            norms={kernel ? kernelNorms(kernel) : null}
            first={runStart ? { step: runStart.step, norms: runStart.norms.get(layer) ?? null, histogram: runStart.histograms.get(layer) ?? null } : null}
          />
        );
      })}
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="legend-swatch wh-swatch-now" />
          now
        </li>
        <li>
          <span className="legend-swatch wh-swatch-old" />
          earlier (one row per {RIDGELINE_INTERVAL_MS / 1000} s of training, last {RIDGELINE_SLICES})
        </li>
        <li>
          <span className="legend-swatch wh-swatch-initial" />
          {runStart && runStart.step > 0 ? `step ${runStart.step}, when this panel opened (dashed)` : 'start of training (dashed)'}
        </li>
      </ul>
    </div>
  );
}

/** A layer's state when the run started (or the panel first saw it). */
interface LayerStart {
  step: number;
  norms: KernelNorms | null;
  histogram: Histogram | null;
}

interface LayerProps {
  layer: string;
  ring: HistogramRing;
  telemetry: TelemetryState;
  norms: KernelNorms | null;
  first: LayerStart | null;
}

function LayerRidgeline({ layer, ring, telemetry, norms, first }: LayerProps) {
  const firstNorms = first?.norms ?? null;
  const firstHistogram = first?.histogram ?? null;
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef, 360);
  const ink = useInk();
  const [bin, setBin] = useState(-1);
  const canvasRef = useThrottledCanvas(
    (canvas, state) => {
      const snapshot = state.snapshot;
      if (!snapshot) return;
      ring.offer(snapshot.runId, snapshot.id, snapshot.step, snapshot.weightHistograms, Date.now());
      const ratio = pixelRatio();
      const raster = ridgelinePixels(ring.slices(layer), {
        width: Math.round(width * ratio),
        height: Math.round(HEIGHT * ratio),
        ink: { ...ink, stroke: ink.stroke * ratio },
        rows: ring.capacity,
        initial: firstHistogram ?? ring.initial(layer)?.histogram ?? null,
        highlightBin: bin,
      });
      putPixels(canvas, raster.pixels, raster.width, raster.height);
    },
    [layer, width, ink, bin, ring, firstHistogram],
    DRAW_INTERVAL_MS,
  );

  const probe = telemetry.snapshot?.weightHistograms.find((candidate) => candidate.layer === layer) ?? null;
  const histogram = probe?.histogram ?? null;
  const initial = firstHistogram ? { histogram: firstHistogram, step: first?.step ?? 0 } : ring.initial(layer);
  const sparsity = probe?.sparsity ?? 0;
  const summary = layerSummary(layer, sparsity, norms, firstNorms, histogram, first?.step ?? 0);
  const bins = histogram?.counts.length ?? 0;
  const low = histogram ? histogram.edges[0] : 0;
  const high = histogram ? histogram.edges[bins] : 0;

  const pick = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!histogram) return;
    const box = event.currentTarget.getBoundingClientRect();
    setBin(binAtFraction(histogram, (event.clientX - box.left) / Math.max(1, box.width)));
  };
  const onKey = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (!histogram) return;
    const middle = Math.floor(bins / 2);
    let next: number;
    if (event.key === 'ArrowLeft') next = bin < 0 ? middle : Math.max(0, bin - 1);
    else if (event.key === 'ArrowRight') next = bin < 0 ? middle : Math.min(bins - 1, bin + 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = bins - 1;
    else if (event.key === 'Escape') next = -1;
    else return;
    event.preventDefault();
    setBin(next);
  };

  return (
    <figure className="wh-layer" ref={wrapRef}>
      <figcaption className="wh-figures">
        <strong>{layer}</strong>
        <span>
          <abbr title={`share of weights with |w| < ${SPARSITY_THRESHOLD}`}>|w| &lt; {SPARSITY_THRESHOLD}</abbr>: <b data-figure="sparsity">{formatSparsity(sparsity)}</b>
        </span>
        <span>
          L1 Σ|w| <b data-figure="l1">{norms ? formatValue(norms.l1) : '–'}</b>
          {firstNorms && norms ? <small> (step {first?.step ?? 0}: {formatValue(firstNorms.l1)})</small> : null}
        </span>
        <span>
          L2 √Σw² <b data-figure="l2">{norms ? formatValue(norms.l2) : '–'}</b>
          {firstNorms && norms ? <small> (step {first?.step ?? 0}: {formatValue(firstNorms.l2)})</small> : null}
        </span>
      </figcaption>
      <canvas
        ref={canvasRef}
        className="wh-canvas"
        role="img"
        tabIndex={0}
        aria-label={summary}
        style={{ height: HEIGHT }}
        onPointerMove={pick}
        onPointerDown={pick}
        onPointerLeave={() => setBin(-1)}
        onKeyDown={onKey}
      />
      <div className="wh-axis" aria-hidden="true">
        <span>{formatValue(low)}</span>
        <span>0</span>
        <span>{formatValue(high)}</span>
      </div>
      <p className="wh-readout" aria-live="polite">
        {histogram && bin >= 0 && bin < bins ? binReadout(histogram, bin, initial?.histogram ?? null, initial?.step ?? 0) : 'Hover, tap or focus and use ← → to read a bin.'}
      </p>
    </figure>
  );
}

function binReadout(histogram: Histogram, bin: number, initial: Histogram | null, initialStep: number): string {
  const total = histogramTotal(histogram);
  const count = histogram.counts[bin];
  const from = formatValue(histogram.edges[bin]);
  const to = formatValue(histogram.edges[bin + 1]);
  const share = total > 0 ? ((count / total) * 100).toFixed(1) : '0';
  const then = initial ? rebin(initial, histogram.edges).counts[bin] : null;
  return `w in [${from}, ${to}): ${count} weights now (${share}%)${then !== null ? `, ${then} at step ${initialStep}` : ''}.`;
}
