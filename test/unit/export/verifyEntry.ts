/**
 * Entry for `npm run verify:export` and `scripts/gpu-check.sh` (run with tsx, not by Vitest): writes
 * PyTorch scripts with our exact initial weights plus their dataset CSVs, our batch order (and, for
 * dropout, our masks) for a few small configurations into a directory, a notebook of the default,
 * and prints, as one JSON line, what each check needs: our initial losses, our losses after the
 * configuration's epochs, and where our early stopping stopped.
 * Usage: tsx test/unit/export/verifyEntry.ts <output directory>
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Trainer, createStream } from '../../../src/engine';
import { parseDigitsBinary, type DigitsSet } from '../../../src/data';
import { digitsSplit } from '../../../src/data/digits';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import type { DataSources } from '../../../src/worker/protocol';
import { toLiveSettings, toModelSpec } from '../../../src/settings/translate';
import { datasetToCsv } from '../../../src/ui/export/datasetCsv';
import { regenerateDataset, regenerateInitialWeights } from '../../../src/ui/export/headlessRun';
import { toNotebook } from '../../../src/ui/export/notebook';
import { toPytorchScript, torchLayerName } from '../../../src/ui/export/pytorchScript';

/** A configuration and the checks it takes part in. */
interface Configuration {
  name: string;
  /** What it shows, printed with the results. */
  purpose: string;
  settings: Settings;
  sources: DataSources;
  epochs: number;
  /** |ours - PyTorch's| allowed with our batch order (and our dropout masks, when `masks`). */
  exactTolerance: number;
  /** Feed our dropout masks to the PyTorch copy (configurations with dropout). */
  masks?: boolean;
  /** Also run it under torchrun with 2 processes and compare with 1 process (no BN, no dropout). */
  twoProcesses?: boolean;
  /** Also export it as a notebook and run the notebook's code cells as a script. */
  notebook?: boolean;
  /** Run it with --device cuda in the GPU check. */
  gpu?: boolean;
  /** Digits: write its images as the standard MNIST files (28x28) into this folder, for --full-mnist. */
  fullMnist?: string;
}

/** The configurations checked. */
function configurations(): Configuration[] {
  const list: Configuration[] = [
    { name: 'default', purpose: 'the default settings', settings: { ...DEFAULT_SETTINGS }, sources: {}, epochs: 5, exactTolerance: 1e-5, twoProcesses: true, notebook: true, gpu: true },
    {
      name: 'regularized',
      purpose: 'momentum + L1 + L2 + weight decay + batch norm + clipping + early stopping',
      settings: { ...DEFAULT_SETTINGS, optimizer: 'momentum', learningRate: 0.05, l1Enabled: true, l2Enabled: true, weightDecay: 0.01, batchNorm: true, clipMode: 'norm', clipValue: 1, earlyStopping: true },
      sources: {},
      epochs: 5,
      exactTolerance: 1e-5,
    },
    {
      name: 'bn-adam',
      purpose: 'batch norm with Adam over 30 epochs (the bias before BN held at 0: no drift)',
      settings: { ...DEFAULT_SETTINGS, batchNorm: true, optimizer: 'adam' },
      sources: {},
      epochs: 30,
      exactTolerance: 1e-5,
      gpu: true,
    },
    {
      name: 'early-stopping',
      purpose: 'early stopping (patience 3, min delta 0.01) fires at the same epoch as ours',
      settings: { ...DEFAULT_SETTINGS, trainCount: 100, earlyStopping: true, patience: 3, minDelta: 0.01 },
      sources: {},
      epochs: 60,
      exactTolerance: 1e-5,
    },
    {
      name: 'dropout',
      purpose: 'dropout + input dropout + AdamW, with our masks fed in',
      settings: { ...DEFAULT_SETTINGS, dropoutEnabled: true, dropoutRate: 0.3, inputDropoutRate: 0.1, optimizer: 'adamw', weightDecay: 0.01 },
      sources: {},
      epochs: 3,
      exactTolerance: 1e-5,
      masks: true,
    },
    {
      name: 'regression',
      purpose: 'a tanh regression with SGD and clipping by value',
      settings: { ...DEFAULT_SETTINGS, dataset: 'sine', trainCount: 60, hiddenLayers: [16, 16], activation: 'tanh', initializer: 'glorotUniform', optimizer: 'sgd', learningRate: 0.05, clipMode: 'value' },
      sources: {},
      epochs: 5,
      exactTolerance: 1e-5,
    },
  ];
  const digits = readDigits(14);
  if (digits !== null) {
    list.push({
      name: 'digits-cnn',
      purpose: 'the 14x14 digits CNN',
      settings: { ...DEFAULT_SETTINGS, dataset: 'digits', trainCount: 500, convolutional: true, hiddenLayers: [32], batchSize: 32 },
      sources: { digits },
      epochs: 2,
      exactTolerance: 1e-4,
      gpu: true,
      fullMnist: 'mnist-idx',
    });
  }
  return list;
}

