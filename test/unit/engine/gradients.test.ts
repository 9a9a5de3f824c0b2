/**
 * Finite-difference gradient checks in float64 for every layer, every loss, the penalties, and
 * whole networks (dense + BN + ReLU + dropout with a fixed mask; conv + pool).
 * Tolerance everywhere unless stated: |analytic - numeric| <= 1e-7 + 1e-5 * max magnitude
 * (central differences, h = 1e-6, see helpers.ts).
 */
import { describe, expect, it } from 'vitest';
import { ActivationLayer } from '../../../src/engine/activationLayer.ts';
import { BatchNormLayer } from '../../../src/engine/batchNorm.ts';
import type { ActivationName, ModelSpec } from '../../../src/engine/contract.ts';
import { Conv2dLayer } from '../../../src/engine/conv2d.ts';
import { DenseLayer } from '../../../src/engine/dense.ts';
import { DropoutLayer } from '../../../src/engine/dropout.ts';
import { FlattenLayer } from '../../../src/engine/flatten.ts';
import { losses, type EngineLossName } from '../../../src/engine/losses.ts';
import { MaxPoolLayer } from '../../../src/engine/maxPool.ts';
import { Network } from '../../../src/engine/network.ts';
import { regularizers } from '../../../src/engine/regularizers.ts';
import { createStream } from '../../../src/engine/rng.ts';
import { checkLayer, expectClose, numericGradient, randomArray } from './helpers.ts';

describe('layer gradients (float64 finite differences)', () => {
  it('dense', () => checkLayer(new DenseLayer('dense', 5, 4, 'float64'), 3, 1));
  it('dense with a batch that is not a multiple of the 4x2 tile', () => checkLayer(new DenseLayer('dense', 7, 3, 'float64'), 6, 2));

  for (const activation of ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'linear'] as ActivationName[]) {
    // Inputs kept 0.05 away from 0 so no difference quotient straddles the ReLU kink.
    it(`activation ${activation}`, () => checkLayer(new ActivationLayer(activation, activation, 6, 'float64'), 4, 3, { avoid: 0.05 }));
  }

  it('batch norm, training mode (batch statistics)', () => checkLayer(new BatchNormLayer('bn', 6, 6, 'float64'), 5, 4));
  it('batch norm, inference mode (running statistics)', () => {
    const layer = new BatchNormLayer('bn', 4, 4, 'float64');
    layer.runningMean.set([0.1, -0.2, 0.3, 0]);
    layer.runningVariance.set([0.5, 2, 1, 0.1]);
    checkLayer(layer, 3, 5, { training: false });
  });
  it('batch norm over channels of images (statistics over batch x height x width)', () => checkLayer(new BatchNormLayer('bn', 12, 3, 'float64'), 2, 6));
  it('batch norm input gradient sums to zero over the batch per feature', () => {
    const layer = new BatchNormLayer('bn', 3, 3, 'float64');
    layer.reserve(8);
    const rng = createStream(7, 'test');
    layer.forward(randomArray(rng, 24), 8, true);
    const dx = layer.backward(randomArray(rng, 24), 8, true)!;
    for (let f = 0; f < 3; f++) {
      let sum = 0;
      for (let b = 0; b < 8; b++) sum += dx[b * 3 + f];
      expect(Math.abs(sum)).toBeLessThan(1e-12);
    }
  });

  it('dropout with a fixed mask', () => {
    const layer = new DropoutLayer('dropout', 10, createStream(1, 'dropout/test'), 'float64');
    layer.rate = 0.4;
    layer.reserve(4);
    layer.forward(new Float64Array(40), 4, true);
    layer.reuseMask = true;
    checkLayer(layer, 4, 8);
  });

  it('conv 3x3, 2 -> 3 channels, same padding', () => checkLayer(new Conv2dLayer('conv', 4, 5, 2, 3, 3, 'float64'), 2, 9));
  it('conv 5x5, 3 -> 2 channels, same padding', () => checkLayer(new Conv2dLayer('conv', 6, 6, 3, 2, 5, 'float64'), 2, 10));
  it('2x2 max-pool (odd sizes drop the last row and column)', () => checkLayer(new MaxPoolLayer('pool', 5, 6, 2, 'float64'), 3, 11));
  it('flatten', () => checkLayer(new FlattenLayer('flatten', 12), 2, 12));
});

