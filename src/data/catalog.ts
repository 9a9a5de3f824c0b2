/**
 * One table describing every dataset: its kind, the ranges of its settings and what "noise" means
 * for it. The settings UI, the generators and the docs all read this table.
 */
import type { DataSettings, DatasetName } from './types';
import { formatCount } from './format';

/** How a dataset is shaped, which decides the panels that can draw it. */
export type DatasetKind = 'classification2d' | 'regression2d' | 'regression1d' | 'features' | 'digits' | 'csv';

/** One row of the table. */
export interface DatasetInfo {
  kind: DatasetKind;
  /** Inclusive range of training examples. */
  minTrain: number;
  maxTrain: number;
  /** Inclusive range of classes; [2, 2] when fixed; null for regression or data-defined classes. */
  classRange: [number, number] | null;
  /** What noise in [0, 1] does for this set (a sentence for docs and tooltips). */
  noiseMeaning: string;
}

/** Half-width of the square every 2D set is drawn in: points lie in about [-6, 6]^2. */
export const DOMAIN_2D = 6;

/** Jitter of 2D classification points per unit of noise (coordinate units; the domain is [-6, 6]). */
export const JITTER_PER_NOISE = 1.2;

const CLASS_JITTER = `each coordinate gets Gaussian jitter of sd ${JITTER_PER_NOISE} × noise after the class is fixed (domain ±6), so classes overlap as noise grows`;

/** The table itself. */
export const DATASET_TABLE: Readonly<Record<DatasetName, DatasetInfo>> = {
  circle: { kind: 'classification2d', minTrain: 10, maxTrain: 1000, classRange: [2, 2], noiseMeaning: `Inner disk (radius ≤ 2) vs ring (radius 3.2..5): ${CLASS_JITTER}.` },
  xor: { kind: 'classification2d', minTrain: 10, maxTrain: 1000, classRange: [2, 2], noiseMeaning: `Class = sign(x·y) in [-5, 5]^2: ${CLASS_JITTER}.` },
  gaussians: { kind: 'classification2d', minTrain: 10, maxTrain: 1000, classRange: [2, 5], noiseMeaning: 'Blobs centred on a circle of radius 3: each blob has standard deviation 0.5 + 1.5 × noise.' },
  spirals: { kind: 'classification2d', minTrain: 10, maxTrain: 1000, classRange: [2, 5], noiseMeaning: `Interleaved arms out to radius 5: ${CLASS_JITTER}.` },
  moons: { kind: 'classification2d', minTrain: 10, maxTrain: 1000, classRange: [2, 2], noiseMeaning: `Two interleaved half circles (scikit-learn's moons scaled by 2.5): ${CLASS_JITTER}.` },
  sine: { kind: 'regression1d', minTrain: 5, maxTrain: 200, classRange: null, noiseMeaning: 'y = sin(x) for x in [-π, π], plus Gaussian noise of standard deviation = noise.' },
  plane: { kind: 'regression2d', minTrain: 10, maxTrain: 1000, classRange: null, noiseMeaning: 'Target (x + y) / 10 in [-1, 1], plus Gaussian noise of standard deviation = noise.' },
  bumps: { kind: 'regression2d', minTrain: 10, maxTrain: 1000, classRange: null, noiseMeaning: 'Target = sum of three Gaussian bumps, within [-1, 1], plus Gaussian noise of standard deviation = noise.' },
  features: { kind: 'features', minTrain: 10, maxTrain: 1000, classRange: [2, 2], noiseMeaning: 'Label = [score + e > 0] where score (from the informative features) has variance 1 and e has standard deviation = noise.' },
  digits: { kind: 'digits', minTrain: 10, maxTrain: 6000, classRange: null, noiseMeaning: 'Ignored: the images are real.' },
  csv: { kind: 'csv', minTrain: 1, maxTrain: Number.MAX_SAFE_INTEGER, classRange: null, noiseMeaning: 'Ignored: the rows are yours.' },
};

/** The training sizes the digits set offers. */
export const DIGITS_TRAIN_SIZES = [500, 2000, 6000] as const;

/** Validation count for a training count and validation share f: round(trainCount * f / (1 - f)), at least 1. */
export function validationCountFor(trainCount: number, validationFraction: number): number {
  return Math.max(1, Math.round((trainCount * validationFraction) / (1 - validationFraction)));
}

/** Settings after clamping to the dataset's ranges, and the sentences saying what was changed. */
export interface ResolvedSettings {
  settings: DataSettings;
  adjustments: string[];
}

/**
 * Clamps the settings into what the chosen dataset offers (a training count meant for digits while
 * a toy set is chosen, say: clamped, not rejected; each clamp a user would notice is described in
 * `adjustments`). The ranges every dataset shares (noise, validation share, label noise, feature
 * count) are the settings table's: values arrive validated, so they are not checked again here.
 */
export function resolveSettings(input: DataSettings): ResolvedSettings {
  const info = DATASET_TABLE[input.dataset];
  if (!info) throw new Error(`Unknown dataset "${String(input.dataset)}".`);
  const adjustments: string[] = [];
  const settings: DataSettings = { ...input, derivedFeatures: [...(input.derivedFeatures ?? [])] };

  const requestedTrain = input.trainCount;
  settings.trainCount = Math.min(info.maxTrain, Math.max(info.minTrain, requestedTrain));
  if (settings.trainCount !== requestedTrain && info.kind !== 'csv') {
    adjustments.push(
      `The ${input.dataset} set offers ${formatCount(info.minTrain)} to ${formatCount(info.maxTrain)} training examples: using ${formatCount(settings.trainCount)}.`,
    );
  }

  if (info.classRange) {
    const [low, high] = info.classRange;
    const requested = input.classes;
    settings.classes = Math.min(high, Math.max(low, requested));
    if (low !== high && settings.classes !== requested) {
      adjustments.push(`The ${input.dataset} set offers ${low} to ${high} classes: using ${settings.classes}.`);
    }
  }

  const requestedInformative = input.informativeCount;
  settings.informativeCount = Math.min(settings.featureCount, Math.max(1, requestedInformative));
  if (input.dataset === 'features' && settings.informativeCount !== requestedInformative) {
    adjustments.push(`The features set needs 1 to ${settings.featureCount} informative features: using ${settings.informativeCount}.`);
  }
  return { settings, adjustments };
}
