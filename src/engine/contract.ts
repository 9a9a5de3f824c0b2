/**
 * The engine's public contract: what the worker, the data layer and the tests may rely on.
 * Everything here is plain data (structured-clone safe), so it crosses the worker boundary as is.
 */

/** Training or validation examples in row-major, columnar-friendly typed arrays. */
export interface Samples {
  /** Number of examples. */
  count: number;
  /** Inputs, `count * inputSize` values, example-major. For images: example-major, then H, W, C. */
  inputs: Float32Array;
  /**
   * Targets: for classification one class index per example (`count` values, stored as floats);
   * for regression `count * targetSize` values.
   */
  targets: Float32Array;
}

/** What the model is asked to do. */
export type TaskKind = 'classification' | 'regression';

/** A dataset split as the trainer consumes it. Produced by `src/data`. */
export interface TrainingData {
  task: TaskKind;
  /** Input shape per example: [features] or [height, width, channels]. */
  inputShape: number[];
  /** Classification: number of classes (>= 2). Regression: number of target values per example. */
  outputSize: number;
  train: Samples;
  validation: Samples;
}

/** Activation functions, by name (a table in activations.ts maps each to forward/backward). */
export type ActivationName = 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'linear';

/**
 * Weight initializers. "auto" = He normal for the ReLU family, Glorot uniform otherwise.
 * "normal1" = N(0, 1) and "normal001" = N(0, 0.01^2), the naive schemes of the gradients lesson.
 */
export type InitializerName =
  | 'auto'
  | 'heNormal'
  | 'heUniform'
  | 'glorotNormal'
  | 'glorotUniform'
  | 'normal1'
  | 'normal001';

/** Loss, chosen from the task: softmax cross-entropy for classification, MSE for regression. */
export type LossName = 'softmaxCrossEntropy' | 'mse';

/** One convolution block of the digits model: conv (stride 1, same padding) -> activation -> 2x2 max-pool. */
export interface ConvBlockSpec {
  filters: number;
  kernelSize: 3 | 5;
}

/** The architecture. Changing any of it rebuilds the network (a reset). */
export interface ModelSpec {
  inputShape: number[];
  /** Convolution blocks before the dense stack (digits only; empty otherwise). */
  convBlocks: ConvBlockSpec[];
  /** Units of each hidden dense layer, input to output. */
  hiddenUnits: number[];
  activation: ActivationName;
  initializer: InitializerName;
  outputSize: number;
  loss: LossName;
}

/** Optimizers, by name. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'adamw';

/** Gradient clipping mode: global norm (PyTorch clip_grad_norm_, Keras global_clipnorm) or by value. */
export type ClipMode = 'none' | 'norm' | 'value';

/** Quantities early stopping can monitor. */
export type MonitorName = 'validationLoss' | 'validationAccuracy' | 'trainLoss';

/** Early stopping with Keras 3 semantics (see shared/docs/semantics.md section 4). */
export interface EarlyStoppingSettings {
  enabled: boolean;
  monitor: MonitorName;
  minDelta: number;
  patience: number;
  /** "auto" = max for accuracies, min otherwise. */
  mode: 'auto' | 'min' | 'max';
  baseline: number | null;
  restoreBestWeights: boolean;
  startFromEpoch: number;
}

/** Everything that can change between two minibatches without rebuilding the network. */
export interface LiveSettings {
  optimizer: OptimizerName;
  learningRate: number;
  /** Momentum coefficient mu for "momentum" (PyTorch form b = mu*b + g). */
  momentum: number;
  batchSize: number;
  /** L1 strength lambda1 in lambda1 * sum|w| (kernels only); 0 = off. */
  l1: number;
  /** Use the proximal (soft-threshold) step for L1, which makes exact zeros. */
  l1Proximal: boolean;
  /** L2 strength lambda2 in lambda2 * sum w^2 (Keras convention, kernels only); 0 = off. */
  l2: number;
  /** Decoupled weight decay: w -= lr * weightDecay * w, outside the gradient; 0 = off. */
  weightDecay: number;
  /** Global dropout rate (fraction dropped) after every hidden layer; 0 = off. Must be < 1. */
  dropoutRate: number;
  /** Per-hidden-layer overrides of the global rate (null = use the global rate). */
  dropoutLayerRates: (number | null)[];
  /** Dropout on the inputs; 0 = off. */
  inputDropoutRate: number;
  batchNorm: boolean;
  /** Keras convention: moving = m * moving + (1 - m) * batch. */
  batchNormMomentum: number;
  batchNormEpsilon: number;
  clipMode: ClipMode;
  clipValue: number;
  earlyStopping: EarlyStoppingSettings;
}

/** |w| below this counts as zero in every sparsity figure (always shown with the figure). */
export const SPARSITY_THRESHOLD = 1e-3;

