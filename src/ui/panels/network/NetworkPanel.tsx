import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { telemetryStore, useTelemetry } from '../../../state/telemetryStore';
import { useRun } from '../../../state/runStore';
import { useUi } from '../../../state/uiStore';
import { requestUnitActivation } from '../../../state/runController';
import type { DatasetInfo, RunSnapshot } from '../../../state/viewTypes';
import { MoreWhenCompact, Panel, panelDomId, useCompact, useMaximized } from '../Panel';
import { useFillHeight, useSlotLayout } from '../useFillHeight';
import { putPixels } from '../useLiveCanvas';
import { COMPACT_SHOWN_UNITS, DESK_TYPE_PX, MAX_SHOWN_UNITS, describeNetwork, hitTest, layoutNetwork, moveUnit, type NetworkDescription, type NetworkLayout, type NetworkTarget } from '../../draw/networkLayout';
import { activationPixels, networkPixels, weightScale, type NetworkPicture } from '../../draw/networkPixels';
import { formatValue } from '../../draw/histogramPixels';
import { pixelRatio, useElementWidth, useInk, useReducedMotion, useTelemetryEvery, useThrottledCanvas } from './canvasHooks';
import { adoptMasks, describeTarget, emptyMasks, masksByColumn, networkSummary, SHOWN_EXAMPLE, structureKey, unitLabel, weightsPicture, type ShownMasks } from './networkModel';
import './network.css';

const NETWORK_TITLE = 'Network';
/** Fewest units a column shows when a slot is short (the rest are counted in "+N more"). */
const MIN_SLOT_UNITS = 2;
/** Room "+24 more" needs between two columns' centres, in ems of the page's type (14 px, 20 px on a projector). */
const MORE_LABEL_EMS = 5;
const PROJECTOR_TYPE_PX = 20;

/** The page's type size: what the network's names and "+N more" are measured at. */
function usePageTypePx(): number {
  return useUi((state) => (state.projector ? PROJECTOR_TYPE_PX : DESK_TYPE_PX));
}

/** Weights redraw at most 5 times a second (the picture costs a few ms). */
const DRAW_INTERVAL_MS = 200;
/** Heatmap refresh while a unit stays selected. */
const ACTIVATION_REFRESH_MS = 500;
const HEATMAP_CELL = 2;

/** Whether the dataset has a 2D plane to show unit activations over. */
function isPlane(dataset: DatasetInfo): boolean {
  return dataset.domain !== null && dataset.rawTrain !== null && dataset.rawTrain.length === 2 * dataset.trainCount;
}

function targetKey(target: NetworkTarget | null): string {
  if (!target) return '';
  return target.kind === 'unit' ? `u${target.column}:${target.unit}` : `e${target.column}:${target.from}:${target.to}`;
}

/** Picture of a snapshot with the masks on screen. */
function buildPicture(snapshot: RunSnapshot, description: NetworkDescription, masks: ShownMasks): NetworkPicture {
  const n = description.columns.length;
  return {
    ...weightsPicture(snapshot, description),
    kept: masks.kept.length === n ? masks.kept : new Array(n).fill(null),
    keepRates: masks.keepRates.length === n ? masks.keepRates : new Array(n).fill(null),
  };
}

/** The network: layers as columns, weights as edges, live dropout, unit activations on hover or tap. */
export function NetworkPanel() {
  const dataset = useRun((state) => state.dataset);
  const reducedMotion = useReducedMotion();
  const dropout = reducedMotion
    ? 'With dropout on, each unit is filled to the share of examples it was kept for.'
    : 'Crossed-out units are dropped for one training example right now.';
  return (
    <Panel
      title={NETWORK_TITLE}
      caption={`Each column is a layer, each line a weight: orange positive, blue negative, thicker and darker = larger. ${dropout} Hover, tap or arrow-key to a unit to see its values and what it computes.`}
    >
      {() => (dataset ? <NetworkView dataset={dataset} /> : <p className="empty-note">The network appears when the run is ready.</p>)}
    </Panel>
  );
}

