import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { useRun } from '../../../state/runStore';
import { telemetryStore } from '../../../state/telemetryStore';
import { SPARSITY_THRESHOLD, type LayerParameters } from '../../../state/viewTypes';
import { Panel } from '../Panel';
import { putPixels, useLiveCanvas } from '../useLiveCanvas';
import { useSampled } from '../diagnosis/useSampled';
import {
  confusionFigures,
  digitImagePixels,
  firstLayerImages,
  unitAt,
  weightFigures,
  weightSheetLayout,
  weightSheetPixels,
  type WeightFigures,
} from '../../draw/digitsPixels';
import '../diagnosis/panels.css';

/** Captions and the confusion table refresh at most this often. */
const DIGITS_INTERVAL_MS = 500;
/** First-layer units drawn at most. */
const MAX_UNITS = 32;
/** Width of the weight sheet in pixels (CSS scales it). */
const SHEET_WIDTH = 480;

function firstWeightLayer(parameters: readonly LayerParameters[] | undefined): LayerParameters | undefined {
  return parameters?.find((layer) => layer.kind === 'dense' || layer.kind === 'conv');
}

/** One sample digit, drawn once per dataset. */
function SampleImage({ images, index, shape }: { images: Uint8Array; index: number; shape: [number, number] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const raster = digitImagePixels(images, index, shape, 1);
    putPixels(ref.current, raster.pixels, raster.width, raster.height);
  }, [images, index, shape]);
  return <canvas ref={ref} width={shape[1]} height={shape[0]} aria-hidden="true" />;
}

interface DigitsSample {
  key: string;
  predictions: Uint8Array | null;
  confusion: Uint32Array | null;
  weights: WeightFigures | null;
  units: number;
  shown: number;
  kind: 'dense' | 'conv' | null;
}

const EMPTY_SAMPLE: DigitsSample = { key: '', predictions: null, confusion: null, weights: null, units: 0, shown: 0, kind: null };

function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

