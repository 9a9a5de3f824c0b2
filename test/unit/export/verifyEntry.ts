/**
 * Entry for `npm run verify:export` (run with tsx, not by Vitest): writes PyTorch scripts with our
 * exact initial weights plus their dataset CSVs (and our batch order) for a few small
 * configurations into a directory, and prints, as one JSON line, our own initial losses and our
 * losses after `epochs` epochs.
 * Usage: tsx test/unit/export/verifyEntry.ts <output directory> [epochs]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Trainer, createStream } from '../../../src/engine';
import { parseDigitsBinary } from '../../../src/data';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import type { DataSources } from '../../../src/worker/protocol';
import { replayRun } from '../../../src/worker/replay';
import { toLiveSettings, toModelSpec } from '../../../src/settings/translate';
import { datasetToCsv } from '../../../src/ui/export/datasetCsv';
import { regenerateDataset, regenerateInitialWeights } from '../../../src/ui/export/headlessRun';
import { toPytorchScript } from '../../../src/ui/export/pytorchScript';

/** A configuration: `exactOrder` when nothing random is left once the batch order is ours (no dropout). */
interface Configuration {
  name: string;
  settings: Settings;
  sources: DataSources;
  exactOrder: boolean;
}

/** The configurations checked: the default, a regularized one, dropout, a regression, and the digits CNN when its data is built. */
function configurations(): Configuration[] {
  const list: Configuration[] = [
    { name: 'default', settings: { ...DEFAULT_SETTINGS }, sources: {}, exactOrder: true },
    {
      name: 'regularized',
      settings: {
        ...DEFAULT_SETTINGS,
        optimizer: 'momentum',
        learningRate: 0.05,
        l1Enabled: true,
        l2Enabled: true,
        weightDecay: 0.01,
        batchNorm: true,
        clipMode: 'norm',
        clipValue: 1,
        earlyStopping: true,
      },
      sources: {},
      exactOrder: true,
    },
    { name: 'dropout', settings: { ...DEFAULT_SETTINGS, dropoutEnabled: true, dropoutRate: 0.3, inputDropoutRate: 0.1, optimizer: 'adamw', weightDecay: 0.01 }, sources: {}, exactOrder: false },
    {
      name: 'regression',
      settings: { ...DEFAULT_SETTINGS, dataset: 'sine', trainCount: 60, hiddenLayers: [16, 16], activation: 'tanh', initializer: 'glorotUniform', optimizer: 'sgd', learningRate: 0.05, clipMode: 'value' },
      sources: {},
      exactOrder: true,
    },
  ];
  const digitsFile = join(process.cwd(), 'public', 'data', 'digits-14.bin');
  if (existsSync(digitsFile)) {
    const buffer = readFileSync(digitsFile);
    const digits = parseDigitsBinary(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
    list.push({ name: 'digits-cnn', settings: { ...DEFAULT_SETTINGS, dataset: 'digits', trainCount: 500, convolutional: true, hiddenLayers: [32], batchSize: 32 }, sources: { digits }, exactOrder: true });
  }
  return list;
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

function main(): void {
  const directory = process.argv[2];
  const epochs = Number(process.argv[3] ?? '1');
  if (!directory || !Number.isInteger(epochs) || epochs < 1) throw new Error('Usage: tsx test/unit/export/verifyEntry.ts <output directory> [epochs]');
  mkdirSync(directory, { recursive: true });
  const results = configurations().map(({ name, settings, sources, exactOrder }) => {
    const dataset = regenerateDataset(settings, sources);
    const weights = regenerateInitialWeights(settings, dataset);
    const dataFile = `${name}.csv`;
    writeFileSync(join(directory, dataFile), datasetToCsv(dataset));
    writeFileSync(join(directory, `${name}.py`), toPytorchScript(settings, dataset, { initialWeights: weights, epochs, dataFile }));
    writeFileSync(join(directory, `${name}.order.json`), JSON.stringify(batchOrders(settings.seed, dataset.train.count, epochs)));
    const initial = new Trainer({ model: toModelSpec(settings, dataset), settings: toLiveSettings(settings), data: dataset, seed: settings.seed }).evaluate();
    const steps = epochs * Math.ceil(dataset.train.count / settings.batchSize);
    const replay = replayRun(settings, sources, [], steps);
    const last = replay.epochs.at(-1);
    return {
      name,
      script: `${name}.py`,
      batchOrder: `${name}.order.json`,
      exactOrder,
      ours: {
        initialTrainLoss: initial.trainLoss,
        initialValidationLoss: initial.validationLoss,
        finalTrainLoss: last?.trainLoss ?? null,
        finalValidationLoss: last?.validationLoss ?? null,
        epochs: replay.epochs.length,
      },
    };
  });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main();
