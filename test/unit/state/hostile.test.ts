import { describe, expect, it } from 'vitest';
import { parseEmbedMessage } from '../../../src/ui/embed/embedProtocol';
import { appendEpochs, history, HISTORY_RECENT_EPOCHS, startRun } from '../../../src/state/telemetryStore';
import { createStream, type Rng } from '../../../src/engine/rng';
import { SETTINGS } from '../../../src/settings/settingsTable';
import { checkValue } from '../../../src/settings/settingsValidation';
import type { EpochMetrics } from '../../../src/engine/contract';
import { createFakeSession } from '../worker/fakeHost';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION } from '../../../src/worker/protocol';

function randomValue(rng: Rng, depth = 0): unknown {
  const choice = rng.int(10);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return rng.uniform() < 0.5;
    case 2:
      return (rng.uniform() - 0.5) * 10 ** rng.int(12);
    case 3:
      return [NaN, Infinity, -Infinity, -0, 1e308, 5e-324][rng.int(6)];
    case 4:
      return String.fromCharCode(...Array.from({ length: rng.int(30) }, () => rng.int(0x2fff)));
    case 5:
      return SETTINGS[rng.int(SETTINGS.length)].key;
    case 6:
      return depth > 2 ? [] : Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    case 7: {
      if (depth > 2) return {};
      const object: Record<string, unknown> = {};
      for (let i = 0; i < rng.int(5); i++) object[rng.uniform() < 0.7 ? SETTINGS[rng.int(SETTINGS.length)].key : `k${rng.int(100)}`] = randomValue(rng, depth + 1);
      return object;
    }
    case 8:
      return ['play', 'pause', 'reset', 'setSettings', 'setTheme', 'rm -rf', '__proto__'][rng.int(7)];
    default:
      return undefined;
  }
}

function randomMessage(rng: Rng): unknown {
  if (rng.uniform() < 0.3) return randomValue(rng);
  return {
    type: rng.uniform() < 0.8 ? 'regularization-playground:command' : randomValue(rng),
    command: rng.uniform() < 0.8 ? ['play', 'pause', 'reset', 'setSettings', 'setTheme', 'explode'][rng.int(6)] : randomValue(rng),
    settings: randomValue(rng),
    theme: rng.uniform() < 0.5 ? ['light', 'dark', 'auto'][rng.int(3)] : randomValue(rng),
  };
}

describe('hostile inputs', () => {
  it('embed messages: 5000 fuzzed messages never throw and never yield an out-of-range setting', () => {
    const rng = createStream(11, 'test/embed-fuzz');
    for (let trial = 0; trial < 5000; trial++) {
      const { command } = parseEmbedMessage(randomMessage(rng));
      if (command?.command === 'setSettings') {
        for (const [key, value] of Object.entries(command.settings)) {
          const row = SETTINGS.find((candidate) => candidate.key === key)!;
          expect(checkValue(row, value, false).ok, `${key}=${JSON.stringify(value)}`).toBe(true);
        }
      }
    }
  });

  it('out-of-range patches sent straight to the worker are refused one by one; the run goes on unchanged', () => {
    const fake = createFakeSession();
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: { ...DEFAULT_SETTINGS, trainCount: 40, hiddenLayers: [4] }, sources: {}, replayLog: [] });
    const rng = createStream(12, 'test/patch-fuzz');
    for (let trial = 0; trial < 300; trial++) {
      const changes = randomValue(rng);
      fake.session.handle({ type: 'patch', changes: changes as never });
    }
    fake.session.handle({ type: 'step', unit: 'epoch', count: 1 });
    fake.pump();
    // Every event is well formed, and training still works.
    expect(fake.ofType('error')).toEqual([]);
    expect(fake.ofType('metrics').flatMap((event) => event.epochs).length).toBeGreaterThanOrEqual(1);
    for (const ready of fake.ofType('ready')) {
      for (const row of SETTINGS) expect(checkValue(row, ready.settings[row.key], false).ok, row.key).toBe(true);
    }
  });

  it('a simulated run of a million epochs keeps the telemetry history bounded (count-based)', () => {
    startRun(1);
    const template: EpochMetrics = { epoch: 0, step: 0, trainLossTrainingMode: 1, trainLoss: 1, validationLoss: 1, penalty: 0, trainAccuracy: 0.5, validationAccuracy: 0.5, trainRmse: null, validationRmse: null, layers: [] };
    const batch: EpochMetrics[] = [];
    for (let epoch = 1; epoch <= 1_000_000; epoch++) {
      batch.push({ ...template, epoch, step: epoch * 10 });
      if (batch.length === 500) appendEpochs(batch.splice(0));
    }
    expect(history.totalPushed).toBe(1_000_000);
    expect(history.size).toBeLessThan(2 * HISTORY_RECENT_EPOCHS);
    expect(history.last()?.epoch).toBe(1_000_000);
  });
});
