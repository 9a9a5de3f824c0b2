import { describe, expect, it } from 'vitest';
import type { BatchNormProbe, Histogram } from '../../../src/engine/contract';
import { FixedHistogram } from '../../../src/engine/histogram';
import { barHeight, binAtFraction, binColumns, formatValue, histogramBarsPixels, LIGHT_INK, mix, rebin, ridgelineGeometry, ridgelinePixels } from '../../../src/ui/draw/histogramPixels';
import { HistogramRing } from '../../../src/ui/draw/histogramRing';
import { featureAtFraction, momentsGeometry, momentsPixels } from '../../../src/ui/draw/histogramMoments';
import type { Raster, Rgb } from '../../../src/ui/draw/raster';

function pixel(raster: Raster, x: number, y: number): Rgb {
  const offset = (y * raster.width + x) * 4;
  return [raster.pixels[offset], raster.pixels[offset + 1], raster.pixels[offset + 2]];
}

function isBackground(colour: Rgb): boolean {
  return colour[0] === 255 && colour[1] === 255 && colour[2] === 255;
}

/** Filled rows of a pixel column, counted from the bottom until the background. */
function columnHeight(raster: Raster, x: number, colour: Rgb): number {
  let height = 0;
  for (let y = raster.height - 2; y >= 0; y--) {
    const value = pixel(raster, x, y);
    if (value[0] === colour[0] && value[1] === colour[1] && value[2] === colour[2]) height++;
    else break;
  }
  return height;
}

const histogram: Histogram = { edges: Float32Array.from([-3, -1, 1, 3]), counts: Uint32Array.from([2, 8, 4]) };

describe('bar histogram', () => {
  it('draws each bar as tall as its count on the scale of the largest', () => {
    const raster = histogramBarsPixels(histogram, { width: 90, height: 41, ink: LIGHT_INK });
    const plot = 40;
    histogram.counts.forEach((count, bin) => {
      const [x0, x1] = binColumns(bin, 3, 90);
      const middle = Math.floor((x0 + x1) / 2) - 3;
      expect(columnHeight(raster, middle, LIGHT_INK.primary)).toBe(barHeight(count, 8, plot));
    });
    expect(barHeight(8, 8, plot)).toBe(plot);
    expect(barHeight(2, 8, plot)).toBe(10);
    expect(barHeight(0, 8, plot)).toBe(0);
    expect(barHeight(1, 1000, plot)).toBe(1);
  });

  it('maps a position to its bin', () => {
    expect(binAtFraction(histogram, 0)).toBe(0);
    expect(binAtFraction(histogram, 0.5)).toBe(1);
    expect(binAtFraction(histogram, 0.999)).toBe(2);
    expect(binAtFraction(histogram, 1)).toBe(-1);
    expect(binAtFraction(histogram, -0.1)).toBe(-1);
  });
});

describe('rebin', () => {
  it('moves counts onto tripled edges without losing any', () => {
    const engine = new FixedHistogram(1, 9);
    const before = engine.bin([0, 0.1, -0.5, 0.9, 0.3]);
    const after = engine.bin([2.5]);
    expect(after.edges[0]).toBeCloseTo(-3, 6);
    const moved = rebin(before, after.edges);
    expect(moved.counts.reduce((a, b) => a + b, 0)).toBe(5);
    // Everything within [-1, 1] falls into the middle three bins of the wider histogram.
    const middle = Math.floor(9 / 2);
    expect(moved.counts[middle - 1] + moved.counts[middle] + moved.counts[middle + 1]).toBe(5);
    expect(rebin(before, before.edges)).toBe(before);
  });
});