function NetworkView({ dataset }: { dataset: DatasetInfo }) {
  const key = useTelemetry((state) => structureKey(state.snapshot));
  const description = useMemo(() => {
    const snapshot = telemetryStore.getState().snapshot;
    return key && snapshot ? describeNetwork(snapshot.parameters, dataset) : null;
    // `key` names exactly what the description depends on.
  }, [key, dataset]);
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef, 460);
  const compact = useCompact();
  // Full screen: the rows spread over the height the screen leaves, with up to MAX_SHOWN_UNITS a
  // column where they fit at their natural spacing (COMPACT_SHOWN_UNITS where they do not).
  const maximized = useMaximized(NETWORK_TITLE);
  const fewest = compact ? COMPACT_SHOWN_UNITS : MAX_SHOWN_UNITS;
  const typePx = usePageTypePx();
  const least = useMemo(() => (description ? layoutNetwork(description, width, fewest, undefined, typePx) : null), [description, width, fewest, typePx]);
  const stageHeight = useFillHeight(panelDomId(NETWORK_TITLE), maximized && least !== null, least?.height ?? 0) ?? 0;
  // In a first-screen slot (desks and projectors; phones scroll the page): as many units as the
  // slot has room for, so its bottom row and "+N more" are never cut off.
  const slotLayout = useSlotLayout();
  const slotted = compact && !maximized && slotLayout;
  const slotRoom = useFillHeight(panelDomId(NETWORK_TITLE), slotted && least !== null, 0, 'slotPicture') ?? Infinity;
  const layout = useMemo(() => {
    if (!description || !least) return null;
    if (!maximized && slotted) {
      for (let units = fewest; units > MIN_SLOT_UNITS; units--) {
        const fitted = units === fewest ? least : layoutNetwork(description, width, units, undefined, typePx);
        if (fitted.height <= slotRoom) return fitted;
      }
      return layoutNetwork(description, width, MIN_SLOT_UNITS, undefined, typePx);
    }
    if (!maximized) return least;
    const most = layoutNetwork(description, width, MAX_SHOWN_UNITS, undefined, typePx);
    return layoutNetwork(description, width, most.height <= stageHeight ? MAX_SHOWN_UNITS : fewest, stageHeight, typePx);
  }, [description, least, maximized, stageHeight, width, fewest, slotted, slotRoom, typePx]);
  return (
    <div ref={wrapRef} className="net-figure">
      {layout && description ? (
        <NetworkStage layout={layout} description={description} dataset={dataset} />
      ) : (
        <p className="empty-note">Waiting for the first snapshot of the network.</p>
      )}
    </div>
  );
}

interface StageProps {
  layout: NetworkLayout;
  description: NetworkDescription;
  dataset: DatasetInfo;
}

