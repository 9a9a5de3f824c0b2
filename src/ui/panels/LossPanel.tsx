import { memo, useDeferredValue, useMemo, useRef, useState, type RefObject } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochMetrics, RunActionEntry, RunLogEntry, TaskKind } from '../../state/viewTypes';
import { history, telemetryStore, useTelemetry, type StampedEarlyStoppingEvent } from '../../state/telemetryStore';
import { useRun } from '../../state/runStore';
import { useSetting } from '../../state/settingsStore';
import { useUi } from '../../state/uiStore';
import { MoreWhenCompact, Panel, useChartHeight, useCompact } from './Panel';
import { groupMarkers, sharedEpochRange } from './chartMarkers';
import { decimateEpochs } from './useThrottledHistory';
import { EPOCH_EVALUATION_SUBSAMPLE } from '../../run/evaluationSubsample';
import { useSampled } from './diagnosis/useSampled';
import './diagnosis/panels.css';

/**
 * The loss chart redraws at most this often, the accuracy chart half as often: a recharts update
 * costs several ms of main thread (~6 ms plus ~8 µs a point on these machines).
 */
const LOSS_CHART_INTERVAL_MS = 400;
const METRIC_CHART_INTERVAL_MS = 800;
/** Epochs drawn at most per series, loss and accuracy chart (the full history stays in the store). */
const LOSS_CHART_POINTS = 160;
const METRIC_CHART_POINTS = 120;

const TRAIN = 'var(--train)';
const VALIDATION = 'var(--validation)';
const PENALTY = 'var(--penalty)';
const MARKER = 'var(--text-muted)';

/** One row of the charts (null = no point: missing, or not positive on a log scale). */
export interface LossChartRow {
  epoch: number;
  train: number | null;
  validation: number | null;
  /** [training, validation]: the band between the two curves. */
  gap: [number, number] | null;
  penalty: number | null;
  /** Mean minibatch loss in training mode (with dropout), as the trainer saw it. */
  trainingMode: number | null;
  /** Accuracy in percent (classification) or RMSE (regression). */
  trainMetric: number | null;
  validationMetric: number | null;
}

/** A vertical marker on the charts, with the text that explains it in the list under them. */
export interface ChartMarker {
  epoch: number;
  kind: 'change' | 'action' | 'best' | 'stop' | 'restored';
  /** Short text on the chart ("1", "best", "stop"). */
  tag: string;
  /** The list's sentence. */
  text: string;
}

function finiteOrNull(value: number | null | undefined, positiveOnly: boolean): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return positiveOnly && value <= 0 ? null : value;
}

/** Chart rows from the metric history: decimated to `maxPoints`, with non-positive values dropped on a log scale. */
export function lossChartRows(epochs: readonly EpochMetrics[], task: TaskKind, logScale: boolean, maxPoints = LOSS_CHART_POINTS): LossChartRow[] {
  return decimateEpochs(epochs, maxPoints).map((epoch) => {
    const train = finiteOrNull(epoch.trainLoss, logScale);
    const validation = finiteOrNull(epoch.validationLoss, logScale);
    return {
      epoch: epoch.epoch,
      train,
      validation,
      gap: train !== null && validation !== null ? [train, validation] : null,
      penalty: epoch.penalty > 0 ? finiteOrNull(epoch.penalty, logScale) : null,
      trainingMode: finiteOrNull(epoch.trainLossTrainingMode, logScale),
      trainMetric: task === 'classification' ? (epoch.trainAccuracy === null ? null : epoch.trainAccuracy * 100) : finiteOrNull(epoch.trainRmse, false),
      validationMetric: task === 'classification' ? (epoch.validationAccuracy === null ? null : epoch.validationAccuracy * 100) : finiteOrNull(epoch.validationRmse, false),
    };
  });
}

/** The epoch of the lowest validation loss in the history, or null. */
export function lowestValidationEpoch(epochs: readonly EpochMetrics[]): number | null {
  let best: EpochMetrics | null = null;
  for (const epoch of epochs) if (Number.isFinite(epoch.validationLoss) && (best === null || epoch.validationLoss < best.validationLoss)) best = epoch;
  return best?.epoch ?? null;
}

/**
 * Run-log entries drawn as markers: the most recent ones only, so a burst of thousands of live
 * changes (a script toggling a setting) cannot grow the charts and the list without bound. The
 * whole log stays in the run (replay files keep every entry).
 */
