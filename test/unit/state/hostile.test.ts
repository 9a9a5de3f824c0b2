import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEmbedMessage } from '../../../src/ui/embed/embedProtocol';
import { appendEpochs, history, HISTORY_RECENT_EPOCHS, startRun } from '../../../src/state/telemetryStore';
import { createStream, type Rng } from '../../../src/engine/rng';
import { SETTING_BY_KEY, SETTINGS, type SettingKey } from '../../../src/settings/settingsTable';
import { checkValue } from '../../../src/settings/settingsValidation';
import type { EpochMetrics } from '../../../src/engine/contract';
import { PROTOCOL_VERSION, type DatasetInfo } from '../../../src/worker/protocol';
import { applySettings, changeSetting, connectTraining, disconnectTraining, replayRunFile, step } from '../../../src/state/runController';
import { replaceSettings, settingsStore } from '../../../src/state/settingsStore';
import { runStore } from '../../../src/state/runStore';
import { decodeUrl, URL_VERSION } from '../../../src/state/urlState';
import { parseReplayJson, REPLAY_FORMAT, REPLAY_VERSION } from '../../../src/ui/export/replayFile';
import { parseSettingsJson, SETTINGS_FORMAT, SETTINGS_VERSION } from '../../../src/ui/export/settingsFile';
import { FakeWorker } from './fakeWorker';
import { checked } from '../../checkedSettings';

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

/** Some settings by name, with random values (a few of them valid), and now and then a name that is no setting. */
function randomSettingsObject(rng: Rng): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = 0; i < 1 + rng.int(4); i++) object[rng.uniform() < 0.9 ? SETTINGS[rng.int(SETTINGS.length)].key : `k${rng.int(100)}`] = randomValue(rng);
  return object;
}

function inTable(key: SettingKey, value: unknown): boolean {
  return checkValue(SETTING_BY_KEY[key], value, false).ok;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('Timed out waiting for the run.');
    await flush();
  }
}

describe('hostile inputs', () => {
  afterEach(() => {
    disconnectTraining();
    vi.unstubAllGlobals();
  });

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

  it('bad values at every edge of the page (controls, embed messages, links, replay and settings files) are refused with a message; nothing outside the table reaches the worker', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    FakeWorker.all = [];
    replaceSettings(checked({ trainCount: 40, hiddenLayers: [4] }));
    connectTraining();
    await until(() => FakeWorker.all[0]?.sent.some((command) => command.type === 'init') ?? false);
    const settings = settingsStore.getState().settings;
    FakeWorker.all[0].speak({ type: 'ready', protocol: PROTOCOL_VERSION, runId: 1, dataset: {} as DatasetInfo, settings, reason: 'New run', preview: {} as never, step: 0, epoch: 0 });
    const rng = createStream(12, 'test/edge-fuzz');
    const inRange = (key: string, value: unknown) => Object.hasOwn(SETTING_BY_KEY, key) && checkValue(SETTING_BY_KEY[key as SettingKey], value, false).ok;
    let refusals = 0;
    const refused = (messages: readonly string[]) => {
      for (const message of messages) expect(message).toMatch(/^\S.{8,}/);
      refusals += messages.length;
    };
    for (let trial = 0; trial < 300; trial++) {
      // A control: one value for one row.
      const row = SETTINGS[rng.int(SETTINGS.length)];
      const value = randomValue(rng);
      const before = settingsStore.getState().settings;
      const message = changeSetting(row.key, value as never);
      if (inRange(row.key, value)) expect(message).toBeNull();
      else {
        expect(message, `${row.key}=${String(value)}`).toContain(row.label);
        expect(settingsStore.getState().settings).toBe(before);
        refused([message!]);
      }
      // An embed message (the bridge applies what its queue merged: applySettings).
      const parsed = parseEmbedMessage(randomMessage(rng));
      refused(parsed.problems);
      if (parsed.command?.command === 'setSettings') applySettings(parsed.command.settings);
      // A link.
      const link = Array.from({ length: 1 + rng.int(4) }, () => {
        const linked = SETTINGS[rng.int(SETTINGS.length)];
        return `${linked.url}=${encodeURIComponent(String(randomValue(rng)))}`;
      }).join('&');
      const decoded = decodeUrl(`?v=${URL_VERSION}&${link}`);
      refused(decoded.problems);
      applySettings(decoded.settings);
      // A replay file and a settings file.
      const replay = parseReplayJson(JSON.stringify({ format: REPLAY_FORMAT, version: REPLAY_VERSION, settings: randomSettingsObject(rng), steps: rng.int(3), runLog: [{ step: 1, epoch: 0, changes: randomSettingsObject(rng) }] }));
      if (replay.ok) await replayRunFile(replay.replay.settings, replay.replay.runLog, replay.replay.steps);
      else refused([replay.message]);
      const file = parseSettingsJson(JSON.stringify({ format: SETTINGS_FORMAT, version: SETTINGS_VERSION, settings: randomSettingsObject(rng) }));
      if (file.ok) {
        refused(file.problems);
        applySettings(file.settings);
      } else refused([file.message]);
    }
    await flush();
    expect(refusals).toBeGreaterThan(300);
    // What crossed to the worker: every init's settings and every patch's changes, inside the table.
    const crossed = FakeWorker.all.flatMap((worker) => worker.sent).flatMap((command) => (command.type === 'init' ? [command.settings] : command.type === 'patch' ? [command.changes] : []));
    expect(crossed.length).toBeGreaterThan(100);
    for (const sent of crossed) for (const [key, value] of Object.entries(sent)) expect(inRange(key, value), `${key}=${JSON.stringify(value)}`).toBe(true);
    for (const row of SETTINGS) expect(inRange(row.key, settingsStore.getState().settings[row.key]), row.key).toBe(true);
  });

  it('after bad values at the controls, the real run goes on with settings inside the table', async () => {
    vi.stubGlobal('Worker', undefined);
    replaceSettings(checked({ trainCount: 40, hiddenLayers: [4], dropoutEnabled: true }));
    connectTraining({ inline: true });
    await until(() => runStore.getState().connection === 'ready');
    const rng = createStream(13, 'test/live-control-fuzz');
    const live = SETTINGS.filter((row) => row.effect === 'live' && row.kind.type !== 'boolean' && row.kind.type !== 'enum');
    for (let trial = 0; trial < 200; trial++) {
      const row = live[rng.int(live.length)];
      const value = [NaN, Infinity, -1, 1e9, '0.5x', null, {}, [0.1]][rng.int(8)];
      expect(changeSetting(row.key, value as never), `${row.key}=${String(value)}`).toContain(row.label);
    }
    step('epoch');
    await until(() => runStore.getState().epoch >= 1 && runStore.getState().phase === 'paused');
    const state = runStore.getState();
    expect(state.banner).toBeNull();
    expect(state.diverged).toBeNull();
    expect(Number.isFinite(state.latest!.trainLoss)).toBe(true);
    for (const row of SETTINGS) expect(inTable(row.key, settingsStore.getState().settings[row.key]), row.key).toBe(true);
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
