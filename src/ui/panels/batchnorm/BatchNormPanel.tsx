import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTelemetry } from '../../../state/telemetryStore';
import { useSetting } from '../../../state/settingsStore';
import type { BatchNormProbe, DropoutMaskProbe, Histogram } from '../../../state/viewTypes';
import { Panel } from '../Panel';
import { putPixels } from '../useLiveCanvas';
import { binAtFraction, formatValue, histogramBarsPixels, histogramTotal, type Ink } from '../../draw/histogramPixels';
import { featureAtFraction, meanOf, momentsGeometry, momentsPixels, MAX_MOMENT_FEATURES } from '../../draw/histogramMoments';
import { pixelRatio, useElementWidth, useInk, useTelemetryEvery, useThrottledCanvas } from '../network/canvasHooks';
import './batchnorm.css';

const HISTOGRAM_HEIGHT = 90;
const MOMENTS_HEIGHT = 130;
/** Statistics of the last minibatch change every step: redraw at most 4 times a second. */
const DRAW_INTERVAL_MS = 250;

/** Whether some dropout layer feeds a batch-norm layer (input dropout, or a hidden layer's dropout before the next BN). */
export function dropoutFeedsBatchNorm(masks: readonly DropoutMaskProbe[], batchNormLayers: number): boolean {
  return masks.some((mask) => {
    if (mask.rate <= 0) return false;
    if (mask.layer === 'input') return true;
    const match = /^dense (\d+)$/.exec(mask.layer);
    // Dense k's dropout feeds dense k+1, normalized by batch norm k+1.
    return match !== null && Number(match[1]) < batchNormLayers;
  });
}

/** A short summary of one BN layer for screen readers. */
export function batchNormSummary(probe: BatchNormProbe): string {
  const n = probe.batchMean.length;
  const gap = (a: Float32Array, b: Float32Array) => {
    let sum = 0;
    for (let f = 0; f < n; f++) sum += Math.abs(a[f] - b[f]);
    return n > 0 ? sum / n : 0;
  };
  return (
    `${probe.layer}, ${n} features: batch mean averages ${formatValue(meanOf(probe.batchMean))} (running ${formatValue(meanOf(probe.runningMean))}), ` +
    `batch variance ${formatValue(meanOf(probe.batchVariance))} (running ${formatValue(meanOf(probe.runningVariance))}); ` +
    `running and batch differ by ${formatValue(gap(probe.batchMean, probe.runningMean))} in mean and ${formatValue(gap(probe.batchVariance, probe.runningVariance))} in variance on average; ` +
    `gamma ${formatValue(meanOf(probe.gamma))}, beta ${formatValue(meanOf(probe.beta))} on average.`
  );
}

/** Per batch-norm layer: activations before and after normalization, running against batch moments. */
export function BatchNormPanel() {
  return (
    <Panel
      title="Batch normalization statistics"
      caption="Each feature is normalized over the minibatch (before → after), then scaled by γ and shifted by β. Inference uses running averages (hollow rings) instead of the minibatch's own mean and variance (filled discs): where they part, validation sees other numbers than training did."
    >
      {() => <BatchNormView />}
    </Panel>
  );
}

