/**
 * The data preview as pixels (pure functions, tested in Node): 2D sets as markers (training filled,
 * validation hollow; the class by colour AND shape), the 1D set as points over its true curve, and
 * digits as a grid of sample images with their labels in a tiny bitmap font.
 */
import type { Dataset } from '../../data';
// Straight from its module: the data index would pull the whole data layer into the first screen's bundle.
import { sineTarget } from '../../data/toySets';
import { createRaster, drawLine, type Raster, type Rgb } from '../draw/raster';
import { CLASS_COLOURS, diverging } from '../draw/palette';

/** Training and validation colours used everywhere (as the loss curves). */
export const TRAIN_COLOUR: Rgb = [0, 114, 178];
export const VALIDATION_COLOUR: Rgb = [213, 94, 0];
const BACKGROUND: Rgb = [255, 255, 255];
const AXIS: Rgb = [225, 225, 225];
const TRUE_CURVE: Rgb = [150, 150, 150];
const REGRESSION_OUTLINE: Rgb = [60, 60, 60];
const INK: Rgb = [25, 25, 25];

/** Marker shapes, by class index (modulo): shape carries the class as well as colour. */
export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus'] as const;
/** One marker shape. */
export type MarkerShape = (typeof MARKER_SHAPES)[number];

/** Signed distance (pixels, positive inside) from an offset (dx, dy) to the edge of a marker of radius r. */
const SHAPE_DISTANCE: Readonly<Record<MarkerShape, (dx: number, dy: number, r: number) => number>> = {
  circle: (dx, dy, r) => r - Math.hypot(dx, dy),
  square: (dx, dy, r) => 0.82 * r - Math.max(Math.abs(dx), Math.abs(dy)),
  diamond: (dx, dy, r) => (1.2 * r - Math.abs(dx) - Math.abs(dy)) / Math.SQRT2,
  triangle: (dx, dy, r) => {
    // Upward triangle: base at y = 0.7r, apex at y = -1.05r (y grows downward).
    const base = 0.7 * r - dy;
    const slope = 1.75 / Math.hypot(1, 1.75);
    const side = (1.05 * r + dy) * Math.sqrt(1 - slope * slope) - Math.abs(dx) * slope;
    return Math.min(base, side);
  },
  cross: (dx, dy, r) => Math.min(0.34 * r - Math.abs(Math.abs(dx) - Math.abs(dy)) / Math.SQRT2, r - Math.max(Math.abs(dx), Math.abs(dy))),
  plus: (dx, dy, r) =>
    Math.max(Math.min(0.3 * r - Math.abs(dy), r - Math.abs(dx)), Math.min(0.3 * r - Math.abs(dx), r - Math.abs(dy))),
};

function darken(colour: Rgb, factor = 0.6): Rgb {
  return [colour[0] * factor, colour[1] * factor, colour[2] * factor];
}

/** How a marker looks: its fill and outline colours, and whether it is hollow. */
export interface MarkerStyle {
  shape: MarkerShape;
  colour: Rgb;
  outline: Rgb;
  hollow: boolean;
}

const SUBSAMPLES = 3;
/** More than the farthest subsample's distance from its pixel's centre (sqrt(2)/3 = 0.471 px): how far a shape's distance can differ between a pixel's subsamples and its centre. */
const OUTSIDE_MARGIN = 0.5;

/**
 * Draws one marker with 3x3 supersampling. Filled: a 1 px outline around the colour. Hollow: the
 * outline, a thin ring of the colour, then background inside (so it reads as empty).
 *
 * `target` may be several rasters of one size (the boundary's points layer draws on black and on
 * white): the shape is sampled once and blended into each, exactly as drawing on each in turn.
 */
export function drawMarker(target: Raster | readonly Raster[], cx: number, cy: number, radius: number, style: MarkerStyle): void {
  const rasters: readonly Raster[] = Array.isArray(target) ? target : [target as Raster];
  if (rasters.length === 0) return;
  const { width, height } = rasters[0];
  const distance = SHAPE_DISTANCE[style.shape];
  const ring = Math.max(1, radius * 0.3);
  const reach = Math.ceil(radius * 1.3 + 1);
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(width - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(height - 1, Math.ceil(cy + reach));
  const fillSum = subsampleSum(style.colour);
  const backgroundSum = subsampleSum(BACKGROUND);
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      // Every shape's distance changes by at most the offset (each is 1-Lipschitz), and the
      // subsamples lie within sqrt(2)/3 px of the pixel centre (itself the middle subsample): a
      // centre this far outside has no subsample inside, so the pixel is skipped unsampled.
      const centre = distance(px - cx, py - cy, radius);
      if (centre < -OUTSIDE_MARGIN) continue;
      // By the same bound, a centre this deep inside one band (fill, or a hollow marker's inside)
      // has all nine subsamples in it: their sum is known without sampling.
      const band = centre - OUTSIDE_MARGIN >= 1 ? (!style.hollow ? fillSum : centre - OUTSIDE_MARGIN >= 1 + ring ? backgroundSum : centre + OUTSIDE_MARGIN < 1 + ring ? fillSum : null) : null;
      let r = 0;
      let g = 0;
      let b = 0;
      let inside = 0;
      if (band) {
        r = band[0];
        g = band[1];
        b = band[2];
        inside = SUBSAMPLES * SUBSAMPLES;
      }
      for (let sy = 0; sy < (band ? 0 : SUBSAMPLES); sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const dx = px + (sx + 0.5) / SUBSAMPLES - 0.5 - cx;
          const dy = py + (sy + 0.5) / SUBSAMPLES - 0.5 - cy;
          const depth = distance(dx, dy, radius);
          if (depth < 0) continue;
          let colour: Rgb;
          if (depth < 1) colour = style.outline;
          else if (!style.hollow || depth < 1 + ring) colour = style.colour;
          else colour = BACKGROUND;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          inside++;
        }
      }
      if (inside === 0) continue;
      const alpha = inside / (SUBSAMPLES * SUBSAMPLES);
      const offset = (py * width + px) * 4;
      for (const raster of rasters) {
        const pixels = raster.pixels;
        pixels[offset] += (r / inside - pixels[offset]) * alpha;
        pixels[offset + 1] += (g / inside - pixels[offset + 1]) * alpha;
        pixels[offset + 2] += (b / inside - pixels[offset + 2]) * alpha;
        pixels[offset + 3] = 255;
      }
    }
  }
}

