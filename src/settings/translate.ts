/**
 * From the user's settings (the table) to what the data layer and the engine take. Pure, shared by
 * every run builder, so the worker, the headless replay and the exports build exactly the same run.
 * The engine and the data layer have no defaults of their own: they get them from here.
 */
import { KERAS_BN_EPSILON, type LiveSettings, type ModelSpec, type TrainingData } from '../engine';
import { DIGITS_TRAIN_SIZES, type DataSettings, type DerivedFeature } from '../data';
import { DEFAULT_SETTINGS, type Settings } from './settingsTable';
import { digitsResolutionOf } from './digitsResolution';

/** The convolution blocks of the digits CNN: conv 8@3x3 -> pool -> conv 16@3x3 -> pool. */
export const DIGITS_CONV_BLOCKS = [
  { filters: 8, kernelSize: 3 as const },
  { filters: 16, kernelSize: 3 as const },
];

/** The data layer's settings. */
export function toDataSettings(settings: Settings): DataSettings {
  const derived: DerivedFeature[] = [];
  if (settings.featureX2) derived.push('x2');
  if (settings.featureY2) derived.push('y2');
  if (settings.featureXY) derived.push('xy');
  if (settings.featureSinX) derived.push('sinx');
  if (settings.featureSinY) derived.push('siny');
  let trainCount = settings.trainCount;
  if (settings.dataset === 'digits' && trainCount <= DIGITS_TRAIN_SIZES[DIGITS_TRAIN_SIZES.length - 1]) {
    // Digits offer DIGITS_TRAIN_SIZES only; any other count snaps to the nearest. A larger count
    // (8,000 from a version-1 link) goes through and the data layer clamps it to the 6,000-image
    // pool with a notice, so the student hears why.
    trainCount = DIGITS_TRAIN_SIZES.reduce<number>((best, size) => (Math.abs(size - trainCount) < Math.abs(best - trainCount) ? size : best), DIGITS_TRAIN_SIZES[0]);
  }
  return {
    dataset: settings.dataset,
    seed: settings.seed,
    noise: settings.noise,
    trainCount,
    validationFraction: settings.validationFraction,
    labelNoise: settings.labelNoise,
    classes: settings.classes,
    derivedFeatures: derived,
    standardize: settings.standardize,
    featureCount: settings.featureCount,
    informativeCount: Math.min(settings.informativeCount, settings.featureCount),
    digitsResolution: digitsResolutionOf(settings),
  };
}

/** The architecture for a dataset. Convolutions only for digits with the CNN switch on. */
export function toModelSpec(settings: Settings, data: TrainingData): ModelSpec {
  const useConv = settings.convolutional && data.inputShape.length === 3;
  return {
    inputShape: data.inputShape,
    convBlocks: useConv ? DIGITS_CONV_BLOCKS.map((block) => ({ ...block })) : [],
    hiddenUnits: [...settings.hiddenLayers],
    activation: settings.activation,
    initializer: settings.initializer,
    outputSize: data.outputSize,
    loss: data.task === 'classification' ? 'softmaxCrossEntropy' : 'mse',
  };
}

/** The engine's live settings: switches off means strength 0, as the engine expects. */
export function toLiveSettings(settings: Settings): LiveSettings {
  const dropoutOn = settings.dropoutEnabled;
  return {
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    momentum: settings.momentum,
    batchSize: settings.batchSize,
    l1: settings.l1Enabled ? settings.l1 : 0,
    l1Proximal: settings.l1Proximal,
    l2: settings.l2Enabled ? settings.l2 : 0,
    weightDecay: settings.weightDecay,
    dropoutRate: dropoutOn ? settings.dropoutRate : 0,
    dropoutLayerRates: settings.hiddenLayers.map((_, layer) => {
      const percent = settings.dropoutLayerRates[layer];
      return dropoutOn && percent !== undefined ? percent / 100 : dropoutOn ? null : 0;
    }),
    inputDropoutRate: dropoutOn ? settings.inputDropoutRate : 0,
    batchNorm: settings.batchNorm,
    batchNormMomentum: settings.batchNormMomentum,
    batchNormEpsilon: KERAS_BN_EPSILON,
    clipMode: settings.clipMode,
    clipValue: settings.clipValue,
    earlyStopping: {
      enabled: settings.earlyStopping,
      monitor: 'validationLoss',
      minDelta: settings.minDelta,
      patience: settings.patience,
      mode: 'auto',
      baseline: null,
      restoreBestWeights: settings.restoreBest,
      startFromEpoch: settings.startFromEpoch,
    },
  };
}

/** The data layer's settings for the table's defaults (the data layer has no defaults of its own). */
export function defaultDataSettings(): DataSettings {
  return toDataSettings(DEFAULT_SETTINGS);
}
