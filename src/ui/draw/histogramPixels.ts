/**
 * Histograms as pixels: a TensorBoard-style ridgeline (the same layer's histograms over time,
 * oldest at the back, newest in front, the initial one as a dashed outline) and plain bar
 * histograms (batch-norm activations). Pure functions from data to an RGBA buffer, so Node tests
 * check them; the panels put the buffer on a canvas. Also the ink (background and text colours)
 * of light and dark themes that every canvas of the weights, gradients, batch-norm and network
 * panels draws with.
 */
import type { Histogram } from '../../state/viewTypes';
import { blendPixel, hexToRgb, type Raster, type Rgb } from './raster';

/** Colours a canvas draws with, per theme (the canvas cannot read CSS variables in Node). */
export interface Ink {
  dark: boolean;
  /** The panel surface behind the drawing. */
  background: Rgb;
  /** Axes, outlines, text-like marks. */
  text: Rgb;
  /** Grid lines, zero lines, faint marks. */
  muted: Rgb;
  /** Main series (newest slice, batch values): Okabe-Ito blue (lighter in dark mode). */
  primary: Rgb;
  /** Second series (initial slice, running values): Okabe-Ito vermillion. */
  secondary: Rgb;
  /** Keyboard/hover highlight. */
  focus: Rgb;
  /** Stroke multiplier (projector mode draws thicker). */
  stroke: number;
}

/** Ink of the light theme (matches the CSS variables of styles.css). */
export const LIGHT_INK: Ink = {
  dark: false,
  background: [255, 255, 255],
  text: [27, 31, 36],
  muted: [190, 198, 208],
  primary: hexToRgb('#0072B2'),
  secondary: hexToRgb('#D55E00'),
  focus: [194, 65, 12],
  stroke: 1,
};

/** Ink of the dark theme. */
export const DARK_INK: Ink = {
  dark: true,
  background: [23, 28, 35],
  text: [230, 233, 238],
  muted: [70, 82, 98],
  primary: hexToRgb('#56B4E9'),
  secondary: hexToRgb('#E69F00'),
  focus: [255, 184, 107],
  stroke: 1,
};

/** Mixes `colour` over `base` with opacity `alpha`. */
export function mix(base: Rgb, colour: Rgb, alpha: number): Rgb {
  const a = Math.max(0, Math.min(1, alpha));
  return [base[0] + (colour[0] - base[0]) * a, base[1] + (colour[1] - base[1]) * a, base[2] + (colour[2] - base[2]) * a];
}

/** RGBA packed into one little-endian 32-bit word (the byte order of every browser we target). */
function pack(colour: Rgb): number {
  return ((255 << 24) | (Math.round(colour[2]) << 16) | (Math.round(colour[1]) << 8) | Math.round(colour[0])) >>> 0;
}

/** A new raster of one opaque colour (a word-wide fill: these canvases are redrawn several times a second). */
export function solidRaster(width: number, height: number, colour: Rgb): Raster {
  const pixels = new Uint8ClampedArray(width * height * 4);
  new Uint32Array(pixels.buffer).fill(pack(colour));
  return { width, height, pixels };
}

/** Fills a rectangle with an opaque colour, row by row as 32-bit words. */
export function fillRectFast(raster: Raster, x: number, y: number, width: number, height: number, colour: Rgb): void {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(raster.width, Math.floor(x + width));
  const y1 = Math.min(raster.height, Math.floor(y + height));
  if (x1 <= x0 || y1 <= y0) return;
  const words = new Uint32Array(raster.pixels.buffer, raster.pixels.byteOffset, raster.width * raster.height);
  const value = pack(colour);
  for (let row = y0; row < y1; row++) words.fill(value, row * raster.width + x0, row * raster.width + x1);
}

/** Total count of a histogram. */
export function histogramTotal(histogram: Histogram): number {
  let total = 0;
  for (const count of histogram.counts) total += count;
  return total;
}

/** Whether two histograms have the same bin edges. */
export function sameEdges(a: Histogram, b: Histogram): boolean {
  if (a.edges.length !== b.edges.length) return false;
  for (let k = 0; k < a.edges.length; k++) if (a.edges[k] !== b.edges[k]) return false;
  return true;
}

/**
 * The counts of `histogram` moved onto `edges` (each old bin goes to the new bin holding its
 * centre). The engine only widens its edges by tripling, so old bins nest exactly in new ones.
 */
export function rebin(histogram: Histogram, edges: Float32Array): Histogram {
  if (sameEdges(histogram, { edges, counts: histogram.counts })) return histogram;
  const bins = edges.length - 1;
  const counts = new Uint32Array(bins);
  const low = edges[0];
  const width = (edges[bins] - low) / bins;
  for (let k = 0; k < histogram.counts.length; k++) {
    if (histogram.counts[k] === 0) continue;
    const centre = (histogram.edges[k] + histogram.edges[k + 1]) / 2;
    const target = Math.max(0, Math.min(bins - 1, Math.floor((centre - low) / width)));
    counts[target] += histogram.counts[k];
  }
  return { edges, counts };
}

