/**
 * Where the Network panel puts things: one column per layer (inputs, hidden dense layers, output),
 * at most MAX_SHOWN_UNITS units per column ("+N more" below), and hit testing for hover and tap.
 * Shared by the pixel drawing and the HTML overlay (labels, focusable units), so both agree.
 * Coordinates are CSS pixels. Pure: tested in Node.
 */
import type { LayerParameters } from '../../state/viewTypes';

/** Units drawn per column at most; the rest are summarized as "+N more". */
export const MAX_SHOWN_UNITS = 16;

/** What a column is. */
export type ColumnKind = 'input' | 'hidden' | 'output';

/** One layer of the picture, before layout. */
export interface NetworkColumnSpec {
  kind: ColumnKind;
  /** "inputs", "dense 1", "output". */
  name: string;
  /** Units of the layer (all of them; only the first MAX_SHOWN_UNITS are drawn). */
  units: number;
  /** Per drawn unit, a short name: the input feature, the class, or "unit k". */
  unitNames: string[];
  /** A batch-norm layer follows this dense layer (and is switched on). */
  batchNorm: boolean;
}

/** The layers to draw. */
export interface NetworkDescription {
  columns: NetworkColumnSpec[];
  /** The first dense layer reads convolution features, not the raw inputs. */
  convInputs: boolean;
}

/** What the description needs from the dataset. */
export interface NetworkDatasetFacts {
  featureNames: string[];
  classNames: string[] | null;
  task: 'classification' | 'regression';
}

/**
 * The columns of a network from its parameters (dense layers in order, each batch-norm layer right
 * after its dense layer while on), or null when there is no dense layer yet.
 */
export function describeNetwork(parameters: readonly LayerParameters[], dataset: NetworkDatasetFacts): NetworkDescription | null {
  const dense = parameters.filter((layer) => layer.kind === 'dense');
  if (dense.length === 0) return null;
  const convInputs = parameters.some((layer) => layer.kind === 'conv');
  const withBatchNorm = new Set<string>();
  parameters.forEach((layer, index) => {
    if (layer.kind === 'batchNorm' && index > 0 && parameters[index - 1].kind === 'dense') withBatchNorm.add(parameters[index - 1].name);
  });
  const inputs = dense[0].shape[0];
  const shown = (units: number) => Math.min(units, MAX_SHOWN_UNITS);
  const columns: NetworkColumnSpec[] = [
    {
      kind: 'input',
      name: convInputs ? 'conv features' : 'inputs',
      units: inputs,
      unitNames: Array.from({ length: shown(inputs) }, (_, unit) => (convInputs ? `feature ${unit + 1}` : (dataset.featureNames[unit] ?? `input ${unit + 1}`))),
      batchNorm: false,
    },
  ];
  dense.forEach((layer, index) => {
    const units = layer.shape[1];
    const output = index === dense.length - 1;
    columns.push({
      kind: output ? 'output' : 'hidden',
      name: output ? 'output' : layer.name,
      units,
      unitNames: Array.from({ length: shown(units) }, (_, unit) =>
        !output
          ? `unit ${unit + 1}`
          : dataset.task === 'classification'
            ? (dataset.classNames?.[unit] ?? `class ${unit}`)
            : units === 1
              ? 'prediction'
              : `output ${unit + 1}`,
      ),
      batchNorm: withBatchNorm.has(layer.name),
    });
  });
  return { columns, convInputs };
}

/** A column placed on the picture. */
export interface ColumnLayout extends NetworkColumnSpec {
  x: number;
  /** Units drawn. */
  shown: number;
  /** y of each drawn unit. */
  ys: number[];
  /** y of the "+N more" label, or null when every unit is drawn. */
  moreY: number | null;
}

/** The whole picture's geometry. */
export interface NetworkLayout {
  width: number;
  height: number;
  /** Unit radius. */
  radius: number;
  /** Room left of the first column for the input names, and right of the last for the outputs'. */
  labelLeft: number;
  labelRight: number;
  columns: ColumnLayout[];
}

/** Units per column drawn on the first screen, where the network shares the screen. */
export const COMPACT_SHOWN_UNITS = 8;

/** The page's type size the label room is measured for (projector mode passes its 20 px). */
export const DESK_TYPE_PX = 14;

/** Largest unit radius when a full-screen picture spreads its rows over a taller stage. */
const MAX_FILL_RADIUS = 11;
/** Rows never spread further apart than this multiple of their natural gap (a few units stay together). */
const MAX_FILL_SPREAD = 3;

/**
 * Places the columns across `width` CSS pixels, drawing at most `maxShown` units a column. With
 * `fillHeight` (full screen) the rows spread over that height, up to MAX_FILL_SPREAD times their
 * natural gap, and the units grow with them.
 */
