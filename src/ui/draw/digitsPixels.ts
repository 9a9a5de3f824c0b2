/**
 * The Digits panel's pictures as pixels (pure, tested in Node): a sample image, the first layer's
 * weights or filters as a sheet of small images on the diverging palette (0 = white, so L1's
 * zeros read as empty paper and L2's small smooth weights as soft washes), and the figures the
 * panel prints about them.
 */
import { SPARSITY_THRESHOLD, type LayerParameters } from '../../state/viewTypes';
import { createRaster, fillRect, type Raster, type Rgb } from './raster';
import { diverging } from './palette';

const PAPER: Rgb = [255, 255, 255];
const GAP_COLOUR: Rgb = [210, 214, 220];

/** The diverging ramp over t in [-1, 1] in 1025 steps, so that t = 0 is exactly the white middle. */
const WEIGHT_LUT: readonly Rgb[] = Array.from({ length: 1025 }, (_, index) => diverging(index / 512 - 1).map(Math.round) as unknown as Rgb);

/** One grey-scale image (uint8, 0 = paper, 255 = ink) as dark ink on white, at integer `scale`. */
export function digitImagePixels(images: Uint8Array, index: number, shape: readonly [number, number], scale = 1): Raster {
  const [height, width] = shape;
  const raster = createRaster(width * scale, height * scale, PAPER);
  const offset = index * height * width;
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const ink = images[offset + row * width + column] ?? 0;
      const value = 255 - ink;
      fillRect(raster, column * scale, row * scale, scale, scale, [value, value, value]);
    }
  }
  return raster;
}

/** The first layer's weights, one small image per unit or filter. */
export interface WeightImages {
  /** Units (dense) or filters (conv) in the layer. */
  units: number;
  /** How many are drawn (at most the `maxUnits` asked for). */
  shown: number;
  /** Image size of one unit: the input image (dense) or the kernel (conv). */
  imageHeight: number;
  imageWidth: number;
  /** Largest |w| over the drawn units: the colour scale's end (shared, so sparse units look empty). */
  scale: number;
  /** Unit u's weights, row-major imageHeight x imageWidth (conv: summed over input channels). */
  image(unit: number): Float32Array;
}

/**
 * The first trainable layer's weights as images: a dense layer on an h x w image gives each unit
 * an h x w picture of kernel[pixel * units + unit]; a conv layer (HWIO kernel) gives each filter a
 * kh x kw picture. Null when the layer's inputs are not the image (or there is no layer).
 */
export function firstLayerImages(layer: LayerParameters | undefined, imageShape: readonly [number, number], maxUnits: number): WeightImages | null {
  if (!layer) return null;
  const [height, width] = imageShape;
  let units: number;
  let imageHeight: number;
  let imageWidth: number;
  let read: (unit: number, pixel: number) => number;
  if (layer.kind === 'dense') {
    const [inputs, outputs] = layer.shape;
    if (inputs !== height * width) return null;
    units = outputs;
    imageHeight = height;
    imageWidth = width;
    read = (unit, pixel) => layer.kernel[pixel * outputs + unit];
  } else if (layer.kind === 'conv') {
    const [kh, kw, inChannels, filters] = layer.shape;
    units = filters;
    imageHeight = kh;
    imageWidth = kw;
    read = (unit, pixel) => {
      let sum = 0;
      for (let channel = 0; channel < inChannels; channel++) sum += layer.kernel[(pixel * inChannels + channel) * filters + unit];
      return sum;
    };
  } else {
    return null;
  }
  const shown = Math.min(units, maxUnits);
  const images: Float32Array[] = [];
  let scale = 0;
  for (let unit = 0; unit < shown; unit++) {
    const image = new Float32Array(imageHeight * imageWidth);
    for (let pixel = 0; pixel < image.length; pixel++) {
      image[pixel] = read(unit, pixel);
      scale = Math.max(scale, Math.abs(image[pixel]));
    }
    images.push(image);
  }
  return { units, shown, imageHeight, imageWidth, scale: scale || 1, image: (unit) => images[unit] };
}

/** Layout of the weight sheet. */
export interface WeightSheetLayout {
  columns: number;
  rows: number;
  /** Pixels per weight. */
  zoom: number;
  /** Pixels between images. */
  gap: number;
}

/** A sensible layout: about `targetWidth` pixels wide, images at least 2 px per weight. */
export function weightSheetLayout(images: WeightImages, targetWidth: number): WeightSheetLayout {
  const columns = Math.max(1, Math.min(images.shown, 8));
  const gap = 2;
  const zoom = Math.max(2, Math.floor((targetWidth - gap * (columns + 1)) / (columns * images.imageWidth)));
  return { columns, rows: Math.ceil(images.shown / columns), zoom, gap };
}

