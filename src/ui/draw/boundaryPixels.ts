/**
 * The decision-boundary / fitted-curve picture as pixels: the network's prediction over the raw
 * plane (inference mode, from the worker's grid), training points filled, validation points hollow.
 */
import type { DatasetInfo, PredictionGrid } from '../../worker/protocol';
import { createRaster, drawLine, fillCircle, fillRect, strokeCircle, type Raster, type Rgb } from './raster';
import { CLASS_COLOURS, DIVERGING_LUT, tint } from './palette';

/** Drawing options. */
export interface BoundaryOptions {
  /** Output size in pixels (square). */
  size: number;
  /** Show only the predicted class (no probability shading). */
  discretize: boolean;
  showTrain: boolean;
  showValidation: boolean;
}

const OUTLINE: Rgb = [30, 30, 30];
const CURVE: Rgb = [20, 20, 20];

/** Maps raw coordinates to pixels. */
function projector(domain: readonly [number, number, number, number], size: number) {
  const [xMin, xMax, yMin, yMax] = domain;
  return {
    x: (value: number) => ((value - xMin) / (xMax - xMin)) * (size - 1),
    y: (value: number) => (1 - (value - yMin) / (yMax - yMin)) * (size - 1),
  };
}

/** Background: class probabilities (or regression surface) over the plane. */
function paintGrid(raster: Raster, grid: PredictionGrid, discretize: boolean, valueScale: number): void {
  const cell = raster.width / grid.size;
  for (let row = 0; row < grid.size; row++) {
    for (let column = 0; column < grid.size; column++) {
      const index = row * grid.size + column;
      let colour: Rgb;
      if (grid.kind === 'surface2d') {
        const t = grid.values[index] / valueScale;
        colour = DIVERGING_LUT[Math.round((Math.max(-1, Math.min(1, t)) + 1) * 127.5)];
      } else if (grid.classes === 2) {
        // p = probability of class 1; t in [-1, 1] from class 0 (blue) to class 1 (orange).
        const p = grid.values[index * 2 + 1];
        const t = discretize ? (p >= 0.5 ? 0.6 : -0.6) : (2 * p - 1) * 0.75;
        colour = DIVERGING_LUT[Math.round((t + 1) * 127.5)];
      } else {
        let best = 0;
        for (let k = 1; k < grid.classes; k++) if (grid.values[index * grid.classes + k] > grid.values[index * grid.classes + best]) best = k;
        const confidence = grid.values[index * grid.classes + best];
        colour = tint(CLASS_COLOURS[best % CLASS_COLOURS.length], discretize ? 0.45 : Math.max(0, (confidence - 1 / grid.classes) / (1 - 1 / grid.classes)) * 0.6);
      }
      fillRect(raster, column * cell, row * cell, Math.ceil(cell), Math.ceil(cell), colour);
    }
  }
}

function pointColour(dataset: DatasetInfo, target: number, valueScale: number): Rgb {
  if (dataset.task === 'classification') return CLASS_COLOURS[target % CLASS_COLOURS.length];
  return DIVERGING_LUT[Math.round((Math.max(-1, Math.min(1, target / valueScale)) + 1) * 127.5)];
}

/** Largest |target| of the data, for scaling regression colours. */
function targetScale(dataset: DatasetInfo): number {
  let scale = 1e-6;
  for (const value of dataset.trainTargets) scale = Math.max(scale, Math.abs(value));
  for (const value of dataset.validationTargets) scale = Math.max(scale, Math.abs(value));
  return scale;
}

/** The whole picture, or null when the dataset has no plane to draw. */
export function boundaryPixels(dataset: DatasetInfo, grid: PredictionGrid | null, options: BoundaryOptions): Raster | null {
  if (!dataset.domain || !dataset.rawTrain || !dataset.rawValidation) return null;
  const size = options.size;
  const raster = createRaster(size, size, [250, 250, 250]);
  const scale = targetScale(dataset);
  const radius = Math.max(2.5, size / 110);
  if (dataset.inputShape.length === 1 && dataset.featureNames.length >= 1 && dataset.rawTrain.length === dataset.trainCount) {
    // 1D regression: points (x, y) and the fitted curve; domain = [xMin, xMax, yMin, yMax].
    const project = projector(dataset.domain, size);
    // Axis line at y = 0 for orientation.
    drawLine(raster, 0, project.y(0), size - 1, project.y(0), 1, [200, 200, 200]);
    if (grid && grid.kind === 'curve1d') {
      let previousX = 0;
      let previousY = 0;
      for (let index = 0; index < grid.size; index++) {
        const x = project.x(dataset.domain[0] + (index / (grid.size - 1)) * (dataset.domain[1] - dataset.domain[0]));
        const y = project.y(grid.values[index]);
        if (index > 0) drawLine(raster, previousX, previousY, x, y, Math.max(2, size / 200), CURVE);
        previousX = x;
        previousY = y;
      }
    }
    if (options.showValidation) {
      for (let i = 0; i < dataset.validationCount; i++) strokeCircle(raster, project.x(dataset.rawValidation[i]), project.y(dataset.validationTargets[i]), radius, 1.6, [213, 94, 0]);
    }
    if (options.showTrain) {
      for (let i = 0; i < dataset.trainCount; i++) {
        fillCircle(raster, project.x(dataset.rawTrain[i]), project.y(dataset.trainTargets[i]), radius + 1, OUTLINE);
        fillCircle(raster, project.x(dataset.rawTrain[i]), project.y(dataset.trainTargets[i]), radius, [0, 114, 178]);
      }
    }
    return raster;
  }
  if (grid && grid.kind !== 'curve1d') paintGrid(raster, grid, options.discretize, scale);
  const project = projector(dataset.domain, size);
  if (options.showValidation) {
    for (let i = 0; i < dataset.validationCount; i++) {
      const x = project.x(dataset.rawValidation[i * 2]);
      const y = project.y(dataset.rawValidation[i * 2 + 1]);
      strokeCircle(raster, x, y, radius + 0.5, 2.2, OUTLINE);
      strokeCircle(raster, x, y, radius + 0.5, 1.2, pointColour(dataset, dataset.validationTargets[i], scale));
    }
  }
  if (options.showTrain) {
    for (let i = 0; i < dataset.trainCount; i++) {
      const x = project.x(dataset.rawTrain[i * 2]);
      const y = project.y(dataset.rawTrain[i * 2 + 1]);
      fillCircle(raster, x, y, radius + 1, OUTLINE);
      fillCircle(raster, x, y, radius, pointColour(dataset, dataset.trainTargets[i], scale));
    }
  }
  return raster;
}