describe('ridgeline', () => {
  const spread: Histogram = { edges: Float32Array.from([-3, -1, 1, 3]), counts: Uint32Array.from([10, 10, 10]) };
  const spike: Histogram = { edges: Float32Array.from([-3, -1, 1, 3]), counts: Uint32Array.from([2, 26, 2]) };

  it('puts the newest slice in front on the bottom row, with a shared count scale, so a growing spike at zero shows', () => {
    const width = 90;
    const height = 100;
    const raster = ridgelinePixels(
      [
        { histogram: spread, step: 0 },
        { histogram: spike, step: 10 },
      ],
      { width, height, ink: LIGHT_INK, rows: 2, peakShare: 0.5 },
    );
    const { peak, baseline } = ridgelineGeometry(height, 2, 0.5);
    const bottom = Math.round(baseline(1, 2));
    const newestFill = mix(LIGHT_INK.background, LIGHT_INK.primary, 0.45).map(Math.round) as unknown as Rgb;
    /** Rows of the newest slice's fill colour above its baseline in pixel column x. */
    const filled = (x: number) => {
      let rows = 0;
      for (let y = bottom - 1; y >= 0; y--) {
        const [r, g, b] = pixel(raster, x, y);
        if (r === newestFill[0] && g === newestFill[1] && b === newestFill[2]) rows++;
        else if (rows > 0) break;
      }
      return rows;
    };
    // The spike (26, the largest count) reaches the full peak; the side bins (2 of 26) stay low.
    expect(filled(45)).toBeGreaterThanOrEqual(barHeight(26, 26, peak) - 2);
    expect(filled(15)).toBeLessThanOrEqual(barHeight(2, 26, peak));
    expect(filled(15)).toBeGreaterThan(0);
    // Behind the low side bins, the older, flatter slice shows on its higher baseline.
    const olderBase = Math.round(baseline(0, 2));
    expect(isBackground(pixel(raster, 15, olderBase - 3))).toBe(false);
    expect(isBackground(pixel(raster, 15, 1))).toBe(true);
  });

  it('draws the initial histogram as a dashed outline in the secondary colour', () => {
    const raster = ridgelinePixels([{ histogram: spike, step: 5 }], { width: 90, height: 60, ink: LIGHT_INK, rows: 1, initial: spread });
    let secondary = 0;
    for (let y = 0; y < raster.height; y++) {
      for (let x = 0; x < raster.width; x++) {
        const [r, g, b] = pixel(raster, x, y);
        if (r === LIGHT_INK.secondary[0] && g === LIGHT_INK.secondary[1] && b === LIGHT_INK.secondary[2]) secondary++;
      }
    }
    expect(secondary).toBeGreaterThan(20);
  });
});

describe('histogram ring', () => {
  const probe = (counts: number[]) => [{ layer: 'dense 1', histogram: { edges: Float32Array.from([-1, 0, 1]), counts: Uint32Array.from(counts) }, sparsity: 0 }];

  it('adds a slice at most every interval, replaces the newest in between, keeps a bounded number and the first', () => {
    const ring = new HistogramRing(3, 500);
    ring.offer(1, 1, 0, probe([1, 1]), 0);
    ring.offer(1, 2, 5, probe([2, 2]), 100);
    expect(ring.slices('dense 1').map((slice) => slice.step)).toEqual([5]);
    ring.offer(1, 3, 10, probe([3, 3]), 600);
    ring.offer(1, 4, 20, probe([4, 4]), 1200);
    ring.offer(1, 5, 30, probe([5, 5]), 1800);
    expect(ring.slices('dense 1').map((slice) => slice.step)).toEqual([10, 20, 30]);
    expect(ring.initial('dense 1')?.step).toBe(0);
    // The same snapshot again changes nothing; a new run starts over.
    ring.offer(1, 5, 30, probe([9, 9]), 5000);
    expect(ring.slices('dense 1')[2].histogram.counts[0]).toBe(5);
    ring.offer(2, 1, 0, probe([7, 7]), 6000);
    expect(ring.slices('dense 1')).toHaveLength(1);
    expect(ring.initial('dense 1')?.histogram.counts[0]).toBe(7);
  });
});

describe('batch-norm moments', () => {
  const probe: BatchNormProbe = {
    layer: 'batch norm 1',
    batchMean: Float32Array.from([1, -1, 0]),
    runningMean: Float32Array.from([0.5, -1, 0]),
    batchVariance: Float32Array.from([2, 1, 0.5]),
    runningVariance: Float32Array.from([1, 1, 0.5]),
    gamma: Float32Array.from([1, 1, 1]),
    beta: Float32Array.from([0, 0, 0]),
    before: histogram,
    after: histogram,
  };

  it('places batch values as filled discs and running values as rings on shared scales', () => {
    const raster = momentsPixels(probe, { width: 90, height: 120, ink: LIGHT_INK });
    const geometry = momentsGeometry(probe, 90, 120);
    const x = Math.round(geometry.featureX(0));
    expect(geometry.meanY(1)).toBeLessThan(geometry.meanY(0));
    expect(geometry.varianceY(2)).toBeLessThan(geometry.varianceY(1));
    // Batch mean of feature 1: a filled disc of the primary colour at its centre.
    expect(pixel(raster, x, Math.round(geometry.meanY(1)))).toEqual(LIGHT_INK.primary.map(Math.round));
    // Running mean: a ring, so its centre is not the secondary colour but its edge is close to it.
    const runningY = Math.round(geometry.meanY(0.5));
    expect(pixel(raster, x, runningY)).not.toEqual(LIGHT_INK.secondary.map(Math.round));
    expect(featureAtFraction(geometry, 0.5)).toBe(1);
  });
});

describe('formatValue', () => {
  it('prints 3 significant digits with a real minus sign, and exponents for tiny values', () => {
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(-2.5)).toBe('−2.5');
    expect(formatValue(0.00001234)).toBe('1.2e−5');
    expect(formatValue(0)).toBe('0');
  });
});