/** The sheet: each unit's weights on the diverging palette (blue negative, white 0, orange positive). */
export function weightSheetPixels(images: WeightImages, layout: WeightSheetLayout): Raster {
  const { columns, rows, zoom, gap } = layout;
  const cellWidth = images.imageWidth * zoom + gap;
  const cellHeight = images.imageHeight * zoom + gap;
  const raster = createRaster(columns * cellWidth + gap, rows * cellHeight + gap, GAP_COLOUR);
  for (let unit = 0; unit < images.shown; unit++) {
    const left = gap + (unit % columns) * cellWidth;
    const top = gap + Math.floor(unit / columns) * cellHeight;
    const image = images.image(unit);
    for (let row = 0; row < images.imageHeight; row++) {
      for (let column = 0; column < images.imageWidth; column++) {
        const t = image[row * images.imageWidth + column] / images.scale;
        const colour = WEIGHT_LUT[Math.round((Math.max(-1, Math.min(1, t)) + 1) * 512)];
        fillRect(raster, left + column * zoom, top + row * zoom, zoom, zoom, colour);
      }
    }
  }
  return raster;
}

/** Which unit's image is under sheet pixel (x, y), or null (a gap or past the last unit). */
export function unitAt(images: WeightImages, layout: WeightSheetLayout, x: number, y: number): number | null {
  const cellWidth = images.imageWidth * layout.zoom + layout.gap;
  const cellHeight = images.imageHeight * layout.zoom + layout.gap;
  const column = Math.floor((x - layout.gap) / cellWidth);
  const row = Math.floor((y - layout.gap) / cellHeight);
  if (column < 0 || row < 0 || column >= layout.columns) return null;
  const unit = row * layout.columns + column;
  return unit < images.shown ? unit : null;
}

/** Figures about a set of weights, for the caption and the screen-reader summary. */
export interface WeightFigures {
  /** Share of weights with |w| < SPARSITY_THRESHOLD. */
  sparsity: number;
  meanAbs: number;
  maxAbs: number;
  /**
   * Mean |difference| between horizontally and vertically adjacent weights, over mean |w|:
   * low for smooth images (L2), high for speckled ones.
   */
  roughness: number;
}

/** Figures of the drawn units (all of them when `unit` is undefined). */
export function weightFigures(images: WeightImages, unit?: number): WeightFigures {
  let count = 0;
  let zeros = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  let sumDifference = 0;
  let differences = 0;
  const from = unit ?? 0;
  const to = unit === undefined ? images.shown : unit + 1;
  const { imageWidth: width, imageHeight: height } = images;
  for (let u = from; u < to; u++) {
    const image = images.image(u);
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        const value = image[row * width + column];
        const magnitude = Math.abs(value);
        count++;
        sumAbs += magnitude;
        if (magnitude < SPARSITY_THRESHOLD) zeros++;
        if (magnitude > maxAbs) maxAbs = magnitude;
        if (column + 1 < width) {
          sumDifference += Math.abs(image[row * width + column + 1] - value);
          differences++;
        }
        if (row + 1 < height) {
          sumDifference += Math.abs(image[(row + 1) * width + column] - value);
          differences++;
        }
      }
    }
  }
  const meanAbs = count === 0 ? 0 : sumAbs / count;
  return {
    sparsity: count === 0 ? 0 : zeros / count,
    meanAbs,
    maxAbs,
    roughness: differences === 0 || meanAbs === 0 ? 0 : sumDifference / differences / meanAbs,
  };
}

/** A confusion matrix's figures: accuracy and the most frequent mistake. */
export interface ConfusionFigures {
  total: number;
  accuracy: number;
  /** Largest off-diagonal cell, or null when there is no mistake. */
  worst: { actual: number; predicted: number; count: number } | null;
  /** Per true class: share of its examples predicted correctly. */
  recall: number[];
}

/** Figures of a classes x classes matrix (row = true class, column = predicted). */
export function confusionFigures(matrix: ArrayLike<number>, classes: number): ConfusionFigures {
  let total = 0;
  let correct = 0;
  let worst: ConfusionFigures['worst'] = null;
  const recall: number[] = [];
  for (let actual = 0; actual < classes; actual++) {
    let rowTotal = 0;
    for (let predicted = 0; predicted < classes; predicted++) {
      const count = matrix[actual * classes + predicted];
      rowTotal += count;
      if (predicted === actual) continue;
      if (count > 0 && (worst === null || count > worst.count)) worst = { actual, predicted, count };
    }
    const diagonal = matrix[actual * classes + actual];
    total += rowTotal;
    correct += diagonal;
    recall.push(rowTotal === 0 ? 0 : diagonal / rowTotal);
  }
  return { total, accuracy: total === 0 ? 0 : correct / total, worst, recall };
}
