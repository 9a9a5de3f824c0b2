import { describe, expect, it } from 'vitest';
import { Trainer, type LayerParameters } from '../../../src/engine';
import type { Settings } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION, type SnapshotEvent, type WorkerEvent } from '../../../src/worker/protocol';
import { TrainingSession } from '../../../src/worker/session';
import { toLiveSettings, toModelSpec } from '../../../src/settings/translate';
import { regenerateDataset, regenerateInitialWeights } from '../../../src/ui/export/headlessRun';
import { SMALL, syntheticDigits } from './fixtures';

function kernelsAndBiases(parameters: readonly LayerParameters[]) {
  return parameters.filter((layer) => layer.kind !== 'batchNorm').map((layer) => ({ name: layer.name, shape: layer.shape, kernel: Array.from(layer.kernel), bias: Array.from(layer.bias) }));
}

describe('initial weights regenerated headless', () => {
  it('equal the initial weights of the worker session that trained the run', () => {
    const settings: Settings = { ...SMALL, dropoutEnabled: true, l2Enabled: true };
    const events: WorkerEvent[] = [];
    const session = new TrainingSession({ post: (event) => events.push(event), now: () => 0, schedule: () => {} });
    session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings, sources: {}, replayLog: [] });
    const snapshot = events.find((event): event is SnapshotEvent => event.type === 'snapshot');
    expect(snapshot?.step).toBe(0);
    const fromWorker = kernelsAndBiases(snapshot!.parameters);
    expect(fromWorker.length).toBe(3);
    expect(kernelsAndBiases(regenerateInitialWeights(settings, regenerateDataset(settings)))).toEqual(fromWorker);
  });

  it('do not depend on live settings, and stay the initial ones after training', () => {
    const settings: Settings = { ...SMALL, dataset: 'digits', convolutional: true, hiddenLayers: [4] };
    const sources = { digits: syntheticDigits() };
    const dataset = regenerateDataset(settings, sources);
    const trainer = new Trainer({ model: toModelSpec(settings, dataset), settings: toLiveSettings(settings), data: dataset, seed: settings.seed });
    const before = kernelsAndBiases(trainer.parameters());
    for (let step = 0; step < 5; step++) trainer.trainStep();
    expect(kernelsAndBiases(trainer.parameters())).not.toEqual(before);
    expect(kernelsAndBiases(trainer.initialParameters())).toEqual(before);
    const other: Settings = { ...settings, optimizer: 'sgd', dropoutEnabled: true, batchNorm: true, clipMode: 'norm', l1Enabled: true };
    const regenerated = regenerateInitialWeights(other, regenerateDataset(other, sources));
    expect(kernelsAndBiases(regenerated)).toEqual(before);
    expect(regenerated.map((layer) => layer.name)).toEqual(['conv 1', 'conv 2', 'dense 1', 'batch norm 1', 'output']);
    expect(regenerated[0].shape).toEqual([3, 3, 1, 8]);
  });

  it('change with the seed', () => {
    const first = regenerateInitialWeights(SMALL, regenerateDataset(SMALL));
    const other = { ...SMALL, seed: SMALL.seed + 1 };
    expect(kernelsAndBiases(regenerateInitialWeights(other, regenerateDataset(other)))).not.toEqual(kernelsAndBiases(first));
  });
});