describe('loss gradients', () => {
  const cases: [EngineLossName, (rng: ReturnType<typeof createStream>, batch: number, size: number) => Float64Array][] = [
    ['softmaxCrossEntropy', (rng, batch, size) => Float64Array.from({ length: batch }, () => rng.int(size))],
    ['mse', (rng, batch, size) => randomArray(rng, batch * size)],
    ['sigmoidCrossEntropy', (rng, batch, size) => Float64Array.from({ length: batch * size }, () => rng.int(2))],
  ];
  for (const [name, makeTargets] of cases) {
    it(name, () => {
      const rng = createStream(20, name);
      const batch = 5;
      const size = 3;
      const outputs = randomArray(rng, batch * size, 3);
      const targets = makeTargets(rng, batch, size);
      const gradient = new Float64Array(batch * size);
      losses[name].compute(outputs, targets, batch, size, gradient);
      const numeric = numericGradient(outputs, () => losses[name].compute(outputs, targets, batch, size, null));
      expectClose(gradient, numeric, name);
    });
  }

  it('softmax cross-entropy is finite for huge logits (max subtracted)', () => {
    const loss = losses.softmaxCrossEntropy.compute(new Float64Array([1000, -1000, 0]), [1], 1, 3, null);
    expect(loss).toBeCloseTo(2000, 6);
  });
  it('sigmoid cross-entropy is finite for huge logits', () => {
    expect(losses.sigmoidCrossEntropy.compute(new Float64Array([800]), [0], 1, 1, null)).toBeCloseTo(800, 6);
  });
});

describe('penalty gradients', () => {
  for (const name of ['l1', 'l2'] as const) {
    it(`${name}: gradient of lambda * sum f(w)`, () => {
      const rng = createStream(30, name);
      // Away from 0: |w| is not differentiable there.
      const w = randomArray(rng, 12, 1, 0.05);
      const g = new Float64Array(12);
      regularizers[name].addGradient(w, g, 12, 0.3);
      expectClose(g, numericGradient(w, () => regularizers[name].penalty(w, 12, 0.3)), name);
    });
  }
  it('L2 is the Keras convention lambda * sum w^2 (no 1/2)', () => {
    expect(regularizers.l2.penalty(new Float64Array([1, -2]), 2, 0.1)).toBeCloseTo(0.5, 12);
  });
  it('L1 subgradient is 0 at w = 0', () => {
    const g = new Float64Array(1);
    regularizers.l1.addGradient(new Float64Array([0]), g, 1, 1);
    expect(g[0]).toBe(0);
  });
});

/** Checks every parameter of a network against finite differences of its mean data loss. */
function checkNetwork(spec: ModelSpec, batch: number, configure: (network: Network) => void, rtol = 1e-5, atol = 1e-7): void {
  const network = new Network(spec, 'float64', 3);
  configure(network);
  network.refreshPaths();
  network.reserve(batch);
  const rng = createStream(40, 'network');
  const input = randomArray(rng, batch * network.inputSize);
  const targets = Float64Array.from({ length: batch }, () => rng.int(spec.outputSize));
  const loss = losses[spec.loss];
  const objective = () => loss.compute(network.forward(input, batch, true), targets, batch, spec.outputSize, null);
  objective();
  // Freeze the dropout masks drawn by that first pass.
  for (const layer of network.layers) if (layer instanceof DropoutLayer) layer.reuseMask = true;
  const gradient = new Float64Array(batch * spec.outputSize);
  loss.compute(network.forward(input, batch, true), targets, batch, spec.outputSize, gradient);
  network.backward(gradient, batch);
  for (const param of network.activeParams()) {
    const analytic = Float64Array.from(param.gradient);
    expectClose(analytic, numericGradient(param.value as Float64Array, objective), param.name, rtol, atol);
  }
}

describe('network gradients', () => {
  it('dense -> BN -> ReLU -> dropout (fixed mask), twice, with input dropout, softmax cross-entropy', () => {
    checkNetwork(
      { inputShape: [4], convBlocks: [], hiddenUnits: [6, 5], activation: 'relu', initializer: 'heNormal', outputSize: 3, loss: 'softmaxCrossEntropy' },
      7,
      (network) => {
        network.setBatchNorm(true);
        network.inputDropout.rate = 0.2;
        for (const block of network.hidden) block.dropout.rate = 0.3;
      },
    );
  });
  it('tanh stack with MSE', () => {
    checkNetwork(
      { inputShape: [3], convBlocks: [], hiddenUnits: [5, 4], activation: 'tanh', initializer: 'glorotUniform', outputSize: 2, loss: 'mse' },
      5,
      () => {},
    );
  });
  it('conv 3x3 -> ReLU -> pool -> conv 5x5 -> ReLU -> pool -> flatten -> dense -> output', () => {
    checkNetwork(
      {
        inputShape: [8, 8, 2],
        convBlocks: [
          { filters: 3, kernelSize: 3 },
          { filters: 2, kernelSize: 5 },
        ],
        hiddenUnits: [4],
        activation: 'relu',
        initializer: 'heNormal',
        outputSize: 3,
        loss: 'softmaxCrossEntropy',
      },
      2,
      () => {},
    );
  });
});
