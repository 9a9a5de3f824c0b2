/**
 * generateDataset: settings (+ loaded digits or CSV) -> a Dataset the trainer consumes and the
 * panels draw. One builder per kind of dataset, in a table.
 *
 * Random streams (all derived from the one seed):
 *   "data/train"       training examples of generated sets (drawn one after another: n is a prefix of n + 1)
 *   "data/validation"  validation examples of generated sets, independent of the training count
 *   "data/test"        held-out test examples of generated sets (as many as validation), added in
 *                      link version 2 without moving a training or validation point
 *   "data/informative" which features matter in the 'features' set
 *   "split"            which rows of a CSV are held out; which digits of the training pool are used
 *   "labelNoise"       which training labels are flipped, and to what
 * So growing or shrinking the training set never moves a validation point, and changing the
 * label noise never moves a point.
 */
import { createStream } from '../engine/rng';
import type { Samples } from '../engine/contract';
import { DATASET_TABLE, DOMAIN_2D, resolveSettings, validationCountFor, type DatasetKind } from './catalog';
import { checkCsvOptions, defaultCsvOptions, type CsvOptions, type CsvTable } from './csv';
import { DIGITS_CREDIT, digitsPixels, digitsSplit } from './digits';
import { drawFeatureExamples, drawFeatureModel } from './features';
import { formatCount } from './format';
import { flipLabels } from './labelNoise';
import { applyPipeline, fitPipeline, inputNames } from './pipeline';
import { SINE_X_RANGE, TOY_GENERATORS, drawToyExamples, type ToyName } from './toySets';
import type { DataSettings, Dataset, DigitsSet, FeaturePipeline, PreviewTable } from './types';

/** What generateDataset may need besides the settings: the loaded digits, a parsed CSV and its options. */
export interface DataSources {
  digits?: DigitsSet;
  csv?: CsvTable;
  csvOptions?: CsvOptions;
}

type Builder = (settings: DataSettings, sources: DataSources, adjustments: string[]) => Dataset;

/** Rows shown in preview tables. */
const PREVIEW_ROWS = 8;

function samples(count: number, inputs: Float32Array, targets: Float32Array): Samples {
  return { count, inputs, targets };
}

function classSummary(classes: number | null): string {
  return classes === null ? 'regression' : `${classes} classes`;
}

function summaryOf(trainCount: number, validationCount: number, unit: string, detail: string, testCount = validationCount): string {
  const units = (count: number) => (count === 1 ? unit : `${unit}s`);
  return `${formatCount(trainCount)} training, ${formatCount(validationCount)} validation and ${formatCount(testCount)} held-out test ${units(testCount)}, ${detail}`;
}

function classNamesFor(classes: number): string[] {
  return Array.from({ length: classes }, (_, c) => `class ${c}`);
}

/** Applies label noise when the task is classification; returns the (possibly) flipped targets. */
function withLabelNoise(targets: Float32Array, classes: number, settings: DataSettings): Float32Array {
  return flipLabels(targets, classes, settings.labelNoise, settings.seed).targets;
}