function NetworkStage({ layout, description, dataset }: StageProps) {
  const compact = useCompact();
  const ink = useInk();
  const reducedMotion = useReducedMotion();
  const [hover, setHover] = useState<NetworkTarget | null>(null);
  const [pinned, setPinned] = useState<NetworkTarget | null>(null);
  const firstHidden = layout.columns.length > 2 ? 1 : 0;
  const [cursor, setCursor] = useState<{ column: number; unit: number }>({ column: firstHidden, unit: 0 });
  const selected = hover ?? pinned;
  const masksRef = useRef<ShownMasks>(emptyMasks());
  // Bumped when the drawing adopts newer masks (at most 3 times a second), so the text summary,
  // computed at render, follows the picture even when no other telemetry arrives after it.
  const [, setMaskVersion] = useState(0);
  const unitRefs = useRef<(HTMLButtonElement | null)[][]>([]);
  // Text that follows training: refreshed at most once a second.
  const slow = useTelemetryEvery(1000);

  const canvasRef = useThrottledCanvas(
    (canvas, state, redrawIn) => {
      const snapshot = state.snapshot;
      if (!snapshot) return;
      const now = typeof performance === 'object' ? performance.now() : Date.now();
      const { masks, waitMs } = adoptMasks(masksRef.current, snapshot, description, now);
      if (masks !== masksRef.current) setMaskVersion((version) => version + 1);
      masksRef.current = masks;
      // A newer mask is held back (at most 3 changes a second): draw again when it may show.
      if (waitMs > 0) redrawIn(waitMs);
      const picture = buildPicture(snapshot, description, masksRef.current);
      const raster = networkPixels(layout, picture, { scale: pixelRatio(), ink, reducedMotion, selected });
      putPixels(canvas, raster.pixels, raster.width, raster.height);
    },
    [layout, description, ink, reducedMotion, targetKey(selected)],
    DRAW_INTERVAL_MS,
  );

  const snapshot = slow.snapshot;
  const masks = snapshot && masksRef.current.runId === snapshot.runId ? masksRef.current : snapshot ? { ...emptyMasks(), ...masksByColumn(snapshot, description) } : emptyMasks();
  const picture = snapshot ? buildPicture(snapshot, description, masks) : null;
  const summary = picture ? networkSummary(layout, picture, masks.rates.length === layout.columns.length ? masks.rates : layout.columns.map(() => null), reducedMotion) : 'Network: waiting for data.';
  const readout = selected && picture ? describeTarget(selected, layout, picture, reducedMotion) : null;
  const maxWeight = picture ? weightScale(layout, picture) : 0;
  const anyDropout = masks.kept.some((kept) => kept !== null) || masks.keepRates.some((rates) => rates !== null);
  const rates = masks.rates.length === layout.columns.length ? masks.rates : [];

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const target = hitTest(layout, event.clientX - box.left, event.clientY - box.top);
    if (targetKey(target) !== targetKey(hover)) setHover(target);
  };
  const onCanvasClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const target = hitTest(layout, event.clientX - box.left, event.clientY - box.top, 8);
    setPinned(targetKey(target) === targetKey(pinned) ? null : target);
  };
  const onUnitKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const key = event.key;
    if (key !== 'ArrowUp' && key !== 'ArrowDown' && key !== 'ArrowLeft' && key !== 'ArrowRight' && key !== 'Home' && key !== 'End') {
      if (key === 'Escape') {
        setPinned(null);
        setHover(null);
      }
      return;
    }
    event.preventDefault();
    const next = moveUnit(layout, cursor, key);
    setCursor(next);
    unitRefs.current[next.column]?.[next.unit]?.focus();
  };

  const cursorColumn = Math.min(cursor.column, layout.columns.length - 1);
  const cursorUnit = Math.min(cursor.unit, layout.columns[cursorColumn].shown - 1);
  const selectedUnit = selected?.kind === 'unit' ? selected : null;
  // "+24 more" under columns closer than the words are wide would run into each other: "+24" there.
  const typeSize = usePageTypePx();
  const moreSpelledOut = layout.columns.length < 2 || layout.columns[1].x - layout.columns[0].x >= MORE_LABEL_EMS * typeSize;

  return (
    <>
      <div className="net-headers" style={{ width: layout.width }} aria-hidden="true">
        {layout.columns.map((column, index) => (
          <span key={column.name} className="net-header" style={{ left: column.x }}>
            <strong>{column.name}</strong>
            <span>
              {column.units} {column.units === 1 ? 'unit' : 'units'}
            </span>
            <span className="net-badges">
              {column.batchNorm ? <span className="net-badge net-badge-bn">BN</span> : null}
              {rates[index] !== null && rates[index] !== undefined ? <span className="net-badge net-badge-dropout">drop {rates[index]}</span> : null}
            </span>
          </span>
        ))}
      </div>
      <div className="net-stage" style={{ width: layout.width, height: layout.height }} data-fill>
        <canvas
          ref={canvasRef}
          className="net-canvas"
          role="img"
          aria-label={summary}
          style={{ width: layout.width, height: layout.height }}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHover(null)}
          onClick={onCanvasClick}
        />
        {layout.columns.map((column, c) => (
          <div key={column.name} role="group" aria-label={`${column.name}: ${column.units} units${column.batchNorm ? ', batch-normalized' : ''}`}>
            {column.kind !== 'hidden'
              ? column.ys.map((y, unit) => (
                  <span
                    key={unit}
                    className={`net-label ${column.kind === 'input' ? 'net-label-in' : 'net-label-out'}`}
                    style={column.kind === 'input' ? { top: y, right: layout.width - column.x + layout.radius + 5, maxWidth: layout.labelLeft - 4 } : { top: y, left: column.x + layout.radius + 5, maxWidth: layout.labelRight - 4 }}
                    aria-hidden="true"
                  >
                    {column.unitNames[unit]}
                  </span>
                ))
              : null}
            {column.moreY !== null ? (
              <span className="net-more" style={{ top: column.moreY, left: column.x }}>
                +{column.units - column.shown}
                {moreSpelledOut ? ' more' : ''}
              </span>
            ) : null}
            {column.ys.map((y, unit) => {
              const target: NetworkTarget = { kind: 'unit', column: c, unit };
              const isCursor = c === cursorColumn && unit === cursorUnit;
              const size = 2 * layout.radius + 6;
              return (
                <button
                  key={unit}
                  ref={(element) => {
                    (unitRefs.current[c] ??= [])[unit] = element;
                  }}
                  type="button"
                  className="net-unit"
                  tabIndex={isCursor ? 0 : -1}
                  aria-label={unitLabel(layout, c, unit)}
                  aria-pressed={targetKey(pinned) === targetKey(target)}
                  style={{ left: column.x - size / 2, top: y - size / 2, width: size, height: size }}
                  onFocus={() => {
                    setCursor({ column: c, unit });
                    setHover(target);
                  }}
                  onBlur={() => setHover(null)}
                  onMouseEnter={() => setHover(target)}
                  onMouseLeave={() => setHover(null)}
                  onClick={() => setPinned(targetKey(pinned) === targetKey(target) ? null : target)}
                  onKeyDown={onUnitKey}
                />
              );
            })}
          </div>
        ))}
      </div>
      <p className="net-readout" aria-live="polite">
        {readout ?? (pinned === null && !compact ? 'Hover, tap or focus a unit or a line to read its values.' : '')}
      </p>
      {isPlane(dataset) ? <ActivationInspector target={selectedUnit} layout={layout} /> : null}
      <MoreWhenCompact summary="Legend">
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="legend-swatch net-swatch-positive" />
          positive weight
        </li>
        <li>
          <span className="legend-swatch net-swatch-negative" />
          negative weight
        </li>
        <li>
          <span className="legend-swatch net-swatch-thickness" />
          thickness ∝ |w| (thickest {formatValue(maxWeight)})
        </li>
        <li>
          <span className="legend-swatch net-swatch-bias" />
          unit fill: bias (− / +)
        </li>
        {description.columns.some((column) => column.batchNorm) ? (
          <li>
            <span className="legend-swatch net-swatch-bn" />
            BN: batch-normalized layer
          </li>
        ) : null}
        {anyDropout ? (
          reducedMotion ? (
            <li>
              <span className="legend-swatch net-swatch-keep" />
              unit filled to its keep rate (reduced motion)
            </li>
          ) : (
            <li>
              <span className="net-swatch-dropped" aria-hidden="true">
                ✕
              </span>
              dropped for training example {SHOWN_EXAMPLE + 1} of the current minibatch (changes at most 3 times a second)
            </li>
          )
        ) : null}
      </ul>
      </MoreWhenCompact>
    </>
  );
}

