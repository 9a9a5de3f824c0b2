/** Small, seeded configurations shared by the export tests (no Math.random anywhere). */
import type { DigitsSet } from '../../../src/data';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import type { DataSources } from '../../../src/worker/protocol';

/** 60 synthetic 14x14 "digits" with deterministic pixels and labels 0..9 (48 train, 12 validation). */
export function syntheticDigits(count = 60): DigitsSet {
  const size = 14 * 14;
  const pixels = new Uint8Array(count * size);
  for (let i = 0; i < count; i++) for (let p = 0; p < size; p++) pixels[i * size + p] = (i * 31 + p * 17 + ((p * i) % 7) * 13) % 256;
  return { count, resolution: 14, pixels, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}

/** A small base: few points, a small network. */
export const SMALL: Settings = { ...DEFAULT_SETTINGS, trainCount: 40, validationFraction: 0.5, hiddenLayers: [6, 5], batchSize: 8, seed: 3 };

/** One named configuration of the export matrix. */
export interface ExportCase {
  name: string;
  settings: Settings;
  sources: DataSources;
}

/** The py_compile matrix: every optimizer, penalties, dropout, BN, early stopping, clipping, decay, tasks, the CNN. */
export function exportCases(): ExportCase[] {
  const digits: DataSources = { digits: syntheticDigits() };
  const cases: ExportCase[] = [
    { name: 'default-sgd', settings: { ...SMALL, optimizer: 'sgd' }, sources: {} },
    { name: 'momentum-l1-l2', settings: { ...SMALL, optimizer: 'momentum', l1Enabled: true, l1: 0.002, l2Enabled: true, l2: 0.0005 }, sources: {} },
    { name: 'adam-dropout', settings: { ...SMALL, optimizer: 'adam', dropoutEnabled: true, dropoutRate: 0.3, inputDropoutRate: 0.1, dropoutLayerRates: [20] }, sources: {} },
    { name: 'adamw-bn-es', settings: { ...SMALL, optimizer: 'adamw', weightDecay: 0.01, batchNorm: true, batchNormMomentum: 0.9, earlyStopping: true, patience: 3, minDelta: 0.001, startFromEpoch: 2 }, sources: {} },
    { name: 'sgd-decay-clip-norm', settings: { ...SMALL, optimizer: 'sgd', weightDecay: 0.02, clipMode: 'norm', clipValue: 0.5 }, sources: {} },
    { name: 'clip-value-proximal', settings: { ...SMALL, clipMode: 'value', clipValue: 2, l1Enabled: true, l1Proximal: true }, sources: {} },
    { name: 'regression-sine', settings: { ...SMALL, dataset: 'sine', activation: 'tanh', initializer: 'glorotNormal', earlyStopping: true, restoreBest: false }, sources: {} },
    { name: 'regression-plane-linear', settings: { ...SMALL, dataset: 'plane', activation: 'linear', initializer: 'normal001', hiddenLayers: [] }, sources: {} },
    { name: 'features-leaky', settings: { ...SMALL, dataset: 'features', featureCount: 6, activation: 'leakyRelu', initializer: 'heUniform', l2Enabled: true }, sources: {} },
    { name: 'derived-sigmoid', settings: { ...SMALL, dataset: 'circle', featureX2: true, featureXY: true, activation: 'sigmoid', initializer: 'normal1' }, sources: {} },
    { name: 'digits-cnn', settings: { ...SMALL, dataset: 'digits', convolutional: true, hiddenLayers: [4], l2Enabled: true, dropoutEnabled: true, dropoutRate: 0.5, batchNorm: true }, sources: digits },
    { name: 'digits-mlp', settings: { ...SMALL, dataset: 'digits', hiddenLayers: [4], optimizer: 'momentum' }, sources: digits },
  ];
  return cases;
}