/** Digits: sample predictions marked right or wrong, the confusion matrix, and the first layer's weights as images. */
export function DigitsPanel() {
  const dataset = useRun((state) => state.dataset);
  const bodyRef = useRef<HTMLDivElement>(null);
  const cache = useRef<DigitsSample>(EMPTY_SAMPLE);
  const imageShape = dataset?.imageShape ?? null;
  const sample = useSampled(
    () => {
      const snapshot = telemetryStore.getState().snapshot;
      if (!snapshot || !imageShape) return EMPTY_SAMPLE;
      const layer = firstWeightLayer(snapshot.parameters);
      const images = firstLayerImages(layer, imageShape, MAX_UNITS);
      const weights = images ? weightFigures(images) : null;
      const key = `${snapshot.samplePredictions?.join(',')}|${snapshot.confusion?.join(',')}|${weights ? `${weights.sparsity.toFixed(3)},${weights.meanAbs.toPrecision(3)},${weights.roughness.toFixed(2)}` : ''}`;
      // Same figures: same object, so React skips the render.
      if (key === cache.current.key) return cache.current;
      cache.current = { key, predictions: snapshot.samplePredictions, confusion: snapshot.confusion, weights, units: images?.units ?? 0, shown: images?.shown ?? 0, kind: layer?.kind === 'conv' ? 'conv' : layer ? 'dense' : null };
      return cache.current;
    },
    { intervalMs: DIGITS_INTERVAL_MS, visibilityRef: bodyRef },
    [imageShape],
  );
  const [hoveredUnit, setHoveredUnit] = useState<number | null>(null);
  const [pinnedUnit, setPinnedUnit] = useState<number | null>(null);
  const layoutRef = useRef<ReturnType<typeof weightSheetLayout> | null>(null);
  const imagesRef = useRef<ReturnType<typeof firstLayerImages>>(null);
  const sheetRef = useLiveCanvas(
    (canvas, state) => {
      if (!imageShape) return;
      const images = firstLayerImages(firstWeightLayer(state.snapshot?.parameters), imageShape, MAX_UNITS);
      imagesRef.current = images;
      if (!images) return;
      const layout = weightSheetLayout(images, SHEET_WIDTH);
      layoutRef.current = layout;
      const raster = weightSheetPixels(images, layout);
      putPixels(canvas, raster.pixels, raster.width, raster.height);
    },
    [imageShape],
  );
  const classNames = useMemo(() => dataset?.classNames ?? Array.from({ length: dataset?.outputSize ?? 10 }, (_, index) => String(index)), [dataset]);

  if (!dataset || !imageShape || !dataset.sampleImages || !dataset.sampleLabels) return null;
  const images = dataset.sampleImages;
  const labels = dataset.sampleLabels;
  const classes = dataset.outputSize;
  const predictions = sample.predictions;
  const confusion = sample.confusion;
  const figures = confusion ? confusionFigures(confusion, classes) : null;
  const rightCount = predictions ? Array.from(labels).filter((label, index) => predictions[index] === label).length : 0;
  const inspected = hoveredUnit ?? pinnedUnit;
  const unitFigures = inspected !== null && imagesRef.current && inspected < imagesRef.current.shown ? weightFigures(imagesRef.current, inspected) : null;
  let rowMax = 1;
  if (confusion) for (let actual = 0; actual < classes; actual++) for (let predicted = 0; predicted < classes; predicted++) rowMax = Math.max(rowMax, confusion[actual * classes + predicted]);

  const unitFromPointer = (event: PointerEvent<HTMLCanvasElement>): number | null => {
    const canvas = event.currentTarget;
    const layout = layoutRef.current;
    if (!layout || !imagesRef.current || canvas.clientWidth === 0) return null;
    const rect = canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * canvas.width;
    const y = ((event.clientY - rect.top) / rect.height) * canvas.height;
    return unitAt(imagesRef.current, layout, x, y);
  };
  const unitWord = sample.kind === 'conv' ? 'filter' : 'unit';

  return (
    <Panel
      title="Digits"
      wide
      caption="Validation digits with the network's guess (✓ right; ✗ wrong, dashed frame), the confusion matrix, and each first-layer unit's weights as an image: L1 empties them (white), L2 smooths them."
    >
      {() => (
        <div ref={bodyRef} className="digits-layout">
          <div>
            <h3 id="digits-samples-title">Sample predictions{predictions ? ` (${rightCount} of ${labels.length} right)` : ''}</h3>
            <ul className="sample-grid">
              {Array.from(labels).map((label, index) => {
                const predicted = predictions ? predictions[index] : null;
                const right = predicted === label;
                const text = predicted === null ? `digit ${classNames[label]}, no prediction yet` : right ? `digit ${classNames[label]}, predicted ${classNames[predicted]}: right` : `digit ${classNames[label]}, predicted ${classNames[predicted]}: wrong`;
                return (
                  <li key={index} className={`sample${predicted !== null && !right ? ' wrong' : ''}`} aria-label={text} data-right={predicted === null ? undefined : right}>
                    <SampleImage images={images} index={index} shape={imageShape} />
                    <span className="sample-caption" aria-hidden="true">
                      {predicted === null ? `${classNames[label]} ·` : right ? `✓ ${classNames[predicted]}` : `✗ ${classNames[predicted]} (${classNames[label]})`}
                    </span>
                  </li>
                );
              })}
            </ul>
            <p className="panel-note">Caption: the network's guess; on a wrong one the true digit follows in brackets.</p>
          </div>
          <div>
            <h3 id="digits-confusion-title">
              Confusion matrix (validation){figures ? `: ${percent(figures.accuracy)} right` : ''}
            </h3>
            {confusion ? (
              <>
                <table className="confusion">
                  <caption className="visually-hidden">Rows: true digit; columns: predicted digit; diagonal cells (outlined) are right.</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="axis-title">true ↓ predicted →</th>
                      {classNames.map((name) => (
                        <th key={name} scope="col">{name}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {classNames.map((name, actual) => (
                      <tr key={name}>
                        <th scope="row">{name}</th>
                        {classNames.map((_, predicted) => {
                          const count = confusion[actual * classes + predicted];
                          const share = count / rowMax;
                          const diagonal = actual === predicted;
                          return (
                            <td
                              key={predicted}
                              className={diagonal ? 'diagonal' : undefined}
                              title={`true ${name}, predicted ${classNames[predicted]}: ${count}`}
                              style={{ background: count === 0 ? undefined : `color-mix(in srgb, ${diagonal ? 'var(--train)' : 'var(--validation)'} ${Math.round(12 + share * 60)}%, transparent)` }}
                            >
                              {count}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="panel-note">
                  {figures?.worst
                    ? `Most frequent mistake: ${classNames[figures.worst.actual]} taken for ${classNames[figures.worst.predicted]} (${figures.worst.count} times).`
                    : 'No mistakes on the validation set.'}
                </p>
              </>
            ) : (
              <p className="empty-note panel-note">Press Step or Play: the matrix fills after the first evaluation.</p>
            )}
          </div>
          <div style={{ gridColumn: '1 / -1' }}>
            <h3 id="digits-weights-title">
              First-layer {sample.kind === 'conv' ? 'filters' : 'weights'} as images{sample.units > 0 ? ` (${sample.shown} of ${sample.units} ${unitWord}s)` : ''}
            </h3>
            <figure className="filters-figure">
              <canvas
                ref={sheetRef}
                width={SHEET_WIDTH}
                height={120}
                role="img"
                aria-label={
                  sample.weights
                    ? `First-layer ${unitWord}s: ${percent(sample.weights.sparsity)} of weights below ${SPARSITY_THRESHOLD}, mean |w| ${sample.weights.meanAbs.toPrecision(2)}, roughness ${sample.weights.roughness.toFixed(2)}.`
                    : 'First-layer weights: not drawn yet.'
                }
                onPointerMove={(event) => {
                  if (event.pointerType === 'mouse') setHoveredUnit(unitFromPointer(event));
                }}
                onPointerLeave={() => setHoveredUnit(null)}
                onClick={(event) => {
                  const unit = unitFromPointer(event as unknown as PointerEvent<HTMLCanvasElement>);
                  setPinnedUnit(unit === pinnedUnit ? null : unit);
                }}
              />
              <figcaption className="readout" aria-live="polite">
                {unitFigures && inspected !== null
                  ? `${unitWord} ${inspected + 1}: ${percent(unitFigures.sparsity)} of its weights below ${SPARSITY_THRESHOLD}, mean |w| ${unitFigures.meanAbs.toPrecision(2)}, largest |w| ${unitFigures.maxAbs.toPrecision(2)}, roughness ${unitFigures.roughness.toFixed(2)}.`
                  : sample.weights
                    ? `All shown: ${percent(sample.weights.sparsity)} of weights below ${SPARSITY_THRESHOLD} (sparsity), mean |w| ${sample.weights.meanAbs.toPrecision(2)}, roughness ${sample.weights.roughness.toFixed(2)} (neighbour difference over mean |w|; lower = smoother). Hover or tap an image for its figures.`
                    : 'Waiting for the first snapshot.'}
              </figcaption>
            </figure>
            <ul className="legend" aria-hidden="true">
              <li><span className="legend-swatch" style={{ background: 'linear-gradient(90deg,#0072B2,#f7f7f7,#E69F00)' }} />negative · 0 (white) · positive weight; one colour scale for all {unitWord}s</li>
            </ul>
          </div>
        </div>
      )}
    </Panel>
  );
}
