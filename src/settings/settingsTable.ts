/**
 * One typed table of every user setting. It drives the sidebar controls, the validation of patches
 * sent to the worker, the URL (short names) and the embed parameters. Nothing else lists settings.
 */

/** Where a setting is shown in the sidebar. */
export type SettingSection = 'data' | 'model' | 'optimizer' | 'regularization';

/**
 * What changing a setting does to a running network:
 * - live: patched into the running trainer at the next minibatch, no reset;
 * - model: rebuilds the network (same data);
 * - data: regenerates the data and rebuilds the network.
 */
export type SettingEffect = 'live' | 'model' | 'data';

/** A choice of an enum setting. */
export interface SettingOption<V extends string = string> {
  value: V;
  label: string;
}

/** The value kinds a setting can have; each knows how to validate and (de)serialise itself. */
export type SettingKind =
  | { type: 'number'; min: number; max: number; step: number; scale: 'linear' | 'log'; unit?: string }
  | { type: 'int'; min: number; max: number; step: number; unit?: string }
  | { type: 'boolean' }
  | { type: 'enum'; options: readonly SettingOption[] }
  | { type: 'intList'; min: number; max: number; minLength: number; maxLength: number };

/** One row of the table. */
export interface SettingRow {
  key: string;
  label: string;
  /** One plain sentence for a student, shown under the control (and its description for screen readers). */
  help: string;
  /** The exact convention (formula, Keras/PyTorch names), behind a "details" disclosure. */
  details?: string;
  section: SettingSection;
  kind: SettingKind;
  effect: SettingEffect;
  /** Short name in the URL and embed parameters. */
  url: string;
  /** Shown only in the sidebar's "advanced" part of its section. */
  advanced?: boolean;
}

const DATASETS = [
  { value: 'circle', label: 'Circle' },
  { value: 'xor', label: 'XOR' },
  { value: 'gaussians', label: 'Gaussian blobs' },
  { value: 'spirals', label: 'Spirals' },
  { value: 'moons', label: 'Moons' },
  { value: 'sine', label: '1D curve (regression)' },
  { value: 'plane', label: '2D plane (regression)' },
  { value: 'bumps', label: '2D bumps (regression)' },
  { value: 'features', label: 'Many features, few matter' },
  { value: 'digits', label: 'Handwritten digits (MNIST)' },
  { value: 'csv', label: 'My CSV file' },
] as const;

const ACTIVATIONS = [
  { value: 'relu', label: 'ReLU' },
  { value: 'leakyRelu', label: 'Leaky ReLU' },
  { value: 'tanh', label: 'tanh' },
  { value: 'sigmoid', label: 'Sigmoid' },
  { value: 'linear', label: 'Linear' },
] as const;

const INITIALIZERS = [
  { value: 'auto', label: 'Auto (He for ReLU, Glorot otherwise)' },
  { value: 'heNormal', label: 'He normal' },
  { value: 'heUniform', label: 'He uniform' },
  { value: 'glorotNormal', label: 'Glorot normal' },
  { value: 'glorotUniform', label: 'Glorot uniform' },
  { value: 'normal1', label: 'Naive N(0, 1)' },
  { value: 'normal001', label: 'Naive N(0, 0.01²)' },
] as const;

const OPTIMIZERS = [
  { value: 'sgd', label: 'SGD' },
  { value: 'momentum', label: 'SGD with momentum' },
  { value: 'adam', label: 'Adam' },
  { value: 'adamw', label: 'AdamW' },
] as const;