function BatchNormView() {
  const enabled = useSetting('batchNorm');
  const layerKey = useTelemetry((state) => (state.snapshot ? state.snapshot.batchNorm.map((probe) => probe.layer).join('|') : ''));
  const slow = useTelemetryEvery(500);
  if (!enabled) {
    return (
      <p className="empty-note bn-empty">
        Batch normalization is off. Switch on <strong>Batch normalization</strong> (Regularization) to normalize every hidden layer over the minibatch and see its
        statistics here; it is inserted without changing what the network computes.
      </p>
    );
  }
  if (!layerKey) return <p className="empty-note bn-empty">Batch normalization is on: press Step or Play to see its statistics.</p>;
  const layers = layerKey.split('|');
  const snapshot = slow.snapshot;
  const dropoutNote = snapshot ? dropoutFeedsBatchNorm(snapshot.dropoutMasks, snapshot.batchNorm.length) : false;
  return (
    <div className="bn-layers">
      {dropoutNote ? (
        <p className="bn-note">
          <strong>Note:</strong>
          Dropout feeds a batch-norm layer here. Dropout changes the variance a unit shows in training, so the running variance no longer matches what the
          layer sees at inference: the “variance shift” of Li et al. (2019). Placing dropout only after the last batch-norm layer avoids it.
        </p>
      ) : null}
      {layers.map((layer) => {
        const probe = snapshot?.batchNorm.find((candidate) => candidate.layer === layer) ?? null;
        return <BatchNormLayerView key={layer} layer={layer} probe={probe} />;
      })}
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="legend-swatch bn-swatch-before" />
          before normalization
        </li>
        <li>
          <span className="legend-swatch bn-swatch-after" />
          after (γ·x̂ + β)
        </li>
        <li>
          <span className="bn-dot" aria-hidden="true" />
          batch (filled)
        </li>
        <li>
          <span className="bn-ring" aria-hidden="true" />
          running, used at inference (hollow)
        </li>
      </ul>
    </div>
  );
}

function findProbe(probes: readonly BatchNormProbe[] | undefined, layer: string): BatchNormProbe | null {
  return probes?.find((candidate) => candidate.layer === layer) ?? null;
}

function BatchNormLayerView({ layer, probe }: { layer: string; probe: BatchNormProbe | null }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef, 360);
  const ink = useInk();
  const [feature, setFeature] = useState(-1);
  const halfWidth = Math.max(60, Math.floor((width - 12) / 2));
  const momentsRef = useThrottledCanvas(
    (canvas, state) => {
      const current = findProbe(state.snapshot?.batchNorm, layer);
      if (!current) return;
      const ratio = pixelRatio();
      const raster = momentsPixels(current, { width: Math.round(width * ratio), height: Math.round(MOMENTS_HEIGHT * ratio), ink: { ...ink, stroke: ink.stroke * ratio }, highlightFeature: feature });
      putPixels(canvas, raster.pixels, raster.width, raster.height);
    },
    [layer, width, ink, feature],
    DRAW_INTERVAL_MS,
  );
  const features = probe ? Math.min(probe.batchMean.length, MAX_MOMENT_FEATURES) : 0;
  const pick = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!probe) return;
    const box = event.currentTarget.getBoundingClientRect();
    setFeature(featureAtFraction(momentsGeometry(probe, box.width, box.height), (event.clientX - box.left) / Math.max(1, box.width)));
  };
  const onKey = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (features === 0) return;
    let next: number;
    if (event.key === 'ArrowLeft') next = Math.max(0, feature - 1);
    else if (event.key === 'ArrowRight') next = feature < 0 ? 0 : Math.min(features - 1, feature + 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = features - 1;
    else if (event.key === 'Escape') next = -1;
    else return;
    event.preventDefault();
    setFeature(next);
  };
  const shownFeature = probe && feature >= 0 && feature < features ? feature : -1;
  return (
    <figure className="bn-layer" ref={wrapRef}>
      <figcaption className="bn-title">
        <strong>{layer}</strong>
        {probe ? (
          <span>
            {probe.batchMean.length} features · γ mean {formatValue(meanOf(probe.gamma))} · β mean {formatValue(meanOf(probe.beta))}
          </span>
        ) : null}
      </figcaption>
      <div className="bn-histograms">
        <ActivationHistogram layer={layer} which="before" width={halfWidth} ink={ink} title="before normalization" histogram={probe?.before ?? null} />
        <ActivationHistogram layer={layer} which="after" width={halfWidth} ink={ink} title="after (γ·x̂ + β)" histogram={probe?.after ?? null} />
      </div>
      <div className="bn-moments">
        <span className="bn-strip-label bn-strip-mean" aria-hidden="true">
          mean (0 line) ±{probe ? formatValue(momentsGeometry(probe, width, MOMENTS_HEIGHT).meanRange) : ''}
        </span>
        <span className="bn-strip-label bn-strip-variance" aria-hidden="true">
          variance 0 … {probe ? formatValue(momentsGeometry(probe, width, MOMENTS_HEIGHT).varianceRange) : ''}
        </span>
        <canvas
          ref={momentsRef}
          className="bn-canvas"
          role="img"
          tabIndex={0}
          aria-label={probe ? batchNormSummary(probe) : `${layer}: no statistics yet`}
          style={{ height: MOMENTS_HEIGHT }}
          onPointerMove={pick}
          onPointerDown={pick}
          onPointerLeave={() => setFeature(-1)}
          onKeyDown={onKey}
        />
      </div>
      <p className="bn-readout" aria-live="polite">
        {probe && shownFeature >= 0
          ? `feature ${shownFeature + 1}: batch mean ${formatValue(probe.batchMean[shownFeature])}, running mean ${formatValue(probe.runningMean[shownFeature])}; batch variance ${formatValue(probe.batchVariance[shownFeature])}, running variance ${formatValue(probe.runningVariance[shownFeature])}; γ ${formatValue(probe.gamma[shownFeature])}, β ${formatValue(probe.beta[shownFeature])}.`
          : `Features 1–${features}${probe && probe.batchMean.length > features ? ` of ${probe.batchMean.length}` : ''} left to right. Hover, tap or focus and use ← → to read one.`}
      </p>
    </figure>
  );
}

