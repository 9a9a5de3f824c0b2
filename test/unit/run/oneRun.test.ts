import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION, type SnapshotEvent } from '../../../src/worker/protocol';
import { replayRun } from '../../../src/worker/replay';
import { trainHeadless } from '../../../src/run/trainHeadless';
import { parseReplayJson, replayToJson } from '../../../src/ui/export/replayFile';
import { regenerateDataset, regenerateInitialWeights } from '../../../src/ui/export/headlessRun';
import { createFakeSession } from '../worker/fakeHost';
import { checked } from '../../checkedSettings';

/** Early stopping on with a patience that never stops, so the run keeps best weights to restore. */
const START = checked({
  ...DEFAULT_SETTINGS,
  dataset: 'spirals',
  trainCount: 60,
  validationFraction: 0.5,
  hiddenLayers: [8, 8],
  batchSize: 10,
  seed: 7,
  earlyStopping: true,
  patience: 500,
});

/** Every number as the hex of its float64 bits (NaN, -0 and all): equal bits or not equal. */
function bits(value: unknown): unknown {
  if (typeof value === 'number') {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    return view.getBigUint64(0).toString(16);
  }
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, bits);
  if (Array.isArray(value)) return value.map(bits);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bits(item)]));
  return value;
}

describe('one run builder: session, replay, pool runner and export agree bit for bit', () => {
  it('on a run with live changes and a restore of the best weights', () => {
    const fake = createFakeSession();
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: START, sources: {}, replayLog: [] });
    const initialSnapshot = fake.ofType('snapshot')[0] as SnapshotEvent;
    const step = (count: number) => {
      fake.session.handle({ type: 'step', unit: 'batch', count });
      fake.pump();
    };
    step(13);
    fake.session.handle({ type: 'patch', changes: { dropoutEnabled: true, dropoutRate: 0.4 } });
    step(17);
    fake.session.handle({ type: 'patch', changes: { l1Enabled: true, batchNorm: true, learningRate: 0.003 } });
    step(30);
    fake.session.handle({ type: 'restoreBest' });
    fake.session.handle({ type: 'patch', changes: { optimizer: 'sgd', clipMode: 'norm', clipValue: 0.5 } });
    step(25);
    const steps = 85;
    const log = fake.session.log();
    expect(log.map((entry) => ('action' in entry ? entry.action : Object.keys(entry.changes).join('+')))).toEqual([
      'dropoutEnabled+dropoutRate',
      'l1Enabled+batchNorm+learningRate',
      'restoreBest',
      'optimizer+clipMode+clipValue',
    ]);
    const sessionEpochs = fake.ofType('metrics').flatMap((event) => event.epochs);
    expect(sessionEpochs.length).toBeGreaterThan(14);

    const replay = replayRun(START, {}, log, steps);
    expect(replay.steps).toBe(steps);
    expect(bits(replay.epochs)).toEqual(bits(sessionEpochs));

    const pooled = trainHeadless({ settings: START, log, limit: { steps } });
    expect(bits(pooled.epochs)).toEqual(bits(sessionEpochs));
    expect(pooled.cancelled).toBe(false);

    // The export's replay file trains the same run again; its initial weights are the session's.
    const file = parseReplayJson(replayToJson(START, steps, log));
    if (!file.ok) throw new Error(file.message);
    expect(bits(replayRun(file.replay.settings, {}, file.replay.runLog, file.replay.steps).epochs)).toEqual(bits(sessionEpochs));
    const initialWeights = regenerateInitialWeights(START, regenerateDataset(START));
    expect(bits(initialWeights.map((layer) => [layer.kernel, layer.bias]))).toEqual(bits(initialSnapshot.parameters.map((layer) => [layer.kernel, layer.bias])));
  });

  it('a cancelled pool run stops at once and says so', () => {
    let epochs = 0;
    const result = trainHeadless({ settings: START, limit: { epochs: 50 } }, { onEpoch: () => (epochs += 1), shouldContinue: () => epochs < 3 });
    expect(result.cancelled).toBe(true);
    expect(result.epochs.length).toBe(3);
  });
});
