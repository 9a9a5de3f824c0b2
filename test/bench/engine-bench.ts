/**
 * Engine benchmark (a benchmark, not a test): our engine vs TensorFlow.js on its CPU and WASM
 * backends, side by side in one process, same architecture, batch, optimizer and data shape.
 * Each figure is the median of RUNS timed runs after a warm-up. `npm run bench` prints a
 * Markdown table; `npm run bench -- --json` prints only JSON.
 *
 * Fairness notes (in TF.js's favour): TF.js gets its minibatches as tensors made before timing
 * (no gather per step), uses optimizer.minimize inside tidy (no Layers-API overhead), and keeps
 * BN moving statistics like ours. Ours runs Trainer.trainStep() with the seeded shuffle, gather,
 * dropout masks from its streams, clipping checks and NaN checks, with per-epoch metrics off
 * (the table also shows ours with them on: an inference pass over the training and validation
 * sets after every epoch, as the app runs it).
 * TF.js's WASM backend has no Conv2DBackpropFilter kernel: for W6 on WASM the filter gradient
 * is computed with the standard identity dW = conv(transpose(x_padded), transpose(dy)) on the
 * WASM backend's own Conv2D (XNNPACK), through tf.customGrad.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers the gradient functions that tfjs-core alone does not.
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createStream } from '../../src/engine/rng.ts';
import type { ConvBlockSpec, LiveSettings, OptimizerName, TrainingData } from '../../src/engine/contract.ts';
import { defaultLiveSettings } from '../unit/engine/fixtures.ts';
import { Trainer } from '../../src/engine/trainer.ts';

const JSON_ONLY = process.argv.includes('--json');

// A full garbage collection before every timed run, so that one contender's garbage (TF.js
// allocates tensors every step) is not collected during the next contender's run.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const RUNS = 5;
const WARMUP_SECONDS = 0.4;
const RUN_SECONDS = 0.3;

/** One benchmark workload (softmax cross-entropy, float data). */
interface Workload {
  name: string;
  description: string;
  inputShape: number[];
  convBlocks: ConvBlockSpec[];
  hidden: number[];
  /** Dropout after each hidden dense layer (0 = none). */
  dropout: number;
  batchNorm: boolean;
  optimizer: OptimizerName;
  learningRate: number;
  l2: number;
  batchSize: number;
  classes: number;
  /** Training examples (one epoch). */
  count: number;
  /** Target ratios from issue 3. */
  target: { against: 'tfjsCpu' | 'tfjsWasm'; ratio: number };
}

const WORKLOADS: Workload[] = [
  { name: 'W1', description: '2-8-8-2 ReLU, 500 points, batch 10, SGD 0.03', inputShape: [2], convBlocks: [], hidden: [8, 8], dropout: 0, batchNorm: false, optimizer: 'sgd', learningRate: 0.03, l2: 0, batchSize: 10, classes: 2, count: 500, target: { against: 'tfjsCpu', ratio: 50 } },
  { name: 'W2', description: '2-(6x8 ReLU)-2, batch 10, L2 1e-3, SGD 0.03', inputShape: [2], convBlocks: [], hidden: [8, 8, 8, 8, 8, 8], dropout: 0, batchNorm: false, optimizer: 'sgd', learningRate: 0.03, l2: 1e-3, batchSize: 10, classes: 2, count: 500, target: { against: 'tfjsCpu', ratio: 50 } },
  { name: 'W3', description: '2-(3x16 Dense-BN-ReLU-Dropout 0.5)-2, batch 32, Adam 1e-3', inputShape: [2], convBlocks: [], hidden: [16, 16, 16], dropout: 0.5, batchNorm: true, optimizer: 'adam', learningRate: 1e-3, l2: 0, batchSize: 32, classes: 2, count: 500, target: { against: 'tfjsCpu', ratio: 50 } },
  { name: 'W4', description: '64-128-64-10 ReLU, dropout 0.5, batch 32, Adam', inputShape: [64], convBlocks: [], hidden: [128, 64], dropout: 0.5, batchNorm: false, optimizer: 'adam', learningRate: 1e-3, l2: 0, batchSize: 32, classes: 10, count: 1024, target: { against: 'tfjsWasm', ratio: 3 } },
  { name: 'W5', description: '784-256-128-10 ReLU, dropout 0.2, batch 64, Adam', inputShape: [784], convBlocks: [], hidden: [256, 128], dropout: 0.2, batchNorm: false, optimizer: 'adam', learningRate: 1e-3, l2: 0, batchSize: 64, classes: 10, count: 2048, target: { against: 'tfjsWasm', ratio: 2 } },
  { name: 'W6', description: '28x28x1 conv8@3-pool-conv16@3-pool-64-dropout 0.25-10, batch 32, Adam', inputShape: [28, 28, 1], convBlocks: [{ filters: 8, kernelSize: 3 }, { filters: 16, kernelSize: 3 }], hidden: [64], dropout: 0.25, batchNorm: false, optimizer: 'adam', learningRate: 1e-3, l2: 0, batchSize: 32, classes: 10, count: 512, target: { against: 'tfjsWasm', ratio: 1 } },
];