interface HistogramProps {
  layer: string;
  which: 'before' | 'after';
  width: number;
  ink: Ink;
  title: string;
  histogram: Histogram | null;
}

function ActivationHistogram({ layer, which, width, ink, title, histogram }: HistogramProps) {
  const [bin, setBin] = useState(-1);
  const canvasRef = useThrottledCanvas(
    (canvas, state) => {
      const current = findProbe(state.snapshot?.batchNorm, layer);
      if (!current) return;
      const ratio = pixelRatio();
      const raster = histogramBarsPixels(current[which], {
        width: Math.round(width * ratio),
        height: Math.round(HISTOGRAM_HEIGHT * ratio),
        ink: { ...ink, stroke: ink.stroke * ratio },
        colour: which === 'before' ? ink.primary : ink.secondary,
        highlightBin: bin,
      });
      putPixels(canvas, raster.pixels, raster.width, raster.height);
    },
    [layer, which, width, ink, bin],
    DRAW_INTERVAL_MS,
  );
  const bins = histogram?.counts.length ?? 0;
  const pick = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!histogram) return;
    const box = event.currentTarget.getBoundingClientRect();
    setBin(binAtFraction(histogram, (event.clientX - box.left) / Math.max(1, box.width)));
  };
  const total = histogram ? histogramTotal(histogram) : 0;
  const label = histogram
    ? `${layer}, ${title}: ${total} activations of the last minibatch from ${formatValue(histogram.edges[0])} to ${formatValue(histogram.edges[bins])}`
    : `${layer}, ${title}: no data yet`;
  return (
    <div className="bn-histogram" style={{ width }}>
      <span className="bn-histogram-title">{title}</span>
      <canvas
        ref={canvasRef}
        className="bn-canvas"
        role="img"
        aria-label={label}
        style={{ height: HISTOGRAM_HEIGHT }}
        onPointerMove={pick}
        onPointerDown={pick}
        onPointerLeave={() => setBin(-1)}
      />
      <div className="bn-axis" aria-hidden="true">
        <span>{histogram ? formatValue(histogram.edges[0]) : ''}</span>
        <span>{histogram ? formatValue(histogram.edges[bins]) : ''}</span>
      </div>
      <p className="bn-readout bn-bin">
        {histogram && bin >= 0 && bin < bins ? `[${formatValue(histogram.edges[bin])}, ${formatValue(histogram.edges[bin + 1])}): ${histogram.counts[bin]}` : '\u00a0'}
      </p>
    </div>
  );
}