/** The bin under a horizontal position `fraction` in [0, 1) of the plot, or -1 outside. */
export function binAtFraction(histogram: Histogram, fraction: number): number {
  const bins = histogram.counts.length;
  if (!(fraction >= 0) || fraction >= 1 || bins === 0) return -1;
  return Math.min(bins - 1, Math.floor(fraction * bins));
}

/** Pixel columns [x0, x1) of bin k when `bins` bins share `width` pixels. */
export function binColumns(k: number, bins: number, width: number): [number, number] {
  return [Math.round((k * width) / bins), Math.round(((k + 1) * width) / bins)];
}

/** Height in pixels of a bar of `count` when `maxCount` fills `plotHeight`. */
export function barHeight(count: number, maxCount: number, plotHeight: number): number {
  if (maxCount <= 0 || count <= 0) return 0;
  // At least one pixel for any non-empty bin, so a single weight is never invisible.
  return Math.max(1, Math.round((count / maxCount) * plotHeight));
}

/** Draws a vertical line of `width` pixels at x. */
function verticalLine(raster: Raster, x: number, y0: number, y1: number, width: number, colour: Rgb, alpha = 1): void {
  const left = Math.round(x - width / 2);
  if (alpha >= 1) {
    fillRectFast(raster, left, Math.floor(y0), Math.max(1, Math.round(width)), Math.ceil(y1) - Math.floor(y0), colour);
    return;
  }
  for (let px = left; px < left + Math.max(1, Math.round(width)); px++) {
    for (let py = Math.max(0, Math.floor(y0)); py < Math.min(raster.height, Math.ceil(y1)); py++) blendPixel(raster, px, py, colour, alpha);
  }
}

/** Draws a horizontal line (optionally dashed) from x0 to x1 at y. */
function horizontalLine(raster: Raster, x0: number, x1: number, y: number, width: number, colour: Rgb, dash = 0, alpha = 1): void {
  const top = Math.round(y - width / 2);
  if (dash === 0 && alpha >= 1) {
    fillRectFast(raster, x0, top, x1 - x0, Math.max(1, Math.round(width)), colour);
    return;
  }
  for (let px = Math.max(0, Math.floor(x0)); px < Math.min(raster.width, Math.ceil(x1)); px++) {
    if (dash > 0 && Math.floor(px / dash) % 2 === 1) continue;
    for (let py = top; py < top + Math.max(1, Math.round(width)); py++) blendPixel(raster, px, py, colour, alpha);
  }
}

/** Options of the bar histogram. */
export interface BarOptions {
  width: number;
  height: number;
  ink: Ink;
  /** Bar colour (defaults to ink.primary). */
  colour?: Rgb;
  /** A bin to highlight (hover or keyboard cursor), or -1. */
  highlightBin?: number;
  /** Count that fills the plot height (default: the largest count). */
  maxCount?: number;
}

/**
 * A bar histogram: one bar per bin from the bottom edge, height proportional to the count
 * (`barHeight`), a zero line where 0 falls inside the edges. One pixel column of gap between
 * bars when there is room, so bars read as bins.
 */
export function histogramBarsPixels(histogram: Histogram, options: BarOptions): Raster {
  const { width, height, ink } = options;
  const raster = solidRaster(Math.max(1, width), Math.max(1, height), ink.background);
  const bins = histogram.counts.length;
  if (bins === 0) return raster;
  let maxCount = options.maxCount ?? 0;
  if (options.maxCount === undefined) for (const count of histogram.counts) maxCount = Math.max(maxCount, count);
  const colour = options.colour ?? ink.primary;
  const plotHeight = height - 1;
  const gap = width / bins >= 4 ? 1 : 0;
  const highlight = options.highlightBin ?? -1;
  if (highlight >= 0 && highlight < bins) {
    const [x0, x1] = binColumns(highlight, bins, width);
    fillRectFast(raster, x0, 0, x1 - x0, height, mix(ink.background, ink.focus, 0.18));
  }
  for (let k = 0; k < bins; k++) {
    const [x0, x1] = binColumns(k, bins, width);
    const h = barHeight(histogram.counts[k], maxCount, plotHeight);
    if (h > 0) fillRectFast(raster, x0, height - 1 - h, Math.max(1, x1 - x0 - gap), h, colour);
  }
  const low = histogram.edges[0];
  const high = histogram.edges[bins];
  if (low < 0 && high > 0) verticalLine(raster, (-low / (high - low)) * width, 0, height, ink.stroke, ink.text, 0.55);
  // Baseline.
  horizontalLine(raster, 0, width, height - 1, 1, ink.muted);
  return raster;
}

/** One time slice of a ridgeline. */
export interface RidgelineSlice {
  histogram: Histogram;
  step: number;
}

