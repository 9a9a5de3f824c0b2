/**
 * Prediction grids for the boundary panel: the network evaluated (inference mode) over the raw
 * coordinate plane of a 2D set, or along the x axis of the 1D curve.
 */
import { applyPipeline, type Dataset } from '../data';
import type { PredictionGrid } from './protocol';

/** Grid resolution per axis for 2D sets (size^2 predictions per snapshot). */
export const GRID_SIZE_2D = 64;
/** Samples along the x axis for the 1D curve. */
export const CURVE_SAMPLES = 200;

/** Raw points of a size x size grid over `domain`, row-major with y decreasing (top row first). */
export function gridPoints(domain: readonly [number, number, number, number], size: number): Float32Array {
  const [xMin, xMax, yMin, yMax] = domain;
  const points = new Float32Array(size * size * 2);
  for (let row = 0; row < size; row++) {
    // Cell centres, so the grid is symmetric within the domain.
    const y = yMax - ((row + 0.5) / size) * (yMax - yMin);
    for (let column = 0; column < size; column++) {
      const x = xMin + ((column + 0.5) / size) * (xMax - xMin);
      const offset = (row * size + column) * 2;
      points[offset] = x;
      points[offset + 1] = y;
    }
  }
  return points;
}

/** x samples of the 1D curve over [xMin, xMax]. */
export function curvePoints(xMin: number, xMax: number, samples: number): Float32Array {
  const points = new Float32Array(samples);
  for (let index = 0; index < samples; index++) points[index] = xMin + (index / (samples - 1)) * (xMax - xMin);
  return points;
}

/** Model inputs for the grid of a dataset, or null when the dataset has no 1D/2D raw plane. */
export function gridInputs(dataset: Dataset): { kind: PredictionGrid['kind']; size: number; inputs: Float32Array; count: number } | null {
  if (!dataset.domain || !dataset.rawTrain) return null;
  if (dataset.pipeline.rawSize === 2) {
    const size = GRID_SIZE_2D;
    const raw = gridPoints(dataset.domain, size);
    const kind = dataset.task === 'classification' ? 'classes2d' : 'surface2d';
    return { kind, size, inputs: applyPipeline(dataset.pipeline, raw, size * size), count: size * size };
  }
  if (dataset.pipeline.rawSize === 1) {
    const raw = curvePoints(dataset.domain[0], dataset.domain[1], CURVE_SAMPLES);
    return { kind: 'curve1d', size: CURVE_SAMPLES, inputs: applyPipeline(dataset.pipeline, raw, CURVE_SAMPLES), count: CURVE_SAMPLES };
  }
  return null;
}
