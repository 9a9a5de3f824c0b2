import { describe, expect, it } from 'vitest';
import type { DatasetInfo, PredictionGrid } from '../../../src/worker/protocol';
import { boundaryKind, boundaryPixels, boundaryProjector, boundaryReadout, boundarySummary } from '../../../src/ui/draw/boundaryPixels';
import { diverging } from '../../../src/ui/draw/palette';
import type { Raster } from '../../../src/ui/draw/raster';

const SIZE = 100;
const DOMAIN: [number, number, number, number] = [-1, 1, -1, 1];

/** A DatasetInfo with just what the drawing reads. */
function info(changes: Partial<DatasetInfo>): DatasetInfo {
  return {
    name: 'circle',
    task: 'classification',
    inputShape: [2],
    outputSize: 2,
    featureNames: ['x', 'y'],
    classNames: ['class 0', 'class 1'],
    trainCount: 0,
    validationCount: 0,
    rawTrain: new Float32Array(0),
    rawValidation: new Float32Array(0),
    trainTargets: new Float32Array(0),
    validationTargets: new Float32Array(0),
    domain: DOMAIN,
    informativeFeatures: null,
    imageShape: null,
    credit: null,
    hiddenUnits: [8],
    sampleImages: null,
    sampleLabels: null,
    ...changes,
  };
}

/** Two-class grid: P(class 1) = `p(x)` of the cell centre's x (raw coordinates). */
function classGrid(size: number, p: (x: number, y: number) => number): PredictionGrid {
  const values = new Float32Array(size * size * 2);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const x = -1 + ((column + 0.5) / size) * 2;
      const y = 1 - ((row + 0.5) / size) * 2;
      const cell = row * size + column;
      values[cell * 2 + 1] = p(x, y);
      values[cell * 2] = 1 - p(x, y);
    }
  }
  return { kind: 'classes2d', size, domain: DOMAIN, values, classes: 2 };
}

function pixel(raster: Raster, x: number, y: number): [number, number, number] {
  const offset = (Math.round(y) * raster.width + Math.round(x)) * 4;
  return [raster.pixels[offset], raster.pixels[offset + 1], raster.pixels[offset + 2]];
}

function close(actual: readonly number[], expected: readonly number[], tolerance = 3): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]) <= tolerance);
}

const options = { size: SIZE, discretize: false, showTrain: true, showValidation: true };

describe('decision boundary (2D classification)', () => {
  const dataset = info({
    trainCount: 2,
    validationCount: 1,
    rawTrain: Float32Array.from([-0.5, 0.5, 0.5, -0.5]),
    trainTargets: Float32Array.from([0, 1]),
    rawValidation: Float32Array.from([0.5, 0.5]),
    validationTargets: Float32Array.from([1]),
  });

  it('shades the plane by the predicted class: blue where class 0, orange where class 1, pale where unsure', () => {
    const grid = classGrid(16, (x) => (x < 0 ? 0 : 1));
    const raster = boundaryPixels(dataset, grid, options)!;
    expect(raster.width).toBe(SIZE);
    // Far left (class 0 sure): 75% of the way to blue; far right: to orange.
    expect(close(pixel(raster, 2, 80), diverging(-0.75))).toBe(true);
    expect(close(pixel(raster, 97, 80), diverging(0.75))).toBe(true);
    // At the boundary (x = 0) the bilinear blend gives the pale middle.
    const middle = pixel(raster, 49.5, 80);
    expect(middle[0]).toBeGreaterThan(200);
    expect(middle[1]).toBeGreaterThan(200);
  });

  it('discretized: only two tones in the background', () => {
    const grid = classGrid(16, (x) => 0.5 + 0.4 * x);
    const raster = boundaryPixels(dataset, grid, { ...options, discretize: true, showTrain: false, showValidation: false })!;
    const tones = new Set<string>();
    for (let index = 0; index < raster.width * raster.height; index++) tones.add(raster.pixels.slice(index * 4, index * 4 + 3).join(','));
    expect(tones.size).toBe(2);
  });

  it('draws training points filled and validation points hollow, each in its class colour and shape', () => {
    const grid = classGrid(16, () => 0.5);
    // The panel's size, where a hollow marker has room for its empty centre.
    const size = 360;
    const raster = boundaryPixels(dataset, grid, { ...options, size })!;
    const project = boundaryProjector(DOMAIN, size);
    // Training point of class 0 at (-0.5, 0.5): Okabe-Ito blue at its centre.
    expect(close(pixel(raster, project.x(-0.5), project.y(0.5)), [0, 114, 178], 8)).toBe(true);
    // Training point of class 1 at (0.5, -0.5): Okabe-Ito orange.
    expect(close(pixel(raster, project.x(0.5), project.y(-0.5)), [230, 159, 0], 8)).toBe(true);
    // Validation point at (0.5, 0.5): hollow, so paper-white at its centre.
    expect(close(pixel(raster, project.x(0.5), project.y(0.5)), [255, 255, 255], 8)).toBe(true);
    // Without validation points, that spot shows the background instead.
    const without = boundaryPixels(dataset, grid, { ...options, size, showValidation: false })!;
    expect(close(pixel(without, project.x(0.5), project.y(0.5)), pixel(without, 5, 5), 3)).toBe(true);
  });

  it('is deterministic (the cached points layer gives the same pixels as the first draw)', () => {
    const grid = classGrid(16, (x, y) => (x * y > 0 ? 0.9 : 0.1));
    const first = boundaryPixels(dataset, grid, options)!;
    const second = boundaryPixels(dataset, grid, options)!;
    expect(Buffer.from(second.pixels).equals(Buffer.from(first.pixels))).toBe(true);
  });

  it('reads the prediction under a pixel, and summarizes the picture in words', () => {
    const grid = classGrid(16, (x) => (x < 0 ? 0.1 : 0.8));
    expect(boundaryReadout(dataset, grid, SIZE, 90, 50)!.text).toMatch(/predicts class 1 \(class 0 20%, class 1 80%\)/);
    expect(boundaryReadout(dataset, grid, SIZE, 10, 50)!.text).toMatch(/predicts class 0/);
    expect(boundaryReadout(dataset, null, SIZE, 10, 50)).toBeNull();
    expect(boundarySummary(dataset, grid)).toBe(
      'The network predicts class 0 on 50%, class 1 on 50% of the plane; it is unsure (below 75%) on 0%. 2 training points (filled) and 1 validation points (hollow).',
    );
    expect(boundarySummary(dataset, null)).toMatch(/no prediction drawn yet/);
  });

  it('three classes: the winning class colour, nearest cell when discretized', () => {
    const size = 8;
    const values = new Float32Array(size * size * 3);
    for (let cell = 0; cell < size * size; cell++) values[cell * 3 + (cell % size < 3 ? 0 : cell % size < 6 ? 1 : 2)] = 1;
    const grid: PredictionGrid = { kind: 'classes2d', size, domain: DOMAIN, values, classes: 3 };
    const three = info({ outputSize: 3, classNames: ['a', 'b', 'c'] });
    const raster = boundaryPixels(three, grid, { ...options, discretize: true })!;
    // Right edge: class 2 (green, tinted 45%).
    const right = pixel(raster, 98, 50);
    expect(right[1]).toBeGreaterThan(right[0]);
    expect(boundarySummary(three, grid)).toMatch(/a on 38%, b on 38%, c on 25%/);
  });
});