const buildToy: Builder = (settings, _sources, adjustments) => {
  const name = settings.dataset as ToyName;
  const generator = TOY_GENERATORS[name];
  const info = DATASET_TABLE[name];
  const isClassification = generator.task === 'classification';
  const classes = isClassification ? settings.classes : 1;
  const trainCount = settings.trainCount;
  const validationCount = validationCountFor(trainCount, settings.validationFraction);
  const train = drawToyExamples(generator, createStream(settings.seed, 'data/train'), trainCount, classes, settings.noise);
  const validation = drawToyExamples(generator, createStream(settings.seed, 'data/validation'), validationCount, classes, settings.noise);
  const test = drawToyExamples(generator, createStream(settings.seed, 'data/test'), validationCount, classes, settings.noise);
  const trainTargets = isClassification ? withLabelNoise(train.targets, classes, settings) : train.targets;
  const derived = generator.rawSize === 2 ? settings.derivedFeatures : [];
  const pipeline = fitPipeline(generator.rawSize, derived, train.raw, trainCount, settings.standardize);

  let domain: [number, number, number, number];
  if (info.kind === 'regression1d') {
    let extent = 1.5;
    for (const value of [...train.targets, ...validation.targets]) extent = Math.max(extent, Math.abs(value) * 1.1);
    domain = [SINE_X_RANGE[0], SINE_X_RANGE[1], -extent, extent];
  } else {
    domain = [-DOMAIN_2D, DOMAIN_2D, -DOMAIN_2D, DOMAIN_2D];
  }
  return {
    name,
    task: generator.task,
    inputShape: [pipeline.inputSize],
    outputSize: isClassification ? classes : 1,
    train: samples(trainCount, applyPipeline(pipeline, train.raw, trainCount), trainTargets),
    validation: samples(validationCount, applyPipeline(pipeline, validation.raw, validationCount), validation.targets),
    test: samples(validationCount, applyPipeline(pipeline, test.raw, validationCount), test.targets),
    featureNames: inputNames(generator.rawSize === 2 ? ['x', 'y'] : ['x'], pipeline),
    pipeline,
    rawTrain: train.raw,
    rawValidation: validation.raw,
    domain,
    informativeFeatures: null,
    classNames: isClassification ? classNamesFor(classes) : null,
    imageShape: null,
    credit: null,
    summary: summaryOf(trainCount, validationCount, 'point', isClassification ? classSummary(classes) : 'regression'),
    adjustments,
    previewTable: null,
  };
};

