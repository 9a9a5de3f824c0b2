import { useRef, useState, type PointerEvent } from 'react';
import { useRun } from '../../state/runStore';
import { telemetryStore } from '../../state/telemetryStore';
import type { PredictionGrid } from '../../state/viewTypes';
import { Panel, useCompact, useMaximized } from './Panel';
import { boundaryKind, boundaryPixels, boundaryReadout, boundarySummary, type BoundaryKind } from '../draw/boundaryPixels';
import { putPixels, useLiveCanvas } from './useLiveCanvas';
import { useSampled } from './diagnosis/useSampled';
import { CLASS_COLOURS } from '../draw/palette';
import { MARKER_SHAPES } from './dataPreviewDraw';
import { markFirstPictureDrawn } from '../firstPicture';
import './diagnosis/panels.css';

/** Canvas resolution (CSS scales it to the panel). */
/** Pointer positions are in these logical pixels, whatever size the picture is drawn at. */
const SIZE = 360;
/** Full screen draws at this size, so the picture stays sharp at the height of a projector screen. */
const FULL_SCREEN_SIZE = 800;
/** The screen-reader summary and a tapped point's readout are refreshed at most this often. */
const SUMMARY_INTERVAL_MS = 500;

const TITLES: Record<BoundaryKind, string> = {
  classes2d: 'Decision boundary',
  curve1d: 'Fitted curve',
  surface2d: 'Predicted surface',
};

const CAPTIONS: Record<BoundaryKind, string> = {
  classes2d: 'The predicted class over the plane (blue = first class, orange = second; paler = less sure), always in inference mode. A boundary that bends around single points is overfitting.',
  curve1d: 'The network’s prediction (black line) over training points (filled) and validation points (hollow), in inference mode. A curve that threads every training point is overfitting.',
  surface2d: 'The predicted value over the plane (blue low, white middle, orange high); points are coloured by their true value. Patches around single points mean overfitting.',
};

const SHAPE_SYMBOL: Record<(typeof MARKER_SHAPES)[number], string> = { circle: '●', square: '■', triangle: '▲', diamond: '◆', cross: '✖', plus: '✚' };

function rgb(colour: readonly number[]): string {
  return `rgb(${colour[0]}, ${colour[1]}, ${colour[2]})`;
}