/** The table itself. Order is display order within each section. */
export const SETTINGS = [
  // --- Data ---
  { key: 'dataset', label: 'Dataset', help: 'What the network learns from.', section: 'data', kind: { type: 'enum', options: DATASETS }, effect: 'data', url: 'data' },
  { key: 'noise', label: 'Noise', help: 'How much the points scatter around the true pattern.', section: 'data', kind: { type: 'number', min: 0, max: 1, step: 0.05, scale: 'linear' }, effect: 'data', url: 'noise' },
  { key: 'trainCount', label: 'Training examples', help: 'Fewer examples make memorizing easier: the network overfits sooner.', section: 'data', kind: { type: 'int', min: 10, max: 8000, step: 10 }, effect: 'data', url: 'n' },
  { key: 'validationFraction', label: 'Validation fraction', help: 'Share of the data held out to measure generalization.', section: 'data', kind: { type: 'number', min: 0.1, max: 0.9, step: 0.05, scale: 'linear' }, effect: 'data', url: 'val' },
  { key: 'labelNoise', label: 'Label noise', help: 'Fraction of training labels flipped to a wrong class.', section: 'data', kind: { type: 'number', min: 0, max: 0.5, step: 0.05, scale: 'linear' }, effect: 'data', url: 'flip' },
  { key: 'classes', label: 'Classes', help: 'Number of classes (blobs and spirals).', section: 'data', kind: { type: 'int', min: 2, max: 5, step: 1 }, effect: 'data', url: 'k', advanced: true },
  { key: 'seed', label: 'Seed', help: 'Fixes the data, the initial weights, the batch order and the dropout masks.', section: 'data', kind: { type: 'int', min: 0, max: 999999, step: 1 }, effect: 'data', url: 'seed' },
  { key: 'standardize', label: 'Standardize inputs', help: 'Puts every input on the same scale.', details: 'Scales each input to mean 0, variance 1, using training statistics only.', section: 'data', kind: { type: 'boolean' }, effect: 'data', url: 'std' },
  { key: 'featureX2', label: 'Feature x²', help: 'Add x² as an input (2D data).', section: 'data', kind: { type: 'boolean' }, effect: 'data', url: 'fx2', advanced: true },
  { key: 'featureY2', label: 'Feature y²', help: 'Add y² as an input (2D data).', section: 'data', kind: { type: 'boolean' }, effect: 'data', url: 'fy2', advanced: true },
  { key: 'featureXY', label: 'Feature x·y', help: 'Add x·y as an input (2D data).', section: 'data', kind: { type: 'boolean' }, effect: 'data', url: 'fxy', advanced: true },
  { key: 'featureSinX', label: 'Feature sin x', help: 'Add sin(x) as an input (2D data).', section: 'data', kind: { type: 'boolean' }, effect: 'data', url: 'fsx', advanced: true },
  { key: 'featureSinY', label: 'Feature sin y', help: 'Add sin(y) as an input (2D data).', section: 'data', kind: { type: 'boolean' }, effect: 'data', url: 'fsy', advanced: true },
  { key: 'featureCount', label: 'Features', help: 'Inputs of the many-features set.', section: 'data', kind: { type: 'int', min: 4, max: 100, step: 1 }, effect: 'data', url: 'd', advanced: true },
  { key: 'informativeCount', label: 'Informative features', help: 'How many of them determine the label.', section: 'data', kind: { type: 'int', min: 1, max: 10, step: 1 }, effect: 'data', url: 'inf', advanced: true },
  { key: 'digitsResolution', label: 'Digit resolution', help: '14×14 trains four times faster than the original 28×28.', section: 'data', kind: { type: 'enum', options: [{ value: '14', label: '14 × 14' }, { value: '28', label: '28 × 28' }] }, effect: 'data', url: 'res', advanced: true },
  // --- Model ---
  { key: 'hiddenLayers', label: 'Hidden layers', help: 'Units per hidden layer, e.g. "8, 8". More units, more capacity to overfit.', section: 'model', kind: { type: 'intList', min: 1, max: 512, minLength: 0, maxLength: 10 }, effect: 'model', url: 'h' },
  { key: 'convolutional', label: 'Convolution layers (digits)', help: 'Two conv + max-pool blocks before the dense layers.', section: 'model', kind: { type: 'boolean' }, effect: 'model', url: 'cnn', advanced: true },
  { key: 'activation', label: 'Activation', help: 'Sigmoid and tanh saturate; ReLU keeps gradients alive.', section: 'model', kind: { type: 'enum', options: ACTIVATIONS }, effect: 'model', url: 'act' },
  { key: 'initializer', label: 'Initializer', help: 'How the weights start. The naive ones show vanishing and exploding gradients.', section: 'model', kind: { type: 'enum', options: INITIALIZERS }, effect: 'model', url: 'init' },
  // --- Optimizer ---
  { key: 'optimizer', label: 'Optimizer', help: 'How gradients become weight updates.', section: 'optimizer', kind: { type: 'enum', options: OPTIMIZERS }, effect: 'live', url: 'opt' },
  { key: 'learningRate', label: 'Learning rate', help: 'Step size. Too large and the loss explodes.', section: 'optimizer', kind: { type: 'number', min: 0.00001, max: 10, step: 0.00001, scale: 'log' }, effect: 'live', url: 'lr' },
  { key: 'momentum', label: 'Momentum', help: 'For SGD with momentum: how much of the last update carries over.', section: 'optimizer', kind: { type: 'number', min: 0, max: 0.99, step: 0.01, scale: 'linear' }, effect: 'live', url: 'mom', advanced: true },
  { key: 'batchSize', label: 'Batch size', help: 'Examples per gradient step.', section: 'optimizer', kind: { type: 'int', min: 1, max: 256, step: 1 }, effect: 'live', url: 'bs' },
  { key: 'clipMode', label: 'Gradient clipping', help: 'Stops a single huge step from wrecking training.', details: 'Caps the gradient by its global norm (PyTorch clip_grad_norm_, Keras global_clipnorm) or each value (clipvalue).', section: 'optimizer', kind: { type: 'enum', options: [{ value: 'none', label: 'Off' }, { value: 'norm', label: 'Global norm' }, { value: 'value', label: 'By value' }] }, effect: 'live', url: 'clip' },
  { key: 'clipValue', label: 'Clip threshold', help: 'The norm or value the gradient is capped at.', section: 'optimizer', kind: { type: 'number', min: 0.01, max: 100, step: 0.01, scale: 'log' }, effect: 'live', url: 'clipv' },
  // --- Regularization ---
  { key: 'l1Enabled', label: 'L1', help: 'Pushes useless weights to zero, so the network uses fewer of them.', details: 'Adds λ₁·Σ|w| to the loss (kernels only, as Keras; biases are not penalized).', section: 'regularization', kind: { type: 'boolean' }, effect: 'live', url: 'l1' },
  { key: 'l1', label: 'L1 strength', help: 'How hard L1 pushes weights to zero.', details: 'λ₁ in λ₁·Σ|w|: Keras l1(λ₁), kernels only.', section: 'regularization', kind: { type: 'number', min: 0.000001, max: 0.1, step: 0.000001, scale: 'log' }, effect: 'live', url: 'l1s' },
  { key: 'l1Proximal', label: 'Exact zeros (proximal L1)', help: 'Lets L1 set weights to exactly zero.', details: 'A soft-threshold after each step (proximal gradient), so weights reach exactly 0. Keras and PyTorch do not do this.', section: 'regularization', kind: { type: 'boolean' }, effect: 'live', url: 'l1p', advanced: true },
  { key: 'l2Enabled', label: 'L2', help: 'Keeps all weights small, so the boundary stays smooth.', details: 'Adds λ₂·Σw² to the loss (kernels only, as Keras).', section: 'regularization', kind: { type: 'boolean' }, effect: 'live', url: 'l2' },
  { key: 'l2', label: 'L2 strength', help: 'How hard L2 keeps weights small.', details: 'λ₂ in λ₂·Σw² (Keras l2(λ); equals PyTorch weight_decay = 2λ for SGD).', section: 'regularization', kind: { type: 'number', min: 0.000001, max: 0.1, step: 0.000001, scale: 'log' }, effect: 'live', url: 'l2s' },
  { key: 'weightDecay', label: 'Weight decay (decoupled)', help: 'Shrinks every weight a little each step. 0 is off.', details: 'w ← w − lr·wd·w outside the gradient, as AdamW (decoupled from the loss).', section: 'regularization', kind: { type: 'number', min: 0, max: 0.5, step: 0.0001, scale: 'linear' }, effect: 'live', url: 'wd', advanced: true },
  { key: 'dropoutEnabled', label: 'Dropout', help: 'Switches random units off while training, so no unit can rely on another.', details: 'Inverted dropout on the hidden layers while training; every unit is used for validation and prediction.', section: 'regularization', kind: { type: 'boolean' }, effect: 'live', url: 'do' },
  { key: 'dropoutRate', label: 'Dropout rate', help: 'How many units are switched off at each step.', details: 'Fraction of units dropped (Keras rate, PyTorch p). Kept units are scaled by 1/(1−rate).', section: 'regularization', kind: { type: 'number', min: 0, max: 0.9, step: 0.05, scale: 'linear' }, effect: 'live', url: 'dor' },
  { key: 'inputDropoutRate', label: 'Input dropout rate', help: 'Fraction of input features dropped while training.', section: 'regularization', kind: { type: 'number', min: 0, max: 0.9, step: 0.05, scale: 'linear' }, effect: 'live', url: 'dori', advanced: true },
  { key: 'dropoutLayerRates', label: 'Per-layer dropout rates', help: 'Overrides per hidden layer, in percent; empty uses the dropout rate.', section: 'regularization', kind: { type: 'intList', min: 0, max: 90, minLength: 0, maxLength: 10 }, effect: 'live', url: 'dorl', advanced: true },
  { key: 'batchNorm', label: 'Batch normalization', help: 'Rescales each layer\'s outputs, which often makes training faster.', details: 'Normalizes each hidden layer over the minibatch (then γ·x̂ + β); the layer\'s bias before it is held at 0 (β takes its place). Switched on mid-run without changing the function.', section: 'regularization', kind: { type: 'boolean' }, effect: 'live', url: 'bn' },
  { key: 'batchNormMomentum', label: 'BN momentum', help: 'How slowly the running averages follow each batch.', details: 'Keras convention: running = m·running + (1−m)·batch. PyTorch momentum = 1 − m.', section: 'regularization', kind: { type: 'number', min: 0, max: 0.999, step: 0.001, scale: 'linear' }, effect: 'live', url: 'bnm', advanced: true },
  { key: 'earlyStopping', label: 'Early stopping', help: 'Stops training when the validation loss stops getting better.', details: 'Stops when the validation loss has not improved for "patience" epochs (Keras EarlyStopping semantics).', section: 'regularization', kind: { type: 'boolean' }, effect: 'live', url: 'es' },
  { key: 'patience', label: 'Patience', help: 'How many epochs to wait for an improvement.', details: 'Epochs without improvement before stopping (Keras default 0 stops on the first noisy epoch; ours is 20).', section: 'regularization', kind: { type: 'int', min: 0, max: 500, step: 1, unit: 'epochs' }, effect: 'live', url: 'pat' },
  { key: 'minDelta', label: 'Min delta', help: 'An improvement must beat the best by more than this.', section: 'regularization', kind: { type: 'number', min: 0, max: 1, step: 0.0001, scale: 'linear' }, effect: 'live', url: 'md' },
  { key: 'restoreBest', label: 'Restore best weights', help: 'On stop, go back to the best weights seen.', details: 'Restores the weights of the epoch with the lowest validation loss (Keras restore_best_weights, default off; ours is on).', section: 'regularization', kind: { type: 'boolean' }, effect: 'live', url: 'rb' },
  { key: 'startFromEpoch', label: 'Start from epoch', help: 'Ignore the first epochs (warm-up).', section: 'regularization', kind: { type: 'int', min: 0, max: 1000, step: 1, unit: 'epochs' }, effect: 'live', url: 'sfe', advanced: true },
] as const satisfies readonly SettingRow[];

