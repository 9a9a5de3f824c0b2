/**
 * The playground's experiment as a runnable Keras 3 script (keras + numpy + the standard library).
 * The playground follows Keras's conventions (shared/docs/semantics.md), so most settings carry
 * over as they are; the few places Keras's defaults differ are set explicitly and commented.
 */
import type { LayerParameters } from '../../engine';
import type { Dataset } from '../../data';
import type { Settings } from '../../settings/settingsTable';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, LEAKY_RELU_SLOPE } from '../../engine';
import { commentText, pyBool, pyFloat, pyInt, pyString } from './format';
import { findLayer, planModel, rowsOf, type ModelPlan, type ScriptOptions } from './modelPlan';
import { convHwio, plain, pyNested } from './pythonLiterals';
import { PYTHON_LOAD_DATA } from './pythonLiterals';

/** Keras layer names of our layers: "dense 1" -> dense_1, "batch norm 1" -> batch_norm_1. */
export function kerasLayerName(ourName: string): string {
  return ourName.replace(/\s+/g, '_');
}

const ACTIVATION_LAYERS: Record<ModelPlan['activation'], ((name: string) => string) | null> = {
  relu: (name) => `keras.layers.Activation("relu", name=${pyString(name)})`,
  leakyRelu: (name) => `keras.layers.LeakyReLU(negative_slope=${pyFloat(LEAKY_RELU_SLOPE)}, name=${pyString(name)})`,
  tanh: (name) => `keras.layers.Activation("tanh", name=${pyString(name)})`,
  sigmoid: (name) => `keras.layers.Activation("sigmoid", name=${pyString(name)})`,
  linear: null,
};

const INITIALIZERS: Record<ModelPlan['initializer'], { call: string; comment: string }> = {
  heNormal: {
    call: 'keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="untruncated_normal")',
    comment: 'He normal, N(0, 2 / fan_in) NOT truncated, as the playground (keras.initializers.HeNormal truncates at 2 std)',
  },
  heUniform: { call: 'keras.initializers.HeUniform()', comment: 'He uniform, U(-sqrt(6 / fan_in), +sqrt(6 / fan_in))' },
  glorotNormal: {
    call: 'keras.initializers.VarianceScaling(scale=1.0, mode="fan_avg", distribution="untruncated_normal")',
    comment: 'Glorot normal, N(0, 2 / (fan_in + fan_out)) NOT truncated, as the playground (GlorotNormal truncates)',
  },
  glorotUniform: { call: 'keras.initializers.GlorotUniform()', comment: 'Glorot uniform, U(-sqrt(6 / (fan_in + fan_out)), +...)' },
  normal1: { call: 'keras.initializers.RandomNormal(mean=0.0, stddev=1.0)', comment: 'naive N(0, 1)' },
  normal001: { call: 'keras.initializers.RandomNormal(mean=0.0, stddev=0.01)', comment: 'naive N(0, 0.01^2)' },
};

function header(plan: ModelPlan, options: ScriptOptions, exact: boolean): string {
  return `#!/usr/bin/env python3
# Regularization Playground -> Keras 3: the same experiment, ready to run.
#
# Dataset: ${commentText(plan.datasetName)} (${commentText(plan.datasetSummary)}), read from ${commentText(options.dataFile)}
#   next to this file. It holds the model inputs AFTER the playground's derived features and
#   standardization (training statistics), so nothing of that is recomputed here.
# Run:   python3 <this file> [--epochs N] [--data FILE]${exact ? ' [--scheme-init]' : ''}
# Needs: Python 3.9+, Keras 3 and one backend (e.g. pip install keras tensorflow, or jax, or torch).
# Prints Keras's progress, then a machine-readable line: RESULT {json}.
#
# The playground follows Keras's conventions: L1/L2 as kernel_regularizer (kernels only, added to the
# batch-mean data loss), Dropout rate, BatchNormalization momentum, EarlyStopping. Its curves show the
# DATA loss; Keras's "loss" adds the penalty, so this script also reports a "data_loss" metric.
# Not reproduced bit for bit: the batch order and the dropout masks (Keras's own seeded generator).`;
}