/** Training FLOPs per sample: 3x the forward multiply-adds x 2 of the dense and conv layers (forward, dX, dW). */
function flopsPerSample(w: Workload): number {
  let macs = 0;
  let [height, width, channels] = w.inputShape.length === 3 ? w.inputShape : [1, 1, w.inputShape[0]];
  for (const block of w.convBlocks) {
    macs += height * width * block.kernelSize * block.kernelSize * channels * block.filters;
    height >>= 1;
    width >>= 1;
    channels = block.filters;
  }
  let size = height * width * channels;
  for (const units of [...w.hidden, w.classes]) {
    macs += size * units;
    size = units;
  }
  return 3 * 2 * macs;
}

/** Seeded random inputs (uniform in [-1, 1]) and labels. */
function makeData(w: Workload, count: number, stream: string): TrainingData['train'] {
  const rng = createStream(1, stream);
  const size = w.inputShape.reduce((a, b) => a * b, 1);
  const inputs = new Float32Array(count * size);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniformIn(-1, 1);
  const targets = new Float32Array(count);
  for (let i = 0; i < count; i++) targets[i] = rng.int(w.classes);
  return { count, inputs, targets };
}

function dataset(w: Workload): TrainingData {
  return { task: 'classification', inputShape: w.inputShape, outputSize: w.classes, train: makeData(w, w.count, 'train'), validation: makeData(w, Math.max(100, w.count >> 2), 'validation') };
}

/** A training loop under test; `activate` selects its TF.js backend. */
interface Contender {
  activate: () => Promise<void>;
  step: () => void;
}

/**
 * Median samples per second of each contender. Each warms up alone; then the timed runs are
 * interleaved (run r of every contender before run r + 1 of any), so that load from other
 * processes on a shared machine hits all contenders alike.
 */
async function measure(contenders: Contender[], batch: number): Promise<number[]> {
  const stepsPerRun: number[] = [];
  for (const contender of contenders) {
    await contender.activate();
    let steps = 0;
    const start = performance.now();
    while (performance.now() - start < WARMUP_SECONDS * 1000 || steps < 3) {
      contender.step();
      steps++;
    }
    const perStep = (performance.now() - start) / steps;
    stepsPerRun.push(Math.max(3, Math.round((RUN_SECONDS * 1000) / perStep)));
  }
  const rates: number[][] = contenders.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (let c = 0; c < contenders.length; c++) {
      await contenders[c].activate();
      collectGarbage();
      const start = performance.now();
      for (let i = 0; i < stepsPerRun[c]; i++) contenders[c].step();
      rates[c].push((stepsPerRun[c] * batch * 1000) / (performance.now() - start));
    }
  }
  return rates.map(median);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function settingsFor(w: Workload): LiveSettings {
  return { ...defaultLiveSettings(), optimizer: w.optimizer, learningRate: w.learningRate, l2: w.l2, batchSize: w.batchSize, dropoutRate: w.dropout, batchNorm: w.batchNorm };
}

function trainer(w: Workload, data: TrainingData, epochMetrics: boolean): Trainer {
  return new Trainer({
    model: { inputShape: w.inputShape, convBlocks: w.convBlocks, hiddenUnits: w.hidden, activation: 'relu', initializer: 'auto', outputSize: w.classes, loss: 'softmaxCrossEntropy' },
    settings: settingsFor(w),
    data,
    seed: 1,
    epochMetrics,
  });
}

