/**
 * The decision-boundary / fitted-curve / predicted-surface picture as pixels: the network's
 * prediction over the raw plane (inference mode, from the worker's grid), training points filled,
 * validation points hollow (the class shown by colour AND marker shape, as the data preview).
 *
 * It is redrawn up to ~15 times a second while training, so it is built for speed: the points are
 * rasterized once per dataset and layout into a cached premultiplied layer, and each frame only
 * resamples the grid (bilinear, through a colour lookup table) and composites that layer on top.
 */
import type { DatasetInfo, PredictionGrid } from '../../state/viewTypes';
import { createRaster, drawLine, type Raster, type Rgb } from './raster';
import { CLASS_COLOURS, diverging, tint } from './palette';
import { classStyle, drawMarker, markerRadius, type MarkerStyle } from '../panels/dataPreviewDraw';

/** Drawing options. */
export interface BoundaryOptions {
  /** Output size in pixels (square). */
  size: number;
  /** Show only the predicted class (no probability shading). */
  discretize: boolean;
  showTrain: boolean;
  showValidation: boolean;
}

/** Which picture a dataset gets. */
export type BoundaryKind = 'classes2d' | 'curve1d' | 'surface2d';

const PAPER: Rgb = [250, 250, 250];
const AXIS: Rgb = [205, 205, 205];
const CURVE: Rgb = [20, 20, 20];
const HALO: Rgb = [255, 255, 255];
const TRAIN_BLUE: Rgb = [0, 114, 178];
const VALIDATION_VERMILION: Rgb = [213, 94, 0];
const REGRESSION_OUTLINE: Rgb = [50, 50, 50];

/** Entries of the packed lookup tables over t in [-1, 1]. */
const LUT_SIZE = 1025;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function pack(colour: Rgb): number {
  const [r, g, b] = colour.map((value) => Math.round(Math.max(0, Math.min(255, value))));
  return LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}

function packedTable(map: (t: number) => Rgb): Uint32Array {
  const table = new Uint32Array(LUT_SIZE);
  for (let index = 0; index < LUT_SIZE; index++) table[index] = pack(map((index / (LUT_SIZE - 1)) * 2 - 1));
  return table;
}

/** A table built on first use: building all three when the page loads cost its first screen time. */
function lazyTable(map: (t: number) => Rgb): () => Uint32Array {
  let table: Uint32Array | null = null;
  return () => (table ??= packedTable(map));
}

/** Surface values: the whole diverging ramp. */
const SURFACE_LUT = lazyTable((t) => diverging(t));
/** Class probabilities: 75% of the ramp, so the points stay readable. */
const PROBABILITY_LUT = lazyTable((t) => diverging(t * 0.75));
/** Discretized: two flat tones. */
const DISCRETE_LUT = lazyTable((t) => diverging(t >= 0 ? 0.6 : -0.6));

/** The kind of picture for a dataset, or null when it has no plane to draw (features, digits, CSV). */
export function boundaryKind(dataset: DatasetInfo): BoundaryKind | null {
  if (!dataset.domain || !dataset.rawTrain || !dataset.rawValidation) return null;
  // Raw values per point: x (1D) or x, y (2D).
  const perPoint =
    dataset.trainCount > 0
      ? dataset.rawTrain.length / dataset.trainCount
      : dataset.validationCount > 0
        ? dataset.rawValidation.length / dataset.validationCount
        : dataset.inputShape[0] === 1
          ? 1
          : 2;
  if (perPoint === 1) return 'curve1d';
  if (perPoint === 2) return dataset.task === 'classification' ? 'classes2d' : 'surface2d';
  return null;
}

/** Maps raw coordinates to pixels of a square raster (and back). */
export function boundaryProjector(domain: readonly [number, number, number, number], size: number) {
  const [xMin, xMax, yMin, yMax] = domain;
  return {
    x: (value: number) => ((value - xMin) / (xMax - xMin)) * (size - 1),
    y: (value: number) => (1 - (value - yMin) / (yMax - yMin)) * (size - 1),
    rawX: (pixel: number) => xMin + (pixel / (size - 1)) * (xMax - xMin),
    rawY: (pixel: number) => yMax - (pixel / (size - 1)) * (yMax - yMin),
  };
}

/** Largest |target| of the data (at least 0.5), the end of the regression colour scale. */
export function targetScale(dataset: DatasetInfo): number {
  let scale = 0.5;
  for (const value of dataset.trainTargets) scale = Math.max(scale, Math.abs(value));
  for (const value of dataset.validationTargets) scale = Math.max(scale, Math.abs(value));
  return scale;
}