function formatCell(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

function previewOf(columns: string[], raw: Float32Array, rawSize: number, targets: Float32Array, count: number, labelName: (value: number) => string): PreviewTable {
  const rows: string[][] = [];
  for (let i = 0; i < Math.min(PREVIEW_ROWS, count); i++) {
    const row: string[] = [];
    for (let j = 0; j < rawSize; j++) row.push(formatCell(raw[i * rawSize + j]));
    row.push(labelName(targets[i]));
    rows.push(row);
  }
  return { columns, rows };
}

const buildFeatures: Builder = (settings, _sources, adjustments) => {
  const model = drawFeatureModel(settings.seed, settings.featureCount, settings.informativeCount);
  const trainCount = settings.trainCount;
  const validationCount = validationCountFor(trainCount, settings.validationFraction);
  const train = drawFeatureExamples(model, createStream(settings.seed, 'data/train'), trainCount, settings.noise);
  const validation = drawFeatureExamples(model, createStream(settings.seed, 'data/validation'), validationCount, settings.noise);
  const test = drawFeatureExamples(model, createStream(settings.seed, 'data/test'), validationCount, settings.noise);
  const trainTargets = withLabelNoise(train.targets, 2, settings);
  const d = settings.featureCount;
  const pipeline = fitPipeline(d, [], train.raw, trainCount, settings.standardize);
  const rawNames = Array.from({ length: d }, (_, j) => `x${j + 1}`);
  return {
    name: 'features',
    task: 'classification',
    inputShape: [d],
    outputSize: 2,
    train: samples(trainCount, applyPipeline(pipeline, train.raw, trainCount), trainTargets),
    validation: samples(validationCount, applyPipeline(pipeline, validation.raw, validationCount), validation.targets),
    test: samples(validationCount, applyPipeline(pipeline, test.raw, validationCount), test.targets),
    featureNames: inputNames(rawNames, pipeline),
    pipeline,
    rawTrain: null,
    rawValidation: null,
    domain: null,
    informativeFeatures: model.informative,
    classNames: classNamesFor(2),
    imageShape: null,
    credit: null,
    summary: `${summaryOf(trainCount, validationCount, 'example', '2 classes')}; ${d} features of which ${model.informative.length} matter`,
    adjustments,
    previewTable: previewOf([...rawNames, 'label'], train.raw, d, trainTargets, trainCount, (value) => String(value)),
  };
};

const buildDigits: Builder = (settings, sources, adjustments) => {
  const digits = sources.digits;
  if (!digits) throw new Error('The digits are not loaded yet: wait for the download to finish.');
  if (digits.resolution !== settings.digitsResolution) {
    throw new Error(`The loaded digits are ${digits.resolution}×${digits.resolution}, but ${settings.digitsResolution}×${settings.digitsResolution} were asked for.`);
  }
  const split = digitsSplit(digits.labels);
  let trainCount = settings.trainCount;
  if (trainCount > split.pool.length) {
    adjustments.push(`The digits set has ${formatCount(split.pool.length)} training images: using all of them.`);
    trainCount = split.pool.length;
  }
  // The training images: the first trainCount of a seeded permutation of the pool (prefix-stable).
  const order = Int32Array.from(split.pool);
  createStream(settings.seed, 'split').shuffle(order);
  const trainIndices = order.slice(0, trainCount);
  const labelsOf = (indices: Int32Array): Float32Array => Float32Array.from(indices, (index) => digits.labels[index]);
  const trainRaw = digitsPixels(digits, trainIndices);
  const validationRaw = digitsPixels(digits, split.validation);
  const testRaw = digitsPixels(digits, split.test);
  const size = digits.resolution;
  const pipeline = fitPipeline(size * size, [], trainRaw, trainCount, settings.standardize, true);
  const validationCount = split.validation.length;
  return {
    name: 'digits',
    task: 'classification',
    inputShape: [size, size, 1],
    outputSize: 10,
    train: samples(trainCount, applyPipeline(pipeline, trainRaw, trainCount), withLabelNoise(labelsOf(trainIndices), 10, settings)),
    validation: samples(validationCount, applyPipeline(pipeline, validationRaw, validationCount), labelsOf(split.validation)),
    test: samples(split.test.length, applyPipeline(pipeline, testRaw, split.test.length), labelsOf(split.test)),
    featureNames: Array.from({ length: size * size }, (_, p) => `pixel ${Math.floor(p / size)},${p % size}`),
    pipeline,
    rawTrain: null,
    rawValidation: null,
    domain: null,
    informativeFeatures: null,
    classNames: Array.from({ length: 10 }, (_, c) => String(c)),
    imageShape: [size, size],
    credit: DIGITS_CREDIT,
    summary: summaryOf(trainCount, validationCount, 'image', `${size}×${size} pixels, 10 classes`, split.test.length),
    adjustments,
    previewTable: null,
  };
};

const buildCsv: Builder = (settings, sources, adjustments) => {
  const table = sources.csv;
  if (!table) throw new Error('No CSV file is loaded: choose a file first.');
  const checked = checkCsvOptions(table, sources.csvOptions ?? defaultCsvOptions(table));
  if (!checked.ok) throw new Error(checked.message);
  const plan = checked.plan;
  const rows = table.rows;
  // Held-out rows: the first round(rows * f) of a seeded permutation (at least 1, at most rows - 1)
  // for validation; half as many from the end of the permutation for the test set, leaving at
  // least one training row (a tiny file may have no test rows).
  const validationCount = Math.min(rows - 1, Math.max(1, Math.round(rows * settings.validationFraction)));
  const testCount = Math.max(0, Math.min(Math.round(validationCount / 2), rows - validationCount - 1));
  const trainCount = rows - validationCount - testCount;
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  createStream(settings.seed, 'split').shuffle(order);
  const validationRows = order.slice(0, validationCount);
  const trainRows = order.slice(validationCount, rows - testCount);
  const testRows = order.slice(rows - testCount);
  const d = plan.featureIndices.length;
  const gather = (rowIndices: Int32Array): { raw: Float32Array; targets: Float32Array } => {
    const raw = new Float32Array(rowIndices.length * d);
    const targets = new Float32Array(rowIndices.length);
    for (let k = 0; k < rowIndices.length; k++) {
      const row = rowIndices[k];
      for (let j = 0; j < d; j++) raw[k * d + j] = table.columns[plan.featureIndices[j]][row];
      targets[k] = plan.targets[row];
    }
    return { raw, targets };
  };
  const train = gather(trainRows);
  const validation = gather(validationRows);
  const test = gather(testRows);
  const classes = plan.classNames?.length ?? null;
  const trainTargets = classes !== null ? withLabelNoise(train.targets, classes, settings) : train.targets;
  const pipeline: FeaturePipeline = fitPipeline(d, [], train.raw, trainCount, settings.standardize);
  return {
    name: 'csv',
    task: plan.task,
    inputShape: [d],
    outputSize: classes ?? 1,
    train: samples(trainCount, applyPipeline(pipeline, train.raw, trainCount), trainTargets),
    validation: samples(validationCount, applyPipeline(pipeline, validation.raw, validationCount), validation.targets),
    test: samples(testCount, applyPipeline(pipeline, test.raw, testCount), test.targets),
    featureNames: plan.featureIndices.map((c) => table.headers[c]),
    pipeline,
    rawTrain: null,
    rawValidation: null,
    domain: null,
    informativeFeatures: null,
    classNames: plan.classNames,
    imageShape: null,
    credit: null,
    summary: summaryOf(trainCount, validationCount, 'row', `${d} feature${d === 1 ? '' : 's'}, ${classSummary(classes)} of "${table.headers[plan.labelIndex]}"`, testCount),
    adjustments,
    previewTable: { columns: [...table.headers], rows: table.preview.slice(0, PREVIEW_ROWS).map((row) => [...row]) },
  };
};

const BUILDERS: Readonly<Record<DatasetKind, Builder>> = {
  classification2d: buildToy,
  regression2d: buildToy,
  regression1d: buildToy,
  features: buildFeatures,
  digits: buildDigits,
  csv: buildCsv,
};

/**
 * Builds the dataset the settings describe. Settings out of the dataset's range are clamped (see
 * `Dataset.adjustments`). Throws an Error with a user-facing sentence when it cannot be built:
 * digits not loaded, no CSV, or a CSV label choice that does not work.
 */
export function generateDataset(settings: DataSettings, sources: DataSources = {}): Dataset {
  const { settings: resolved, adjustments } = resolveSettings(settings);
  return BUILDERS[DATASET_TABLE[resolved.dataset].kind](resolved, sources, adjustments);
}

/** Re-exported for drawing code. */
export type { PreviewTable };

/** Images kept by `datasetForPreview` (the preview grid shows at most this many). */
export const PREVIEW_IMAGES = 24;

/**
 * A light copy of a dataset for the main thread's data preview: digits keep only their first
 * PREVIEW_IMAGES training images; features and CSV sets keep no inputs (the preview shows their
 * `previewTable`); toy sets are small and kept whole. Counts stay in `summary`, which the preview
 * shows; `train.count` and `validation.count` describe the arrays actually kept.
 */
export function datasetForPreview(dataset: Dataset): Dataset {
  const empty: Samples = { count: 0, inputs: new Float32Array(0), targets: new Float32Array(0) };
  if (dataset.imageShape) {
    const size = dataset.imageShape[0] * dataset.imageShape[1];
    const count = Math.min(PREVIEW_IMAGES, dataset.train.count);
    return {
      ...dataset,
      train: { count, inputs: dataset.train.inputs.slice(0, count * size), targets: dataset.train.targets.slice(0, count) },
      validation: empty,
      test: empty,
    };
  }
  if (dataset.previewTable) return { ...dataset, train: empty, validation: empty, test: empty };
  return { ...dataset, test: empty };
}
