/**
 * The data layer's public types. Everything here is plain data (structured-clone safe): a Dataset
 * crosses the worker boundary as is.
 */
import type { Samples, TrainingData } from '../engine/contract';

/** Every dataset the playground offers. */
export type DatasetName =
  | 'circle'
  | 'xor'
  | 'gaussians'
  | 'spirals'
  | 'moons'
  | 'sine'
  | 'plane'
  | 'bumps'
  | 'features'
  | 'digits'
  | 'csv';

/** Extra inputs computed from the raw (x, y) of a 2D set, as TensorFlow Playground offers. */
export type DerivedFeature = 'x2' | 'y2' | 'xy' | 'sinx' | 'siny';

/** Derived features in the one order they are appended, whatever order the settings list them in. */
export const DERIVED_FEATURES: readonly DerivedFeature[] = ['x2', 'y2', 'xy', 'sinx', 'siny'];

/** What a dataset is generated from. Ranges are per dataset: see `DATASET_TABLE` in catalog.ts. */
export interface DataSettings {
  dataset: DatasetName;
  /** One seed; the data layer draws from its named streams ("data/train", "data/validation", "data/test", "split", "labelNoise"). */
  seed: number;
  /** 0..1. What it scatters depends on the dataset: see `NOISE_MEANING` in catalog.ts. */
  noise: number;
  /** Training examples (toy 2D sets and features 10..1000; sine 5..200; digits 10..6000, usually 500 | 2000 | 6000; CSV: ignored). */
  trainCount: number;
  /**
   * 0.1..0.9: the validation share of all examples, so validation count = round(trainCount * f / (1 - f)).
   * Validation points come from their own stream: a larger trainCount adds validation points but
   * never moves or replaces one. Digits: ignored (a fixed held-out set of 2,000). CSV: share of the rows.
   */
  validationFraction: number;
  /** 0..0.5: exactly round(labelNoise * trainCount) training labels are flipped to another class. Never validation; classification only. */
  labelNoise: number;
  /** Number of classes: gaussians and spirals 2..5; every other set ignores it. */
  classes: number;
  /** Extra inputs appended to x, y (2D sets only; ignored elsewhere). */
  derivedFeatures: DerivedFeature[];
  /** Scale every input to mean 0 and variance 1 with training statistics only, applied to both splits. */
  standardize: boolean;
  /** 'features' set: number of inputs (2..100). */
  featureCount: number;
  /** 'features' set: how many of them determine the label (1..featureCount). */
  informativeCount: number;
  /** Digits: 28x28 originals or a 14x14 (2x2 mean) downsample. */
  digitsResolution: 14 | 28;
}

/**
 * How raw values become model inputs: raw -> (append derived features) -> (standardize).
 * Plain data, so the worker can apply it to the decision-boundary grid.
 */
export interface FeaturePipeline {
  /** Values per raw example: 2 for 2D sets, 1 for sine, d for features/CSV, h*w for digits (pixel / 255). */
  rawSize: number;
  /** Derived features appended after the raw values, in `DERIVED_FEATURES` order (2D sets only). */
  derived: DerivedFeature[];
  /** Values per model input: rawSize + derived.length. */
  inputSize: number;
  /**
   * Standardization input = (value - mean[j]) / std[j] from training statistics; null = none.
   * One entry per input, or a single entry shared by all inputs (digits: one mean/std over all pixels).
   */
  mean: number[] | null;
  std: number[] | null;
}

/** A few rows as text, for a table preview (features and CSV sets). */
export interface PreviewTable {
  columns: string[];
  rows: string[][];
}

/** A generated (or imported) dataset: what the trainer consumes plus what the panels draw. */
export interface Dataset extends TrainingData {
  name: DatasetName;
  /**
   * The held-out test set: no decision touches it (not early stopping, not restore-best, not the
   * per-epoch metrics). Its figures are computed once, for the weights a run keeps, when the
   * student asks (Reveal test) or a lesson ends. Generated sets: as many points as validation, from
   * their own stream "data/test"; digits: a fixed 2,000; CSV: a share of the rows like validation.
   */
  test: Samples;
  /** Names of the model inputs, after derived features (e.g. ["x", "y", "x²"]). */
  featureNames: string[];
  /** Raw coordinates -> model inputs. */
  pipeline: FeaturePipeline;
  /** Raw coordinates for drawing: 2D sets x,y pairs; sine: x; null for features/digits/csv. */
  rawTrain: Float32Array | null;
  rawValidation: Float32Array | null;
  /** Drawing domain of raw coordinates [xmin, xmax, ymin, ymax] (1D: y range of the targets); null when not drawable. */
  domain: [number, number, number, number] | null;
  /** 'features' set: indices of the features that determine the label. */
  informativeFeatures: number[] | null;
  /** Classification: one name per class index. */
  classNames: string[] | null;
  /** Digits: [height, width]. */
  imageShape: [number, number] | null;
  /** Where the data comes from, shown next to it (digits: the MNIST credit). */
  credit: string | null;
  /** One sentence for screen readers and the status line, e.g. "200 training and 200 validation points, 2 classes". */
  summary: string;
  /** User-facing sentences about settings that were clamped to the dataset's range (empty when none). */
  adjustments: string[];
  /** First rows as text (features and CSV sets), for the preview table; null for drawable sets. */
  previewTable: PreviewTable | null;
}

/** A digits file in memory: `count` images of `resolution` x `resolution` uint8 pixels. */
export interface DigitsSet {
  count: number;
  resolution: 14 | 28;
  /** count * resolution^2 values, example-major then row-major; 0 = background, 255 = ink. */
  pixels: Uint8Array;
  /** count labels 0..9. */
  labels: Uint8Array;
}

/** Re-exported so data code reads naturally. */
export type { Samples };
