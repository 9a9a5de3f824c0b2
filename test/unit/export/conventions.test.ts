/**
 * The convention conversions of shared/docs/semantics.md, checked in the generated code: Keras
 * takes our values as they are; PyTorch gets converted ones, and L2 never becomes weight_decay.
 */
import { describe, expect, it } from 'vitest';
import type { LayerParameters } from '../../../src/engine';
import type { Settings } from '../../../src/settings/settingsTable';
import { regenerateDataset, regenerateInitialWeights } from '../../../src/ui/export/headlessRun';
import { toKerasScript } from '../../../src/ui/export/kerasScript';
import { rowsOf, transposed } from '../../../src/ui/export/modelPlan';
import { toPytorchScript, torchMomentum } from '../../../src/ui/export/pytorchScript';
import { convHwio, convOihw } from '../../../src/ui/export/pythonLiterals';
import { SMALL, syntheticDigits } from './fixtures';

function scripts(settings: Settings, exact = false) {
  const sources = settings.dataset === 'digits' ? { digits: syntheticDigits() } : {};
  const dataset = regenerateDataset(settings, sources);
  const options = { initialWeights: exact ? regenerateInitialWeights(settings, dataset) : null, epochs: 5, dataFile: 'data.csv' };
  return { pytorch: toPytorchScript(settings, dataset, options), keras: toKerasScript(settings, dataset, options), dataset };
}