describe('fitted curve (1D regression) and predicted surface (2D regression)', () => {
  it('draws the curve over the points', () => {
    const dataset = info({
      name: 'sine',
      task: 'regression',
      inputShape: [1],
      outputSize: 1,
      classNames: null,
      trainCount: 1,
      validationCount: 1,
      rawTrain: Float32Array.from([-0.5]),
      trainTargets: Float32Array.from([0.5]),
      rawValidation: Float32Array.from([0.5]),
      validationTargets: Float32Array.from([-0.5]),
    });
    expect(boundaryKind(dataset)).toBe('curve1d');
    // The prediction is the constant 0: a dark horizontal line through the middle.
    const grid: PredictionGrid = { kind: 'curve1d', size: 50, domain: DOMAIN, values: new Float32Array(50), classes: 1 };
    const raster = boundaryPixels(dataset, grid, options)!;
    const project = boundaryProjector(DOMAIN, SIZE);
    for (const x of [10, 30, 70, 90]) expect(pixel(raster, x, project.y(0))[0]).toBeLessThan(60);
    expect(close(pixel(raster, project.x(-0.5), project.y(0.5)), [0, 114, 178], 8)).toBe(true);
    expect(pixel(raster, 50, 10)[0]).toBeGreaterThan(240);
    expect(boundaryReadout(dataset, grid, SIZE, 50, 20)!.text).toMatch(/the network predicts y = 0\.00/);
    expect(boundarySummary(dataset, grid)).toMatch(/spans y from 0\.00 to 0\.00 and turns 0 times/);
  });

  it('colours the surface from blue (low) to orange (high)', () => {
    const size = 8;
    const values = new Float32Array(size * size);
    for (let cell = 0; cell < size * size; cell++) values[cell] = -1 + (2 * (cell % size)) / (size - 1);
    const dataset = info({
      name: 'plane',
      task: 'regression',
      outputSize: 1,
      classNames: null,
      trainCount: 1,
      rawTrain: Float32Array.from([0.9, 0.9]),
      trainTargets: Float32Array.from([1]),
      validationTargets: Float32Array.from([-1]),
    });
    expect(boundaryKind(dataset)).toBe('surface2d');
    const raster = boundaryPixels(dataset, { kind: 'surface2d', size, domain: DOMAIN, values, classes: 1 }, options)!;
    expect(close(pixel(raster, 1, 50), diverging(-1), 6)).toBe(true);
    expect(close(pixel(raster, 98, 50), diverging(1), 6)).toBe(true);
    expect(boundarySummary(dataset, { kind: 'surface2d', size, domain: DOMAIN, values, classes: 1 })).toMatch(/range from -1\.00 to 1\.00/);
  });

  it('has nothing to draw for datasets without a plane', () => {
    const features = info({ name: 'features', inputShape: [20], domain: null, rawTrain: null, rawValidation: null });
    expect(boundaryKind(features)).toBeNull();
    expect(boundaryPixels(features, null, options)).toBeNull();
    expect(boundarySummary(features, null)).toBe('This dataset has no plane to draw.');
  });
});
