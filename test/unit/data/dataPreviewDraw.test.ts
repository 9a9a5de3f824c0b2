import { describe, expect, it } from 'vitest';
import { generateDataset, type DataSettings, type Dataset } from '../../../src/data';
import { defaultDataSettings } from '../../../src/settings/translate';
import { createRaster } from '../../../src/ui/draw/raster';
import {
  TRAIN_COLOUR,
  VALIDATION_COLOUR,
  classStyle,
  drawDigitText,
  drawDigitsGrid,
  drawMarker,
  drawScatter,
  markerRadius,
} from '../../../src/ui/panels/dataPreviewDraw';

const SIZE = 280;

function settings(changes: Partial<DataSettings>): DataSettings {
  return { ...defaultDataSettings(), trainCount: 60, ...changes };
}

function pixelAt(pixels: Uint8ClampedArray, width: number, x: number, y: number): number[] {
  const offset = (Math.round(y) * width + Math.round(x)) * 4;
  return Array.from(pixels.subarray(offset, offset + 3));
}

/** Pixel position of every point, and the index of one whose neighbourhood no other marker touches. */
function isolatedPoint(dataset: Dataset, split: 'train' | 'validation'): { x: number; y: number; index: number } {
  const project = (value: number, low: number, high: number): number => ((value - low) / (high - low)) * (SIZE - 1);
  const [xMin, xMax, yMin, yMax] = dataset.domain as number[];
  const points: { x: number; y: number; split: string; index: number }[] = [];
  for (const [name, raw, count] of [
    ['train', dataset.rawTrain, dataset.train.count],
    ['validation', dataset.rawValidation, dataset.validation.count],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const x = raw![2 * i];
      const y = raw![2 * i + 1];
      points.push({ x: project(x, xMin, xMax), y: SIZE - 1 - project(y, yMin, yMax), split: name, index: i });
    }
  }
  const clearance = 3 * markerRadius(SIZE);
  const found = points.find(
    (point) =>
      point.split === split &&
      point.x > clearance && point.x < SIZE - clearance && point.y > clearance && point.y < SIZE - clearance &&
      points.every((other) => other === point || Math.hypot(other.x - point.x, other.y - point.y) > clearance),
  );
  if (!found) throw new Error('no isolated point');
  return found;
}

