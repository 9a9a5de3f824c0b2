/**
 * What both exported scripts describe: the architecture, the live settings and the data columns
 * of one configuration, derived through translate.ts (the one mapping from settings to the
 * engine), so the scripts build exactly the network the playground trains.
 */
import type { ActivationName, LayerParameters, LiveSettings, ModelSpec, TaskKind } from '../../engine';
import { resolveInitializer, type ConcreteInitializer } from '../../engine';
import type { Dataset } from '../../data';
import type { Settings } from '../../settings/settingsTable';
import { toLiveSettings, toModelSpec } from '../../settings/translate';

/** Options of a script export. */
export interface ScriptOptions {
  /** Our exact initial parameters (from a Trainer built from the same settings), or null for the scheme. */
  initialWeights?: LayerParameters[] | null;
  /** Epochs to train (the script's --epochs overrides it). */
  epochs: number;
  /** File name of the dataset CSV written alongside the script. */
  dataFile: string;
}

/** One conv block: conv (same padding) -> activation -> 2x2 max-pool, on images of height x width. */
export interface ConvPlan {
  /** Our layer name, e.g. "conv 1". */
  name: string;
  index: number;
  height: number;
  width: number;
  inChannels: number;
  filters: number;
  kernelSize: number;
}

/** One hidden block: dense -> (batch norm) -> activation -> (dropout). */
export interface HiddenPlan {
  /** Our layer name, e.g. "dense 1". */
  name: string;
  /** Our batch-norm layer name, e.g. "batch norm 1". */
  batchNormName: string;
  index: number;
  inputs: number;
  units: number;
  /** Fraction dropped after the activation (0 = no dropout layer). */
  dropoutRate: number;
}

/** Everything a script generator needs, in our units and conventions. */
export interface ModelPlan {
  settings: Settings;
  spec: ModelSpec;
  live: LiveSettings;
  task: TaskKind;
  datasetName: string;
  datasetSummary: string;
  inputSize: number;
  /** [height, width, channels] for images, else null. */
  imageShape: [number, number, number] | null;
  outputSize: number;
  activation: ActivationName;
  initializer: ConcreteInitializer;
  inputDropoutRate: number;
  conv: ConvPlan[];
  /** Values per example after the conv blocks (flattened NHWC), or the input size without convs. */
  flattenSize: number;
  hidden: HiddenPlan[];
  output: { name: string; inputs: number; units: number };
  /** lambda1 added to the loss as lambda1 * sum|w| (0 when off or proximal). */
  l1Loss: number;
  /** lambda1 of the proximal soft-threshold step (0 unless "exact zeros" is on). */
  l1Proximal: number;
  l2: number;
  weightDecay: number;
  /** Names of the label/target columns of the dataset CSV. */
  targetColumns: string[];
  /** The dataset CSV's header: "split", the input names, then the target columns. */
  columns: string[];
  /** Digits: the one mean and std the pixels (/ 255) were standardized with, or null when not standardized. */
  pixelStandardization: { mean: number; std: number } | null;
}

/** The dataset CSV's header: "split", the input names (input_1.. when the dataset names none), then the target columns. */
export function csvColumns(dataset: Dataset): string[] {
  const inputSize = dataset.inputShape.reduce((product, size) => product * size, 1);
  const names = dataset.featureNames.length === inputSize ? dataset.featureNames : Array.from({ length: inputSize }, (_, i) => `input_${i + 1}`);
  return ['split', ...names, ...targetColumnNames(dataset.task, dataset.outputSize)];
}

/** Names of the target columns: "label" for classification, "target" or "target_1".."target_K" for regression. */
export function targetColumnNames(task: TaskKind, outputSize: number): string[] {
  if (task === 'classification') return ['label'];
  if (outputSize === 1) return ['target'];
  return Array.from({ length: outputSize }, (_, k) => `target_${k + 1}`);
}

/** Derives the plan of `settings` on `dataset` (the dataset fixes input shape, task and outputs). */
export function planModel(settings: Settings, dataset: Dataset): ModelPlan {
  const spec = toModelSpec(settings, dataset);
  const live = toLiveSettings(settings);
  const inputSize = spec.inputShape.reduce((product, size) => product * size, 1);
  const imageShape = spec.inputShape.length === 3 ? ([spec.inputShape[0], spec.inputShape[1], spec.inputShape[2]] as [number, number, number]) : null;
  const conv: ConvPlan[] = [];
  let flattenSize = inputSize;
  if (spec.convBlocks.length > 0 && imageShape !== null) {
    let [height, width, channels] = imageShape;
    spec.convBlocks.forEach((block, index) => {
      conv.push({ name: `conv ${index + 1}`, index: index + 1, height, width, inChannels: channels, filters: block.filters, kernelSize: block.kernelSize });
      // 2x2 max-pool, stride 2, valid padding: floor(H / 2) x floor(W / 2).
      height = Math.floor(height / 2);
      width = Math.floor(width / 2);
      channels = block.filters;
    });
    flattenSize = height * width * channels;
  }
  let inputs = flattenSize;
  const hidden: HiddenPlan[] = spec.hiddenUnits.map((units, position) => {
    const plan: HiddenPlan = {
      name: `dense ${position + 1}`,
      batchNormName: `batch norm ${position + 1}`,
      index: position + 1,
      inputs,
      units,
      dropoutRate: live.dropoutLayerRates[position] ?? live.dropoutRate,
    };
    inputs = units;
    return plan;
  });
  return {
    settings,
    spec,
    live,
    task: dataset.task,
    datasetName: dataset.name,
    datasetSummary: dataset.summary,
    inputSize,
    imageShape,
    outputSize: spec.outputSize,
    activation: spec.activation,
    initializer: resolveInitializer(spec.initializer, spec.activation),
    inputDropoutRate: live.inputDropoutRate,
    conv,
    flattenSize,
    hidden,
    output: { name: 'output', inputs, units: spec.outputSize },
    l1Loss: live.l1Proximal ? 0 : live.l1,
    l1Proximal: live.l1Proximal ? live.l1 : 0,
    l2: live.l2,
    weightDecay: live.weightDecay,
    targetColumns: targetColumnNames(dataset.task, spec.outputSize),
    columns: csvColumns(dataset),
    pixelStandardization:
      imageShape !== null && dataset.pipeline.mean !== null && dataset.pipeline.std !== null && dataset.pipeline.mean.length === 1
        ? { mean: dataset.pipeline.mean[0], std: dataset.pipeline.std[0] }
        : null,
  };
}

/** The layer of `weights` named `name`, or a RangeError naming what is missing. */
export function findLayer(weights: readonly LayerParameters[], name: string): LayerParameters {
  const layer = weights.find((entry) => entry.name === name);
  if (layer === undefined) throw new RangeError(`The initial weights have no layer named "${name}".`);
  return layer;
}

/** Rows of a row-major [rows x columns] array, as nested arrays (Keras's dense kernel layout). */
export function rowsOf(values: ArrayLike<number>, rows: number, columns: number): number[][] {
  if (values.length !== rows * columns) throw new RangeError(`Expected ${rows} x ${columns} values, got ${values.length}.`);
  return Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => values[r * columns + c]));
}

/** The transpose of a row-major [rows x columns] array: our [inputs, outputs] kernel as PyTorch's [out, in] weight. */
export function transposed(values: ArrayLike<number>, rows: number, columns: number): number[][] {
  if (values.length !== rows * columns) throw new RangeError(`Expected ${rows} x ${columns} values, got ${values.length}.`);
  return Array.from({ length: columns }, (_, c) => Array.from({ length: rows }, (_, r) => values[r * columns + c]));
}