/** public/data/digits-<resolution>.bin (npm run data), or null when it is not built. */
function readDigits(resolution: 14 | 28): DigitsSet | null {
  const file = join(process.cwd(), 'public', 'data', `digits-${resolution}.bin`);
  if (!existsSync(file)) return null;
  const buffer = readFileSync(file);
  return parseDigitsBinary(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

/** An IDX file (the MNIST format): magic 0 0 8 dims, big-endian sizes, then the bytes. */
function idxFile(bytes: Uint8Array, shape: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 8;
  header[3] = shape.length;
  shape.forEach((size, index) => header.writeUInt32BE(size, 4 + 4 * index));
  return Buffer.concat([header, Buffer.from(bytes)]);
}

/**
 * The config's training and validation digits, 28x28, as the four standard MNIST files (the
 * training images gzipped, the rest plain: the reader takes both), so that --full-mnist can be
 * checked to build exactly the inputs of the exported CSV. Same selection as src/data/dataset.ts.
 */
function writeMnistFiles(directory: string, settings: Settings): boolean {
  const digits = readDigits(28);
  if (digits === null) return false;
  mkdirSync(directory, { recursive: true });
  const split = digitsSplit(digits.labels);
  const order = Int32Array.from(split.pool);
  createStream(settings.seed, 'split').shuffle(order);
  const size = 28 * 28;
  const write = (stem: string, indices: Int32Array, gzip: boolean) => {
    const images = new Uint8Array(indices.length * size);
    indices.forEach((index, k) => images.set(digits.pixels.subarray(index * size, (index + 1) * size), k * size));
    const labels = Uint8Array.from(indices, (index) => digits.labels[index]);
    const imageFile = idxFile(images, [indices.length, 28, 28]);
    writeFileSync(join(directory, `${stem}-images-idx3-ubyte${gzip ? '.gz' : ''}`), gzip ? gzipSync(imageFile) : imageFile);
    writeFileSync(join(directory, `${stem}-labels-idx1-ubyte`), idxFile(labels, [indices.length]));
  };
  write('train', order.slice(0, settings.trainCount), true);
  write('t10k', split.validation, false);
  return true;
}

/**
 * The trainer's batch order for `epochs` epochs: a fresh shuffle of 0..n-1 per epoch from the
 * seed's "shuffle" stream (see the header of src/engine/trainer.ts). If the engine changes how it
 * shuffles, the exact-order comparison fails loudly.
 */
function batchOrders(seed: number, count: number, epochs: number): number[][] {
  const rng = createStream(seed, 'shuffle');
  return Array.from({ length: epochs }, () => {
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    rng.shuffle(order);
    return Array.from(order);
  });
}

/** PyTorch's module name of our dropout layer: "input dropout" -> input_dropout, "dense 1 dropout" -> dense1_dropout. */
function torchDropoutName(layer: string): string {
  return layer === 'input' || layer === 'input dropout' ? 'input_dropout' : `${torchLayerName(layer.replace(/ dropout$/, ''))}_dropout`;
}

/** Trains our run as the app does; records the masks of every step when asked. */
function trainOurs(config: Configuration, dataset: ReturnType<typeof regenerateDataset>) {
  const { settings } = config;
  const trainer = new Trainer({ model: toModelSpec(settings, dataset), settings: toLiveSettings(settings), data: dataset, seed: settings.seed });
  const initial = trainer.evaluate();
  const masks: Record<string, number[][]> = {};
  let stoppedEpoch: number | null = null;
  let bestEpoch: number | null = null;
  while (trainer.epochCount < config.epochs) {
    const result = trainer.trainStep();
    if (config.masks) {
      for (const probe of trainer.dropoutMasks()) (masks[torchDropoutName(probe.layer)] ??= []).push(Array.from(probe.kept));
    }
    for (const event of result.events) if (event.type === 'restored') bestEpoch = event.bestEpoch;
    if (result.stopped) {
      stoppedEpoch = result.epoch;
      break;
    }
  }
  // Keras 3 (and the exported script) also restore the best weights when training ends without a stop.
  if (stoppedEpoch === null && settings.earlyStopping && settings.restoreBest) {
    const restored = trainer.restoreBestWeights();
    if (restored !== null && restored.type === 'restored') bestEpoch = restored.bestEpoch;
  }
  const final = trainer.evaluate();
  return { initial, final, masks, stoppedEpoch, bestEpoch, epochs: trainer.epochCount };
}

function main(): void {
  const directory = process.argv[2];
  if (!directory) throw new Error('Usage: tsx test/unit/export/verifyEntry.ts <output directory>');
  mkdirSync(directory, { recursive: true });
  const results = configurations().map((config) => {
    const { name, settings, sources, epochs } = config;
    const dataset = regenerateDataset(settings, sources);
    const weights = regenerateInitialWeights(settings, dataset);
    const dataFile = `${name}.csv`;
    const csv = datasetToCsv(dataset);
    writeFileSync(join(directory, dataFile), csv);
    writeFileSync(join(directory, `${name}.py`), toPytorchScript(settings, dataset, { initialWeights: weights, epochs, dataFile }));
    writeFileSync(join(directory, `${name}.order.json`), JSON.stringify(batchOrders(settings.seed, dataset.train.count, epochs)));
    const ours = trainOurs(config, dataset);
    if (config.masks) writeFileSync(join(directory, `${name}.masks.json`), JSON.stringify(ours.masks));
    const fullMnist = config.fullMnist !== undefined && writeMnistFiles(join(directory, config.fullMnist), settings) ? config.fullMnist : null;
    if (config.notebook) {
      // Another data file name, so that the notebook writes its embedded CSV itself.
      writeFileSync(join(directory, `${name}.ipynb`), toNotebook(settings, dataset, { initialWeights: weights, epochs, dataFile: `${name}-notebook.csv`, datasetCsv: csv }));
    }
    return {
      name,
      purpose: config.purpose,
      script: `${name}.py`,
      batchOrder: `${name}.order.json`,
      masks: config.masks ? `${name}.masks.json` : null,
      notebook: config.notebook ? `${name}.ipynb` : null,
      fullMnist,
      twoProcesses: config.twoProcesses === true,
      gpu: config.gpu === true,
      batchNorm: settings.batchNorm,
      epochs,
      exactTolerance: config.exactTolerance,
      ours: {
        initialTrainLoss: ours.initial.trainLoss,
        initialValidationLoss: ours.initial.validationLoss,
        finalTrainLoss: ours.final.trainLoss,
        finalValidationLoss: ours.final.validationLoss,
        epochs: ours.epochs,
        stoppedEpoch: ours.stoppedEpoch,
        bestEpoch: ours.bestEpoch,
      },
    };
  });
  writeFileSync(join(directory, 'configurations.json'), `${JSON.stringify(results, null, 1)}\n`);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main();
