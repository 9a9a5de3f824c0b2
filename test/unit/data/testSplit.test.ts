/**
 * The held-out test split (link version 2): generated sets draw their test points from a new
 * stream, "data/test", so every training and validation point is exactly what version 1 drew.
 * The fingerprints below were computed with the version-1 code (commit 8e9d40f) before the split
 * existed; digits keep their validation images, and their training pool shrinks to 6,000.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateDataset, parseDigitsBinary, type DataSettings, type DatasetName } from '../../../src/data';
import { toDataSettings } from '../../../src/settings/translate';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';

/** FNV-1a over the bytes of a float array: a fingerprint of exact values. */
/** The data defaults of version 1 (the fingerprints' base; today's default spiral has 80 points). */
const VERSION_1_DEFAULTS: DataSettings = {
  dataset: 'spirals',
  seed: 1,
  noise: 0.2,
  trainCount: 200,
  validationFraction: 0.5,
  labelNoise: 0,
  classes: 2,
  derivedFeatures: [],
  standardize: true,
  featureCount: 20,
  informativeCount: 3,
  digitsResolution: 14,
};

function fingerprint(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const CASES: Readonly<Record<string, Partial<DataSettings>>> = {
  spirals: {},
  circle: { noise: 0.6, trainCount: 80 },
  moons: { noise: 0.6, trainCount: 80 },
  sine: { trainCount: 10, validationFraction: 0.75, noise: 0.3 },
  features: { trainCount: 500 },
  gaussians: { classes: 3 },
  bumps: {},
};

/** "training inputs+targets validation inputs+targets" as version 1 generated them. */
const VERSION_1: Readonly<Record<string, string>> = {
  'spirals/1': 'fad4e8bed8502e05 68e7366dd8502e05',
  'spirals/7': '19a2b1eed8502e05 e37e002cd8502e05',
  'circle/1': '1cd19b091f8e8345 2de6358d1f8e8345',
  'circle/7': 'b3c39b431f8e8345 f565d09d1f8e8345',
  'moons/1': 'c83acfc61f8e8345 74cdc2ca1f8e8345',
  'moons/7': 'f5016bba1f8e8345 2e47cc421f8e8345',
  'sine/1': 'e2d706a4e30aa631 c7f715e75cdf5582',
  'sine/7': 'f0aff2b4d41b808f 440cf84a48faaa52',
  'features/1': '6c6aa3daa3be18e5 db88d50fa3be18e5',
  'features/7': 'f2fd9675a3be18e5 645e709aa3be18e5',
  'gaussians/1': '962571232ad29d58 ab53ad742ad29d58',
  'gaussians/7': 'f04347c32ad29d58 2efd28db2ad29d58',
  'bumps/1': '8a333f66526319bf 07b2594921aef6f4',
  'bumps/7': 'fb0db488292c9df4 c6b2804f444d21c2',
};

function build(name: string, seed: number): ReturnType<typeof generateDataset> {
  return generateDataset({ ...VERSION_1_DEFAULTS, dataset: name.split('/')[0] as DatasetName, seed, ...CASES[name.split('/')[0]] });
}

function digits14() {
  const bytes = readFileSync(fileURLToPath(new URL('../../../public/data/digits-14.bin', import.meta.url)));
  return parseDigitsBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

describe('the held-out test split', () => {
  it.each(Object.keys(VERSION_1))('%s: training and validation points are bit for bit those of version 1', (key) => {
    const dataset = build(key, Number(key.split('/')[1]));
    const figures = `${fingerprint(dataset.train.inputs)}${fingerprint(dataset.train.targets)} ${fingerprint(dataset.validation.inputs)}${fingerprint(dataset.validation.targets)}`;
    expect(figures).toBe(VERSION_1[key]);
  });

  it.each(Object.keys(CASES))('%s: as many test points as validation points, none of them a training or validation point', (name) => {
    const dataset = build(name, 3);
    expect(dataset.test.count).toBe(dataset.validation.count);
    const size = dataset.inputShape.reduce((a, b) => a * b, 1);
    expect(dataset.test.inputs.length).toBe(dataset.test.count * size);
    const rowsOf = (inputs: Float32Array, count: number) => new Set(Array.from({ length: count }, (_, i) => inputs.subarray(i * size, (i + 1) * size).join(',')));
    const seen = new Set([...rowsOf(dataset.train.inputs, dataset.train.count), ...rowsOf(dataset.validation.inputs, dataset.validation.count)]);
    for (const row of rowsOf(dataset.test.inputs, dataset.test.count)) expect(seen.has(row)).toBe(false);
    // Another seed draws other test points.
    expect(fingerprint(build(name, 4).test.inputs)).not.toBe(fingerprint(dataset.test.inputs));
  });

  it('digits: a link asking for 8,000 training images gets the 6,000 of the pool, with a notice', () => {
    const settings = toDataSettings({ ...DEFAULT_SETTINGS, dataset: 'digits', digitsResolution: '14', trainCount: 8000 });
    const dataset = generateDataset(settings, { digits: digits14() });
    expect(dataset.train.count).toBe(6000);
    expect(dataset.test.count).toBe(2000);
    expect(dataset.adjustments).toEqual(['The digits set offers 10 to 6,000 training examples: using 6,000.']);
    // Sizes up to 6,000 still snap to the offered ones.
    expect(toDataSettings({ ...DEFAULT_SETTINGS, dataset: 'digits', trainCount: 2100 }).trainCount).toBe(2000);
    expect(toDataSettings({ ...DEFAULT_SETTINGS, dataset: 'digits', trainCount: 5000 }).trainCount).toBe(6000);
  });
});