/** Per trainable layer (dense or conv), measured at the end of an epoch. */
export interface LayerMetrics {
  /** Display name, e.g. "dense 1", "conv 1", "output". */
  name: string;
  /** sum |w| over the kernel (biases excluded). */
  weightL1: number;
  /** sqrt(sum w^2) over the kernel. */
  weightL2: number;
  /** Fraction of kernel weights with |w| < SPARSITY_THRESHOLD. */
  sparsity: number;
  /** L2 norm of the kernel gradient of the last minibatch (data loss + penalty, before clipping). */
  gradientNorm: number;
  /** ||delta w|| / ||w|| of the last update. */
  updateRatio: number;
  /** Fraction of this layer's ReLU units that were zero for every example of the last evaluation; null if not ReLU. */
  deadFraction: number | null;
}

/** Metrics of one finished epoch. Losses are data losses (no penalty); the penalty is its own figure. */
export interface EpochMetrics {
  epoch: number;
  step: number;
  /** Mean data loss over the epoch's minibatches in training mode (with dropout). */
  trainLossTrainingMode: number;
  /** Data loss of the whole training set in inference mode (comparable with validationLoss). */
  trainLoss: number;
  validationLoss: number;
  /** lambda1 * sum|w| + lambda2 * sum w^2 over all kernels, at the end of the epoch. */
  penalty: number;
  /** Classification accuracy in [0, 1]; null for regression. */
  trainAccuracy: number | null;
  validationAccuracy: number | null;
  /** Root mean squared error; null for classification. */
  trainRmse: number | null;
  validationRmse: number | null;
  layers: LayerMetrics[];
}

/** What early stopping reports. */
export type EarlyStoppingEvent =
  | { type: 'improved'; epoch: number; value: number }
  | { type: 'stopped'; epoch: number; bestEpoch: number; bestValue: number }
  | { type: 'restored'; epoch: number; bestEpoch: number };

/** Where and when a run produced NaN or Inf. */
export interface DivergenceInfo {
  step: number;
  epoch: number;
  /** e.g. "loss", "gradient of dense 2", "weights of output". */
  where: string;
}

/** The outcome of one minibatch step. */
export interface StepResult {
  /** Steps taken so far (1 after the first minibatch). */
  step: number;
  /** Epochs completed so far. */
  epoch: number;
  /** Training-mode data loss of this minibatch. */
  batchLoss: number;
  /** Set when this step finished an epoch. */
  epochMetrics: EpochMetrics | null;
  events: EarlyStoppingEvent[];
  /** Set when this step produced NaN or Inf; the trainer refuses further steps until reset. */
  diverged: DivergenceInfo | null;
  /** True when early stopping stopped the run at this step. */
  stopped: boolean;
}

/** A histogram on fixed bin edges (the same edges across time, so slices compare). */
export interface Histogram {
  /** bins + 1 ascending edges. */
  edges: Float32Array;
  counts: Uint32Array;
}

/** Weights of one layer, binned. */
export interface WeightHistogramProbe {
  layer: string;
  histogram: Histogram;
  sparsity: number;
}

/** The last training minibatch's dropout mask of one dropout layer. */
export interface DropoutMaskProbe {
  /** e.g. "input", "dense 1". */
  layer: string;
  rate: number;
  units: number;
  examples: number;
  /** 1 = kept, 0 = dropped; example-major: kept[example * units + unit]. */
  kept: Uint8Array;
  /** Each unit's running fraction kept since dropout was last switched on (should hover near 1 - rate). */
  keepRate: Float32Array;
}

/** Statistics of one batch-norm layer. */
export interface BatchNormProbe {
  layer: string;
  runningMean: Float32Array;
  runningVariance: Float32Array;
  /** Of the last training minibatch. */
  batchMean: Float32Array;
  batchVariance: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  /** Pre-normalization activations of the last minibatch, binned. */
  before: Histogram;
  /** Post-normalization (after gamma, beta) activations of the last minibatch, binned. */
  after: Histogram;
}

/** A trainable layer's parameters, copied out (for the Network panel, export and tests). */
export interface LayerParameters {
  name: string;
  kind: 'dense' | 'conv' | 'batchNorm';
  /** Dense: [inputs, outputs] (kernel[i * outputs + o]); conv: [kh, kw, inChannels, filters] (HWIO); BN: [features]. */
  shape: number[];
  /** Dense/conv kernel, or BN gamma. */
  kernel: Float32Array;
  /** Dense/conv bias, or BN beta. */
  bias: Float32Array;
  /** BN only: moving mean (Keras convention), needed with gamma and beta to export the layer. */
  runningMean?: Float32Array;
  /** BN only: moving (biased) variance. */
  runningVariance?: Float32Array;
}
