/**
 * The network as pixels: edges coloured by the sign of their weight (orange positive, blue
 * negative, the ends of the diverging palette) and as thick and opaque as their magnitude;
 * units filled by the sign and size of their bias; batch-norm layers on a green band; units
 * dropped for the shown example hollow and crossed out (or, with reduced motion, each unit filled
 * to its running keep rate). Also a unit's activation over the 2D plane as a small heatmap.
 * Pure functions from data to an RGBA buffer: tested in Node.
 */
import { blendPixel, fillCircle, hexToRgb, strokeCircle, type Raster, type Rgb } from './raster';
import { DIVERGING_LUT, diverging } from './palette';
import { mix, solidRaster, type Ink } from './histogramPixels';
import type { NetworkLayout, NetworkTarget } from './networkLayout';
import { SPARSITY_THRESHOLD } from '../../state/viewTypes';

/** Positive weights: the orange end of the diverging palette. */
export const POSITIVE_EDGE: Rgb = diverging(1);
/** Negative weights: the blue end (a lighter blue on dark backgrounds, for contrast). */
export const NEGATIVE_EDGE_LIGHT: Rgb = diverging(-1);
export const NEGATIVE_EDGE_DARK: Rgb = hexToRgb('#56B4E9');
/** Dropped units: vermillion, as in the Dropout masks panel. */
export const DROPPED_UNIT: Rgb = hexToRgb('#D55E00');
/** Batch-norm band: Okabe-Ito bluish green. */
export const BATCH_NORM_BAND: Rgb = hexToRgb('#009E73');

/** The numbers behind the picture, per column of the layout. */
export interface NetworkPicture {
  /** Per gap c (between column c and c + 1): the dense kernel [inputs, outputs] with its output count. */
  kernels: ({ values: Float32Array; outputs: number } | null)[];
  /** Per column: biases (hidden and output columns), or null. */
  biases: (Float32Array | null)[];
  /** Per column: 1 kept / 0 dropped for the shown example, per unit; null when no dropout there. */
  kept: (Uint8Array | null)[];
  /** Per column: each unit's running keep rate; null when no dropout there. */
  keepRates: (Float32Array | null)[];
}

/** Drawing options. */
export interface NetworkDrawOptions {
  /** Device pixels per CSS pixel (the layout is in CSS pixels). */
  scale: number;
  ink: Ink;
  /** Show keep rates instead of the changing mask. */
  reducedMotion: boolean;
  /** The hovered or focused unit or edge. */
  selected?: NetworkTarget | null;
}

/** The weight of an edge, or NaN when the picture has no kernel there. */
export function edgeWeight(picture: NetworkPicture, column: number, from: number, to: number): number {
  const kernel = picture.kernels[column];
  return kernel ? kernel.values[from * kernel.outputs + to] : NaN;
}

/** Largest |w| over the drawn edges: the weight drawn thickest. */
export function weightScale(layout: NetworkLayout, picture: NetworkPicture): number {
  let max = 0;
  for (let c = 0; c + 1 < layout.columns.length; c++) {
    for (let i = 0; i < layout.columns[c].shown; i++) {
      for (let o = 0; o < layout.columns[c + 1].shown; o++) {
        const w = Math.abs(edgeWeight(picture, c, i, o));
        if (Number.isFinite(w) && w > max) max = w;
      }
    }
  }
  return max;
}

/** Whether unit `unit` of `column` is dropped for the shown example. */
export function isDropped(picture: NetworkPicture, column: number, unit: number): boolean {
  const kept = picture.kept[column];
  return kept !== null && kept !== undefined && unit < kept.length && kept[unit] === 0;
}

/**
 * An anti-aliased segment of `width` pixels (flat ends), blended with opacity `alpha`. Walks the
 * major axis and covers only a band around the line, with the blend written inline: the network
 * has hundreds of long diagonal edges and redraws several times a second.
 */