export const MAX_CHANGE_MARKERS = 30;

/**
 * Markers in epoch order: the latest MAX_CHANGE_MARKERS run-log entries (numbered by their place in the log, at the epoch it was applied after),
 * early stopping's stops and restores, and the best epoch (early stopping's, else the lowest
 * validation loss so far).
 */
export function chartMarkers(
  runLog: readonly (RunLogEntry | RunActionEntry)[],
  earlyStopping: readonly StampedEarlyStoppingEvent[],
  bestEpoch: number | null,
  lowestEpoch: number | null,
): ChartMarker[] {
  const first = Math.max(0, runLog.length - MAX_CHANGE_MARKERS);
  const markers: ChartMarker[] = runLog.slice(first).map((entry, index) => ({
    epoch: entry.epoch,
    kind: 'action' in entry ? 'action' : 'change',
    tag: String(first + index + 1),
    text: `after epoch ${entry.epoch}: ${entry.label}`,
  }));
  for (const { event } of earlyStopping) {
    if (event.type === 'stopped') markers.push({ epoch: event.epoch, kind: 'stop', tag: 'stop', text: `epoch ${event.epoch}: early stopping stopped the run (best epoch ${event.bestEpoch})` });
    else if (event.type === 'restored') markers.push({ epoch: event.epoch, kind: 'restored', tag: 'restored', text: `epoch ${event.epoch}: weights of epoch ${event.bestEpoch} restored` });
  }
  if (bestEpoch !== null) markers.push({ epoch: bestEpoch, kind: 'best', tag: 'best', text: `epoch ${bestEpoch}: best validation loss (early stopping's best)` });
  else if (lowestEpoch !== null) markers.push({ epoch: lowestEpoch, kind: 'best', tag: 'best', text: `epoch ${lowestEpoch}: lowest validation loss so far` });
  return markers.sort((a, b) => a.epoch - b.epoch);
}

function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  return Math.abs(value) < 0.01 || Math.abs(value) >= 1000 ? value.toExponential(0) : String(Number(value.toPrecision(2)));
}

function formatValue(value: unknown): string {
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    const difference = value[1] - value[0];
    return `${difference >= 0 ? '+' : ''}${difference.toPrecision(3)}`;
  }
  return typeof value === 'number' ? value.toPrecision(4) : String(value);
}

interface SampledChart {
  /** What the rows were made from: history version, task and scale. */
  key: string;
  rows: LossChartRow[];
  latest: EpochMetrics | undefined;
  lowestEpoch: number | null;
}

/**
 * The chart rows, refreshed at most every `intervalMs` while `visibilityRef` is on screen; the
 * same object while the history has not changed, so a memoized chart skips its render.
 */
function useChartRows(task: TaskKind, logScale: boolean, intervalMs: number, maxPoints: number, visibilityRef: RefObject<Element | null>, phaseMs = 0): SampledChart {
  const cache = useRef<SampledChart | null>(null);
  return useSampled(
    () => {
      const key = `${telemetryStore.getState().historyVersion}|${task}|${logScale}|${maxPoints}`;
      if (cache.current && cache.current.key === key) return cache.current;
      const epochs = history.values();
      cache.current = { key, rows: lossChartRows(epochs, task, logScale, maxPoints), latest: epochs[epochs.length - 1], lowestEpoch: lowestValidationEpoch(epochs) };
      return cache.current;
    },
    { intervalMs, visibilityRef, transition: true, phaseMs },
    [task, logScale, maxPoints],
  );
}

/** A legend entry drawn in HTML (recharts' legend measures itself on every update, forcing layout). */
function LegendLine({ colour, dash, width = 2, opacity = 1, label }: { colour: string; dash?: string; width?: number; opacity?: number; label: string }) {
  return (
    <li>
      <svg width="26" height="8" aria-hidden="true" style={{ marginRight: '0.3rem', verticalAlign: 'middle' }}>
        <line x1="0" y1="4" x2="26" y2="4" stroke={colour} strokeWidth={width} strokeDasharray={dash} strokeOpacity={opacity} />
      </svg>
      {label}
    </li>
  );
}

const chartMargin = { top: 14, right: 12, bottom: 4, left: 0 };
/** A marker label's width as a share of the plot's width: closer markers share one label. */
const LABEL_SHARE = 0.12;