/** A colour added up over all subsamples, in the sampling loop's order (so the sums are bit for bit its own). */
function subsampleSum(colour: Rgb): [number, number, number] {
  const sum: [number, number, number] = [0, 0, 0];
  for (let sample = 0; sample < SUBSAMPLES * SUBSAMPLES; sample++) {
    sum[0] += colour[0];
    sum[1] += colour[1];
    sum[2] += colour[2];
  }
  return sum;
}

/** The marker style of a classification point. */
export function classStyle(classIndex: number, hollow: boolean): MarkerStyle {
  const colour = CLASS_COLOURS[classIndex % CLASS_COLOURS.length];
  // Hollow markers keep their outline in the class colour: a thicker coloured ring reads better.
  return { shape: MARKER_SHAPES[classIndex % MARKER_SHAPES.length], colour, outline: hollow ? colour : darken(colour), hollow };
}

/** Maps raw coordinates into a square raster of `size` pixels. */
function projector(domain: readonly [number, number, number, number], size: number) {
  const [xMin, xMax, yMin, yMax] = domain;
  return {
    x: (value: number) => ((value - xMin) / (xMax - xMin)) * (size - 1),
    y: (value: number) => (1 - (value - yMin) / (yMax - yMin)) * (size - 1),
  };
}

/** Marker radius for a raster size (4 px at 280 px). */
export function markerRadius(size: number): number {
  return Math.max(2.5, size / 70);
}

/**
 * 2D sets and the 1D set as a square raster. Classification: class colour + shape, training filled,
 * validation hollow. 2D regression: colour = target (blue low, white middle, orange high).
 * 1D: the true curve (grey), training filled blue, validation hollow vermilion.
 * Returns null when the dataset has no raw coordinates to draw.
 */
export function drawScatter(dataset: Dataset, size: number): Raster | null {
  const { rawTrain, rawValidation, domain } = dataset;
  if (!rawTrain || !rawValidation || !domain) return null;
  const raster = createRaster(size, size, BACKGROUND);
  const project = projector(domain, size);
  const radius = markerRadius(size);
  // Axes through the origin.
  drawLine(raster, project.x(0), 0, project.x(0), size - 1, 1, AXIS);
  drawLine(raster, 0, project.y(0), size - 1, project.y(0), 1, AXIS);
  const oneD = dataset.inputShape[0] >= 1 && dataset.pipeline.rawSize === 1;

  if (oneD) {
    if (dataset.name === 'sine') {
      // The true curve, dashed: 6 px on, 4 px off.
      let previous: [number, number] | null = null;
      for (let px = 0; px < size; px++) {
        const x = domain[0] + (px / (size - 1)) * (domain[1] - domain[0]);
        const point: [number, number] = [px, project.y(sineTarget(x))];
        if (previous && px % 10 < 6) drawLine(raster, previous[0], previous[1], point[0], point[1], 1.5, TRUE_CURVE);
        previous = point;
      }
    }
    const draw = (raw: Float32Array, targets: Float32Array, count: number, hollow: boolean): void => {
      const colour = hollow ? VALIDATION_COLOUR : TRAIN_COLOUR;
      const style: MarkerStyle = { shape: 'circle', colour, outline: hollow ? colour : darken(colour), hollow };
      for (let i = 0; i < count; i++) drawMarker(raster, project.x(raw[i]), project.y(targets[i]), radius, style);
    };
    draw(rawValidation, dataset.validation.targets, dataset.validation.count, true);
    draw(rawTrain, dataset.train.targets, dataset.train.count, false);
    return raster;
  }

  let valueScale = 0.5;
  if (dataset.task === 'regression') {
    for (const value of dataset.train.targets) valueScale = Math.max(valueScale, Math.abs(value));
    for (const value of dataset.validation.targets) valueScale = Math.max(valueScale, Math.abs(value));
  }
  const styleOf = (target: number, hollow: boolean): MarkerStyle =>
    dataset.task === 'classification'
      ? classStyle(target, hollow)
      : { shape: 'circle', colour: diverging(target / valueScale), outline: REGRESSION_OUTLINE, hollow };
  const draw = (raw: Float32Array, targets: Float32Array, count: number, hollow: boolean): void => {
    for (let i = 0; i < count; i++) drawMarker(raster, project.x(raw[2 * i]), project.y(raw[2 * i + 1]), radius, styleOf(targets[i], hollow));
  };
  draw(rawValidation, dataset.validation.targets, dataset.validation.count, true);
  draw(rawTrain, dataset.train.targets, dataset.train.count, false);
  return raster;
}

