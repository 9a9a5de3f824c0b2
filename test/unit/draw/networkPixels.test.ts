import { describe, expect, it } from 'vitest';
import type { LayerParameters } from '../../../src/engine/contract';
import { describeNetwork, hitTest, layoutNetwork, MAX_SHOWN_UNITS, moveUnit } from '../../../src/ui/draw/networkLayout';
import { activationPixels, BATCH_NORM_BAND, DROPPED_UNIT, networkPixels, POSITIVE_EDGE, NEGATIVE_EDGE_LIGHT, strokeSegment, weightScale, type NetworkPicture } from '../../../src/ui/draw/networkPixels';
import { LIGHT_INK, DARK_INK } from '../../../src/ui/draw/histogramPixels';
import { createRaster, type Raster, type Rgb } from '../../../src/ui/draw/raster';

const FACTS = { featureNames: ['x', 'y'], classNames: ['blue', 'orange'], task: 'classification' as const };

function dense(name: string, inputs: number, outputs: number, fill: (i: number, o: number) => number): LayerParameters {
  const kernel = new Float32Array(inputs * outputs);
  for (let i = 0; i < inputs; i++) for (let o = 0; o < outputs; o++) kernel[i * outputs + o] = fill(i, o);
  return { name, kind: 'dense', shape: [inputs, outputs], kernel, bias: new Float32Array(outputs) };
}

function pixel(raster: Raster, x: number, y: number): Rgb {
  const offset = (Math.round(y) * raster.width + Math.round(x)) * 4;
  return [raster.pixels[offset], raster.pixels[offset + 1], raster.pixels[offset + 2]];
}

function near(actual: Rgb, expected: Rgb, tolerance = 40): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]) <= tolerance);
}

function emptyPicture(columns: number): NetworkPicture {
  return { kernels: new Array(columns - 1).fill(null), biases: new Array(columns).fill(null), kept: new Array(columns).fill(null), keepRates: new Array(columns).fill(null) };
}

describe('network layout', () => {
  const parameters = [dense('dense 1', 2, 40, () => 0.1), { name: 'batch norm 1', kind: 'batchNorm' as const, shape: [40], kernel: new Float32Array(40), bias: new Float32Array(40) }, dense('output', 40, 2, () => 0.1)];

  it('makes one column per layer, names inputs and classes, marks batch norm and caps the units shown', () => {
    const description = describeNetwork(parameters, FACTS)!;
    expect(description.columns.map((column) => column.name)).toEqual(['inputs', 'dense 1', 'output']);
    expect(description.columns[0].unitNames).toEqual(['x', 'y']);
    expect(description.columns[2].unitNames).toEqual(['blue', 'orange']);
    expect(description.columns.map((column) => column.batchNorm)).toEqual([false, true, false]);
    const layout = layoutNetwork(description, 480);
    expect(layout.columns[1].shown).toBe(MAX_SHOWN_UNITS);
    expect(layout.columns[1].moreY).not.toBeNull();
    expect(layout.columns[0].moreY).toBeNull();
    // Columns go left to right inside the width.
    const xs = layout.columns.map((column) => column.x);
    expect(xs[0]).toBeLessThan(xs[1]);
    expect(xs[2]).toBeLessThan(480);
  });

  it('full screen: spreads the rows over the height it is given, up to three times their gap, and no further', () => {
    const description = describeNetwork(parameters, FACTS)!;
    const natural = layoutNetwork(description, 480, 3);
    const filled = layoutNetwork(description, 480, 3, natural.height + 40);
    expect(Math.abs(filled.height - (natural.height + 40))).toBeLessThanOrEqual(2);
    const gap = (layout: typeof natural) => layout.columns[1].ys[1] - layout.columns[1].ys[0];
    expect(gap(filled)).toBeGreaterThan(gap(natural));
    expect(filled.radius).toBeGreaterThanOrEqual(natural.radius);
    // A short network in a tall screen: the rows stop at three times their gap, units at 11 px.
    const capped = layoutNetwork(description, 480, 3, 5000);
    expect(gap(capped)).toBeCloseTo(3 * gap(natural), 5);
    expect(capped.radius).toBeLessThanOrEqual(11);
    expect(capped.height).toBeLessThan(5000);
    // Less room than the natural height never squeezes the rows together.
    expect(layoutNetwork(description, 480, 3, 10)).toEqual(natural);
  });

  it('finds units, then edges, under the pointer, and moves a keyboard cursor between columns', () => {
    const layout = layoutNetwork(describeNetwork(parameters, FACTS)!, 480);
    const [input, hidden] = layout.columns;
    expect(hitTest(layout, input.x + 1, input.ys[1])).toEqual({ kind: 'unit', column: 0, unit: 1 });
    // 40% of the way along the edge from x to hidden unit 6 (clear of crossings).
    const pointX = input.x + 0.4 * (hidden.x - input.x);
    const pointY = input.ys[0] + 0.4 * (hidden.ys[5] - input.ys[0]);
    expect(hitTest(layout, pointX, pointY)).toEqual({ kind: 'edge', column: 0, from: 0, to: 5 });
    expect(hitTest(layout, 1, 1)).toBeNull();
    expect(moveUnit(layout, { column: 0, unit: 0 }, 'ArrowRight').column).toBe(1);
    expect(moveUnit(layout, { column: 1, unit: 0 }, 'ArrowUp')).toEqual({ column: 1, unit: 0 });
    expect(moveUnit(layout, { column: 1, unit: 0 }, 'End')).toEqual({ column: 1, unit: MAX_SHOWN_UNITS - 1 });
  });
});