// ------------------------------------------------------------------ the cached points layer

/** Points rasterized once: the covered pixels with their premultiplied colour and 1 - coverage. */
interface PointsLayer {
  indices: Int32Array;
  premultiplied: Float32Array;
  transparency: Float32Array;
}

const layerCache = new WeakMap<DatasetInfo, Map<string, PointsLayer>>();

function darken(colour: Rgb, factor = 0.6): Rgb {
  return [colour[0] * factor, colour[1] * factor, colour[2] * factor];
}

/** Marker style of one point (classes: colour and shape by class; regression: colour by value). */
function pointStyle(kind: BoundaryKind, target: number, hollow: boolean, scale: number): MarkerStyle {
  if (kind === 'classes2d') return classStyle(target, hollow);
  if (kind === 'curve1d') {
    const colour = hollow ? VALIDATION_VERMILION : TRAIN_BLUE;
    return { shape: 'circle', colour, outline: hollow ? colour : darken(colour), hollow };
  }
  return { shape: 'circle', colour: diverging(target / scale), outline: REGRESSION_OUTLINE, hollow };
}

/** Draws the points on each of `rasters` (all of one size; see drawMarker). */
function drawPoints(rasters: readonly Raster[], dataset: DatasetInfo, kind: BoundaryKind, options: BoundaryOptions): void {
  const project = boundaryProjector(dataset.domain!, options.size);
  const radius = markerRadius(options.size);
  const scale = targetScale(dataset);
  const dims = kind === 'curve1d' ? 1 : 2;
  const place = (raw: Float32Array, targets: Float32Array, index: number): [number, number] =>
    dims === 1 ? [project.x(raw[index]), project.y(targets[index])] : [project.x(raw[index * 2]), project.y(raw[index * 2 + 1])];
  if (options.showValidation) {
    for (let i = 0; i < dataset.validationCount; i++) {
      const [x, y] = place(dataset.rawValidation!, dataset.validationTargets, i);
      drawMarker(rasters, x, y, radius, pointStyle(kind, dataset.validationTargets[i], true, scale));
    }
  }
  if (options.showTrain) {
    for (let i = 0; i < dataset.trainCount; i++) {
      const [x, y] = place(dataset.rawTrain!, dataset.trainTargets, i);
      drawMarker(rasters, x, y, radius, pointStyle(kind, dataset.trainTargets[i], false, scale));
    }
  }
}

/**
 * The points as a layer: drawn once on black and once on white; a linear blend gives
 * black = C (premultiplied colour) and white = C + 255 (1 - A), which recovers C and A exactly.
 */
function pointsLayer(dataset: DatasetInfo, kind: BoundaryKind, options: BoundaryOptions): PointsLayer {
  const key = `${options.size}|${options.showTrain}|${options.showValidation}`;
  let byOptions = layerCache.get(dataset);
  if (!byOptions) {
    byOptions = new Map();
    layerCache.set(dataset, byOptions);
  }
  const cached = byOptions.get(key);
  if (cached) return cached;
  // This runs on the first screen's critical path (the first boundary waits for it): the shapes
  // are sampled once for both rasters, and the covered pixels collected into typed arrays.
  const black = createRaster(options.size, options.size, [0, 0, 0]);
  const white = createRaster(options.size, options.size, [255, 255, 255]);
  drawPoints([black, white], dataset, kind, options);
  const area = options.size * options.size;
  const indices = new Int32Array(area);
  const premultiplied = new Float32Array(area * 3);
  const transparency = new Float32Array(area);
  // A pixel no marker touched still holds its fill on both rasters (clear = 1): one word compare each.
  const blackWords = new Uint32Array(black.pixels.buffer, black.pixels.byteOffset, area);
  const whiteWords = new Uint32Array(white.pixels.buffer, white.pixels.byteOffset, area);
  const blackFill = new Uint32Array(createRaster(1, 1, [0, 0, 0]).pixels.buffer)[0];
  const whiteFill = new Uint32Array(createRaster(1, 1, [255, 255, 255]).pixels.buffer)[0];
  let count = 0;
  for (let pixel = 0; pixel < area; pixel++) {
    if (blackWords[pixel] === blackFill && whiteWords[pixel] === whiteFill) continue;
    const offset = pixel * 4;
    const clear = (white.pixels[offset] - black.pixels[offset] + white.pixels[offset + 1] - black.pixels[offset + 1] + white.pixels[offset + 2] - black.pixels[offset + 2]) / (3 * 255);
    if (clear >= 0.999) continue;
    indices[count] = pixel;
    premultiplied[count * 3] = black.pixels[offset];
    premultiplied[count * 3 + 1] = black.pixels[offset + 1];
    premultiplied[count * 3 + 2] = black.pixels[offset + 2];
    transparency[count] = Math.max(0, Math.min(1, clear));
    count++;
  }
  const layer = { indices: indices.slice(0, count), premultiplied: premultiplied.slice(0, count * 3), transparency: transparency.slice(0, count) };
  byOptions.set(key, layer);
  return layer;
}