/** The decision boundary (2D classification), fitted curve (1D regression) or surface (2D regression). */
export function BoundaryPanel() {
  const dataset = useRun((state) => state.dataset);
  const [discretize, setDiscretize] = useState(false);
  const [showValidation, setShowValidation] = useState(true);
  const [hover, setHover] = useState<{ px: number; py: number } | null>(null);
  const [pin, setPin] = useState<{ px: number; py: number } | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const drawn = useRef<{ canvas: HTMLCanvasElement; grid: PredictionGrid | null; key: string } | null>(null);
  const kind = dataset ? boundaryKind(dataset) : null;
  const maximized = useMaximized(kind ? TITLES[kind] : 'Decision boundary');
  const drawSize = maximized ? FULL_SCREEN_SIZE : SIZE;
  const canvasRef = useLiveCanvas(
    (canvas, state) => {
      if (!dataset) return;
      const grid = state.snapshot?.grid ?? null;
      const key = `${discretize}|${showValidation}|${drawSize}`;
      // The store also changes for metrics and the run log: redraw only for a new grid or option.
      if (drawn.current && drawn.current.canvas === canvas && drawn.current.grid === grid && drawn.current.key === key) return;
      const raster = boundaryPixels(dataset, grid, { size: drawSize, discretize, showTrain: true, showValidation });
      if (!raster) return;
      putPixels(canvas, raster.pixels, raster.width, raster.height);
      drawn.current = { canvas, grid, key };
      // The network's prediction is on screen: the first screen's other views may load now.
      if (grid) markFirstPictureDrawn();
    },
    [dataset, discretize, showValidation, drawSize],
  );
  // The summary (for screen readers) and a tapped point's readout follow the training at a bounded rate.
  const sampled = useSampled(
    () => {
      const grid = telemetryStore.getState().snapshot?.grid ?? null;
      const summary = dataset ? boundarySummary(dataset, grid) : '';
      const pinned = dataset && pin ? (boundaryReadout(dataset, grid, SIZE, pin.px, pin.py)?.text ?? null) : null;
      return `${summary}\n${pinned ?? ''}`;
    },
    { intervalMs: SUMMARY_INTERVAL_MS, visibilityRef: bodyRef },
    [dataset, pin],
  );
  const [summary, pinnedText] = sampled.split('\n');
  // Hovering reads the latest grid on each pointer move.
  const hoverText = dataset && hover ? (boundaryReadout(dataset, telemetryStore.getState().snapshot?.grid ?? null, SIZE, hover.px, hover.py)?.text ?? null) : null;
  const readoutText = hoverText ?? (pinnedText || null);
  const compact = useCompact();

  if (!dataset) return null;
  if (!kind) {
    return (
      <Panel title="Decision boundary" caption="The prediction over the input plane, for datasets with one or two inputs.">
        {() => <p className="empty-note panel-note">This dataset has more than two inputs: there is no plane to draw.{dataset.imageShape ? ' See the Digits panel for what the network predicts.' : ''}</p>}
      </Panel>
    );
  }
  const title = TITLES[kind];
  const toPixel = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    return { px: ((event.clientX - rect.left) / rect.width) * SIZE, py: ((event.clientY - rect.top) / rect.height) * SIZE };
  };
  const classNames = dataset.classNames ?? ['class 0', 'class 1'];
  return (
    <Panel
      title={title}
      caption={CAPTIONS[kind]}
      actions={
        <>
          {kind === 'classes2d' ? (
            <label className="switch compact">
              <input type="checkbox" role="switch" checked={discretize} onChange={(event) => setDiscretize(event.target.checked)} />
              <span className="switch-track" aria-hidden="true" />
              <span className="setting-label">Discretize</span>
            </label>
          ) : null}
          <label className="switch compact">
            <input type="checkbox" role="switch" checked={showValidation} onChange={(event) => setShowValidation(event.target.checked)} />
            <span className="switch-track" aria-hidden="true" />
            <span className="setting-label">Validation points</span>
          </label>
        </>
      }
    >
      {() => (
        <div ref={bodyRef}>
          <figure className="boundary-figure">
            <canvas
              ref={canvasRef}
              width={drawSize}
              height={drawSize}
              className="boundary-canvas"
              role="img"
              aria-label={`${title}. ${summary}`}
              onPointerMove={(event) => {
                if (event.pointerType === 'mouse') setHover(toPixel(event));
              }}
              onPointerLeave={() => setHover(null)}
              onClick={(event) => {
                const point = toPixel(event as unknown as PointerEvent<HTMLCanvasElement>);
                setPin(pin && point && Math.hypot(pin.px - point.px, pin.py - point.py) < 6 ? null : point);
              }}
            />
            {pin ? <span className="boundary-pin" aria-hidden="true" style={{ left: `${(pin.px / SIZE) * 100}%`, top: `${(pin.py / SIZE) * 100}%` }} /> : null}
          </figure>
          <p className="readout" aria-live="polite">{readoutText ?? (compact ? '' : 'Hover over the picture, or tap it, to read the prediction at that point.')}</p>
          <ul className="legend">
            {kind === 'classes2d' ? (
              classNames.map((name, k) => (
                <li key={name}>
                  <span aria-hidden="true" style={{ color: rgb(CLASS_COLOURS[k % CLASS_COLOURS.length]), marginRight: '0.3rem' }}>{SHAPE_SYMBOL[MARKER_SHAPES[k % MARKER_SHAPES.length]]}</span>
                  {name}
                </li>
              ))
            ) : kind === 'curve1d' ? (
              <li><span className="swatch-line" style={{ color: 'var(--text)' }} />prediction (black line)</li>
            ) : (
              <li><span className="legend-swatch" style={{ background: 'linear-gradient(90deg,#0072B2,#f7f7f7,#E69F00)' }} />low … high value</li>
            )}
            <li><span className="legend-swatch dot" style={{ background: 'var(--text-muted)' }} />training (filled)</li>
            <li><span className="legend-swatch hollow" style={{ color: 'var(--text-muted)' }} />validation (hollow)</li>
          </ul>
        </div>
      )}
    </Panel>
  );
}