export function strokeSegment(raster: Raster, x0: number, y0: number, x1: number, y1: number, width: number, colour: Rgb, alpha = 1): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length = Math.sqrt(dx * dx + dy * dy);
  if (length < 1e-9 || alpha <= 0) return;
  const half = width / 2;
  const alongX = Math.abs(dx) >= Math.abs(dy);
  // Perpendicular distance = offset along the minor axis * cos(angle to the major axis).
  const cos = (alongX ? Math.abs(dx) : Math.abs(dy)) / length;
  const slope = alongX ? dy / dx : dx / dy;
  const reach = (half + 0.5) / cos + 1;
  const majorStart = alongX ? x0 : y0;
  const minorStart = alongX ? y0 : x0;
  const majorLimit = alongX ? raster.width - 1 : raster.height - 1;
  const minorLimit = alongX ? raster.height - 1 : raster.width - 1;
  const from = Math.max(0, Math.ceil(Math.min(majorStart, alongX ? x1 : y1)));
  const to = Math.min(majorLimit, Math.floor(Math.max(majorStart, alongX ? x1 : y1)));
  const pixels = raster.pixels;
  const rowWidth = raster.width;
  const [red, green, blue] = colour;
  for (let major = from; major <= to; major++) {
    const centre = minorStart + (major - majorStart) * slope;
    const low = Math.max(0, Math.floor(centre - reach));
    const high = Math.min(minorLimit, Math.ceil(centre + reach));
    for (let minor = low; minor <= high; minor++) {
      const coverage = half + 0.5 - Math.abs(minor - centre) * cos;
      if (coverage <= 0) continue;
      const a = coverage < 1 ? alpha * coverage : alpha;
      const offset = alongX ? (minor * rowWidth + major) * 4 : (major * rowWidth + minor) * 4;
      pixels[offset] += (red - pixels[offset]) * a;
      pixels[offset + 1] += (green - pixels[offset + 1]) * a;
      pixels[offset + 2] += (blue - pixels[offset + 2]) * a;
    }
  }
}

/** Edge width (CSS px) and opacity for a weight of relative size t = |w| / scale in [0, 1]. */
export function edgeStyle(t: number): { width: number; alpha: number } {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  return { width: 0.6 + 3.4 * clamped, alpha: 0.12 + 0.88 * clamped };
}