function compositeLayer(raster: Raster, layer: PointsLayer): void {
  const pixels = raster.pixels;
  for (let k = 0; k < layer.indices.length; k++) {
    const offset = layer.indices[k] * 4;
    const keep = layer.transparency[k];
    pixels[offset] = layer.premultiplied[k * 3] + pixels[offset] * keep;
    pixels[offset + 1] = layer.premultiplied[k * 3 + 1] + pixels[offset + 1] * keep;
    pixels[offset + 2] = layer.premultiplied[k * 3 + 2] + pixels[offset + 2] * keep;
  }
}

// ------------------------------------------------------------------ the background

/** Bilinear sampling positions of `size` output pixels over a grid of `cells` cell centres. */
function samplePositions(size: number, cells: number): { low: Int32Array; high: Int32Array; weight: Float32Array } {
  const low = new Int32Array(size);
  const high = new Int32Array(size);
  const weight = new Float32Array(size);
  for (let pixel = 0; pixel < size; pixel++) {
    // Pixel centre in grid units; cell centres sit at k + 0.5.
    const position = Math.max(0, Math.min(cells - 1, ((pixel + 0.5) / size) * cells - 0.5));
    low[pixel] = Math.floor(position);
    high[pixel] = Math.min(cells - 1, low[pixel] + 1);
    weight[pixel] = position - low[pixel];
  }
  return { low, high, weight };
}

/** Per grid cell, a scalar in [-1, 1] (two classes, surface) mapped through the diverging table. */
function scalarField(grid: PredictionGrid, valueScale: number): Float32Array | null {
  const cells = grid.size * grid.size;
  const field = new Float32Array(cells);
  if (grid.kind === 'surface2d') {
    for (let cell = 0; cell < cells; cell++) field[cell] = Math.max(-1, Math.min(1, grid.values[cell] / valueScale));
    return field;
  }
  if (grid.kind === 'classes2d' && grid.classes === 2) {
    // p = probability of class 1; t in [-1, 1] from class 0 (blue) to class 1 (orange).
    for (let cell = 0; cell < cells; cell++) field[cell] = 2 * grid.values[cell * 2 + 1] - 1;
    return field;
  }
  return null;
}

