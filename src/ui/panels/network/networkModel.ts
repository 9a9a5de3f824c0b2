/**
 * From a snapshot to what the Network panel draws and says: the picture's numbers (kernels,
 * biases, the shown example's mask, keep rates), the structure key that decides when the layout
 * changes, the hover/tap readout and the screen-reader summary. Plain functions, no React.
 */
import type { RunSnapshot } from '../../../state/viewTypes';
import type { NetworkDescription, NetworkLayout, NetworkTarget } from '../../draw/networkLayout';
import { edgeWeight, type NetworkPicture } from '../../draw/networkPixels';
import { formatValue } from '../../draw/histogramPixels';

/** The minibatch example whose mask the picture shows (the first of the batch). */
export const SHOWN_EXAMPLE = 0;

/** The mask shown changes at most 3 times a second: no flashing on a projector. */
export const MASK_INTERVAL_MS = 334;

/** The masks on screen: replaced by a newer snapshot's at most every MASK_INTERVAL_MS. */
export interface ShownMasks {
  runId: number;
  snapshotId: number;
  /** When these masks were adopted (ms, any monotonic clock). */
  changedAt: number;
  kept: (Uint8Array | null)[];
  keepRates: (Float32Array | null)[];
  rates: (number | null)[];
}

/** Nothing shown yet. */
export function emptyMasks(): ShownMasks {
  return { runId: -1, snapshotId: -1, changedAt: -Infinity, kept: [], keepRates: [], rates: [] };
}

/**
 * The masks to show at time `now`: the snapshot's when the shown ones belong to another run or
 * have been up for MASK_INTERVAL_MS; otherwise the shown ones, with `waitMs` until the newer
 * ones may replace them (0 when nothing is waiting).
 */
export function adoptMasks(shown: ShownMasks, snapshot: RunSnapshot, description: NetworkDescription, now: number): { masks: ShownMasks; waitMs: number } {
  if (shown.runId !== snapshot.runId || (snapshot.id !== shown.snapshotId && now - shown.changedAt >= MASK_INTERVAL_MS)) {
    return { masks: { runId: snapshot.runId, snapshotId: snapshot.id, changedAt: now, ...masksByColumn(snapshot, description) }, waitMs: 0 };
  }
  return { masks: shown, waitMs: snapshot.id !== shown.snapshotId ? MASK_INTERVAL_MS - (now - shown.changedAt) : 0 };
}

/** A string that changes exactly when the drawn structure changes (layers, BN, dropout layers and rates). */
export function structureKey(snapshot: RunSnapshot | null): string {
  if (!snapshot) return '';
  const layers = snapshot.parameters.map((layer) => `${layer.kind}:${layer.name}:${layer.shape.join('x')}`).join(',');
  const dropout = snapshot.dropoutMasks.map((mask) => `${mask.layer}:${mask.rate}`).join(',');
  return `${snapshot.runId}|${layers}|${dropout}`;
}

/** The column a dropout probe belongs to ("input" is the input column; "dense k" its hidden column), or -1. */
export function maskColumn(description: NetworkDescription, layer: string): number {
  if (layer === 'input') return description.convInputs ? -1 : 0;
  return description.columns.findIndex((column) => column.kind === 'hidden' && column.name === layer);
}

/** Per column: the shown example's kept flags and the running keep rates. */
export function masksByColumn(snapshot: RunSnapshot, description: NetworkDescription): { kept: (Uint8Array | null)[]; keepRates: (Float32Array | null)[]; rates: (number | null)[] } {
  const n = description.columns.length;
  const kept: (Uint8Array | null)[] = new Array(n).fill(null);
  const keepRates: (Float32Array | null)[] = new Array(n).fill(null);
  const rates: (number | null)[] = new Array(n).fill(null);
  for (const probe of snapshot.dropoutMasks) {
    const column = maskColumn(description, probe.layer);
    if (column < 0) continue;
    rates[column] = probe.rate;
    keepRates[column] = probe.keepRate;
    if (probe.examples > SHOWN_EXAMPLE) kept[column] = probe.kept.slice(SHOWN_EXAMPLE * probe.units, (SHOWN_EXAMPLE + 1) * probe.units);
  }
  return { kept, keepRates, rates };
}

/** Kernels and biases of the dense layers, aligned with the columns (the masks are added by the caller). */
export function weightsPicture(snapshot: RunSnapshot, description: NetworkDescription): Pick<NetworkPicture, 'kernels' | 'biases'> {
  const dense = snapshot.parameters.filter((layer) => layer.kind === 'dense');
  const n = description.columns.length;
  const kernels: NetworkPicture['kernels'] = new Array(Math.max(0, n - 1)).fill(null);
  const biases: NetworkPicture['biases'] = new Array(n).fill(null);
  dense.forEach((layer, index) => {
    if (index + 1 >= n) return;
    kernels[index] = { values: layer.kernel, outputs: layer.shape[1] };
    biases[index + 1] = layer.bias;
  });
  return { kernels, biases };
}