/** The y axis's width: its tick labels are 20 px in projector mode (classroom.css) and need room. */
function useAxisWidth(base: number): number {
  return useUi((state) => state.projector) ? Math.round(base * 1.45) : base;
}

/** The props both charts take: rows, markers, the shared x range and the height. */
interface ChartProps {
  rows: LossChartRow[];
  markers: ChartMarker[];
  range: [number, number] | null;
  height: number;
}
const formatTooltipLabel = (label: unknown) => `epoch ${String(label)}`;
const formatTooltipValue = (value: unknown, name: unknown): [string, string] => [formatValue(value), String(name)];

/** The loss chart (memoized: it renders only when its rows, markers or scale change). */
const LossChart = memo(function LossChart({ rows, markers, range, height, logScale, showTrainingMode }: ChartProps & { logScale: boolean; showTrainingMode: boolean }) {
  const axisWidth = useAxisWidth(46);
  const hasPenalty = rows.some((row) => row.penalty !== null);
  const span = range ? range[1] - range[0] : 1;
  const groups = groupMarkers(markers, span * LABEL_SHARE);
  return (
    <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 600, height }}>
      <ComposedChart data={rows} margin={chartMargin}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis dataKey="epoch" type="number" domain={range ?? ['dataMin', 'dataMax']} allowDataOverflow allowDecimals={false} stroke={MARKER} />
        <YAxis scale={logScale ? 'log' : 'linear'} domain={logScale ? ['auto', 'auto'] : [0, 'auto']} allowDataOverflow tickFormatter={formatTick} width={axisWidth} stroke={MARKER} />
        <Tooltip formatter={formatTooltipValue} labelFormatter={formatTooltipLabel} isAnimationActive={false} />
        <Area name="gap (validation − training)" dataKey="gap" stroke="none" fill={VALIDATION} fillOpacity={0.14} isAnimationActive={false} connectNulls activeDot={false} />
        <Line name="training loss" dataKey="train" stroke={TRAIN} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
        <Line name="validation loss" dataKey="validation" stroke={VALIDATION} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />
        {showTrainingMode ? <Line name="training loss while training (with dropout)" dataKey="trainingMode" stroke={TRAIN} strokeWidth={1} strokeOpacity={0.55} strokeDasharray="1 2" dot={false} isAnimationActive={false} connectNulls /> : null}
        {hasPenalty ? <Line name="penalty (L1/L2 term)" dataKey="penalty" stroke={PENALTY} strokeWidth={1.5} strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls /> : null}
        {groups.flatMap((group, groupIndex) =>
          group.markers.map((marker, index) => (
            <ReferenceLine
              key={`${marker.kind}-${marker.tag}-${groupIndex}-${index}`}
              x={marker.epoch}
              stroke={marker.kind === 'best' ? VALIDATION : MARKER}
              strokeDasharray={marker.kind === 'stop' || marker.kind === 'restored' ? undefined : marker.kind === 'best' ? '4 3' : '1 3'}
              strokeWidth={marker.kind === 'stop' ? 2 : 1}
              ifOverflow="extendDomain"
              // One label per group, at its first marker: labels of nearby markers never overlap.
              // A marker in the right third puts its label on its left, so the chart's edge never cuts it.
              label={index === 0 ? { value: group.label, position: range && marker.epoch > range[0] + span * (2 / 3) ? 'insideTopRight' : 'insideTopLeft', className: 'marker-label', fill: 'var(--text)' } : undefined}
            />
          )),
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
});

/** Accuracy (classification) or RMSE (regression), memoized like the loss chart. */
const MetricChart = memo(function MetricChart({ rows, markers, range, height, task }: ChartProps & { task: TaskKind }) {
  const axisWidth = useAxisWidth(40);
  return (
    <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 400, height }}>
      <ComposedChart data={rows} margin={chartMargin}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis dataKey="epoch" type="number" domain={range ?? ['dataMin', 'dataMax']} allowDataOverflow allowDecimals={false} stroke={MARKER} />
        <YAxis domain={task === 'classification' ? [0, 100] : [0, 'auto']} tickFormatter={formatTick} width={axisWidth} stroke={MARKER} />
        <Tooltip formatter={formatTooltipValue} labelFormatter={formatTooltipLabel} isAnimationActive={false} />
        <Line name={task === 'classification' ? 'training accuracy (%)' : 'training RMSE'} dataKey="trainMetric" stroke={TRAIN} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
        <Line name={task === 'classification' ? 'validation accuracy (%)' : 'validation RMSE'} dataKey="validationMetric" stroke={VALIDATION} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />
        {markers
          .filter((marker) => marker.kind !== 'change' && marker.kind !== 'action')
          .map((marker, index) => (
            <ReferenceLine key={`${marker.kind}-${index}`} x={marker.epoch} stroke={marker.kind === 'best' ? VALIDATION : MARKER} strokeDasharray={marker.kind === 'best' ? '4 3' : undefined} ifOverflow="extendDomain" />
          ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
});

const LOSS_PANEL_TITLE = 'Loss and accuracy';

/** Training vs validation data loss, the penalty apart, accuracy (or RMSE), and the run's markers. */
export function LossPanel() {
  const runLog = useTelemetry((state) => state.runLog);
  const bestEpoch = useTelemetry((state) => state.bestEpoch);
  const stops = useTelemetry((state) => state.earlyStopping);
  const task = useRun((state) => state.dataset?.task ?? 'classification');
  const sampled = useRun((state) => (state.dataset ? state.dataset.trainCount > EPOCH_EVALUATION_SUBSAMPLE || state.dataset.validationCount > EPOCH_EVALUATION_SUBSAMPLE : false));
  const [logScale, setLogScale] = useState(false);
  const bodyRef = useRef<HTMLDivElement>(null);
  const loss = useChartRows(task, logScale, LOSS_CHART_INTERVAL_MS, LOSS_CHART_POINTS, bodyRef);
  // Half a loss interval out of phase: the two charts never render in the same task.
  const metric = useChartRows(task, false, METRIC_CHART_INTERVAL_MS, METRIC_CHART_POINTS, bodyRef, LOSS_CHART_INTERVAL_MS / 2);
  const markers = useMemo(() => chartMarkers(runLog, stops, bestEpoch, loss.lowestEpoch), [runLog, stops, bestEpoch, loss.lowestEpoch]);
  // The list under the charts shows a live change at once; the charts take it up in a deferred
  // (interruptible) render, so a click's feedback never waits for a chart.
  const chartMarkerList = useDeferredValue(markers);
  const dropoutOn = useSetting('dropoutEnabled');
  const batchNormOn = useSetting('batchNorm');
  // The training-mode loss differs from the inference-mode one only with dropout or batch norm.
  const showTrainingMode = dropoutOn || batchNormOn;
  const latest = loss.latest;
  const hasPenalty = loss.rows.some((row) => row.penalty !== null);
  const metricName = task === 'classification' ? 'accuracy (%)' : 'RMSE';
  const compact = useCompact();
  // Both charts span the loss chart's epochs (the accuracy chart refreshes half as often).
  const range = sharedEpochRange(loss.rows);
  // Full screen: the charts take the viewport less the panel's header, caption and legend.
  // Projector mode (larger type, notes folded away) gives the first screen's charts a little more.
  const projector = useUi((state) => state.projector);
  // A third of the screen's height there: the top row of the first screen is its largest.
  const projectorHeight = typeof window === 'undefined' ? 215 : Math.max(190, Math.round(window.innerHeight * 0.33));
  const lossHeight = useChartHeight(LOSS_PANEL_TITLE, compact ? (projector ? projectorHeight : 190) : 240, 130);
  const metricHeight = lossHeight;
  return (
    <Panel
      title={LOSS_PANEL_TITLE}
      wide
      caption="Data loss on training (blue, solid) and validation (orange, dashed) data; the shaded band is the gap between them. Validation rising while training falls means memorizing. Numbered lines are your live changes."
      actions={
        <label className="switch compact">
          <input type="checkbox" role="switch" checked={logScale} onChange={(event) => setLogScale(event.target.checked)} />
          <span className="switch-track" aria-hidden="true" />
          <span className="setting-label">Log scale</span>
        </label>
      }
    >
      {() => (
        <div ref={bodyRef}>
          {loss.rows.length === 0 ? <p className="empty-note panel-note">{compact ? 'Press Play.' : 'Press Play or Step: one point per finished epoch appears here.'}</p> : null}
          <div className="loss-charts">
            <div>
              <p className="chart-title" id="loss-chart-title">Data loss (no penalty){logScale ? ', log scale' : ''}</p>
              <div className="chart-box" role="img" aria-labelledby="loss-chart-title" aria-describedby="loss-figures" data-fill>
                <LossChart rows={loss.rows} markers={chartMarkerList} range={range} height={lossHeight} logScale={logScale} showTrainingMode={showTrainingMode} />
              </div>
              <ul className="legend" aria-label="Loss chart legend">
                <LegendLine colour={TRAIN} label="training loss" />
                <LegendLine colour={VALIDATION} dash="6 3" label="validation loss" />
                <li><span className="legend-swatch" style={{ background: VALIDATION, opacity: 0.25 }} />gap (validation − training)</li>
                {showTrainingMode ? <LegendLine colour={TRAIN} dash="1 2" width={1.5} opacity={0.7} label="training loss while training (with dropout / batch statistics)" /> : null}
                {hasPenalty ? <LegendLine colour={PENALTY} dash="2 3" width={1.5} label="penalty (L1/L2 term)" /> : null}
              </ul>
            </div>
            <div>
              <p className="chart-title" id="metric-chart-title">{task === 'classification' ? 'Accuracy (%)' : 'RMSE (root mean squared error)'}</p>
              <div className="chart-box" role="img" aria-labelledby="metric-chart-title" aria-describedby="loss-figures" data-fill>
                <MetricChart rows={metric.rows} markers={chartMarkerList} range={range} height={metricHeight} task={task} />
              </div>
              <ul className="legend" aria-label={task === 'classification' ? 'Accuracy chart legend' : 'RMSE chart legend'}>
                <LegendLine colour={TRAIN} label={`training ${metricName}`} />
                <LegendLine colour={VALIDATION} dash="6 3" label={`validation ${metricName}`} />
              </ul>
            </div>
          </div>
          {sampled ? (
            <p className="panel-note sampled-note">
              Each point is measured on a fixed sample of {EPOCH_EVALUATION_SUBSAMPLE.toLocaleString('en-US')} examples per set (early stopping&apos;s set: all of it), so training stays fast.
            </p>
          ) : null}
          <MoreWhenCompact summary="Numbers and markers">
          <ol className="change-list" aria-label="Markers on the charts" data-run-log-count={runLog.length}>
            {runLog.length > MAX_CHANGE_MARKERS ? (
              <li data-kind="earlier">… and {(runLog.length - MAX_CHANGE_MARKERS).toLocaleString('en')} earlier changes (the replay file keeps them all).</li>
            ) : null}
            {markers.map((marker, index) => (
              <li key={`${marker.kind}-${index}`} data-kind={marker.kind} data-epoch={marker.epoch}>
                <span className="change-number" aria-hidden="true">{marker.tag}</span>
                {marker.text}
              </li>
            ))}
          </ol>
          {latest ? (
            <dl className="figures" id="loss-figures" aria-label="Latest epoch">
              <div><dt>epoch</dt><dd>{latest.epoch}</dd></div>
              <div><dt>training loss</dt><dd>{latest.trainLoss.toPrecision(4)}</dd></div>
              <div><dt>validation loss</dt><dd>{latest.validationLoss.toPrecision(4)}</dd></div>
              <div><dt>gap (validation − training)</dt><dd>{(latest.validationLoss - latest.trainLoss).toPrecision(3)}</dd></div>
              <div><dt>penalty</dt><dd>{latest.penalty.toPrecision(3)}</dd></div>
              {task === 'classification' ? (
                <>
                  <div><dt>training accuracy</dt><dd>{((latest.trainAccuracy ?? 0) * 100).toFixed(1)}%</dd></div>
                  <div><dt>validation accuracy</dt><dd>{((latest.validationAccuracy ?? 0) * 100).toFixed(1)}%</dd></div>
                </>
              ) : (
                <>
                  <div><dt>training RMSE</dt><dd>{(latest.trainRmse ?? 0).toPrecision(3)}</dd></div>
                  <div><dt>validation RMSE</dt><dd>{(latest.validationRmse ?? 0).toPrecision(3)}</dd></div>
                </>
              )}
              <div><dt>loss while training (with dropout)</dt><dd>{latest.trainLossTrainingMode.toPrecision(4)}</dd></div>
            </dl>
          ) : null}
          <p className="panel-note">Keras's reported <code>loss</code> includes the penalty; here it is drawn apart, and both losses are measured in inference mode (no dropout) so they compare.</p>
          </MoreWhenCompact>
        </div>
      )}
    </Panel>
  );
}
