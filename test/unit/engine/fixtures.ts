/** Test fixtures without test-runner imports (also used by scripts): seeded inline datasets, models, settings. */
import { createStream } from '../../../src/engine/rng.ts';
import type { EarlyStoppingSettings, LiveSettings, ModelSpec, Samples, TrainingData } from '../../../src/engine/contract.ts';
import { KERAS_BN_EPSILON, KERAS_BN_MOMENTUM } from '../../../src/engine/batchNorm.ts';

/** Two interleaved noisy spirals in [-1, 1]^2 (classes alternate), seeded. */
export function spiral(count: number, seed: number, noise = 0.1, stream = 'data'): Samples {
  const rng = createStream(seed, stream);
  const inputs = new Float32Array(count * 2);
  const targets = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const radius = rng.uniform();
    const angle = 1.75 * 2 * Math.PI * radius * 0.5 + Math.PI * label;
    inputs[2 * i] = radius * Math.sin(angle) + noise * rng.normal();
    inputs[2 * i + 1] = radius * Math.cos(angle) + noise * rng.normal();
    targets[i] = label;
  }
  return { count, inputs, targets };
}

/** A spiral classification dataset with separate training and validation streams. */
export function spiralData(trainCount: number, validationCount: number, seed: number, noise = 0.1): TrainingData {
  return {
    task: 'classification',
    inputShape: [2],
    outputSize: 2,
    train: spiral(trainCount, seed, noise, 'train'),
    validation: spiral(validationCount, seed, noise, 'validation'),
  };
}

/** A dense classifier for 2-D inputs. */
export function mlp(hiddenUnits: number[], overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    inputShape: [2],
    convBlocks: [],
    hiddenUnits,
    activation: 'relu',
    initializer: 'auto',
    outputSize: 2,
    loss: 'softmaxCrossEntropy',
    ...overrides,
  };
}

/** Default settings with overrides. */
export function settingsWith(overrides: Partial<LiveSettings> = {}): LiveSettings {
  return { ...defaultLiveSettings(), ...overrides };
}

/**
 * The engine tests' baseline: early stopping off with Keras 3's settings except patience 20 and
 * restore-best on. (The app's defaults live in the settings table; the engine has none.)
 */
export function defaultEarlyStopping(): EarlyStoppingSettings {
  return {
    enabled: false,
    monitor: 'validationLoss',
    minDelta: 0,
    patience: 20,
    mode: 'auto',
    baseline: null,
    restoreBestWeights: true,
    startFromEpoch: 0,
  };
}

/** The engine tests' and benchmark's baseline: Adam 0.01, batch 32, no regularization, Keras BN constants, no clipping. */
export function defaultLiveSettings(): LiveSettings {
  return {
    optimizer: 'adam',
    learningRate: 0.01,
    momentum: 0.9,
    batchSize: 32,
    l1: 0,
    l1Proximal: false,
    l2: 0,
    weightDecay: 0,
    dropoutRate: 0,
    dropoutLayerRates: [],
    inputDropoutRate: 0,
    batchNorm: false,
    batchNormMomentum: KERAS_BN_MOMENTUM,
    batchNormEpsilon: KERAS_BN_EPSILON,
    clipMode: 'none',
    clipValue: 1,
    earlyStopping: defaultEarlyStopping(),
  };
}
