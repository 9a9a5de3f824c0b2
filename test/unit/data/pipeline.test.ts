import { describe, expect, it } from 'vitest';
import { applyPipeline, flipLabels, generateDataset, type DataSettings } from '../../../src/data';
import { defaultDataSettings } from '../../../src/settings/translate';

function settings(changes: Partial<DataSettings>): DataSettings {
  return { ...defaultDataSettings(), dataset: 'circle', trainCount: 300, ...changes };
}

function columnStats(values: Float32Array, count: number, width: number, column: number): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i * width + column];
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i * width + column] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / count) };
}

describe('derived features', () => {
  it('appends x², y², x·y, sin x, sin y in a fixed order, computed from the raw point', () => {
    const dataset = generateDataset(settings({ standardize: false, derivedFeatures: ['siny', 'xy', 'x2', 'sinx', 'y2', 'xy'] }));
    expect(dataset.featureNames).toEqual(['x', 'y', 'x²', 'y²', 'x·y', 'sin x', 'sin y']);
    expect(dataset.inputShape).toEqual([7]);
    const raw = dataset.rawTrain as Float32Array;
    for (let i = 0; i < 20; i++) {
      const x = raw[2 * i];
      const y = raw[2 * i + 1];
      const row = dataset.train.inputs.subarray(i * 7, i * 7 + 7);
      const expected = [x, y, x * x, y * y, x * y, Math.sin(x), Math.sin(y)];
      expected.forEach((value, j) => expect(row[j]).toBeCloseTo(value, 4));
    }
  });

  it('is ignored by 1D and many-feature sets', () => {
    expect(generateDataset(settings({ dataset: 'sine', trainCount: 30, derivedFeatures: ['x2'] })).inputShape).toEqual([1]);
    expect(generateDataset(settings({ dataset: 'features', derivedFeatures: ['x2'] })).inputShape).toEqual([20]);
  });
});

describe('standardization', () => {
  it('gives training inputs mean 0 and std 1, from training statistics only', () => {
    const dataset = generateDataset(settings({ dataset: 'gaussians', derivedFeatures: ['x2', 'xy'] }));
    const width = dataset.inputShape[0];
    for (let j = 0; j < width; j++) {
      const { mean, std } = columnStats(dataset.train.inputs, dataset.train.count, width, j);
      expect(mean).toBeCloseTo(0, 4);
      expect(std).toBeCloseTo(1, 3);
    }
    // The statistics are exactly those of the raw training points.
    const raw = generateDataset(settings({ dataset: 'gaussians', derivedFeatures: ['x2', 'xy'], standardize: false }));
    for (let j = 0; j < width; j++) {
      const { mean, std } = columnStats(raw.train.inputs, raw.train.count, width, j);
      expect(dataset.pipeline.mean?.[j]).toBeCloseTo(mean, 3);
      expect(dataset.pipeline.std?.[j]).toBeCloseTo(std, 3);
    }
  });

  it('does not depend on the validation set', () => {
    // Same training set, very different validation sets: identical pipeline and training inputs.
    const a = generateDataset(settings({ validationFraction: 0.1 }));
    const b = generateDataset(settings({ validationFraction: 0.9 }));
    expect(a.validation.count).not.toBe(b.validation.count);
    expect(b.pipeline).toEqual(a.pipeline);
    expect(b.train.inputs).toEqual(a.train.inputs);
  });

  it('applies the training statistics to validation (whose own mean is not exactly 0)', () => {
    const dataset = generateDataset(settings({ trainCount: 20, validationFraction: 0.5 }));
    const raw = dataset.rawValidation as Float32Array;
    const expected = applyPipeline(dataset.pipeline, raw, dataset.validation.count);
    expect(dataset.validation.inputs).toEqual(expected);
    const { mean } = columnStats(dataset.validation.inputs, dataset.validation.count, 2, 0);
    expect(Math.abs(mean)).toBeGreaterThan(1e-4);
  });

  it('applyPipeline maps raw grid points exactly as the training inputs were mapped', () => {
    const dataset = generateDataset(settings({ derivedFeatures: ['sinx'] }));
    const again = applyPipeline(dataset.pipeline, dataset.rawTrain as Float32Array, dataset.train.count);
    expect(again).toEqual(dataset.train.inputs);
    const grid = new Float32Array([0, 0, 1, -1, -6, 6]);
    const inputs = applyPipeline(dataset.pipeline, grid, 3);
    expect(inputs).toHaveLength(9);
    expect(grid).toEqual(new Float32Array([0, 0, 1, -1, -6, 6]));
    const [mx, my, ms] = dataset.pipeline.mean as number[];
    const [sx, sy, ss] = dataset.pipeline.std as number[];
    expect(inputs[3]).toBeCloseTo((1 - mx) / sx, 5);
    expect(inputs[4]).toBeCloseTo((-1 - my) / sy, 5);
    expect(inputs[5]).toBeCloseTo((Math.sin(1) - ms) / ss, 5);
  });

  it('is structured-clone safe', () => {
    const dataset = generateDataset(settings({ derivedFeatures: ['xy'] }));
    expect(structuredClone(dataset)).toEqual(dataset);
  });
});

describe('label noise', () => {
  it('flips exactly the stated fraction of training labels, each to another class', () => {
    const clean = generateDataset(settings({ dataset: 'spirals', classes: 3, trainCount: 400, labelNoise: 0 }));
    const noisy = generateDataset(settings({ dataset: 'spirals', classes: 3, trainCount: 400, labelNoise: 0.25 }));
    let flipped = 0;
    for (let i = 0; i < 400; i++) {
      if (noisy.train.targets[i] !== clean.train.targets[i]) flipped++;
      expect([0, 1, 2]).toContain(noisy.train.targets[i]);
    }
    expect(flipped).toBe(100);
    // Points and validation labels never move.
    expect(noisy.train.inputs).toEqual(clean.train.inputs);
    expect(noisy.validation.targets).toEqual(clean.validation.targets);
    expect(noisy.validation.inputs).toEqual(clean.validation.inputs);
  });

  it('is ignored by regression sets', () => {
    const clean = generateDataset(settings({ dataset: 'plane', labelNoise: 0 }));
    const noisy = generateDataset(settings({ dataset: 'plane', labelNoise: 0.5 }));
    expect(noisy.train.targets).toEqual(clean.train.targets);
  });

  it('flipLabels rounds the count and leaves its input alone', () => {
    const targets = new Float32Array([0, 1, 0, 1, 0, 1, 0]);
    const result = flipLabels(targets, 2, 0.3, 7);
    expect(result.flipped).toHaveLength(2);
    expect(targets).toEqual(new Float32Array([0, 1, 0, 1, 0, 1, 0]));
    for (const index of result.flipped) expect(result.targets[index]).toBe(1 - targets[index]);
  });
});

describe('datasetForPreview', () => {
  it('keeps toy sets whole and drops the inputs of table sets', async () => {
    const { datasetForPreview } = await import('../../../src/data');
    const toy = generateDataset(settings({}));
    // Toy sets keep their training and validation points; the test points never leave the worker.
    expect(datasetForPreview(toy)).toEqual({ ...toy, test: { count: 0, inputs: new Float32Array(0), targets: new Float32Array(0) } });
    const features = datasetForPreview(generateDataset(settings({ dataset: 'features' })));
    expect(features.train.inputs.length).toBe(0);
    expect(features.previewTable?.rows.length).toBeGreaterThan(0);
    expect(features.summary).toBe('300 training, 300 validation and 300 held-out test examples, 2 classes; 20 features of which 3 matter');
  });
});