describe('drawScatter', () => {
  it('draws training points filled and validation points hollow, in the class colour', () => {
    const dataset = generateDataset(settings({ dataset: 'circle' }));
    const raster = drawScatter(dataset, SIZE)!;
    expect(raster.width).toBe(SIZE);
    expect(raster.pixels.length).toBe(SIZE * SIZE * 4);
    const train = isolatedPoint(dataset, 'train');
    const trainClass = dataset.train.targets[train.index];
    expect(pixelAt(raster.pixels, SIZE, train.x, train.y)).toEqual(classStyle(trainClass, false).colour.map(Math.round));
    const validation = isolatedPoint(dataset, 'validation');
    expect(pixelAt(raster.pixels, SIZE, validation.x, validation.y)).toEqual([255, 255, 255]);
    // Its ring, one radius out, carries the class colour.
    const ring = pixelAt(raster.pixels, SIZE, validation.x - markerRadius(SIZE) + 1, validation.y);
    expect(ring).not.toEqual([255, 255, 255]);
  });

  it('gives each class its own shape as well as its colour', () => {
    const r = 20;
    const circle = createRaster(60, 60);
    drawMarker(circle, 30, 30, r, classStyle(0, false));
    const square = createRaster(60, 60);
    drawMarker(square, 30, 30, r, classStyle(1, false));
    // (30 + 0.75 r, 30 + 0.75 r) is inside the square's corner, outside the circle.
    expect(pixelAt(circle.pixels, 60, 45, 45)).toEqual([255, 255, 255]);
    expect(pixelAt(square.pixels, 60, 45, 45)).toEqual(classStyle(1, false).colour.map(Math.round));
    expect(classStyle(0, false).shape).not.toBe(classStyle(1, false).shape);
  });

  it('draws overlapping markers on several rasters at once exactly as on each in turn', () => {
    // The boundary's points layer draws on black and on white in one pass: it must not change a pixel.
    const fills = [[0, 0, 0], [255, 255, 255], [250, 250, 250]] as const;
    const together = fills.map((fill) => createRaster(40, 40, fill));
    const alone = fills.map((fill) => createRaster(40, 40, fill));
    const markers = [
      { x: 12.3, y: 14.6, style: classStyle(0, false) },
      { x: 16.1, y: 15.2, style: classStyle(1, true) },
      { x: 38.7, y: 2.2, style: classStyle(2, false) },
      { x: 20, y: 25.5, style: classStyle(3, true) },
    ];
    for (const marker of markers) {
      drawMarker(together, marker.x, marker.y, 5.2, marker.style);
      for (const raster of alone) drawMarker(raster, marker.x, marker.y, 5.2, marker.style);
    }
    together.forEach((raster, index) => expect(Buffer.from(raster.pixels).equals(Buffer.from(alone[index].pixels))).toBe(true));
    // And it drew something: the rasters no longer hold only their fill.
    expect(together[0].pixels.some((value, index) => index % 4 !== 3 && value !== 0)).toBe(true);
  });

  it('skips the sampling only where it knows the answer: every shape, filled and hollow, as sampling every pixel draws it', () => {
    // The plain algorithm: 3x3 subsamples at every pixel of the marker's box, nothing skipped.
    const SHAPES = {
      circle: (dx: number, dy: number, r: number) => r - Math.hypot(dx, dy),
      square: (dx: number, dy: number, r: number) => 0.82 * r - Math.max(Math.abs(dx), Math.abs(dy)),
      triangle: (dx: number, dy: number, r: number) => {
        const slope = 1.75 / Math.hypot(1, 1.75);
        return Math.min(0.7 * r - dy, (1.05 * r + dy) * Math.sqrt(1 - slope * slope) - Math.abs(dx) * slope);
      },
      diamond: (dx: number, dy: number, r: number) => (1.2 * r - Math.abs(dx) - Math.abs(dy)) / Math.SQRT2,
      cross: (dx: number, dy: number, r: number) => Math.min(0.34 * r - Math.abs(Math.abs(dx) - Math.abs(dy)) / Math.SQRT2, r - Math.max(Math.abs(dx), Math.abs(dy))),
      plus: (dx: number, dy: number, r: number) => Math.max(Math.min(0.3 * r - Math.abs(dy), r - Math.abs(dx)), Math.min(0.3 * r - Math.abs(dx), r - Math.abs(dy))),
    };
    const plain = (raster: ReturnType<typeof createRaster>, cx: number, cy: number, radius: number, style: ReturnType<typeof classStyle>) => {
      const ring = Math.max(1, radius * 0.3);
      const reach = Math.ceil(radius * 1.3 + 1);
      for (let py = Math.max(0, Math.floor(cy - reach)); py <= Math.min(raster.height - 1, Math.ceil(cy + reach)); py++) {
        for (let px = Math.max(0, Math.floor(cx - reach)); px <= Math.min(raster.width - 1, Math.ceil(cx + reach)); px++) {
          let r = 0;
          let g = 0;
          let b = 0;
          let inside = 0;
          for (let sy = 0; sy < 3; sy++) {
            for (let sx = 0; sx < 3; sx++) {
              const depth = SHAPES[style.shape](px + (sx + 0.5) / 3 - 0.5 - cx, py + (sy + 0.5) / 3 - 0.5 - cy, radius);
              if (depth < 0) continue;
              const colour = depth < 1 ? style.outline : !style.hollow || depth < 1 + ring ? style.colour : [255, 255, 255];
              r += colour[0];
              g += colour[1];
              b += colour[2];
              inside++;
            }
          }
          if (inside === 0) continue;
          const offset = (py * raster.width + px) * 4;
          raster.pixels[offset] += (r / inside - raster.pixels[offset]) * (inside / 9);
          raster.pixels[offset + 1] += (g / inside - raster.pixels[offset + 1]) * (inside / 9);
          raster.pixels[offset + 2] += (b / inside - raster.pixels[offset + 2]) * (inside / 9);
          raster.pixels[offset + 3] = 255;
        }
      }
    };
    for (let classIndex = 0; classIndex < 6; classIndex++) {
      for (const hollow of [false, true]) {
        for (const radius of [2.5, 4, 5.142857, 11.4286, 20]) {
          const style = classStyle(classIndex, hollow);
          expect(Object.keys(SHAPES)).toContain(style.shape);
          const fast = createRaster(48, 48, [250, 250, 250]);
          const slow = createRaster(48, 48, [250, 250, 250]);
          for (const [x, y] of [[20.37, 22.81], [23.5, 24], [3.2, 44.9]]) {
            drawMarker(fast, x, y, radius, style);
            plain(slow, x, y, radius, style);
          }
          expect(Buffer.from(fast.pixels).equals(Buffer.from(slow.pixels)), `${style.shape} ${hollow ? 'hollow' : 'filled'} r=${radius}`).toBe(true);
        }
      }
    }
  });

  it('draws the 1D set over its true curve, training and validation in their own colours', () => {
    const dataset = generateDataset(settings({ dataset: 'sine', trainCount: 10, noise: 0.3 }));
    const raster = drawScatter(dataset, SIZE)!;
    const colours = new Set<string>();
    for (let i = 0; i < raster.pixels.length; i += 4) colours.add(`${raster.pixels[i]},${raster.pixels[i + 1]},${raster.pixels[i + 2]}`);
    expect(colours.has(TRAIN_COLOUR.join(','))).toBe(true);
    expect(colours.has(VALIDATION_COLOUR.join(','))).toBe(true);
    expect(colours.has('150,150,150')).toBe(true);
  });

  it('is deterministic and has nothing to draw for sets without coordinates', () => {
    const dataset = generateDataset(settings({ dataset: 'bumps' }));
    expect(drawScatter(dataset, 100)!.pixels).toEqual(drawScatter(dataset, 100)!.pixels);
    expect(drawScatter(generateDataset(settings({ dataset: 'features' })), 100)).toBeNull();
  });
});