/** The network picture in device pixels (layout.width * scale by layout.height * scale). */
export function networkPixels(layout: NetworkLayout, picture: NetworkPicture, options: NetworkDrawOptions): Raster {
  const { scale: s, ink } = options;
  const raster = solidRaster(Math.max(1, Math.round(layout.width * s)), Math.max(1, Math.round(layout.height * s)), ink.background);
  const columns = layout.columns;
  const r = layout.radius;
  const negative = ink.dark ? NEGATIVE_EDGE_DARK : NEGATIVE_EDGE_LIGHT;
  const showMask = !options.reducedMotion;

  // Batch-norm bands behind their columns.
  const band = mix(ink.background, BATCH_NORM_BAND, ink.dark ? 0.35 : 0.22);
  for (const column of columns) {
    if (!column.batchNorm || column.shown === 0) continue;
    const x0 = Math.round((column.x - r - 6) * s);
    const x1 = Math.round((column.x + r + 6) * s);
    const y0 = Math.round((column.ys[0] - r - 5) * s);
    const y1 = Math.round((column.ys[column.shown - 1] + r + 5) * s);
    for (let py = Math.max(0, y0); py < Math.min(raster.height, y1); py++) {
      for (let px = Math.max(0, x0); px < Math.min(raster.width, x1); px++) {
        const border = px < x0 + Math.max(1, s) || px >= x1 - Math.max(1, s);
        blendPixel(raster, px, py, border ? BATCH_NORM_BAND : band, 1);
      }
    }
  }

  // Edges, weakest first so strong edges stay on top.
  const maxWeight = weightScale(layout, picture) || 1;
  const edges: { c: number; i: number; o: number; w: number }[] = [];
  for (let c = 0; c + 1 < columns.length; c++) {
    for (let i = 0; i < columns[c].shown; i++) {
      for (let o = 0; o < columns[c + 1].shown; o++) {
        const w = edgeWeight(picture, c, i, o);
        if (Number.isFinite(w)) edges.push({ c, i, o, w });
      }
    }
  }
  edges.sort((a, b) => Math.abs(a.w) - Math.abs(b.w));
  for (const { c, i, o, w } of edges) {
    const { width, alpha } = edgeStyle(Math.abs(w) / maxWeight);
    // A dropped unit sends nothing for this example: its outgoing edges fade.
    const fade = showMask && isDropped(picture, c, i) ? 0.15 : 1;
    // Weights that count as zero (|w| < 1e-3, as in every sparsity figure) have no sign: a grey hairline.
    const zero = Math.abs(w) < SPARSITY_THRESHOLD;
    strokeSegment(raster, columns[c].x * s, columns[c].ys[i] * s, columns[c + 1].x * s, columns[c + 1].ys[o] * s, width * s * ink.stroke, zero ? ink.muted : w >= 0 ? POSITIVE_EDGE : negative, zero ? 0.5 * fade : alpha * fade);
  }
  const selected = options.selected ?? null;
  if (selected?.kind === 'edge' && selected.column + 1 < columns.length) {
    const from = columns[selected.column];
    const to = columns[selected.column + 1];
    if (selected.from < from.shown && selected.to < to.shown) {
      const w = edgeWeight(picture, selected.column, selected.from, selected.to);
      const { width } = edgeStyle(Math.abs(w) / maxWeight);
      strokeSegment(raster, from.x * s, from.ys[selected.from] * s, to.x * s, to.ys[selected.to] * s, (width + 4) * s, ink.focus, 1);
      strokeSegment(raster, from.x * s, from.ys[selected.from] * s, to.x * s, to.ys[selected.to] * s, width * s, Number.isFinite(w) && w < 0 ? negative : POSITIVE_EDGE, 1);
    }
  }

  // Units.
  let biasScale = 0;
  picture.biases.forEach((biases, c) => {
    if (!biases) return;
    for (let unit = 0; unit < Math.min(columns[c]?.shown ?? 0, biases.length); unit++) if (Number.isFinite(biases[unit])) biasScale = Math.max(biasScale, Math.abs(biases[unit]));
  });
  const ring = Math.max(1, 1.5 * s * ink.stroke);
  columns.forEach((column, c) => {
    const biases = picture.biases[c];
    const keepRates = picture.keepRates[c];
    for (let unit = 0; unit < column.shown; unit++) {
      const x = column.x * s;
      const y = column.ys[unit] * s;
      const radius = r * s;
      fillCircle(raster, x, y, radius, ink.background);
      if (showMask && isDropped(picture, c, unit)) {
        strokeCircle(raster, x, y, radius - ring / 2, ring * 1.2, DROPPED_UNIT);
        const arm = (r + 1.5) * s * 0.75;
        strokeSegment(raster, x - arm, y - arm, x + arm, y + arm, 2 * s, DROPPED_UNIT);
        strokeSegment(raster, x - arm, y + arm, x + arm, y - arm, 2 * s, DROPPED_UNIT);
        continue;
      }
      if (!showMask && keepRates && unit < keepRates.length) {
        // Filled from the bottom up to the keep rate: a full unit is always kept.
        const level = y + radius - 2 * radius * Math.max(0, Math.min(1, keepRates[unit]));
        const fill = mix(ink.background, ink.primary, 0.85);
        for (let py = Math.ceil(level); py <= Math.ceil(y + radius); py++) {
          const halfChord = Math.sqrt(Math.max(0, radius * radius - (py - y) * (py - y)));
          for (let px = Math.ceil(x - halfChord); px <= Math.floor(x + halfChord); px++) blendPixel(raster, px, py, fill, 1);
        }
      } else if (biases && unit < biases.length && biasScale > 0) {
        const t = biases[unit] / biasScale;
        fillCircle(raster, x, y, radius - ring / 2, mix(ink.background, t >= 0 ? POSITIVE_EDGE : negative, Math.min(1, Math.abs(t)) * 0.9));
      } else if (column.kind === 'input') {
        fillCircle(raster, x, y, radius - ring / 2, mix(ink.background, ink.text, 0.12));
      }
      strokeCircle(raster, x, y, radius - ring / 2, ring, ink.text);
    }
  });
  if (selected?.kind === 'unit') {
    const column = columns[selected.column];
    if (column && selected.unit < column.shown) strokeCircle(raster, column.x * s, column.ys[selected.unit] * s, (r + 3.5) * s, 2 * s, ink.focus);
  }
  return raster;
}

/**
 * A unit's activation over the plane (size x size values, row-major, top row first) as a heatmap,
 * `cell` pixels per value: blue negative, white zero, orange positive, scaled by the largest |value|.
 */
export function activationPixels(values: Float32Array, size: number, cell: number): Raster {
  const raster = solidRaster(Math.max(1, size * cell), Math.max(1, size * cell), [255, 255, 255]);
  let max = 0;
  for (const value of values) if (Number.isFinite(value)) max = Math.max(max, Math.abs(value));
  const scale = max > 0 ? max : 1;
  const pixels = raster.pixels;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const value = values[row * size + column];
      const t = Number.isFinite(value) ? value / scale : 0;
      const colour = DIVERGING_LUT[Math.round((Math.max(-1, Math.min(1, t)) + 1) * 127.5)];
      for (let py = row * cell; py < (row + 1) * cell; py++) {
        for (let px = column * cell; px < (column + 1) * cell; px++) {
          const offset = (py * raster.width + px) * 4;
          pixels[offset] = colour[0];
          pixels[offset + 1] = colour[1];
          pixels[offset + 2] = colour[2];
        }
      }
    }
  }
  return raster;
}