function signed(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return `${value >= 0 ? '+' : ''}${formatValue(value)}`;
}

/** A unit's full name, e.g. "dense 1, unit 3" or "inputs, x". */
export function unitLabel(layout: NetworkLayout, column: number, unit: number): string {
  const spec = layout.columns[column];
  return spec.kind === 'hidden' ? `${spec.name}, ${spec.unitNames[unit]}` : `${spec.name}, ${spec.unitNames[unit] ?? `unit ${unit + 1}`}`;
}

/** The readout for a hovered, tapped or focused unit or edge. */
export function describeTarget(target: NetworkTarget, layout: NetworkLayout, picture: NetworkPicture, reducedMotion: boolean): string {
  if (target.kind === 'edge') {
    const from = layout.columns[target.column];
    const to = layout.columns[target.column + 1];
    const w = edgeWeight(picture, target.column, target.from, target.to);
    return `${from.unitNames[target.from]} (${from.name}) → ${to.name}, ${to.unitNames[target.to]}: weight ${signed(w)}`;
  }
  const { column, unit } = target;
  const spec = layout.columns[column];
  const parts = [unitLabel(layout, column, unit)];
  const bias = picture.biases[column];
  if (bias && unit < bias.length) parts.push(`bias ${signed(bias[unit])}`);
  const kept = picture.kept[column];
  const keepRate = picture.keepRates[column];
  if (kept && !reducedMotion) parts.push(kept[unit] ? `kept for the shown example` : `dropped for the shown example`);
  if (keepRate && unit < keepRate.length) parts.push(`keep rate ${keepRate[unit].toFixed(2)}`);
  if (column > 0) {
    // The strongest incoming weights among the drawn units.
    const previous = layout.columns[column - 1];
    const incoming = Array.from({ length: previous.shown }, (_, from) => ({ from, w: edgeWeight(picture, column - 1, from, unit) }))
      .filter((edge) => Number.isFinite(edge.w))
      .sort((a, b) => Math.abs(b.w) - Math.abs(a.w))
      .slice(0, 3);
    if (incoming.length > 0) parts.push(`strongest incoming: ${incoming.map((edge) => `${previous.unitNames[edge.from]} ${signed(edge.w)}`).join(', ')}`);
  }
  if (spec.batchNorm) parts.push('batch-normalized');
  return parts.join(' · ');
}

/** The screen-reader summary of the picture. */
export function networkSummary(layout: NetworkLayout, picture: NetworkPicture, rates: (number | null)[], reducedMotion: boolean): string {
  const columns = layout.columns.map((column, index) => {
    const names = column.kind === 'hidden' ? '' : `: ${column.unitNames.slice(0, 4).join(', ')}${column.units > 4 ? ', …' : ''}`;
    const rate = rates[index];
    const extras = [column.batchNorm ? 'batch norm' : '', rate !== null && rate !== undefined ? `dropout ${rate}` : ''].filter(Boolean).join(', ');
    return `${column.name} (${column.units} ${column.units === 1 ? 'unit' : 'units'}${names}${extras ? `; ${extras}` : ''})`;
  });
  const parts = [`Network: ${columns.join(' → ')}.`];
  layout.columns.forEach((column, index) => {
    const kept = picture.kept[index];
    const keepRates = picture.keepRates[index];
    if (reducedMotion && keepRates) {
      let sum = 0;
      for (const rate of keepRates) sum += rate;
      parts.push(`${column.name}: mean keep rate ${(keepRates.length > 0 ? sum / keepRates.length : 1).toFixed(2)}.`);
    } else if (kept) {
      let dropped = 0;
      for (const flag of kept) if (!flag) dropped++;
      parts.push(`${column.name}: ${dropped} of ${kept.length} units dropped for the shown example.`);
    }
  });
  let positive = 0;
  let negative = 0;
  picture.kernels.forEach((kernel, c) => {
    if (!kernel) return;
    for (let i = 0; i < layout.columns[c].shown; i++) {
      for (let o = 0; o < layout.columns[c + 1].shown; o++) {
        const w = kernel.values[i * kernel.outputs + o];
        if (w > 0) positive++;
        else if (w < 0) negative++;
      }
    }
  });
  parts.push(`${positive} positive and ${negative} negative weights drawn.`);
  return parts.join(' ');
}
