/**
 * TensorFlow.js (4.22, CPU backend, float32) as the oracle: the same weights and inputs must give
 * the same forward outputs and gradients, and the same parameters after k optimizer steps.
 * Our side runs in float64, so every difference is TF.js's float32 rounding. Tolerances (stated
 * per check): |ours - tf| <= atol + rtol * |tf|.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNormLayer } from '../../../src/engine/batchNorm.ts';
import type { ActivationName, LayerParameters, ModelSpec, OptimizerName } from '../../../src/engine/contract.ts';
import { LEAKY_RELU_SLOPE } from '../../../src/engine/activations.ts';
import type { FloatArray } from '../../../src/engine/floatArray.ts';
import { losses } from '../../../src/engine/losses.ts';
import { Network } from '../../../src/engine/network.ts';
import { createStream } from '../../../src/engine/rng.ts';
import { Trainer } from '../../../src/engine/trainer.ts';
import { randomArray } from './helpers.ts';
import { settingsWith, spiralData } from './fixtures.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Asserts element-wise |ours - oracle| <= atol + rtol * |oracle|. */
function expectMatch(ours: ArrayLike<number>, oracle: ArrayLike<number>, what: string, atol: number, rtol: number): void {
  expect(ours.length, `${what}: length`).toBe(oracle.length);
  let worst = -Infinity;
  let at = 0;
  for (let i = 0; i < ours.length; i++) {
    const excess = Math.abs(ours[i] - oracle[i]) - rtol * Math.abs(oracle[i]);
    if (excess > worst) {
      worst = excess;
      at = i;
    }
  }
  expect(worst, `${what}: worst at ${at}: ours ${ours[at]} vs tf ${oracle[at]}`).toBeLessThanOrEqual(atol);
}

function tfActivation(name: ActivationName, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_RELU_SLOPE);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}

const toArray = (values: FloatArray) => Array.from(values);

/** TF.js variables holding a network's parameters (kernel/bias of each conv/dense layer; gamma/beta of BN). */
function tfVariables(network: Network, withBatchNorm: boolean) {
  const kernels = network.trainable.map((layer) => {
    const shape = 'filters' in layer ? layer.shape : [layer.inputSize, layer.outputSize];
    return { kernel: tf.variable(tf.tensor(toArray(layer.kernel.value), shape, 'float32')), bias: tf.variable(tf.tensor1d(toArray(layer.bias.value))) };
  });
  const batchNorm = withBatchNorm
    ? network.hidden.map((block) => ({ gamma: tf.variable(tf.tensor1d(toArray(block.batchNorm.gamma.value))), beta: tf.variable(tf.tensor1d(toArray(block.batchNorm.beta.value))) }))
    : [];
  return { kernels, batchNorm };
}

/** The same forward pass written with TF.js ops (training-mode BN with batch moments when on). */
function tfForward(spec: ModelSpec, vars: ReturnType<typeof tfVariables>, x: tf.Tensor, epsilon: number): tf.Tensor2D {
  let h = x;
  let k = 0;
  for (let c = 0; c < spec.convBlocks.length; c++, k++) {
    const conv = tf.add(tf.conv2d(h as tf.Tensor4D, vars.kernels[k].kernel as tf.Tensor4D, 1, 'same'), vars.kernels[k].bias);
    h = tf.maxPool(tfActivation(spec.activation, conv) as tf.Tensor4D, 2, 2, 'valid');
  }
  if (spec.convBlocks.length > 0) h = tf.reshape(h, [h.shape[0], -1]);
  for (let i = 0; i < spec.hiddenUnits.length; i++, k++) {
    h = tf.add(tf.matMul(h as tf.Tensor2D, vars.kernels[k].kernel as tf.Tensor2D), vars.kernels[k].bias);
    if (vars.batchNorm.length > 0) {
      const { mean, variance } = tf.moments(h, 0);
      h = tf.batchNorm(h, mean, variance, vars.batchNorm[i].beta, vars.batchNorm[i].gamma, epsilon);
    }
    h = tfActivation(spec.activation, h);
  }
  return tf.add(tf.matMul(h as tf.Tensor2D, vars.kernels[k].kernel as tf.Tensor2D), vars.kernels[k].bias) as tf.Tensor2D;
}