// ------------------------------------------------------------------------------------------------
// TF.js side

/** conv2d (stride 1, same) whose filter gradient avoids Conv2DBackpropFilter (missing in tfjs-wasm). */
function conv2dWasm(x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  const op = tf.customGrad(((input: tf.Tensor, kernel: tf.Tensor, save: (tensors: tf.Tensor[]) => void) => {
    save([input, kernel]);
    return {
      value: tf.conv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedKernel] = saved as [tf.Tensor4D, tf.Tensor4D];
        const k = savedKernel.shape[0];
        const pad = (k - 1) / 2;
        const dx = tf.conv2dTranspose(dy as tf.Tensor4D, savedKernel, savedInput.shape, 1, 'same');
        // dW[kh,kw,ci,co] = sum_{b,y,x} xpad[b,y+kh,x+kw,ci] dy[b,y,x,co]: a valid convolution of
        // xpad^T [ci,Hp,Wp,b] with dy^T [H,W,b,co], giving [ci,kh,kw,co].
        const padded = tf.pad(savedInput, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
        const xT = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
        const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
        const dW = tf.transpose(tf.conv2d(xT, dyT, 1, 'valid'), [1, 2, 0, 3]);
        return [dx, dW];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, filter) as tf.Tensor4D;
}

/** A TF.js training step for the workload on the current backend. */
function tfjsStep(w: Workload, data: TrainingData, backend: string): { step: () => void; dispose: () => void; predict: (x: tf.Tensor) => tf.Tensor } {
  const glorot = (fanIn: number, fanOut: number, shape: number[]) => tf.variable(tf.randomUniform(shape, -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut))));
  const convs: { kernel: tf.Variable; bias: tf.Variable }[] = [];
  let [height, width, channels] = w.inputShape.length === 3 ? w.inputShape : [1, 1, w.inputShape[0]];
  for (const block of w.convBlocks) {
    const area = block.kernelSize * block.kernelSize;
    convs.push({ kernel: glorot(area * channels, area * block.filters, [block.kernelSize, block.kernelSize, channels, block.filters]), bias: tf.variable(tf.zeros([block.filters])) });
    height >>= 1;
    width >>= 1;
    channels = block.filters;
  }
  const denses: { kernel: tf.Variable; bias: tf.Variable }[] = [];
  let size = height * width * channels;
  for (const units of [...w.hidden, w.classes]) {
    denses.push({ kernel: glorot(size, units, [size, units]), bias: tf.variable(tf.zeros([units])) });
    size = units;
  }
  const norms = w.batchNorm
    ? w.hidden.map((units) => ({
        gamma: tf.variable(tf.ones([units])),
        beta: tf.variable(tf.zeros([units])),
        movingMean: tf.variable(tf.zeros([units]), false),
        movingVariance: tf.variable(tf.ones([units]), false),
      }))
    : [];
  const trainable = [...convs, ...denses].flatMap((v) => [v.kernel, v.bias]).concat(norms.flatMap((n) => [n.gamma, n.beta]));
  const optimizer = w.optimizer === 'sgd' ? tf.train.sgd(w.learningRate) : tf.train.adam(w.learningRate, 0.9, 0.999, 1e-8);
  const conv = backend === 'wasm' ? conv2dWasm : (x: tf.Tensor4D, f: tf.Tensor4D) => tf.conv2d(x, f, 1, 'same');

  const forward = (x: tf.Tensor, training: boolean): tf.Tensor => {
    let h = x;
    for (const c of convs) h = tf.maxPool(tf.relu(tf.add(conv(h as tf.Tensor4D, c.kernel as tf.Tensor4D), c.bias)) as tf.Tensor4D, 2, 2, 'valid');
    if (convs.length > 0) h = tf.reshape(h, [h.shape[0], -1]);
    denses.forEach((d, i) => {
      h = tf.add(tf.matMul(h as tf.Tensor2D, d.kernel as tf.Tensor2D), d.bias);
      if (i === denses.length - 1) return;
      if (norms.length > 0) {
        const n = norms[i];
        if (training) {
          const { mean, variance } = tf.moments(h, 0);
          n.movingMean.assign(tf.add(tf.mul(n.movingMean, 0.99), tf.mul(mean, 0.01)));
          n.movingVariance.assign(tf.add(tf.mul(n.movingVariance, 0.99), tf.mul(variance, 0.01)));
          h = tf.batchNorm(h, mean, variance, n.beta, n.gamma, 1e-3);
        } else h = tf.batchNorm(h, n.movingMean, n.movingVariance, n.beta, n.gamma, 1e-3);
      }
      h = tf.relu(h);
      if (training && w.dropout > 0) h = tf.dropout(h, w.dropout);
    });
    return h;
  };

  // One epoch of minibatch tensors, made before timing.
  const batches: { x: tf.Tensor; y: tf.Tensor }[] = [];
  const inputSize = w.inputShape.reduce((a, b) => a * b, 1);
  for (let start = 0; start + w.batchSize <= data.train.count; start += w.batchSize) {
    const x = tf.tensor(data.train.inputs.subarray(start * inputSize, (start + w.batchSize) * inputSize), [w.batchSize, ...w.inputShape]);
    const y = tf.oneHot(tf.tensor1d(Array.from(data.train.targets.subarray(start, start + w.batchSize)), 'int32'), w.classes);
    batches.push({ x, y });
  }
  let next = 0;
  const step = () => {
    const { x, y } = batches[next];
    next = (next + 1) % batches.length;
    tf.tidy(() => {
      optimizer.minimize(
        () => {
          let loss = tf.losses.softmaxCrossEntropy(y, forward(x, true)) as tf.Scalar;
          if (w.l2 > 0) for (const d of [...convs, ...denses]) loss = tf.add(loss, tf.mul(w.l2, tf.sum(tf.square(d.kernel)))) as tf.Scalar;
          return loss;
        },
        false,
        trainable,
      );
    });
  };
  const dispose = () => {
    for (const b of batches) tf.dispose([b.x, b.y]);
    optimizer.dispose();
    tf.dispose(trainable);
    tf.dispose(norms.flatMap((n) => [n.movingMean, n.movingVariance]));
  };
  return { step, dispose, predict: (x) => tf.softmax(forward(x, false) as tf.Tensor2D) };
}

// ------------------------------------------------------------------------------------------------

interface Row {
  name: string;
  description: string;
  flopsPerSample: number;
  ours: { samplesPerSec: number; withEpochMetricsSamplesPerSec: number };
  tfjsCpu: { samplesPerSec: number };
  tfjsWasm: { samplesPerSec: number };
  target: Workload['target'];
}

function cpuModel(): string {
  try {
    const match = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // Not Linux: fall through.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function log(message: string): void {
  if (!JSON_ONLY) process.stderr.write(`${message}\n`);
}

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  const rows: Row[] = [];
  const useBackend = (backend: string) => async () => {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  };
  const noBackend = async () => {};
  for (const w of WORKLOADS) {
    log(`${w.name}: ${w.description}`);
    const data = dataset(w);
    const ours = trainer(w, data, false);
    const withMetrics = trainer(w, data, true);
    await tf.setBackend('cpu');
    const cpu = tfjsStep(w, data, 'cpu');
    await tf.setBackend('wasm');
    const wasm = tfjsStep(w, data, 'wasm');
    const [oursRate, withMetricsRate, cpuRate, wasmRate] = await measure(
      [
        { activate: noBackend, step: () => ours.trainStep() },
        { activate: noBackend, step: () => withMetrics.trainStep() },
        { activate: useBackend('cpu'), step: cpu.step },
        { activate: useBackend('wasm'), step: wasm.step },
      ],
      w.batchSize,
    );
    cpu.dispose();
    wasm.dispose();
    rows.push({
      name: w.name,
      description: w.description,
      flopsPerSample: flopsPerSample(w),
      ours: { samplesPerSec: oursRate, withEpochMetricsSamplesPerSec: withMetricsRate },
      tfjsCpu: { samplesPerSec: cpuRate },
      tfjsWasm: { samplesPerSec: wasmRate },
      target: w.target,
    });
  }

  // The decision boundary of W1's network on a 100 x 100 grid, inference mode.
  const w1 = WORKLOADS[0];
  const grid = new Float32Array(100 * 100 * 2);
  for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) grid.set([-1 + (2 * j) / 99, -1 + (2 * i) / 99], 2 * (i * 100 + j));
  const gridTrainer = trainer(w1, dataset(w1), false);
  for (let i = 0; i < 100; i++) gridTrainer.trainStep();
  const gridTimes: Record<string, number> = {};
  const time = (f: () => void) => {
    for (let i = 0; i < 20; i++) f();
    const times: number[] = [];
    for (let i = 0; i < 31; i++) {
      const start = performance.now();
      f();
      times.push(performance.now() - start);
    }
    return median(times);
  };
  gridTimes.ours = time(() => gridTrainer.predict(grid, 10000));
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const model = tfjsStep(w1, dataset(w1), backend);
    const x = tf.tensor2d(grid, [10000, 2]);
    gridTimes[backend] = time(() => tf.tidy(() => model.predict(x).dataSync()));
    x.dispose();
    model.dispose();
  }

  // evaluate() (the per-epoch metrics pass) on a digits-sized split: 8000 training + 2000
  // validation examples, for the W5 MLP and the W6 CNN.
  const evaluateMs: Record<string, number> = {};
  for (const w of [WORKLOADS[4], WORKLOADS[5]]) {
    const big: TrainingData = { task: 'classification', inputShape: w.inputShape, outputSize: w.classes, train: makeData(w, 8000, 'train'), validation: makeData(w, 2000, 'validation') };
    const t = trainer(w, big, false);
    t.trainStep();
    t.evaluate();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      t.evaluate();
      times.push(performance.now() - start);
    }
    evaluateMs[w.name] = median(times);
  }

  const machine = {
    node: process.version,
    cpu: cpuModel(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    // Other processes share these cores: the 1-minute load average says how much.
    loadAverage: Number(os.loadavg()[0].toFixed(2)),
  };
  const json = {
    ...machine,
    runs: RUNS,
    workloads: rows,
    grid100: { oursMs: gridTimes.ours, tfjsCpuMs: gridTimes.cpu, tfjsWasmMs: gridTimes.wasm, targetMs: 2 },
    evaluate10k: { w5Ms: evaluateMs.W5, w6Ms: evaluateMs.W6 },
  };
  if (JSON_ONLY) {
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return;
  }
  const f = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2));
  const lines = [
    `Node ${machine.node}, ${machine.cpu}, ${machine.cores} cores (nproc), load average ${machine.loadAverage} at the end; median of ${RUNS} interleaved timed runs after warm-up; samples/s (higher is better).`,
    '',
    '| workload | FLOPs/sample | ours | ours with per-epoch metrics | tfjs-cpu | tfjs-wasm | ours / tfjs-cpu | ours / tfjs-wasm | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      const ratio = r.ours.samplesPerSec / r[r.target.against].samplesPerSec;
      const met = ratio >= r.target.ratio ? 'met' : 'NOT met';
      return `| ${r.name}: ${r.description} | ${f(r.flopsPerSample)} | ${f(r.ours.samplesPerSec)} | ${f(r.ours.withEpochMetricsSamplesPerSec)} | ${f(r.tfjsCpu.samplesPerSec)} | ${f(r.tfjsWasm.samplesPerSec)} | ${f(r.ours.samplesPerSec / r.tfjsCpu.samplesPerSec)}x | ${f(r.ours.samplesPerSec / r.tfjsWasm.samplesPerSec)}x | >= ${r.target.ratio}x ${r.target.against === 'tfjsCpu' ? 'tfjs-cpu' : 'tfjs-wasm'}: ${met} |`;
    }),
    '',
    `100 x 100 decision-boundary grid (W1 network, inference): ours ${gridTimes.ours.toFixed(2)} ms (target < 2 ms: ${gridTimes.ours < 2 ? 'met' : 'NOT met'}), tfjs-cpu ${gridTimes.cpu.toFixed(2)} ms, tfjs-wasm ${gridTimes.wasm.toFixed(2)} ms.`,
    '',
    `evaluate() (per-epoch metrics: inference over 8000 training + 2000 validation examples): W5 MLP ${evaluateMs.W5.toFixed(0)} ms, W6 CNN ${evaluateMs.W6.toFixed(0)} ms.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