function settingsBlock(plan: ModelPlan, options: ScriptOptions): string {
  const live = plan.live;
  const lines = [
    `SEED = ${pyInt(plan.settings.seed)}`,
    `EPOCHS = ${pyInt(options.epochs)}`,
    `DATA_FILE = ${pyString(options.dataFile)}`,
    `N_INPUTS = ${pyInt(plan.inputSize)}`,
    `N_OUTPUTS = ${pyInt(plan.outputSize)}`,
    `TARGET_COLUMNS = [${plan.targetColumns.map(pyString).join(', ')}]`,
    `# The dataset CSV's header; load_data checks a file against it.`,
    `COLUMNS = [${plan.columns.map(pyString).join(', ')}]`,
    `BATCH_SIZE = ${pyInt(live.batchSize)}`,
    `LEARNING_RATE = ${pyFloat(live.learningRate)}`,
  ];
  if (live.optimizer === 'momentum') lines.push(`MOMENTUM = ${pyFloat(live.momentum)}`);
  if (plan.l1Loss > 0 || plan.l2 > 0) {
    lines.push(`L1 = ${pyFloat(plan.l1Loss)}  # lambda1 in lambda1 * sum|w|`);
    lines.push(`L2 = ${pyFloat(plan.l2)}  # lambda2 in lambda2 * sum w^2: keras.regularizers.L1L2 as is`);
  }
  if (plan.l1Proximal > 0) lines.push(`L1_PROXIMAL = ${pyFloat(plan.l1Proximal)}  # "exact zeros": soft-threshold by lr * lambda1 after each step`);
  if (plan.weightDecay > 0) lines.push(`WEIGHT_DECAY = ${pyFloat(plan.weightDecay)}  # decoupled: w <- w - lr * wd * w, kernels only`);
  if (live.clipMode !== 'none') lines.push(`CLIP = ${pyFloat(live.clipValue)}  # gradient clipping ${live.clipMode === 'norm' ? 'by global norm (global_clipnorm)' : 'by value (clipvalue)'}`);
  if (live.batchNorm) {
    lines.push(`BN_MOMENTUM = ${pyFloat(live.batchNormMomentum)}  # Keras's convention, as ours: moving = m * moving + (1 - m) * batch`);
    lines.push(`BN_EPSILON = ${pyFloat(live.batchNormEpsilon)}`);
  }
  const es = live.earlyStopping;
  if (es.enabled) {
    lines.push(`PATIENCE = ${pyInt(es.patience)}`);
    lines.push(`MIN_DELTA = ${pyFloat(es.minDelta)}`);
    lines.push(`RESTORE_BEST_WEIGHTS = ${pyBool(es.restoreBestWeights)}  # Keras's default is False; the playground's is True`);
    lines.push(`START_FROM_EPOCH = ${pyInt(es.startFromEpoch)}`);
  }
  return lines.join('\n');
}

function loadDataBlock(plan: ModelPlan): string {
  const targets =
    plan.task === 'classification'
      ? '    # Class indices for the sparse categorical cross-entropy.\n    return x, np.asarray([int(float(row[0])) for row in targets], dtype="int64")'
      : '    return x, np.asarray(targets, dtype="float32")';
  return `def load_split(inputs, targets):
    x = np.asarray(inputs, dtype="float32")
${targets}
${PYTHON_LOAD_DATA}`;
}