/** Compares logits, loss and every parameter gradient of our network with TF.js's. */
function compareNetwork(spec: ModelSpec, batch: number, options: { batchNorm?: boolean; atol?: number; rtol?: number } = {}): void {
  const network = new Network(spec, 'float64', 12);
  network.setBatchNorm(options.batchNorm ?? false);
  network.reserve(batch);
  const rng = createStream(13, 'oracle');
  const input = randomArray(rng, batch * network.inputSize);
  const labels = Array.from({ length: batch }, () => rng.int(spec.outputSize));
  const inputF32 = Float32Array.from(input);
  // Feed TF.js the same float32-rounded inputs.
  input.set(inputF32);
  const logits = network.forward(input, batch, true);
  const ourLogits = Array.from(logits.subarray(0, batch * spec.outputSize));
  const gradient = new Float64Array(batch * spec.outputSize);
  const ourLoss = losses.softmaxCrossEntropy.compute(logits, labels, batch, spec.outputSize, gradient);
  network.backward(gradient, batch);

  const vars = tfVariables(network, options.batchNorm ?? false);
  const x = tf.tensor(inputF32, [batch, ...spec.inputShape]);
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), spec.outputSize);
  const epsilon = network.hidden[0]?.batchNorm.epsilon ?? 1e-3;
  const tfLogits = tfForward(spec, vars, x, epsilon);
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-4;
  expectMatch(ourLogits, tfLogits.dataSync(), 'logits', atol, rtol);
  const variableList = [...vars.kernels.flatMap((v) => [v.kernel, v.bias]), ...vars.batchNorm.flatMap((v) => [v.gamma, v.beta])];
  const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(onehot, tfForward(spec, vars, x, epsilon)) as tf.Scalar, variableList);
  expect(Math.abs(ourLoss - value.dataSync()[0])).toBeLessThanOrEqual(atol + rtol * Math.abs(ourLoss));
  network.trainable.forEach((layer, index) => {
    expectMatch(toArray(layer.kernel.gradient), grads[vars.kernels[index].kernel.name].dataSync(), `${layer.name} kernel gradient`, atol, rtol);
    expectMatch(toArray(layer.bias.gradient), grads[vars.kernels[index].bias.name].dataSync(), `${layer.name} bias gradient`, atol, rtol);
  });
  vars.batchNorm.forEach((bn, index) => {
    const layer = network.hidden[index].batchNorm;
    expectMatch(toArray(layer.gamma.gradient), grads[bn.gamma.name].dataSync(), `${layer.name} gamma gradient`, atol, rtol);
    expectMatch(toArray(layer.beta.gradient), grads[bn.beta.name].dataSync(), `${layer.name} beta gradient`, atol, rtol);
  });
  tf.disposeVariables();
}

const dense = (activation: ActivationName, hiddenUnits = [7, 5]): ModelSpec => ({
  inputShape: [4],
  convBlocks: [],
  hiddenUnits,
  activation,
  initializer: 'glorotUniform',
  outputSize: 3,
  loss: 'softmaxCrossEntropy',
});

describe('TF.js oracle: dense stacks, softmax cross-entropy (atol 1e-5, rtol 1e-4: float32 rounding)', () => {
  for (const activation of ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'linear'] as ActivationName[]) {
    it(`${activation}: logits, loss and gradients`, () => compareNetwork(dense(activation), 9));
  }
  it('softmax cross-entropy with large logits stays finite and matches', () => {
    const z = new Float64Array([50, -30, 10, 80, 80, -80]);
    const ours = losses.softmaxCrossEntropy.compute(z, [2, 0], 2, 3, null);
    const theirs = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([2, 0], 'int32'), 3), tf.tensor2d(Array.from(z), [2, 3])).dataSync()[0];
    expect(Math.abs(ours - theirs)).toBeLessThan(1e-4 * Math.abs(theirs));
  });
});

describe('TF.js oracle: batch normalization', () => {
  it('training mode (batch moments) inside a ReLU stack: logits and gradients incl. gamma and beta (atol 1e-4, rtol 1e-3)', () => {
    // BN's backward divides by sqrt(var + eps): float32 rounding in TF.js grows by ~10x here.
    compareNetwork(dense('relu', [6, 5]), 10, { batchNorm: true, atol: 1e-4, rtol: 1e-3 });
  });

  it('running statistics after several training steps, then inference mode, match tfjs-layers BatchNormalization', () => {
    const features = 4;
    const layer = new BatchNormLayer('bn', features, features, 'float64');
    layer.reserve(6);
    const oracle = tfl.layers.batchNormalization({ momentum: 0.99, epsilon: 1e-3, gammaInitializer: 'ones' });
    const rng = createStream(21, 'bn');
    for (let step = 0; step < 5; step++) {
      const batch = Float32Array.from(randomArray(rng, 6 * features, 2)).map((v, i) => v + (i % features));
      const ours = layer.forward(Float64Array.from(batch), 6, true);
      const theirs = oracle.apply(tf.tensor2d(batch, [6, features]), { training: true }) as tf.Tensor;
      expectMatch(Array.from(ours.subarray(0, 6 * features)), theirs.dataSync(), `training output, step ${step}`, 1e-5, 1e-4);
    }
    const [, , movingMean, movingVariance] = oracle.getWeights();
    // Keras convention in both: moving = 0.99 moving + 0.01 batch, biased variance (atol 1e-6).
    expectMatch(toArray(layer.runningMean), movingMean.dataSync(), 'moving mean', 1e-6, 1e-5);
    expectMatch(toArray(layer.runningVariance), movingVariance.dataSync(), 'moving variance', 1e-6, 1e-5);
    const test = Float32Array.from(randomArray(rng, 3 * features));
    const ours = layer.forward(Float64Array.from(test), 3, false);
    const theirs = oracle.apply(tf.tensor2d(test, [3, features]), { training: false }) as tf.Tensor;
    expectMatch(Array.from(ours.subarray(0, 3 * features)), theirs.dataSync(), 'inference output', 1e-5, 1e-4);
  });
});

