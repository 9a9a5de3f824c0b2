import { useMemo, useRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochMetrics } from '../../../state/viewTypes';
import { Panel, useChartHeight } from '../Panel';
import { decimateEpochs, useThrottledHistory } from '../useThrottledHistory';
import { useInk, useOnScreen } from '../network/canvasHooks';
import { formatValue } from '../../draw/histogramPixels';
import { gradientWarnings, VANISHING_RATIO, EXPLODING_NORM } from './gradientWarnings';
import './gradients.css';

/** Okabe-Ito series colours (no black or yellow: they vanish on the light theme). */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#882255'];
/** The same on the dark theme: sky blue first (dark blue vanishes on dark), yellow instead of black. */
export const SERIES_COLOURS_DARK = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#D55E00', '#999999', '#0072B2'];
/** Points per series: one line per layer, so fewer than the loss chart's (recharts pays per point). */
const GRADIENT_CHART_POINTS = 200;

/** Dash patterns per series, so layers differ by more than colour. */
export const SERIES_DASHES = ['', '6 3', '2 3', '9 3 2 3', '4 4', '1 2', '12 4', '3 6'];

/** Chart rows: one per epoch, a key per layer (null where not positive: the axis is logarithmic). */
export function gradientRows(epochs: readonly EpochMetrics[], layers: number): Record<string, number | null>[] {
  return epochs.map((epoch) => {
    const row: Record<string, number | null> = { epoch: epoch.epoch };
    for (let index = 0; index < layers; index++) {
      const value = epoch.layers[index]?.gradientNorm;
      row[`layer${index}`] = value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
    }
    return row;
  });
}

/** Decades that cover the rows' positive values: the log axis's domain and ticks (1e-3, 0.01, 0.1, 1, ...). */
export function decadeTicks(rows: readonly Record<string, number | null>[], layers: number): number[] {
  let low = Infinity;
  let high = -Infinity;
  for (const row of rows) {
    for (let index = 0; index < layers; index++) {
      const value = row[`layer${index}`];
      if (value === null || value === undefined) continue;
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
  }
  if (!Number.isFinite(low)) return [0.01, 0.1, 1];
  const first = Math.floor(Math.log10(low));
  const last = Math.max(first + 1, Math.ceil(Math.log10(high)));
  // Thin the ticks of a very wide range to about 6.
  const stride = Math.max(1, Math.ceil((last - first) / 6));
  const ticks: number[] = [];
  for (let exponent = first; exponent <= last; exponent += stride) ticks.push(10 ** exponent);
  if (ticks[ticks.length - 1] < 10 ** last) ticks.push(10 ** (ticks.length > 0 ? Math.log10(ticks[ticks.length - 1]) + stride : last));
  return ticks;
}

function formatTick(value: number): string {
  return Number.isFinite(value) && value > 0 ? formatValue(value) : '';
}

function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toExponential(1) : String(value);
}

const GRADIENTS_TITLE = 'Gradient norms';
/** The chart's height in the grid (full screen: what the screen leaves). */
const CHART_HEIGHT = 220;

/** Per-layer gradient norm over epochs (log scale), warnings, update/weight ratio and dead ReLUs. */
export function GradientNormsPanel() {
  return (
    <Panel
      title={GRADIENTS_TITLE}
      caption={`How strongly each layer is pushed: the gradient norm per layer over epochs, on a log scale. Lines far below the others mean vanishing gradients (the first layer under ${formatValue(VANISHING_RATIO)} of the last is flagged); above ${formatValue(EXPLODING_NORM)} they explode.`}
    >
      {() => <GradientsView />}
    </Panel>
  );
}

function GradientsView() {
  const epochs = useThrottledHistory();
  const colours = useInk().dark ? SERIES_COLOURS_DARK : SERIES_COLOURS;
  const height = useChartHeight(GRADIENTS_TITLE, CHART_HEIGHT);
  const boxRef = useRef<HTMLDivElement>(null);
  const visible = useOnScreen(boxRef);
  // Off screen, the chart keeps the data it last showed: recharts does no work.
  const shownRef = useRef(epochs);
  if (visible) shownRef.current = epochs;
  const shown = shownRef.current;
  const latest = shown.length > 0 ? shown[shown.length - 1] : null;
  const namesKey = latest ? latest.layers.map((layer) => layer.name).join('|') : '';
  const chart = useMemo(() => {
    const layerNames = namesKey ? namesKey.split('|') : [];
    const data = gradientRows(decimateEpochs(shown, GRADIENT_CHART_POINTS), layerNames.length);
    const ticks = decadeTicks(data, layerNames.length);
    return (
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 420, height }}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }} />
          <YAxis scale="log" domain={[ticks[0], ticks[ticks.length - 1]]} ticks={ticks} allowDataOverflow tickFormatter={formatTick} width={52} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toExponential(2) : String(value))} labelFormatter={(label) => `epoch ${label}`} />
          <Legend />
          {layerNames.map((name, index) => (
            <Line
              key={name}
              name={name}
              dataKey={`layer${index}`}
              stroke={colours[index % colours.length]}
              strokeDasharray={SERIES_DASHES[index % SERIES_DASHES.length]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    );
  }, [shown, namesKey, colours, height]);

  if (!latest) {
    return (
      <div ref={boxRef}>
        <p className="empty-note">Gradient norms appear after the first epoch: press Play, or Step through one epoch.</p>
      </div>
    );
  }
  const warnings = gradientWarnings(latest.layers);
  const summary = `Gradient norm per layer over ${shown.length} epochs, log scale. Epoch ${latest.epoch}: ${latest.layers.map((layer) => `${layer.name} ${formatValue(layer.gradientNorm)}`).join(', ')}.`;
  return (
    <div ref={boxRef}>
      {warnings.length > 0 ? (
        <ul className="gn-warnings">
          {warnings.map((warning) => (
            <li key={warning.kind + warning.message} className={`gn-warning gn-${warning.kind}`}>
              <strong>{warning.kind === 'dead' ? 'Dead units: ' : 'Warning: '}</strong>
              {warning.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="gn-ok">No vanishing or exploding gradients at epoch {latest.epoch}.</p>
      )}
      <div className="chart-box" role="img" aria-label={summary} data-fill>
        {chart}
      </div>
      <table className="data-table gn-table">
        <caption className="visually-hidden">Per layer at epoch {latest.epoch}</caption>
        <thead>
          <tr>
            <th scope="col">layer</th>
            <th scope="col">gradient norm ‖g‖</th>
            <th scope="col">
              <abbr title="size of the last update relative to the weights: about 1e-3 is healthy">update / weight ‖Δw‖/‖w‖</abbr>
            </th>
            <th scope="col">dead ReLUs</th>
          </tr>
        </thead>
        <tbody>
          {latest.layers.map((layer, index) => (
            <tr key={layer.name}>
              <th scope="row">
                <span className="gn-key" style={{ borderColor: colours[index % colours.length], borderTopStyle: SERIES_DASHES[index % SERIES_DASHES.length] ? 'dashed' : 'solid' }} aria-hidden="true" />
                {layer.name}
              </th>
              <td>{formatValue(layer.gradientNorm)}</td>
              <td>{formatRatio(layer.updateRatio)}</td>
              <td>{layer.deadFraction === null ? '–' : `${Math.round(layer.deadFraction * 100)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