/** Paints the prediction over the whole raster (bilinear between grid cells). */
function paintGrid(raster: Raster, grid: PredictionGrid, discretize: boolean, valueScale: number): void {
  const size = raster.width;
  const columns = samplePositions(size, grid.size);
  const rows = samplePositions(raster.height, grid.size);
  const pixels = raster.pixels;
  const field = scalarField(grid, valueScale);
  if (field) {
    // Colour lookup over t in [-1, 1] as packed RGBA words, written through a 32-bit view.
    const twoClasses = grid.kind === 'classes2d';
    const lut = (twoClasses ? (discretize ? DISCRETE_LUT : PROBABILITY_LUT) : SURFACE_LUT)();
    const words = new Uint32Array(pixels.buffer, pixels.byteOffset, size * raster.height);
    const half = (LUT_SIZE - 1) / 2;
    for (let py = 0; py < raster.height; py++) {
      const r0 = rows.low[py] * grid.size;
      const r1 = rows.high[py] * grid.size;
      const fy = rows.weight[py];
      const rowOffset = py * size;
      for (let px = 0; px < size; px++) {
        const c0 = columns.low[px];
        const c1 = columns.high[px];
        const fx = columns.weight[px];
        const a = field[r0 + c0];
        const b = field[r1 + c0];
        const top = a + (field[r0 + c1] - a) * fx;
        const bottom = b + (field[r1 + c1] - b) * fx;
        words[rowOffset + px] = lut[((top + (bottom - top) * fy + 1) * half + 0.5) | 0];
      }
    }
    return;
  }
  // Three or more classes: a colour per cell (the winning class, paler when unsure), then bilinear in colour
  // (nearest cell when discretized, so the regions keep crisp edges).
  const cells = grid.size * grid.size;
  const colours = new Float32Array(cells * 3);
  for (let cell = 0; cell < cells; cell++) {
    let best = 0;
    for (let k = 1; k < grid.classes; k++) if (grid.values[cell * grid.classes + k] > grid.values[cell * grid.classes + best]) best = k;
    const confidence = grid.values[cell * grid.classes + best];
    const colour = tint(CLASS_COLOURS[best % CLASS_COLOURS.length], discretize ? 0.45 : Math.max(0, (confidence - 1 / grid.classes) / (1 - 1 / grid.classes)) * 0.6);
    colours[cell * 3] = colour[0];
    colours[cell * 3 + 1] = colour[1];
    colours[cell * 3 + 2] = colour[2];
  }
  for (let py = 0; py < raster.height; py++) {
    const r0 = rows.low[py] * grid.size;
    const r1 = rows.high[py] * grid.size;
    const fy = discretize ? Math.round(rows.weight[py]) : rows.weight[py];
    for (let px = 0; px < size; px++) {
      const c0 = columns.low[px];
      const c1 = columns.high[px];
      const fx = discretize ? Math.round(columns.weight[px]) : columns.weight[px];
      const offset = (py * size + px) * 4;
      for (let channel = 0; channel < 3; channel++) {
        const top = colours[(r0 + c0) * 3 + channel] + (colours[(r0 + c1) * 3 + channel] - colours[(r0 + c0) * 3 + channel]) * fx;
        const bottom = colours[(r1 + c0) * 3 + channel] + (colours[(r1 + c1) * 3 + channel] - colours[(r1 + c0) * 3 + channel]) * fx;
        pixels[offset + channel] = top + (bottom - top) * fy;
      }
      pixels[offset + 3] = 255;
    }
  }
}

/** The fitted curve of a 1D regression: y over x samples spanning the domain's x range. */
function drawCurve(raster: Raster, dataset: DatasetInfo, grid: PredictionGrid): void {
  const size = raster.width;
  const project = boundaryProjector(dataset.domain!, size);
  const width = Math.max(2.5, size / 120);
  const xs = new Float32Array(grid.size);
  const ys = new Float32Array(grid.size);
  for (let index = 0; index < grid.size; index++) {
    xs[index] = project.x(dataset.domain![0] + (index / (grid.size - 1)) * (dataset.domain![1] - dataset.domain![0]));
    // Clamp far outside values so a wild curve still draws as steep lines, not as nothing.
    ys[index] = Math.max(-size, Math.min(2 * size, project.y(grid.values[index])));
  }
  for (let index = 1; index < grid.size; index++) drawLine(raster, xs[index - 1], ys[index - 1], xs[index], ys[index], width + 2, HALO);
  for (let index = 1; index < grid.size; index++) drawLine(raster, xs[index - 1], ys[index - 1], xs[index], ys[index], width, CURVE);
}

/** A square raster filled with one colour (a 32-bit fill: this runs every frame). */
function blankRaster(size: number, colour: Rgb): Raster {
  const pixels = new Uint8ClampedArray(size * size * 4);
  new Uint32Array(pixels.buffer).fill(pack(colour));
  return { width: size, height: size, pixels };
}

/** The whole picture, or null when the dataset has no plane to draw. */
export function boundaryPixels(dataset: DatasetInfo, grid: PredictionGrid | null, options: BoundaryOptions): Raster | null {
  const kind = boundaryKind(dataset);
  if (!kind) return null;
  const size = options.size;
  const raster = blankRaster(size, PAPER);
  if (kind === 'curve1d') {
    const project = boundaryProjector(dataset.domain!, size);
    // Axis line at y = 0 for orientation.
    drawLine(raster, 0, project.y(0), size - 1, project.y(0), 1, AXIS);
    compositeLayer(raster, pointsLayer(dataset, kind, options));
    // The curve goes over the points (with a pale halo), so many points never hide it.
    if (grid && grid.kind === 'curve1d') drawCurve(raster, dataset, grid);
    return raster;
  }
  if (grid && grid.kind !== 'curve1d') paintGrid(raster, grid, options.discretize, targetScale(dataset));
  compositeLayer(raster, pointsLayer(dataset, kind, options));
  return raster;
}