describe('TF.js oracle: convolution and max-pool (atol 1e-5, rtol 1e-4)', () => {
  it('conv 3x3 (1 -> 4) -> ReLU -> pool -> conv 5x5 (4 -> 3) -> ReLU -> pool -> dense -> output', () => {
    compareNetwork(
      {
        inputShape: [9, 8, 1],
        convBlocks: [
          { filters: 4, kernelSize: 3 },
          { filters: 3, kernelSize: 5 },
        ],
        hiddenUnits: [6],
        activation: 'relu',
        initializer: 'heNormal',
        outputSize: 3,
        loss: 'softmaxCrossEntropy',
      },
      3,
    );
  });
  it('conv 3x3 with 2 input channels, tanh, odd image size', () => {
    compareNetwork(
      { inputShape: [7, 5, 2], convBlocks: [{ filters: 3, kernelSize: 3 }], hiddenUnits: [], activation: 'tanh', initializer: 'glorotUniform', outputSize: 2, loss: 'softmaxCrossEntropy' },
      4,
    );
  });
});

describe('TF.js oracle: parameters after k = 5 full-batch steps', () => {
  const data = spiralData(24, 8, 3);
  const spec = dense('relu', [8, 6]);
  spec.inputShape = [2];
  spec.outputSize = 2;
  const cases: [OptimizerName, () => tf.Optimizer, number][] = [
    // tolerance: absolute on parameters of size ~1 after 5 steps of float32 arithmetic.
    ['sgd', () => tf.train.sgd(0.1), 1e-5],
    ['momentum', () => tf.train.momentum(0.1, 0.9), 1e-5],
    // TF.js's Adam adds eps to sqrt(v_hat), as ours (PyTorch form), so eps = 1e-8 matches.
    // Each Adam step is ~lr * m / sqrt(v): float32 rounding of tiny gradients can move a
    // component by a fraction of lr = 0.01, hence 1e-4.
    ['adam', () => tf.train.adam(0.01, 0.9, 0.999, 1e-8), 1e-4],
  ];
  for (const [optimizer, makeOracle, tolerance] of cases) {
    it(`${optimizer} (tolerance ${tolerance})`, () => {
      const learningRate = optimizer === 'adam' ? 0.01 : 0.1;
      const trainer = new Trainer({
        model: spec,
        data,
        seed: 4,
        settings: settingsWith({ optimizer, learningRate, momentum: 0.9, batchSize: data.train.count }),
        dtype: 'float64',
      });
      const initial: LayerParameters[] = trainer.parameters();
      const vars = initial.map((layer) => ({
        kernel: tf.variable(tf.tensor2d(layer.kernel, layer.shape as [number, number])),
        bias: tf.variable(tf.tensor1d(layer.bias)),
      }));
      const x = tf.tensor2d(data.train.inputs, [data.train.count, 2]);
      const onehot = tf.oneHot(tf.tensor1d(Array.from(data.train.targets), 'int32'), 2);
      const oracle = makeOracle();
      const loss = () => {
        let h: tf.Tensor = x;
        vars.forEach((v, index) => {
          h = tf.add(tf.matMul(h as tf.Tensor2D, v.kernel), v.bias);
          if (index < vars.length - 1) h = tf.relu(h);
        });
        return tf.losses.softmaxCrossEntropy(onehot, h) as tf.Scalar;
      };
      for (let step = 0; step < 5; step++) {
        trainer.trainStep();
        oracle.minimize(loss, false, vars.flatMap((v) => [v.kernel, v.bias]));
      }
      trainer.parameters().forEach((layer, index) => {
        expectMatch(layer.kernel, vars[index].kernel.dataSync(), `${layer.name} kernel`, tolerance, 0);
        expectMatch(layer.bias, vars[index].bias.dataSync(), `${layer.name} bias`, tolerance, 0);
      });
      tf.disposeVariables();
    });
  }
});