describe('network pixels', () => {
  const parameters = [dense('dense 1', 2, 3, (i) => (i === 0 ? 0.8 : -0.8)), dense('output', 3, 2, () => 0.5)];
  const description = describeNetwork(parameters, FACTS)!;
  const layout = layoutNetwork(description, 400);
  const picture: NetworkPicture = {
    kernels: [
      { values: parameters[0].kernel, outputs: 3 },
      { values: parameters[1].kernel, outputs: 2 },
    ],
    biases: [null, new Float32Array(3), new Float32Array(2)],
    kept: [null, Uint8Array.from([1, 0, 1]), null],
    keepRates: [null, Float32Array.from([0.5, 0.5, 1]), null],
  };

  it('draws a positive edge orange and a negative edge blue, at the middle of the segment', () => {
    const raster = networkPixels(layout, picture, { scale: 1, ink: LIGHT_INK, reducedMotion: false });
    const [input, hidden] = layout.columns;
    const positive = pixel(raster, (input.x + hidden.x) / 2, (input.ys[0] + hidden.ys[0]) / 2);
    const negative = pixel(raster, (input.x + hidden.x) / 2, (input.ys[1] + hidden.ys[2]) / 2);
    expect(near(positive, POSITIVE_EDGE)).toBe(true);
    expect(near(negative, NEGATIVE_EDGE_LIGHT)).toBe(true);
    expect(weightScale(layout, picture)).toBeCloseTo(0.8, 6);
  });

  it('crosses out a dropped unit and leaves a kept one plain; with reduced motion it fills units to their keep rate', () => {
    const raster = networkPixels(layout, picture, { scale: 2, ink: LIGHT_INK, reducedMotion: false });
    const hidden = layout.columns[1];
    // The cross passes through the dropped unit's centre.
    expect(near(pixel(raster, hidden.x * 2, hidden.ys[1] * 2), DROPPED_UNIT, 30)).toBe(true);
    expect(near(pixel(raster, hidden.x * 2, hidden.ys[0] * 2), DROPPED_UNIT, 30)).toBe(false);
    const calm = networkPixels(layout, picture, { scale: 2, ink: LIGHT_INK, reducedMotion: true });
    expect(near(pixel(calm, hidden.x * 2, hidden.ys[1] * 2), DROPPED_UNIT, 30)).toBe(false);
    // Keep rate 0.5: filled below the centre, empty above.
    const r = layout.radius * 2;
    const below = pixel(calm, hidden.x * 2, hidden.ys[1] * 2 + r * 0.5);
    const above = pixel(calm, hidden.x * 2, hidden.ys[1] * 2 - r * 0.5);
    expect(below[2]).toBeGreaterThan(below[0] + 60);
    expect(near(above, LIGHT_INK.background, 10)).toBe(true);
  });

  it('marks batch-norm layers with a green band and follows the dark theme', () => {
    const withBn = describeNetwork([parameters[0], { name: 'batch norm 1', kind: 'batchNorm', shape: [3], kernel: new Float32Array(3), bias: new Float32Array(3) }, parameters[1]], FACTS)!;
    const bnLayout = layoutNetwork(withBn, 400);
    const hidden = bnLayout.columns[1];
    const probe = (raster: Raster) => pixel(raster, hidden.x - bnLayout.radius - 4, hidden.ys[0] - bnLayout.radius - 3);
    const plain = networkPixels(layout, emptyPicture(3), { scale: 1, ink: LIGHT_INK, reducedMotion: false });
    const marked = networkPixels(bnLayout, emptyPicture(3), { scale: 1, ink: LIGHT_INK, reducedMotion: false });
    expect(near(probe(plain), LIGHT_INK.background, 2)).toBe(true);
    const band = probe(marked);
    expect(band[1]).toBeGreaterThan(band[0] + 20);
    expect(band[1] - band[0]).toBeGreaterThan(0);
    expect(BATCH_NORM_BAND[1]).toBeGreaterThan(BATCH_NORM_BAND[0]);
    const dark = networkPixels(layout, emptyPicture(3), { scale: 1, ink: DARK_INK, reducedMotion: false });
    expect(pixel(dark, 2, 2)).toEqual(DARK_INK.background.map(Math.round));
  });

  it('draws weights that count as zero (|w| < 1e-3) as grey hairlines, not as a sign', () => {
    const zeroKernel = dense('dense 1', 2, 3, () => 0);
    const heavy = dense('output', 3, 2, () => 1);
    const zeroLayout = layoutNetwork(describeNetwork([zeroKernel, heavy], FACTS)!, 400);
    const raster = networkPixels(zeroLayout, { ...picture, kernels: [{ values: zeroKernel.kernel, outputs: 3 }, { values: heavy.kernel, outputs: 2 }], kept: [null, null, null] }, { scale: 1, ink: LIGHT_INK, reducedMotion: false });
    const [input, hidden] = zeroLayout.columns;
    const [r, g, b] = pixel(raster, (input.x + hidden.x) / 2, (input.ys[0] + hidden.ys[0]) / 2);
    // Grey: no channel stands out (orange has r >> b, blue has b >> r).
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(20);
  });

  it('strokes a segment within its band only', () => {
    const raster = createRaster(50, 50);
    strokeSegment(raster, 5, 5, 45, 45, 3, [0, 0, 0]);
    expect(pixel(raster, 25, 25)).toEqual([0, 0, 0]);
    expect(pixel(raster, 25, 35)).toEqual([255, 255, 255]);
  });

  it('draws an activation heatmap orange where the unit is most active and blue where most negative', () => {
    const values = Float32Array.from([2, 0, -2, 1]);
    const raster = activationPixels(values, 2, 3);
    expect(raster.width).toBe(6);
    expect(near(pixel(raster, 1, 1), POSITIVE_EDGE, 2)).toBe(true);
    expect(near(pixel(raster, 1, 4), NEGATIVE_EDGE_LIGHT, 2)).toBe(true);
    expect(pixel(raster, 4, 1)[0]).toBeGreaterThan(240);
  });
});