/** What the picture says at one pixel: the prediction there, in words and numbers. */
export interface BoundaryReadout {
  x: number;
  y: number;
  /** e.g. "P(class 1) = 0.83", "predicted y = 0.41". */
  text: string;
}

/** The prediction under pixel (px, py) of a `size` raster, or null when there is nothing there. */
export function boundaryReadout(dataset: DatasetInfo, grid: PredictionGrid | null, size: number, px: number, py: number): BoundaryReadout | null {
  const kind = boundaryKind(dataset);
  if (!kind || !grid || px < 0 || py < 0 || px > size - 1 || py > size - 1) return null;
  const project = boundaryProjector(dataset.domain!, size);
  const x = project.rawX(px);
  const y = project.rawY(py);
  const format = (value: number) => (Math.abs(value) >= 100 || (Math.abs(value) < 0.01 && value !== 0) ? value.toExponential(2) : value.toFixed(2));
  if (kind === 'curve1d' && grid.kind === 'curve1d') {
    const index = Math.max(0, Math.min(grid.size - 1, Math.round((px / (size - 1)) * (grid.size - 1))));
    return { x, y, text: `x = ${format(x)}: the network predicts y = ${format(grid.values[index])}` };
  }
  const column = Math.max(0, Math.min(grid.size - 1, Math.floor((px / size) * grid.size)));
  const row = Math.max(0, Math.min(grid.size - 1, Math.floor((py / size) * grid.size)));
  const cell = row * grid.size + column;
  if (grid.kind === 'surface2d') return { x, y, text: `(${format(x)}, ${format(y)}): predicted value ${format(grid.values[cell])}` };
  const names = dataset.classNames ?? Array.from({ length: grid.classes }, (_, k) => `class ${k}`);
  let best = 0;
  for (let k = 1; k < grid.classes; k++) if (grid.values[cell * grid.classes + k] > grid.values[cell * grid.classes + best]) best = k;
  const probabilities = Array.from({ length: grid.classes }, (_, k) => `${names[k]} ${(grid.values[cell * grid.classes + k] * 100).toFixed(0)}%`).join(', ');
  return { x, y, text: `(${format(x)}, ${format(y)}): predicts ${names[best]} (${probabilities})` };
}

/** One or two sentences for screen readers: what the picture shows now. */
export function boundarySummary(dataset: DatasetInfo, grid: PredictionGrid | null): string {
  const kind = boundaryKind(dataset);
  if (!kind) return 'This dataset has no plane to draw.';
  const points = `${dataset.trainCount} training points (filled) and ${dataset.validationCount} validation points (hollow)`;
  if (!grid) return `${points}; no prediction drawn yet.`;
  if (kind === 'curve1d' && grid.kind === 'curve1d') {
    let low = Infinity;
    let high = -Infinity;
    let turns = 0;
    for (let index = 0; index < grid.size; index++) {
      low = Math.min(low, grid.values[index]);
      high = Math.max(high, grid.values[index]);
      if (index >= 2 && (grid.values[index] - grid.values[index - 1]) * (grid.values[index - 1] - grid.values[index - 2]) < 0) turns++;
    }
    return `The fitted curve spans y from ${low.toFixed(2)} to ${high.toFixed(2)} and turns ${turns} time${turns === 1 ? '' : 's'} over ${points}.`;
  }
  if (grid.kind === 'surface2d') {
    let low = Infinity;
    let high = -Infinity;
    for (const value of grid.values) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    return `Predicted values over the plane range from ${low.toFixed(2)} to ${high.toFixed(2)}; ${points}.`;
  }
  const names = dataset.classNames ?? Array.from({ length: grid.classes }, (_, k) => `class ${k}`);
  const wins = new Array<number>(grid.classes).fill(0);
  const cells = grid.size * grid.size;
  let unsure = 0;
  for (let cell = 0; cell < cells; cell++) {
    let best = 0;
    for (let k = 1; k < grid.classes; k++) if (grid.values[cell * grid.classes + k] > grid.values[cell * grid.classes + best]) best = k;
    wins[best]++;
    if (grid.values[cell * grid.classes + best] < 0.75) unsure++;
  }
  const shares = wins.map((count, k) => `${names[k]} on ${Math.round((count / cells) * 100)}%`).join(', ');
  return `The network predicts ${shares} of the plane; it is unsure (below 75%) on ${Math.round((unsure / cells) * 100)}%. ${points}.`;
}