/** The Python code without comments and docstrings (what actually runs). */
function code(script: string): string {
  return script
    .replace(/"""[\s\S]*?"""/g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');
}

/** The value of `NAME = value` in a script. */
function constant(script: string, name: string): number {
  const match = new RegExp(`^${name} = ([^\\s#]+)`, 'm').exec(script);
  if (match === null) throw new Error(`${name} is not set`);
  return Number(match[1]);
}

describe('batch norm (semantics.md section 3)', () => {
  it('PyTorch gets momentum 1 - m and an explicit eps of 1e-3; Keras gets m as is', () => {
    for (const m of [0.99, 0.9, 0.5, 0]) {
      const { pytorch, keras } = scripts({ ...SMALL, batchNorm: true, batchNormMomentum: m });
      expect(constant(pytorch, 'BN_MOMENTUM')).toBeCloseTo(1 - m, 12);
      expect(constant(pytorch, 'BN_EPS')).toBe(1e-3);
      expect(code(pytorch)).toContain('KerasBatchNorm1d(6, momentum=BN_MOMENTUM, eps=BN_EPS)');
      expect(code(pytorch)).toContain('class KerasBatchNorm1d(nn.BatchNorm1d):');
      expect(constant(keras, 'BN_MOMENTUM')).toBe(m);
      expect(constant(keras, 'BN_EPSILON')).toBe(1e-3);
      expect(code(keras)).toContain('keras.layers.BatchNormalization(momentum=BN_MOMENTUM, epsilon=BN_EPSILON, name="batch_norm_1")');
    }
    expect(torchMomentum(0.99)).toBe(0.01);
  });

  it('places Dense -> BN -> activation -> Dropout', () => {
    const { pytorch, keras } = scripts({ ...SMALL, batchNorm: true, dropoutEnabled: true });
    const order = ['("dense1", nn.Linear', '("bn1", KerasBatchNorm1d', '("dense1_act", nn.ReLU())', '("dense1_dropout", nn.Dropout'];
    const positions = order.map((text) => pytorch.indexOf(text));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const kerasOrder = ['name="dense_1")', 'name="batch_norm_1")', 'name="dense_1_relu")', 'name="dense_1_dropout")'].map((text) => keras.indexOf(text));
    expect([...kerasOrder].sort((a, b) => a - b)).toEqual(kerasOrder);
    expect(pytorch).not.toContain('nn.BatchNorm1d(6');
  });

  it('the dense layer before batch norm has no bias (bias=False / use_bias=False), in the exact weights too; the output layer keeps its own', () => {
    const { pytorch, keras } = scripts({ ...SMALL, batchNorm: true }, true);
    expect(code(pytorch)).toMatch(/\("dense1", nn\.Linear\(\d+, 6, bias=False\)\)/);
    expect(code(pytorch)).toMatch(/\("output", nn\.Linear\(\d+, \d+\)\)/);
    expect(pytorch).not.toContain('"dense1.bias"');
    expect(pytorch).toContain('"output.bias"');
    expect(code(pytorch)).toContain('if module.bias is not None:');
    expect(code(keras)).toMatch(/keras\.layers\.Dense\(6, [^\n]*use_bias=False, name="dense_1"\)/);
    expect(code(keras)).not.toMatch(/use_bias=False, name="output"/);
    // Without batch norm every dense layer has its bias.
    const plain = scripts({ ...SMALL, batchNorm: false }, true);
    expect(plain.pytorch).toContain('"dense1.bias"');
    expect(code(plain.pytorch)).not.toContain('bias=False');
    expect(code(plain.keras)).not.toContain('use_bias=False');
  });

  it('leaves batch norm out entirely when it is off', () => {
    const { pytorch, keras } = scripts({ ...SMALL, batchNorm: false });
    expect(pytorch).not.toContain('BatchNorm1d(');
    expect(keras).not.toContain('BatchNormalization(');
  });
});

describe('L1 and L2 (semantics.md section 1)', () => {
  const settings: Settings = { ...SMALL, l1Enabled: true, l1: 0.002, l2Enabled: true, l2: 0.0005 };

  it('PyTorch: an explicit kernels-only penalty in the loss, never weight_decay', () => {
    const { pytorch } = scripts(settings);
    const running = code(pytorch);
    expect(running).not.toMatch(/weight_decay/);
    expect(constant(pytorch, 'L1')).toBe(0.002);
    expect(constant(pytorch, 'L2')).toBe(0.0005);
    expect(running).toContain('return [module.weight for module in model.modules() if isinstance(module, (nn.Linear, nn.Conv2d))]');
    expect(running).toMatch(/for weight in kernels\(model\):\n\s+total = total \+ L1 \* weight\.abs\(\)\.sum\(\) \+ L2 \* weight\.pow\(2\)\.sum\(\)/);
    expect(running).toContain('loss = data_loss + penalty(model)');
    // The penalty never touches biases or BN parameters.
    const penalty = running.slice(running.indexOf('def penalty'), running.indexOf('LOSS ='));
    expect(penalty).not.toMatch(/parameters\(\)|bias/);
  });

  it('PyTorch: the penalty is added before clipping, as in Keras', () => {
    const running = code(scripts({ ...settings, clipMode: 'norm' }).pytorch);
    expect(running.indexOf('loss = data_loss + penalty(model)')).toBeLessThan(running.indexOf('clip_grad_norm_'));
  });

  it('Keras: L1L2(l1, l2) as is (no factor 2), as a kernel_regularizer of every Dense/Conv2D', () => {
    const { keras } = scripts(settings);
    expect(constant(keras, 'L1')).toBe(0.002);
    expect(constant(keras, 'L2')).toBe(0.0005);
    expect(code(keras)).toContain('return keras.regularizers.L1L2(l1=L1, l2=L2)');
    expect(code(keras).match(/kernel_regularizer=kernel_regularizer\(\)/g)).toHaveLength(3);
    expect(code(keras)).not.toContain('bias_regularizer');
  });

  it('no penalty code when L1 and L2 are off', () => {
    const { pytorch, keras } = scripts(SMALL);
    expect(pytorch).not.toContain('def penalty');
    expect(code(pytorch)).toContain('        loss = data_loss\n');
    expect(code(keras)).not.toContain('kernel_regularizer');
  });

  it('proximal L1 ("exact zeros") soft-thresholds after the step instead of adding L1 to the loss', () => {
    const { pytorch, keras } = scripts({ ...SMALL, l1Enabled: true, l1: 0.003, l1Proximal: true });
    expect(constant(pytorch, 'L1_PROXIMAL')).toBe(0.003);
    expect(code(pytorch)).not.toContain('L1 * weight');
    expect(code(pytorch).indexOf('optimizer.step()')).toBeLessThan(code(pytorch).indexOf('LEARNING_RATE * L1_PROXIMAL'));
    expect(code(keras)).toContain('class ProximalL1(keras.callbacks.Callback):');
    expect(code(keras)).toContain('ProximalL1(),');
  });
});

describe('decoupled weight decay (semantics.md section 1)', () => {
  it('Adam/AdamW -> torch.optim.AdamW with the same wd on kernels and 0 on the rest; Keras AdamW(weight_decay) excluding biases and BN', () => {
    for (const optimizer of ['adam', 'adamw'] as const) {
      const { pytorch, keras } = scripts({ ...SMALL, optimizer, weightDecay: 0.02, batchNorm: true });
      expect(constant(pytorch, 'WEIGHT_DECAY')).toBe(0.02);
      expect(code(pytorch)).toContain('[{"params": decayed, "weight_decay": WEIGHT_DECAY}, {"params": others, "weight_decay": 0.0}]');
      expect(code(pytorch)).toContain('torch.optim.AdamW(');
      expect(code(keras)).toContain(`keras.optimizers.${optimizer === 'adamw' ? 'AdamW' : 'Adam'}(learning_rate=LEARNING_RATE, beta_1=0.9, beta_2=0.999, epsilon=1e-8, weight_decay=WEIGHT_DECAY)`);
      expect(code(keras)).toContain('optimizer.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])');
    }
  });

  it('SGD and momentum get a manual decoupled step in PyTorch (after clipping, before the step) and weight_decay in Keras', () => {
    for (const optimizer of ['sgd', 'momentum'] as const) {
      const { pytorch, keras } = scripts({ ...SMALL, optimizer, weightDecay: 0.02, clipMode: 'norm' });
      const running = code(pytorch);
      expect(running).not.toMatch(/weight_decay/);
      const decay = running.indexOf('weight.mul_(1.0 - LEARNING_RATE * WEIGHT_DECAY)');
      expect(decay).toBeGreaterThan(running.indexOf('clip_grad_norm_'));
      expect(decay).toBeLessThan(running.indexOf('optimizer.step()'));
      expect(code(keras)).toContain('weight_decay=WEIGHT_DECAY');
    }
  });

  it('AdamW with weight decay 0 is plain Adam in PyTorch', () => {
    const { pytorch } = scripts({ ...SMALL, optimizer: 'adamw', weightDecay: 0 });
    expect(code(pytorch)).toContain('torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-8)');
    expect(code(pytorch)).not.toMatch(/weight_decay/);
  });
});

describe('optimizers (semantics.md section 8)', () => {
  it('Adam: PyTorch-form eps 1e-8 in both, set explicitly in Keras', () => {
    const { pytorch, keras } = scripts({ ...SMALL, optimizer: 'adam' });
    expect(code(pytorch)).toContain('betas=(0.9, 0.999), eps=1e-8');
    expect(code(keras)).toContain('epsilon=1e-8');
  });

  it('momentum: PyTorch SGD(momentum=mu), Keras SGD(momentum=mu)', () => {
    const { pytorch, keras } = scripts({ ...SMALL, optimizer: 'momentum', momentum: 0.8 });
    expect(constant(pytorch, 'MOMENTUM')).toBe(0.8);
    expect(code(pytorch)).toContain('torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)');
    expect(code(keras)).toContain('keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM)');
  });
});

describe('dropout (semantics.md section 2)', () => {
  it('rate = Keras rate = PyTorch p, per layer, with input dropout first', () => {
    const { pytorch, keras } = scripts({ ...SMALL, dropoutEnabled: true, dropoutRate: 0.3, inputDropoutRate: 0.1, dropoutLayerRates: [20] });
    expect(pytorch).toContain('("input_dropout", nn.Dropout(p=0.1))');
    expect(pytorch).toContain('("dense1_dropout", nn.Dropout(p=0.2))');
    expect(pytorch).toContain('("dense2_dropout", nn.Dropout(p=0.3))');
    expect(keras).toContain('keras.layers.Dropout(0.1, name="input_dropout")');
    expect(keras).toContain('keras.layers.Dropout(0.2, name="dense_1_dropout")');
    expect(keras).toContain('keras.layers.Dropout(0.3, name="dense_2_dropout")');
    expect(pytorch.indexOf('input_dropout')).toBeLessThan(pytorch.indexOf('("dense1"'));
  });

  it('no dropout layers when dropout is off, whatever the rates say', () => {
    const { pytorch, keras } = scripts({ ...SMALL, dropoutEnabled: false, dropoutRate: 0.5, inputDropoutRate: 0.2 });
    expect(pytorch).not.toContain('nn.Dropout(');
    expect(keras).not.toContain('keras.layers.Dropout(');
  });
});

describe('gradient clipping (semantics.md section 5)', () => {
  it('global norm -> clip_grad_norm_ / global_clipnorm; by value -> clip_grad_value_ / clipvalue', () => {
    const norm = scripts({ ...SMALL, clipMode: 'norm', clipValue: 0.5 });
    expect(constant(norm.pytorch, 'CLIP')).toBe(0.5);
    expect(code(norm.pytorch)).toContain('torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=CLIP)');
    expect(code(norm.keras)).toContain('global_clipnorm=CLIP');
    const value = scripts({ ...SMALL, clipMode: 'value', clipValue: 2 });
    expect(code(value.pytorch)).toContain('torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=CLIP)');
    expect(code(value.keras)).toContain('clipvalue=CLIP');
    const none = scripts({ ...SMALL, clipMode: 'none' });
    expect(none.pytorch).not.toContain('clip_grad');
    expect(none.keras).not.toMatch(/clipnorm|clipvalue/);
  });
});

describe('early stopping (semantics.md section 4)', () => {
  it('Keras: EarlyStopping with every argument; the data loss is monitored when a penalty is on', () => {
    const plain = scripts({ ...SMALL, earlyStopping: true, patience: 7, minDelta: 0.01, restoreBest: true, startFromEpoch: 3 });
    expect(constant(plain.keras, 'PATIENCE')).toBe(7);
    expect(constant(plain.keras, 'MIN_DELTA')).toBe(0.01);
    expect(constant(plain.keras, 'START_FROM_EPOCH')).toBe(3);
    expect(plain.keras).toMatch(/^RESTORE_BEST_WEIGHTS = True/m);
    expect(code(plain.keras)).toContain('monitor="val_loss", mode="min", patience=PATIENCE, min_delta=MIN_DELTA');
    expect(code(plain.keras)).toContain('restore_best_weights=RESTORE_BEST_WEIGHTS, start_from_epoch=START_FROM_EPOCH');
    const penalized = scripts({ ...SMALL, earlyStopping: true, l2Enabled: true });
    expect(code(penalized.keras)).toContain('monitor="val_data_loss"');
  });

  it('PyTorch: by hand with Keras semantics (strict min_delta, epoch > 0, restore on stop and at the end)', () => {
    const { pytorch } = scripts({ ...SMALL, earlyStopping: true, restoreBest: false });
    const running = code(pytorch);
    expect(pytorch).toMatch(/^RESTORE_BEST_WEIGHTS = False/m);
    expect(running).toContain('if epoch < START_FROM_EPOCH:');
    expect(running).toContain('if self.best is None or current < self.best - MIN_DELTA:');
    expect(running).toContain('if self.wait >= PATIENCE and epoch > 0:');
    // Rank 0 decides on the unwrapped model and broadcasts the decision to every process.
    expect(running).toContain('if rank == 0 and stopping.on_epoch_end(epoch, validation_loss, net):');
    expect(running).toContain('dist.broadcast(stop, 0)');
    expect(running).toContain('stopping.restore(net)');
  });

  it('no early stopping code when it is off', () => {
    const { pytorch, keras } = scripts({ ...SMALL, earlyStopping: false });
    expect(code(pytorch)).not.toContain('EarlyStopping');
    expect(code(keras)).not.toContain('EarlyStopping');
  });
});

describe('initializers and losses (semantics.md sections 6 and 7)', () => {
  const cases = [
    ['heNormal', 'nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")', 'VarianceScaling(scale=2.0, mode="fan_in", distribution="untruncated_normal")'],
    ['heUniform', 'nn.init.kaiming_uniform_(module.weight, mode="fan_in", nonlinearity="relu")', 'keras.initializers.HeUniform()'],
    ['glorotNormal', 'nn.init.xavier_normal_(module.weight)', 'VarianceScaling(scale=1.0, mode="fan_avg", distribution="untruncated_normal")'],
    ['glorotUniform', 'nn.init.xavier_uniform_(module.weight)', 'keras.initializers.GlorotUniform()'],
    ['normal1', 'nn.init.normal_(module.weight, mean=0.0, std=1.0)', 'keras.initializers.RandomNormal(mean=0.0, stddev=1.0)'],
    ['normal001', 'nn.init.normal_(module.weight, mean=0.0, std=0.01)', 'keras.initializers.RandomNormal(mean=0.0, stddev=0.01)'],
  ] as const;
  it.each(cases)('%s', (initializer, torchCall, kerasCall) => {
    const { pytorch, keras } = scripts({ ...SMALL, initializer });
    expect(code(pytorch)).toContain(torchCall);
    expect(code(pytorch)).toContain('nn.init.zeros_(module.bias)');
    expect(code(keras)).toContain(kerasCall);
  });

  it('"auto" is He normal for ReLU and Glorot uniform for tanh', () => {
    expect(code(scripts({ ...SMALL, initializer: 'auto', activation: 'relu' }).pytorch)).toContain('kaiming_normal_');
    expect(code(scripts({ ...SMALL, initializer: 'auto', activation: 'tanh' }).pytorch)).toContain('xavier_uniform_');
  });

  it('softmax cross-entropy from logits for classification, MSE for regression', () => {
    const classification = scripts(SMALL);
    expect(code(classification.pytorch)).toContain('LOSS = nn.CrossEntropyLoss()');
    expect(code(classification.keras)).toContain('keras.losses.SparseCategoricalCrossentropy(from_logits=True)');
    const regression = scripts({ ...SMALL, dataset: 'sine' });
    expect(code(regression.pytorch)).toContain('LOSS = nn.MSELoss()');
    expect(code(regression.keras)).toContain('LOSS = keras.losses.MeanSquaredError()');
  });
});

describe('exact initial weights: layouts', () => {
  it('dense kernels [in, out] are transposed for nn.Linear ([out, in]) and kept for Keras', () => {
    // [[1, 2, 3], [4, 5, 6]] as 2 inputs x 3 outputs.
    const kernel = [1, 2, 3, 4, 5, 6];
    expect(rowsOf(kernel, 2, 3)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(transposed(kernel, 2, 3)).toEqual([[1, 4], [2, 5], [3, 6]]);
  });

  it('conv kernels HWIO become OIHW for PyTorch and stay HWIO for Keras', () => {
    const [k, inChannels, filters] = [3, 2, 4];
    const kernel = Float32Array.from({ length: k * k * inChannels * filters }, (_, i) => i);
    const layer: LayerParameters = { name: 'conv 1', kind: 'conv', shape: [k, k, inChannels, filters], kernel, bias: new Float32Array(filters) };
    const oihw = convOihw(layer);
    const hwio = convHwio(layer);
    for (let ky = 0; ky < k; ky++)
      for (let kx = 0; kx < k; kx++)
        for (let ci = 0; ci < inChannels; ci++)
          for (let co = 0; co < filters; co++) {
            const value = kernel[((ky * k + kx) * inChannels + ci) * filters + co];
            expect(oihw[co][ci][ky][kx]).toBe(value);
            expect(hwio[ky][kx][ci][co]).toBe(value);
          }
  });

  it('the embedded PyTorch weight is the transpose of our kernel, the Keras one our kernel itself', () => {
    const settings: Settings = { ...SMALL, dataset: 'sine', hiddenLayers: [2] };
    const dataset = regenerateDataset(settings);
    const weights = regenerateInitialWeights(settings, dataset);
    const { pytorch, keras } = scripts(settings, true);
    const dense = weights.find((layer) => layer.name === 'dense 1')!;
    const output = weights.find((layer) => layer.name === 'output')!;
    // dense 1 is [1 input, 2 units]: PyTorch [[w0], [w1]], Keras [[w0, w1]].
    const literal = (values: ArrayLike<number>) => Array.from(values, (value) => String(Math.fround(value))).join(', ');
    const parse = (text: string) => text.split(',').map((value) => Math.fround(Number(value)));
    const torchRows = /"dense1\.weight": \[\n\s+\[([^\]]+)\],\n\s+\[([^\]]+)\],/.exec(pytorch)!;
    expect(parse(torchRows[1])).toEqual([dense.kernel[0]]);
    expect(parse(torchRows[2])).toEqual([dense.kernel[1]]);
    const kerasRow = /"dense_1": \[\n\s+\[\n\s+\[([^\]]+)\],/.exec(keras)!;
    expect(parse(kerasRow[1])).toEqual(Array.from(dense.kernel));
    // output is [2, 1]: PyTorch one row of 2.
    expect(parse(/"output\.weight": \[\n\s+\[([^\]]+)\],/.exec(pytorch)![1])).toEqual(Array.from(output.kernel));
    expect(literal([1])).toBe('1');
    expect(code(pytorch)).toContain('load_initial_weights(model)');
    expect(code(keras)).toContain('model.get_layer(name).set_weights(');
  });

  it('the CNN flattens NHWC in PyTorch (channels-last permute before Flatten), as our dense kernel rows expect', () => {
    const { pytorch } = scripts({ ...SMALL, dataset: 'digits', convolutional: true, hiddenLayers: [4] });
    const running = code(pytorch);
    expect(running).toContain('("image", nn.Unflatten(1, (1, 14, 14)))');
    expect(running).toContain('("conv1", nn.Conv2d(1, 8, kernel_size=3, padding=1))');
    expect(running).toContain('("conv2", nn.Conv2d(8, 16, kernel_size=3, padding=1))');
    expect(running.indexOf('ChannelsLast()')).toBeLessThan(running.indexOf('nn.Flatten()'));
    // 14 -> 7 -> 3 after two 2x2 pools: 3 * 3 * 16 = 144 inputs to the first dense layer.
    expect(running).toContain('("dense1", nn.Linear(144, 4))');
  });
});
