import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayerParameters } from '../../../src/engine/contract';
import { parseDigitsBinary } from '../../../src/data';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { replayRun } from '../../../src/worker/replay';
import {
  confusionFigures,
  digitImagePixels,
  firstLayerImages,
  unitAt,
  weightFigures,
  weightSheetLayout,
  weightSheetPixels,
} from '../../../src/ui/draw/digitsPixels';
import { diverging } from '../../../src/ui/draw/palette';

function dense(inputs: number, outputs: number, kernel: (input: number, output: number) => number): LayerParameters {
  const values = new Float32Array(inputs * outputs);
  for (let input = 0; input < inputs; input++) for (let output = 0; output < outputs; output++) values[input * outputs + output] = kernel(input, output);
  return { name: 'dense 1', kind: 'dense', shape: [inputs, outputs], kernel: values, bias: new Float32Array(outputs) };
}

function rgbAt(pixels: Uint8ClampedArray, width: number, x: number, y: number): number[] {
  const offset = (y * width + x) * 4;
  return [pixels[offset], pixels[offset + 1], pixels[offset + 2]];
}

describe('digit images', () => {
  it('draws ink dark on white paper, at an integer zoom', () => {
    const images = new Uint8Array(2 * 4);
    images.set([0, 255, 128, 0], 4); // the second 2x2 image
    const raster = digitImagePixels(images, 1, [2, 2], 3);
    expect(raster.width).toBe(6);
    expect(rgbAt(raster.pixels, 6, 0, 0)).toEqual([255, 255, 255]);
    expect(rgbAt(raster.pixels, 6, 5, 2)).toEqual([0, 0, 0]);
    expect(rgbAt(raster.pixels, 6, 1, 4)).toEqual([127, 127, 127]);
  });
});

describe('first-layer weights as images', () => {
  it('gives each dense unit an image of kernel[pixel * units + unit], on one shared scale', () => {
    const layer = dense(4, 3, (input, output) => (output === 1 ? input - 1.5 : output === 2 ? 0 : 0.5));
    const images = firstLayerImages(layer, [2, 2], 32)!;
    expect(images.units).toBe(3);
    expect(images.shown).toBe(3);
    expect(Array.from(images.image(1))).toEqual([-1.5, -0.5, 0.5, 1.5]);
    expect(images.scale).toBe(1.5);
    expect(firstLayerImages(layer, [3, 3], 32)).toBeNull();
    expect(firstLayerImages(layer, [2, 2], 2)!.shown).toBe(2);
  });

  it('sums a conv filter (HWIO) over its input channels', () => {
    // 2x2 kernel, 2 input channels, 1 filter: kernel[((y*kw + x)*in + c)*filters + f].
    const kernel = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const layer: LayerParameters = { name: 'conv 1', kind: 'conv', shape: [2, 2, 2, 1], kernel, bias: new Float32Array(1) };
    const images = firstLayerImages(layer, [14, 14], 32)!;
    expect(images.imageWidth).toBe(2);
    expect(Array.from(images.image(0))).toEqual([3, 7, 11, 15]);
  });

  it('paints zero white, positive orange, negative blue, with gaps between units, and maps pixels back to units', () => {
    const layer = dense(4, 3, (_input, output) => (output === 0 ? 0 : output === 1 ? 1 : -1));
    const images = firstLayerImages(layer, [2, 2], 32)!;
    const layout = { columns: 3, rows: 1, zoom: 4, gap: 2 };
    const raster = weightSheetPixels(images, layout);
    expect(raster.width).toBe(3 * (2 * 4 + 2) + 2);
    expect(raster.height).toBe(2 * 4 + 2 * 2);
    const centre = (unit: number) => rgbAt(raster.pixels, raster.width, 2 + unit * 10 + 4, 6);
    expect(centre(0)).toEqual(diverging(0).map(Math.round));
    expect(centre(1)).toEqual(diverging(1).map(Math.round));
    expect(centre(2)).toEqual(diverging(-1).map(Math.round));
    expect(unitAt(images, layout, 2 + 10 + 4, 6)).toBe(1);
    expect(unitAt(images, layout, 1, 1)).toBeNull();
    expect(unitAt(images, layout, 2 + 30, 6)).toBeNull();
    const auto = weightSheetLayout(images, 480);
    expect(auto.columns).toBe(3);
    expect(auto.zoom).toBeGreaterThanOrEqual(2);
  });

  it('measures sparsity (share below 1e-3) and roughness (neighbour difference over mean |w|)', () => {
    const flat = firstLayerImages(dense(4, 1, () => 0.5), [2, 2], 32)!;
    expect(weightFigures(flat)).toEqual({ sparsity: 0, meanAbs: 0.5, maxAbs: 0.5, roughness: 0 });
    const checker = firstLayerImages(dense(4, 2, (input, output) => (output === 0 ? ((input >> 1) + input) % 2 : 0)), [2, 2], 32)!;
    const unit0 = weightFigures(checker, 0);
    expect(unit0.sparsity).toBe(0.5);
    expect(unit0.roughness).toBe(2);
    expect(weightFigures(checker, 1).sparsity).toBe(1);
    expect(weightFigures(checker).sparsity).toBe(0.75);
  });
});

describe('confusion figures', () => {
  it('gives accuracy, per-class recall and the most frequent mistake', () => {
    // rows: true class; columns: predicted.
    const matrix = Uint32Array.from([8, 2, 0, 0, 5, 5, 1, 0, 9]);
    const figures = confusionFigures(matrix, 3);
    expect(figures.total).toBe(30);
    expect(figures.accuracy).toBeCloseTo(22 / 30, 12);
    expect(figures.recall).toEqual([0.8, 0.5, 0.9]);
    expect(figures.worst).toEqual({ actual: 1, predicted: 2, count: 5 });
    expect(confusionFigures(Uint32Array.from([3, 0, 0, 4]), 2).worst).toBeNull();
  });
});

describe('on seeded digits runs: L1 makes the first layer sparse, L2 makes it smooth', () => {
  const root = process.cwd();
  const path = join(root, 'public', 'data', 'digits-14.bin');
  if (!existsSync(path)) execFileSync(process.execPath, [join(root, 'scripts', 'build-digits.mjs')], { cwd: root });
  const bytes = readFileSync(path);
  const digits = parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);

  function firstLayer(changes: Partial<Settings>) {
    const settings: Settings = { ...DEFAULT_SETTINGS, dataset: 'digits', trainCount: 500, hiddenLayers: [16], ...changes };
    // 10 epochs of 500 examples in batches of 16.
    const run = replayRun(settings, { digits }, [], 32 * 10);
    return weightFigures(firstLayerImages(run.trainer.parameters()[0], [14, 14], 32)!);
  }

  it('compares L1 and L2 with no penalty', () => {
    const none = firstLayer({});
    const l1 = firstLayer({ l1Enabled: true, l1: 0.001 });
    const l2 = firstLayer({ l2Enabled: true, l2: 0.01 });
    expect(l1.sparsity).toBeGreaterThan(5 * none.sparsity);
    expect(l1.meanAbs).toBeLessThan(none.meanAbs);
    expect(l2.roughness).toBeLessThan(0.9 * none.roughness);
    expect(l2.maxAbs).toBeLessThan(none.maxAbs);
  });
});
