import { describe, expect, it } from 'vitest';
import {
  DATASET_TABLE,
  bumpsTarget,
  generateDataset,
  planeTarget,
  validationCountFor,
  type DataSettings,
  type Dataset,
  type DatasetName,
} from '../../../src/data';
import { defaultDataSettings } from '../../../src/settings/translate';

const GENERATED: DatasetName[] = ['circle', 'xor', 'gaussians', 'spirals', 'moons', 'sine', 'plane', 'bumps', 'features'];

function settingsFor(dataset: DatasetName, changes: Partial<DataSettings> = {}): DataSettings {
  return { ...defaultDataSettings(), dataset, standardize: false, trainCount: dataset === 'sine' ? 40 : 200, ...changes };
}

function rowsOf(inputs: Float32Array, count: number): string[] {
  const width = inputs.length / count;
  return Array.from({ length: count }, (_, i) => Array.from(inputs.subarray(i * width, (i + 1) * width)).join(','));
}

function classCounts(dataset: Dataset, split: 'train' | 'validation'): number[] {
  const counts = new Array(dataset.outputSize).fill(0);
  for (const target of dataset[split].targets) counts[target]++;
  return counts;
}

describe.each(GENERATED)('%s generator', (name) => {
  const dataset = generateDataset(settingsFor(name));

  it('is deterministic per seed', () => {
    const again = generateDataset(settingsFor(name));
    expect(again.train.inputs).toEqual(dataset.train.inputs);
    expect(again.train.targets).toEqual(dataset.train.targets);
    expect(again.validation.inputs).toEqual(dataset.validation.inputs);
    expect(again.validation.targets).toEqual(dataset.validation.targets);
  });

  it('changes with the seed', () => {
    const other = generateDataset(settingsFor(name, { seed: 2 }));
    expect(other.train.inputs).not.toEqual(dataset.train.inputs);
    expect(other.validation.inputs).not.toEqual(dataset.validation.inputs);
  });

  it('has the stated shape', () => {
    const trainCount = name === 'sine' ? 40 : 200;
    const validationCount = validationCountFor(trainCount, 0.5);
    const inputSize = name === 'sine' ? 1 : name === 'features' ? 20 : 2;
    expect(dataset.inputShape).toEqual([inputSize]);
    expect(dataset.train.count).toBe(trainCount);
    expect(dataset.validation.count).toBe(validationCount);
    expect(dataset.train.inputs.length).toBe(trainCount * inputSize);
    expect(dataset.validation.inputs.length).toBe(validationCount * inputSize);
    expect(dataset.train.targets.length).toBe(trainCount);
    expect(dataset.featureNames).toHaveLength(inputSize);
    for (const value of [...dataset.train.inputs, ...dataset.train.targets, ...dataset.validation.inputs]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    const drawable = DATASET_TABLE[name].kind !== 'features';
    expect(dataset.rawTrain === null).toBe(!drawable);
    expect(dataset.domain === null).toBe(!drawable);
    if (dataset.rawTrain) expect(dataset.rawTrain.length).toBe(trainCount * (name === 'sine' ? 1 : 2));
  });

  it('has balanced classes (classification) or targets in range (regression)', () => {
    if (dataset.task === 'classification') {
      expect(dataset.classNames).toHaveLength(dataset.outputSize);
      for (const split of ['train', 'validation'] as const) {
        const counts = classCounts(dataset, split);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }
    } else {
      expect(dataset.outputSize).toBe(1);
      expect(dataset.classNames).toBeNull();
      const targets = generateDataset(settingsFor(name, { noise: 0 })).train.targets;
      for (const value of targets) expect(Math.abs(value)).toBeLessThanOrEqual(1.0001);
    }
  });

  it('never shares an example between training and validation', () => {
    const trainRows = new Set(rowsOf(dataset.train.inputs, dataset.train.count));
    for (const row of rowsOf(dataset.validation.inputs, dataset.validation.count)) expect(trainRows.has(row)).toBe(false);
  });

  it('keeps every validation point when the training set grows or shrinks', () => {
    const small = generateDataset(settingsFor(name, { trainCount: 20 }));
    const large = generateDataset(settingsFor(name, { trainCount: name === 'sine' ? 200 : 1000 }));
    // Same validation share: the smaller validation set is exactly the start of the larger one.
    const width = small.inputShape[0];
    expect(large.validation.inputs.subarray(0, small.validation.count * width)).toEqual(small.validation.inputs);
    expect(large.validation.targets.subarray(0, small.validation.count)).toEqual(small.validation.targets);
    // And the training points of the small set are the first of the large set.
    expect(large.train.inputs.subarray(0, small.train.count * width)).toEqual(small.train.inputs);
  });

  it('leaves the validation set unchanged when trainCount changes and its size does not', () => {
    const n = name === 'sine' ? 50 : 100;
    const a = generateDataset(settingsFor(name, { trainCount: n, validationFraction: 0.5 }));
    const b = generateDataset(settingsFor(name, { trainCount: 3 * n, validationFraction: 0.25 }));
    expect(a.validation.count).toBe(n);
    expect(b.validation.count).toBe(n);
    expect(b.validation.inputs).toEqual(a.validation.inputs);
    expect(b.validation.targets).toEqual(a.validation.targets);
    expect(b.train.count).toBe(3 * n);
  });
});

describe('per-generator geometry', () => {
  it('circle: class 0 inside, class 1 on the ring (without noise)', () => {
    const dataset = generateDataset(settingsFor('circle', { noise: 0 }));
    const raw = dataset.rawTrain as Float32Array;
    for (let i = 0; i < dataset.train.count; i++) {
      const radius = Math.hypot(raw[2 * i], raw[2 * i + 1]);
      if (dataset.train.targets[i] === 0) expect(radius).toBeLessThanOrEqual(2.0001);
      else expect(radius).toBeGreaterThanOrEqual(3.1999);
    }
  });

  it('xor: the class is the sign of x·y (without noise)', () => {
    const dataset = generateDataset(settingsFor('xor', { noise: 0 }));
    const raw = dataset.rawTrain as Float32Array;
    for (let i = 0; i < dataset.train.count; i++) {
      expect(dataset.train.targets[i]).toBe(raw[2 * i] * raw[2 * i + 1] > 0 ? 0 : 1);
    }
  });

  it('gaussians and spirals offer up to 5 classes; others ignore the setting', () => {
    for (const name of ['gaussians', 'spirals'] as const) {
      const dataset = generateDataset(settingsFor(name, { classes: 4 }));
      expect(dataset.outputSize).toBe(4);
      expect(classCounts(dataset, 'train')).toEqual([50, 50, 50, 50]);
      const clamped = generateDataset(settingsFor(name, { classes: 9 }));
      expect(clamped.outputSize).toBe(5);
      expect(clamped.adjustments[0]).toBe(`The ${name} set offers 2 to 5 classes: using 5.`);
    }
    expect(generateDataset(settingsFor('moons', { classes: 4 })).outputSize).toBe(2);
  });

  it('noise scales the scatter of the same points', () => {
    const clean = generateDataset(settingsFor('moons', { noise: 0 }));
    const noisy = generateDataset(settingsFor('moons', { noise: 0.5 }));
    let total = 0;
    for (let i = 0; i < clean.train.inputs.length; i++) total += Math.abs(noisy.train.inputs[i] - clean.train.inputs[i]);
    const meanShift = total / clean.train.inputs.length;
    // Gaussian jitter of sd 1.2 * 0.5 = 0.6: mean absolute shift 0.6 * sqrt(2/pi) ≈ 0.48.
    expect(meanShift).toBeGreaterThan(0.35);
    expect(meanShift).toBeLessThan(0.6);
  });

  it('regression targets follow their functions plus noise of sd = noise', () => {
    for (const [name, target] of [['plane', planeTarget], ['bumps', bumpsTarget]] as const) {
      const dataset = generateDataset(settingsFor(name, { noise: 0.3, trainCount: 1000 }));
      const raw = dataset.rawTrain as Float32Array;
      let squares = 0;
      for (let i = 0; i < dataset.train.count; i++) squares += (dataset.train.targets[i] - target(raw[2 * i], raw[2 * i + 1])) ** 2;
      expect(Math.sqrt(squares / dataset.train.count)).toBeCloseTo(0.3, 1);
    }
    const sine = generateDataset(settingsFor('sine', { noise: 0 }));
    const x = sine.rawTrain as Float32Array;
    for (let i = 0; i < sine.train.count; i++) expect(sine.train.targets[i]).toBeCloseTo(Math.sin(x[i]), 5);
  });

  it('clamps the training count to the set range and says so', () => {
    const dataset = generateDataset(settingsFor('sine', { trainCount: 8000 }));
    expect(dataset.train.count).toBe(200);
    expect(dataset.adjustments).toEqual(['The sine set offers 5 to 200 training examples: using 200.']);
  });

  it('summarizes the dataset in one sentence', () => {
    expect(generateDataset(settingsFor('circle')).summary).toBe('200 training, 200 validation and 200 held-out test points, 2 classes');
    expect(generateDataset(settingsFor('sine', { trainCount: 20, validationFraction: 0.2 })).summary).toBe(
      '20 training, 5 validation and 5 held-out test points, regression',
    );
  });
});

describe('features set', () => {
  it('knows which k of d features matter, and only those carry the label', () => {
    const dataset = generateDataset(settingsFor('features', { featureCount: 20, informativeCount: 3, noise: 0, trainCount: 1000 }));
    const informative = dataset.informativeFeatures as number[];
    expect(informative).toHaveLength(3);
    expect(new Set(informative).size).toBe(3);
    for (const index of informative) expect(index).toBeGreaterThanOrEqual(0);
    for (const index of informative) expect(index).toBeLessThan(20);
    // Correlation of each feature with the label (+-1): informative ones are clearly non-zero.
    const { inputs, targets, count } = dataset.train;
    const correlation = (j: number): number => {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += inputs[i * 20 + j] * (targets[i] * 2 - 1);
      return Math.abs(sum / count);
    };
    for (let j = 0; j < 20; j++) {
      if (informative.includes(j)) expect(correlation(j)).toBeGreaterThan(0.2);
      else expect(correlation(j)).toBeLessThan(0.12);
    }
  });

  it('shows a preview table of the first rows', () => {
    const dataset = generateDataset(settingsFor('features', { featureCount: 4, informativeCount: 2 }));
    expect(dataset.previewTable?.columns).toEqual(['x1', 'x2', 'x3', 'x4', 'label']);
    expect(dataset.previewTable?.rows).toHaveLength(8);
    expect(dataset.previewTable?.rows[0]).toHaveLength(5);
  });
});