function modelBlock(plan: ModelPlan): string {
  const live = plan.live;
  const activation = ACTIVATION_LAYERS[plan.activation];
  const penalized = plan.l1Loss > 0 || plan.l2 > 0;
  const kernelArgs = `kernel_initializer=kernel_initializer()${penalized ? ', kernel_regularizer=kernel_regularizer()' : ''}`;
  const layers: string[] = [];
  const add = (code: string, comment?: string) => layers.push(`        ${code},${comment ? `  # ${comment}` : ''}`);
  add('keras.Input(shape=(N_INPUTS,))');
  if (plan.inputDropoutRate > 0) add(`keras.layers.Dropout(${pyFloat(plan.inputDropoutRate)}, name="input_dropout")`, 'input dropout; rate = the fraction dropped');
  if (plan.conv.length > 0 && plan.imageShape !== null) {
    const [height, width, channels] = plan.imageShape;
    add(`keras.layers.Reshape((${height}, ${width}, ${channels}), name="image")`, 'the CSV holds each image row by row');
    for (const conv of plan.conv) {
      const name = kerasLayerName(conv.name);
      add(`keras.layers.Conv2D(${conv.filters}, ${conv.kernelSize}, padding="same", ${kernelArgs}, name=${pyString(name)})`);
      if (activation !== null) add(activation(`${name}_${plan.activation}`));
      add(`keras.layers.MaxPooling2D(2, name="pool_${conv.index}")`);
    }
    add('keras.layers.Flatten(name="flatten")', 'NHWC order, as the playground');
  }
  for (const block of plan.hidden) {
    const name = kerasLayerName(block.name);
    // Before batch norm the bias is redundant (BN's beta takes its place) and the playground holds it at 0.
    if (live.batchNorm) add(`keras.layers.Dense(${block.units}, ${kernelArgs}, use_bias=False, name=${pyString(name)})`, 'no bias: BatchNormalization\'s beta takes its place');
    else add(`keras.layers.Dense(${block.units}, ${kernelArgs}, name=${pyString(name)})`);
    if (live.batchNorm) add(`keras.layers.BatchNormalization(momentum=BN_MOMENTUM, epsilon=BN_EPSILON, name=${pyString(kerasLayerName(block.batchNormName))})`);
    if (activation !== null) add(activation(`${name}_${plan.activation}`));
    if (block.dropoutRate > 0) add(`keras.layers.Dropout(${pyFloat(block.dropoutRate)}, name=${pyString(`${name}_dropout`)})`);
  }
  add(`keras.layers.Dense(N_OUTPUTS, ${kernelArgs}, name="output")`, plan.task === 'classification' ? 'logits' : 'values');
  const init = INITIALIZERS[plan.initializer];
  const regularizer = penalized
    ? `


def kernel_regularizer():
    """lambda1 * sum|w| + lambda2 * sum w^2 on this kernel, added to the batch-mean data loss."""
    return keras.regularizers.L1L2(l1=L1, l2=L2)`
    : '';
  return `def kernel_initializer():
    """${init.comment}. Biases start at zero (Keras's default)."""
    return ${init.call}${regularizer}


def build_model():
    """Dense -> BatchNormalization -> activation -> Dropout per hidden layer, as in the playground.${plan.activation === 'linear' ? ' (Linear activation: no activation layers.)' : ''}"""
    return keras.Sequential([
${layers.join('\n')}
    ], name="playground")`;
}

function initialWeightsBlock(plan: ModelPlan, weights: readonly LayerParameters[]): string {
  const entries: string[] = [];
  const add = (name: string, arrays: string[]) => entries.push(`    ${pyString(name)}: [\n${arrays.map((array) => `        ${array},`).join('\n')}\n    ],`);
  for (const conv of plan.conv) {
    const layer = findLayer(weights, conv.name);
    add(kerasLayerName(conv.name), [pyNested(convHwio(layer), '        '), pyNested(plain(layer.bias), '        ')]);
  }
  const dense = [...plan.hidden.map((block) => ({ name: block.name, inputs: block.inputs, units: block.units, bn: block.batchNormName as string | null })), { ...plan.output, bn: null }];
  for (const layer of dense) {
    const entry = findLayer(weights, layer.name);
    const bn = layer.bn !== null && plan.live.batchNorm ? weights.find((candidate) => candidate.name === layer.bn) : undefined;
    const kernel = pyNested(rowsOf(entry.kernel, layer.inputs, layer.units), '        ');
    // A dense layer before batch norm has no bias (use_bias=False): its kernel alone.
    add(kerasLayerName(layer.name), bn !== undefined ? [kernel] : [kernel, pyNested(plain(entry.bias), '        ')]);
    if (bn !== undefined && layer.bn !== null) {
      const mean = bn.runningMean ? plain(bn.runningMean) : new Array<number>(layer.units).fill(0);
      const variance = bn.runningVariance ? plain(bn.runningVariance) : new Array<number>(layer.units).fill(1);
      add(kerasLayerName(layer.bn), [plain(bn.kernel), plain(bn.bias), mean, variance].map((values) => pyNested(values, '        ')));
    }
  }
  return `# The playground's exact initial parameters (seed ${plan.settings.seed}), in Keras's layouts: dense kernels
# [inputs, outputs], conv kernels [height, width, in, out]; BatchNormalization: gamma, beta, moving
# mean, moving variance.
INITIAL_WEIGHTS = {
${entries.join('\n')}
}


def load_initial_weights(model):
    """Overwrites the freshly initialized weights with INITIAL_WEIGHTS."""
    for name, arrays in INITIAL_WEIGHTS.items():
        model.get_layer(name).set_weights([np.asarray(values, dtype="float32") for values in arrays])`;
}

function optimizerBlock(plan: ModelPlan): string {
  const live = plan.live;
  const args = ['learning_rate=LEARNING_RATE'];
  let name: string;
  let comment = '';
  if (live.optimizer === 'adam' || live.optimizer === 'adamw') {
    name = live.optimizer === 'adamw' ? 'AdamW' : 'Adam';
    args.push(`beta_1=${pyFloat(ADAM_BETA1)}`, `beta_2=${pyFloat(ADAM_BETA2)}`, `epsilon=${pyFloat(ADAM_EPSILON)}`);
    comment = `    # epsilon set explicitly: Keras's default is 1e-7, the playground's ${pyFloat(ADAM_EPSILON)} (PyTorch's form). Keras adds
    # it to sqrt(v) before the bias correction, i.e. it acts as the playground's eps * sqrt(1 - beta_2^t):
    # a difference only while v is tiny.
`;
  } else {
    name = 'SGD';
    if (live.optimizer === 'momentum') {
      args.push('momentum=MOMENTUM');
      comment = `    # Keras's v = mu * v - lr * g; w += v equals the playground's (PyTorch's) b = mu * b + g; w -= lr * b
    # for a constant learning rate.
`;
    }
  }
  if (plan.weightDecay > 0 || live.optimizer === 'adamw') args.push(plan.weightDecay > 0 ? 'weight_decay=WEIGHT_DECAY' : 'weight_decay=0.0');
  if (live.clipMode === 'norm') args.push('global_clipnorm=CLIP');
  if (live.clipMode === 'value') args.push('clipvalue=CLIP');
  const exclude =
    plan.weightDecay > 0
      ? `
    # The playground decays kernels only: not biases, not BatchNormalization's gamma and beta.
    optimizer.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])`
      : '';
  return `def make_optimizer():
${comment}    optimizer = keras.optimizers.${name}(${args.join(', ')})${exclude}
    return optimizer`;
}

function lossBlock(plan: ModelPlan): string {
  if (plan.task === 'classification') {
    return `LOSS = keras.losses.SparseCategoricalCrossentropy(from_logits=True)  # softmax cross-entropy from logits
# "data_loss" is the loss without the L1/L2 penalty: what the playground's curves show.
METRICS = [
    keras.metrics.SparseCategoricalCrossentropy(from_logits=True, name="data_loss"),
    keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
]`;
  }
  return `LOSS = keras.losses.MeanSquaredError()  # mean over every output of the batch
# "data_loss" is the loss without the L1/L2 penalty: what the playground's curves show.
METRICS = [keras.metrics.MeanSquaredError(name="data_loss"), keras.metrics.RootMeanSquaredError(name="rmse")]`;
}

function proximalBlock(): string {
  return `


class ProximalL1(keras.callbacks.Callback):
    """The playground's "exact zeros": after each step, soft-threshold every kernel,
    w = sign(w) * max(|w| - lr * lambda1, 0). Neither Keras nor PyTorch does this by itself."""

    def on_train_batch_end(self, batch, logs=None):
        threshold = LEARNING_RATE * L1_PROXIMAL
        for layer in self.model.layers:
            if isinstance(layer, (keras.layers.Dense, keras.layers.Conv2D)):
                kernel = layer.kernel
                kernel.assign(keras.ops.sign(kernel) * keras.ops.maximum(keras.ops.abs(kernel) - threshold, 0.0))`;
}

function mainBlock(plan: ModelPlan, exact: boolean): string {
  const live = plan.live;
  const second = plan.task === 'classification' ? 'accuracy' : 'rmse';
  const penalized = plan.l1Loss > 0 || plan.l2 > 0;
  const callbacks: string[] = [];
  if (live.earlyStopping.enabled) {
    const monitor = penalized ? 'val_data_loss' : 'val_loss';
    callbacks.push(`        # Monitors the validation DATA loss, as the playground.${penalized ? ' Keras\'s val_loss would add the L1/L2 penalty.' : ''}
        keras.callbacks.EarlyStopping(
            monitor=${pyString(monitor)}, mode="min", patience=PATIENCE, min_delta=MIN_DELTA,
            restore_best_weights=RESTORE_BEST_WEIGHTS, start_from_epoch=START_FROM_EPOCH, verbose=1),`);
  }
  if (plan.l1Proximal > 0) callbacks.push('        ProximalL1(),');
  const loadWeights = exact ? '\n    if not args.scheme_init:\n        load_initial_weights(model)' : '';
  const schemeArgument = exact
    ? `
    parser.add_argument("--scheme-init", action="store_true", help="initialize by the scheme instead of the playground's exact initial weights")`
    : '';
  return `def main():
    parser = argparse.ArgumentParser(description="The Regularization Playground's experiment in Keras 3.")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), DATA_FILE))${schemeArgument}
    args = parser.parse_args()

    keras.utils.set_random_seed(SEED)
    (train_x, train_y), (validation_x, validation_y) = load_data(args.data)
    model = build_model()${loadWeights}
    model.compile(optimizer=make_optimizer(), loss=LOSS, metrics=METRICS)

    # evaluate() runs in inference mode: moving BatchNormalization statistics, no dropout.
    initial_train = model.evaluate(train_x, train_y, verbose=0, return_dict=True)
    initial_validation = model.evaluate(validation_x, validation_y, verbose=0, return_dict=True)
    print(f"initial: train loss {initial_train['data_loss']:.6f}, validation loss {initial_validation['data_loss']:.6f}")
    callbacks = [
${callbacks.join('\n')}
    ]
    # shuffle=True: a fresh order every epoch; the last batch may be smaller, as in the playground.
    history = model.fit(
        train_x, train_y, batch_size=BATCH_SIZE, epochs=args.epochs, shuffle=True,
        validation_data=(validation_x, validation_y), callbacks=callbacks, verbose=2)

    final_train = model.evaluate(train_x, train_y, verbose=0, return_dict=True)
    final_validation = model.evaluate(validation_x, validation_y, verbose=0, return_dict=True)
    print("RESULT " + json.dumps({
        "framework": "keras",
        "epochs": len(history.history["loss"]),
        "initial_train_loss": float(initial_train["data_loss"]),
        "initial_validation_loss": float(initial_validation["data_loss"]),
        "final_train_loss": float(final_train["data_loss"]),
        "final_validation_loss": float(final_validation["data_loss"]),
        "initial_train_${second}": float(initial_train[${pyString(second)}]),
        "initial_validation_${second}": float(initial_validation[${pyString(second)}]),
        "final_train_${second}": float(final_train[${pyString(second)}]),
        "final_validation_${second}": float(final_validation[${pyString(second)}]),
    }))


if __name__ == "__main__":
    main()
`;
}

/** A complete Keras 3 script reproducing `settings` on `dataset` (data in `options.dataFile`). */
export function toKerasScript(settings: Settings, dataset: Dataset, options: ScriptOptions): string {
  const plan = planModel(settings, dataset);
  const weights = options.initialWeights ?? null;
  const exact = weights !== null && weights.length > 0;
  const parts = [
    header(plan, options, exact),
    `import argparse
import csv
import json
import os

import numpy as np
import keras`,
    `# ---- the playground's settings ----\n${settingsBlock(plan, options)}`,
    loadDataBlock(plan),
    modelBlock(plan),
  ];
  if (exact) parts.push(initialWeightsBlock(plan, weights));
  parts.push(optimizerBlock(plan));
  parts.push(`${lossBlock(plan)}${plan.l1Proximal > 0 ? proximalBlock() : ''}`);
  parts.push(mainBlock(plan, exact));
  return parts.join('\n\n\n');
}