/** Every setting key. */
export type SettingKey = (typeof SETTINGS)[number]['key'];

type ValueOf<K extends SettingRow['kind']> = K extends { type: 'number' | 'int' }
  ? number
  : K extends { type: 'boolean' }
    ? boolean
    : K extends { type: 'intList' }
      ? number[]
      : K extends { type: 'enum'; options: readonly (infer O)[] }
        ? O extends { value: infer V }
          ? V
          : string
        : never;

/** The whole settings object, typed from the table. */
export type Settings = { -readonly [R in (typeof SETTINGS)[number] as R['key']]: ValueOf<R['kind']> };

/** Looks a row up by key. */
export const SETTING_BY_KEY: Readonly<Record<SettingKey, SettingRow>> = Object.fromEntries(
  SETTINGS.map((row) => [row.key, row]),
) as Record<SettingKey, SettingRow>;

/** The defaults: a small noisy spiral and a network wide enough to overfit it. */
export const DEFAULT_SETTINGS: Readonly<Settings> = {
  dataset: 'spirals',
  noise: 0.2,
  trainCount: 80,
  validationFraction: 0.5,
  labelNoise: 0,
  classes: 2,
  seed: 1,
  standardize: true,
  featureX2: false,
  featureY2: false,
  featureXY: false,
  featureSinX: false,
  featureSinY: false,
  featureCount: 20,
  informativeCount: 3,
  digitsResolution: '14',
  hiddenLayers: [32, 32],
  convolutional: false,
  activation: 'relu',
  initializer: 'auto',
  optimizer: 'adam',
  learningRate: 0.01,
  momentum: 0.9,
  batchSize: 10,
  clipMode: 'none',
  clipValue: 1,
  l1Enabled: false,
  l1: 0.001,
  l1Proximal: false,
  l2Enabled: false,
  l2: 0.001,
  weightDecay: 0,
  dropoutEnabled: false,
  dropoutRate: 0.3,
  inputDropoutRate: 0,
  dropoutLayerRates: [],
  batchNorm: false,
  batchNormMomentum: 0.99,
  earlyStopping: false,
  patience: 20,
  minDelta: 0,
  restoreBest: true,
  startFromEpoch: 0,
};