describe('digits grid', () => {
  function fakeDigits(): Dataset {
    // Four 14x14 "images": a vertical bar in column 7, labelled 0..3.
    const pixels = new Uint8Array(4 * 196);
    for (let k = 0; k < 4; k++) for (let row = 2; row < 12; row++) pixels[k * 196 + row * 14 + 7] = 255;
    const base = generateDataset(settings({ dataset: 'circle' }));
    return {
      ...base,
      name: 'digits',
      inputShape: [14, 14, 1],
      imageShape: [14, 14],
      outputSize: 10,
      pipeline: { rawSize: 196, derived: [], inputSize: 196, mean: [0.5], std: [0.5] },
      // Standardized as (p - 0.5) / 0.5: the grid must undo it.
      train: { count: 4, inputs: Float32Array.from(pixels, (p) => (p / 255 - 0.5) / 0.5), targets: new Float32Array([0, 1, 2, 3]) },
    };
  }

  it('shows the first training images as dark ink on white, each with its label', () => {
    const grid = drawDigitsGrid(fakeDigits(), { columns: 2, rows: 2, scale: 2 })!;
    expect(grid.labels).toEqual([0, 1, 2, 3]);
    const { width, pixels } = grid.raster;
    // Image 0 sits at (gap/2, gap/2) = (2, 2); its ink column 7 spans x = 2 + 14..15.
    expect(pixelAt(pixels, width, 2 + 14, 2 + 10)).toEqual([0, 0, 0]);
    expect(pixelAt(pixels, width, 2 + 4, 2 + 10)).toEqual([255, 255, 255]);
    // Some label ink below the image.
    let labelInk = 0;
    for (let y = 2 + 28; y < 2 + 28 + 12; y++) for (let x = 0; x < 30; x++) if (pixelAt(pixels, width, x, y)[0] < 100) labelInk++;
    expect(labelInk).toBeGreaterThan(4);
  });

  it('draws digits with a 3x5 bitmap font', () => {
    const raster = createRaster(8, 5);
    drawDigitText(raster, '1', 0, 0, 1, [0, 0, 0]);
    const ink = (x: number, y: number): boolean => raster.pixels[(y * 8 + x) * 4] === 0;
    // "1": the middle column is inked top to bottom, and the bottom row is full.
    for (let y = 0; y < 5; y++) expect(ink(1, y)).toBe(true);
    expect([0, 1, 2].every((x) => ink(x, 4))).toBe(true);
    expect(ink(2, 0)).toBe(false);
  });

  it('has nothing to draw for sets without images', () => {
    expect(drawDigitsGrid(generateDataset(settings({ dataset: 'circle' })), { columns: 2, rows: 2, scale: 1 })).toBeNull();
  });
});