export function layoutNetwork(description: NetworkDescription, width: number, maxShownUnits = MAX_SHOWN_UNITS, fillHeight?: number, typePx = DESK_TYPE_PX): NetworkLayout {
  const narrow = width < 440;
  const naturalRadius = narrow ? 6 : 7;
  const naturalGap = 2 * naturalRadius + (narrow ? 8 : 9);
  // Room for the input and output names: what the longest needs at this type size (about 0.6 em
  // a character; "x" needs little, "class 0" more), within a share of the width.
  const nameRoom = (column: NetworkColumnSpec | undefined, share: number) => {
    const longest = Math.max(1, ...(column?.unitNames.slice(0, maxShownUnits) ?? []).map((name) => name.length));
    return Math.round(Math.min(longest * 0.6 * typePx + 12, width * share));
  };
  const large = typePx > DESK_TYPE_PX;
  const labelLeft = nameRoom(description.columns[0], large ? 0.22 : 0.2);
  const labelRight = nameRoom(description.columns.at(-1), large ? 0.27 : 0.17);
  const counts = description.columns.map((column) => Math.min(column.units, maxShownUnits));
  const maxShown = Math.max(1, ...counts);
  const anyMore = description.columns.some((column) => column.units > maxShownUnits);
  const moreRow = anyMore ? 18 : 0;
  // Height = 2 * (radius + 6) + (maxShown - 1) * gap + moreRow: solve it for the gap, first with
  // the natural radius (how far the rows spread), then again with the radius they grow to.
  const gapFor = (radius: number) =>
    fillHeight === undefined || maxShown < 2 ? naturalGap : Math.min(MAX_FILL_SPREAD * naturalGap, Math.max(naturalGap, (fillHeight - 2 * (radius + 6) - moreRow) / (maxShown - 1)));
  const radius = Math.min(MAX_FILL_RADIUS, Math.round(naturalRadius * Math.sqrt(gapFor(naturalRadius) / naturalGap)));
  const rowGap = gapFor(radius);
  const top = radius + 6;
  const height = Math.round(top + (maxShown - 1) * rowGap + radius + 6 + moreRow);
  const left = labelLeft + radius;
  const right = width - labelRight - radius;
  const n = description.columns.length;
  const columns = description.columns.map((column, index) => {
    const shown = counts[index];
    const x = n > 1 ? left + (index * (right - left)) / (n - 1) : (left + right) / 2;
    const offset = ((maxShown - shown) * rowGap) / 2;
    const ys = Array.from({ length: shown }, (_, unit) => top + offset + unit * rowGap);
    const moreY = column.units > shown ? ys[shown - 1] + radius + 10 : null;
    return { ...column, x, shown, ys, moreY };
  });
  return { width, height, radius, labelLeft, labelRight, columns };
}

/** What a pointer is over: a unit, or an edge from unit `from` of `column` to unit `to` of the next column. */
export type NetworkTarget = { kind: 'unit'; column: number; unit: number } | { kind: 'edge'; column: number; from: number; to: number };

/** Distance from (px, py) to the segment (x0, y0)-(x1, y1). */
export function segmentDistance(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / lengthSquared));
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}

/** The unit (within radius + 3) or else the nearest edge (within `tolerance`) at (x, y), or null. */
export function hitTest(layout: NetworkLayout, x: number, y: number, tolerance = 4): NetworkTarget | null {
  const { columns, radius } = layout;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c];
    if (Math.abs(x - column.x) > radius + 3) continue;
    for (let unit = 0; unit < column.shown; unit++) {
      if (Math.hypot(x - column.x, y - column.ys[unit]) <= radius + 3) return { kind: 'unit', column: c, unit };
    }
  }
  let best: NetworkTarget | null = null;
  let bestDistance = tolerance;
  for (let c = 0; c + 1 < columns.length; c++) {
    const from = columns[c];
    const to = columns[c + 1];
    if (x < from.x + radius || x > to.x - radius) continue;
    for (let i = 0; i < from.shown; i++) {
      for (let o = 0; o < to.shown; o++) {
        const distance = segmentDistance(x, y, from.x, from.ys[i], to.x, to.ys[o]);
        if (distance <= bestDistance) {
          bestDistance = distance;
          best = { kind: 'edge', column: c, from: i, to: o };
        }
      }
    }
  }
  return best;
}

/** The unit reached from `target` by an arrow key (keyboard unit picker), staying on the picture. */
export function moveUnit(layout: NetworkLayout, target: { column: number; unit: number }, key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End'): { column: number; unit: number } {
  const columns = layout.columns;
  let { column, unit } = target;
  if (key === 'ArrowUp') unit = Math.max(0, unit - 1);
  else if (key === 'ArrowDown') unit = Math.min(columns[column].shown - 1, unit + 1);
  else if (key === 'Home') unit = 0;
  else if (key === 'End') unit = columns[column].shown - 1;
  else {
    const next = Math.max(0, Math.min(columns.length - 1, column + (key === 'ArrowLeft' ? -1 : 1)));
    if (next !== column) {
      // Keep the vertical position: the unit of the next column nearest to this one's y.
      const y = columns[column].ys[unit];
      let nearest = 0;
      columns[next].ys.forEach((candidate, index) => {
        if (Math.abs(candidate - y) < Math.abs(columns[next].ys[nearest] - y)) nearest = index;
      });
      column = next;
      unit = nearest;
    }
  }
  return { column, unit };
}