/** Options of the ridgeline. */
export interface RidgelineOptions {
  width: number;
  height: number;
  ink: Ink;
  /** Rows the ridgeline has room for (the ring's capacity): rows keep their spacing as the ring fills. */
  rows: number;
  /** The histogram right after initialization, drawn as a dashed outline on the newest row. */
  initial?: Histogram | null;
  highlightBin?: number;
  /** Share of the height the tallest bar takes (the rest is the offset between rows). */
  peakShare?: number;
}

/** Geometry of a ridgeline: where row r's baseline lies and how tall the tallest bar is. */
export function ridgelineGeometry(height: number, rows: number, peakShare = 0.5): { peak: number; baseline: (row: number, count: number) => number } {
  const peak = Math.max(1, Math.floor((height - 2) * peakShare));
  const spread = Math.max(0, height - 2 - peak);
  const step = rows > 1 ? spread / (rows - 1) : 0;
  // Row `count - 1` is the newest, on the bottom line; older rows climb toward the top.
  return { peak, baseline: (row, count) => height - 2 - (count - 1 - row) * step };
}

/**
 * A ridgeline of histograms on the same edges (older slices are re-binned onto the newest's
 * edges): oldest at the top, newest at the bottom in front, each slice occluding the ones behind
 * it; older slices fade. All slices share one count scale, so a growing spike at zero (L1) grows
 * and a narrowing spread (L2) narrows. The initial histogram is a dashed outline on the newest row.
 */
export function ridgelinePixels(slices: readonly RidgelineSlice[], options: RidgelineOptions): Raster {
  const { width, height, ink } = options;
  const raster = solidRaster(Math.max(1, width), Math.max(1, height), ink.background);
  if (slices.length === 0) return raster;
  const newest = slices[slices.length - 1].histogram;
  const edges = newest.edges;
  const bins = newest.counts.length;
  const histograms = slices.map((slice) => rebin(slice.histogram, edges));
  const initial = options.initial ? rebin(options.initial, edges) : null;
  let maxCount = 0;
  for (const histogram of histograms) for (const count of histogram.counts) maxCount = Math.max(maxCount, count);
  if (initial) for (const count of initial.counts) maxCount = Math.max(maxCount, count);
  const rows = Math.max(options.rows, slices.length);
  const { peak, baseline } = ridgelineGeometry(height, rows, options.peakShare ?? 0.5);
  const count = histograms.length;
  const highlight = options.highlightBin ?? -1;
  if (highlight >= 0 && highlight < bins) {
    const [x0, x1] = binColumns(highlight, bins, width);
    fillRectFast(raster, x0, 0, x1 - x0, height, mix(ink.background, ink.focus, 0.15));
  }
  const low = edges[0];
  const high = edges[bins];
  const zeroX = low < 0 && high > 0 ? (-low / (high - low)) * width : -1;
  if (zeroX >= 0) verticalLine(raster, zeroX, 0, height, 1, ink.muted);
  const lineWidth = Math.max(1, Math.round(ink.stroke));
  histograms.forEach((histogram, row) => {
    const base = baseline(row, count);
    const age = count === 1 ? 0 : (count - 1 - row) / (count - 1);
    const newestRow = row === count - 1;
    const fill = mix(ink.background, ink.primary, newestRow ? 0.45 : 0.12 + 0.18 * (1 - age));
    const outline = mix(ink.background, newestRow ? ink.primary : ink.text, newestRow ? 1 : 0.25 + 0.35 * (1 - age));
    let previousTop = base;
    for (let k = 0; k < bins; k++) {
      const [x0, x1] = binColumns(k, bins, width);
      const h = barHeight(histogram.counts[k], maxCount, peak);
      const top = base - h;
      // Occlude what is behind, then fill: later (newer) rows cover older ones.
      if (h > 0) fillRectFast(raster, x0, top, x1 - x0, h, fill);
      horizontalLine(raster, x0, x1, top, lineWidth, outline);
      // The step outline's vertical risers between bins.
      const riserTop = Math.min(top, previousTop);
      const riserBottom = Math.max(top, previousTop);
      if (riserBottom - riserTop > 0) verticalLine(raster, x0, riserTop, riserBottom + 1, lineWidth, outline);
      previousTop = top;
    }
  });
  if (initial) {
    const base = baseline(count - 1, count);
    let previousTop = base;
    for (let k = 0; k < bins; k++) {
      const [x0, x1] = binColumns(k, bins, width);
      const top = base - barHeight(initial.counts[k], maxCount, peak);
      horizontalLine(raster, x0, x1, top, lineWidth + 1, ink.secondary, 3);
      if (Math.abs(top - previousTop) > 0) verticalLine(raster, x0, Math.min(top, previousTop), Math.max(top, previousTop) + 1, lineWidth, ink.secondary, 0.8);
      previousTop = top;
    }
  }
  return raster;
}

/** A number for axis labels and readouts: 3 significant digits, exponent form for tiny or huge values. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e4) return value.toExponential(1).replace('.0e', 'e').replace('e+', 'e').replace('e-', 'e−').replace('-', '−');
  return Number(value.toPrecision(3)).toString().replace('-', '−');
}