/** 3x5 bitmap digits, rows top to bottom, 3 bits each (4 = left column). */
const DIGIT_FONT: readonly number[][] = [
  [7, 5, 5, 5, 7],
  [2, 6, 2, 2, 7],
  [7, 1, 7, 4, 7],
  [7, 1, 7, 1, 7],
  [5, 5, 7, 1, 1],
  [7, 4, 7, 1, 7],
  [7, 4, 7, 5, 7],
  [7, 1, 2, 2, 2],
  [7, 5, 7, 5, 7],
  [7, 5, 7, 1, 7],
];

/** Draws the characters 0-9 of `text` with the 3x5 font at integer `scale`, top-left at (x, y). */
export function drawDigitText(raster: Raster, text: string, x: number, y: number, scale: number, colour: Rgb): void {
  let cursor = x;
  for (const character of text) {
    const glyph = DIGIT_FONT[character.charCodeAt(0) - 48];
    if (glyph) {
      for (let row = 0; row < 5; row++) {
        for (let column = 0; column < 3; column++) {
          if (!(glyph[row] & (4 >> column))) continue;
          for (let sy = 0; sy < scale; sy++) {
            for (let sx = 0; sx < scale; sx++) {
              const px = cursor + column * scale + sx;
              const py = y + row * scale + sy;
              if (px < 0 || py < 0 || px >= raster.width || py >= raster.height) continue;
              const offset = (py * raster.width + px) * 4;
              raster.pixels[offset] = colour[0];
              raster.pixels[offset + 1] = colour[1];
              raster.pixels[offset + 2] = colour[2];
              raster.pixels[offset + 3] = 255;
            }
          }
        }
      }
    }
    cursor += 4 * scale;
  }
}

/** Layout of the digits grid. */
export interface DigitsGridOptions {
  columns: number;
  rows: number;
  /** Integer zoom of each image. */
  scale: number;
}

/** The grid raster and, in order, the labels of the images it shows. */
export interface DigitsGrid {
  raster: Raster;
  labels: number[];
}

/** Pixel value (0 = paper, 1 = ink) of input `value`, undoing the pipeline's shared standardization. */
function inkOf(dataset: Dataset, value: number): number {
  const { mean, std } = dataset.pipeline;
  const raw = mean && std ? value * std[0] + mean[0] : value;
  return Math.max(0, Math.min(1, raw));
}

/**
 * The first training images in a grid, dark ink on white, each with its label (as given to the
 * network, so a flipped label shows) below it. Returns null for datasets without images.
 */
export function drawDigitsGrid(dataset: Dataset, options: DigitsGridOptions): DigitsGrid | null {
  if (!dataset.imageShape) return null;
  const [height, width] = dataset.imageShape;
  const { columns, rows, scale } = options;
  const labelScale = Math.max(1, Math.round(scale / 1.5));
  const gap = 2 * scale;
  const cellWidth = width * scale + gap;
  const cellHeight = height * scale + 5 * labelScale + gap + labelScale * 2;
  const raster = createRaster(columns * cellWidth, rows * cellHeight, BACKGROUND);
  const size = width * height;
  // Also bounded by the images actually present (a preview copy may hold only the first few).
  const count = Math.min(columns * rows, dataset.train.count, Math.floor(dataset.train.inputs.length / size));
  const labels: number[] = [];
  for (let k = 0; k < count; k++) {
    const left = (k % columns) * cellWidth + gap / 2;
    const top = Math.floor(k / columns) * cellHeight + gap / 2;
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        const shade = Math.round(255 * (1 - inkOf(dataset, dataset.train.inputs[k * size + row * width + column])));
        for (let sy = 0; sy < scale; sy++) {
          const offsetRow = ((top + row * scale + sy) * raster.width + left + column * scale) * 4;
          for (let sx = 0; sx < scale; sx++) {
            const offset = offsetRow + sx * 4;
            raster.pixels[offset] = shade;
            raster.pixels[offset + 1] = shade;
            raster.pixels[offset + 2] = shade;
          }
        }
      }
    }
    const label = dataset.train.targets[k];
    labels.push(label);
    drawDigitText(raster, String(label), Math.round(left + (width * scale) / 2 - 1.5 * labelScale), top + height * scale + labelScale * 2, labelScale, INK);
  }
  return { raster, labels };
}
