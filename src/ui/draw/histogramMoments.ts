/**
 * The first two moments a batch-norm layer tracks, per feature, as pixels: mean (top strip) and
 * variance (bottom strip) of the last minibatch (filled disc) against the running averages the
 * layer uses at inference (hollow ring). Where the two differ, inference normalizes with other
 * numbers than training did. Pure: tested in Node.
 */
import type { BatchNormProbe } from '../../state/viewTypes';
import { drawLine, fillCircle, strokeCircle, type Raster } from './raster';
import { fillRectFast, mix, solidRaster, type Ink } from './histogramPixels';

/** Features drawn at most (the first ones; the text summary covers all). */
export const MAX_MOMENT_FEATURES = 32;

/** Where things go in the moments picture. */
export interface MomentsGeometry {
  features: number;
  columnWidth: number;
  meanTop: number;
  meanBottom: number;
  varianceTop: number;
  varianceBottom: number;
  /** Half-range of the mean strip (symmetric around 0). */
  meanRange: number;
  /** Top of the variance strip's scale (its bottom is 0). */
  varianceRange: number;
  /** Pixel row of a mean value. */
  meanY: (value: number) => number;
  /** Pixel row of a variance value. */
  varianceY: (value: number) => number;
  /** Pixel column of feature f's centre. */
  featureX: (feature: number) => number;
  /** Empty margin left and right of the features. */
  side: number;
}

function maxAbs(values: Float32Array, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) max = Math.max(max, Math.abs(values[i]));
  return max;
}

/** The layout and scales for one probe in a `width` x `height` picture. */
export function momentsGeometry(probe: BatchNormProbe, width: number, height: number): MomentsGeometry {
  const features = Math.min(probe.batchMean.length, MAX_MOMENT_FEATURES);
  const pad = 6;
  const gap = 10;
  const stripHeight = Math.max(4, (height - 2 * pad - gap) / 2);
  const meanTop = pad;
  const meanBottom = pad + stripHeight;
  const varianceTop = meanBottom + gap;
  const varianceBottom = varianceTop + stripHeight;
  const meanRange = Math.max(1e-6, maxAbs(probe.batchMean, features), maxAbs(probe.runningMean, features)) * 1.1;
  const varianceRange = Math.max(1e-6, maxAbs(probe.batchVariance, features), maxAbs(probe.runningVariance, features)) * 1.1;
  // Room at the sides so the first and last marks are not cut.
  const side = 6;
  const columnWidth = Math.max(1, width - 2 * side) / Math.max(1, features);
  const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));
  return {
    features,
    columnWidth,
    meanTop,
    meanBottom,
    varianceTop,
    varianceBottom,
    meanRange,
    varianceRange,
    meanY: (value) => clamp((meanTop + meanBottom) / 2 - (value / meanRange) * (stripHeight / 2), meanTop, meanBottom),
    varianceY: (value) => clamp(varianceBottom - (value / varianceRange) * stripHeight, varianceTop, varianceBottom),
    featureX: (feature) => side + (feature + 0.5) * columnWidth,
    side,
  };
}

/** The feature under a horizontal position `fraction` in [0, 1), or -1. */
export function featureAtFraction(geometry: MomentsGeometry, fraction: number): number {
  if (!(fraction >= 0) || fraction >= 1 || geometry.features === 0) return -1;
  const width = 2 * geometry.side + geometry.features * geometry.columnWidth;
  return Math.max(0, Math.min(geometry.features - 1, Math.floor((fraction * width - geometry.side) / geometry.columnWidth)));
}

/** Options of the moments picture. */
export interface MomentsOptions {
  width: number;
  height: number;
  ink: Ink;
  highlightFeature?: number;
}

/**
 * Per feature: batch mean (filled disc, primary colour) and running mean (hollow ring, secondary
 * colour) in the top strip around a zero line; batch and running variance the same way in the
 * bottom strip from zero up. A thin line joins the two marks of a feature, so the gap stands out.
 */
export function momentsPixels(probe: BatchNormProbe, options: MomentsOptions): Raster {
  const { width, height, ink } = options;
  const raster = solidRaster(Math.max(1, width), Math.max(1, height), ink.background);
  const geometry = momentsGeometry(probe, width, height);
  const strip = mix(ink.background, ink.muted, 0.25);
  fillRectFast(raster, 0, geometry.meanTop, width, geometry.meanBottom - geometry.meanTop, strip);
  fillRectFast(raster, 0, geometry.varianceTop, width, geometry.varianceBottom - geometry.varianceTop, strip);
  const zero = geometry.meanY(0);
  drawLine(raster, 0, zero, width - 1, zero, 1, ink.muted);
  drawLine(raster, 0, geometry.varianceBottom, width - 1, geometry.varianceBottom, 1, ink.muted);
  const highlight = options.highlightFeature ?? -1;
  if (highlight >= 0 && highlight < geometry.features) {
    fillRectFast(raster, geometry.side + highlight * geometry.columnWidth, 0, geometry.columnWidth, height, mix(ink.background, ink.focus, 0.18));
  }
  const radius = Math.max(2, Math.min(5, geometry.columnWidth / 3));
  const stroke = Math.max(1, ink.stroke * 1.5);
  for (let f = 0; f < geometry.features; f++) {
    const x = geometry.featureX(f);
    const pairs: [number, number][] = [
      [geometry.meanY(probe.batchMean[f]), geometry.meanY(probe.runningMean[f])],
      [geometry.varianceY(probe.batchVariance[f]), geometry.varianceY(probe.runningVariance[f])],
    ];
    for (const [batchY, runningY] of pairs) {
      drawLine(raster, x, batchY, x, runningY, 1, mix(ink.background, ink.text, 0.5));
      fillCircle(raster, x, batchY, radius, ink.primary);
      strokeCircle(raster, x, runningY, radius + 0.5, stroke, ink.secondary);
    }
  }
  return raster;
}

/** Mean of the first n values (NaN when n is 0). */
export function meanOf(values: Float32Array, n = values.length): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return n > 0 ? sum / n : NaN;
}