/** A hidden unit's activation over the plane (TensorFlow Playground's node pictures), on hover, tap or focus. */
function ActivationInspector({ target, layout }: { target: { column: number; unit: number } | null; layout: NetworkLayout }) {
  const hidden = target !== null && layout.columns[target.column]?.kind === 'hidden' ? target : null;
  const requestKey = hidden ? `${hidden.column}:${hidden.unit}` : '';
  const [activation, setActivation] = useState<{ key: string; values: Float32Array; size: number } | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!requestKey) return;
    const [column, unit] = requestKey.split(':').map(Number);
    let cancelled = false;
    let lastStep = -1;
    const ask = () => {
      const step = telemetryStore.getState().snapshot?.step ?? 0;
      if (step === lastStep) return;
      lastStep = step;
      // Hidden layer index: column 0 is the inputs.
      requestUnitActivation(column - 1, unit, (values, size) => {
        if (!cancelled) setActivation({ key: requestKey, values, size });
      });
    };
    ask();
    const timer = setInterval(ask, ACTIVATION_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [requestKey]);

  const shown = activation && activation.key === requestKey ? activation : null;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (!shown) {
      // Nothing selected: no picture (a stale one would contradict the text beside it).
      canvas.width = 0;
      canvas.height = 0;
      return;
    }
    const raster = activationPixels(shown.values, shown.size, HEATMAP_CELL);
    putPixels(canvas, raster.pixels, raster.width, raster.height);
  }, [shown]);

  let low = 0;
  let high = 0;
  if (shown) {
    low = Infinity;
    high = -Infinity;
    for (const value of shown.values) {
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  const name = hidden ? unitLabel(layout, hidden.column, hidden.unit) : '';
  return (
    <div className="net-inspector">
      <canvas
        ref={canvasRef}
        className="net-heatmap"
        role="img"
        aria-label={shown ? `Activation of ${name} over the plane, from ${formatValue(low)} to ${formatValue(high)}` : 'No unit selected'}
        data-empty={shown ? undefined : 'true'}
      />
      <p>
        {shown
          ? `${name}: its output over the input plane (inference mode), blue negative, white 0, orange positive; from ${formatValue(low)} to ${formatValue(high)}.`
          : 'Hover, tap or focus a hidden unit to see its output over the input plane, as TensorFlow Playground shows it.'}
      </p>
    </div>
  );
}
