import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../src/engine';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION, type WorkerCommand, type WorkerEvent } from '../../../src/worker/protocol';
import { replayRun } from '../../../src/worker/replay';
import { TrainingSession } from '../../../src/worker/session';
import { parseReplayJson, REPLAY_FORMAT, replayFileName, replayToJson } from '../../../src/ui/export/replayFile';
import { SMALL } from './fixtures';

/** A worker session on a fake clock (every read advances 0.5 ms); `run` sends a command and drains the schedule. */
function fakeSession() {
  let time = 0;
  const events: WorkerEvent[] = [];
  const queue: { callback: () => void; at: number }[] = [];
  const session = new TrainingSession(
    { post: (event) => events.push(event), now: () => (time += 0.5), schedule: (callback, delayMs) => queue.push({ callback, at: time + delayMs }) },
    { sliceMs: 10, metricsIntervalMs: 100, snapshotIntervalMs: 66, maxEpochsPerEvent: 500 },
  );
  const run = (command: WorkerCommand) => {
    session.handle(command);
    for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue.shift()!;
      time = Math.max(time, next.at);
      next.callback();
    }
  };
  return { session, events, run };
}

describe('replay files', () => {
  it('a replay file written from a worker run and read back reproduces its metrics exactly', () => {
    const settings: Settings = { ...SMALL, seed: 17 };
    const { session, events, run } = fakeSession();
    run({ type: 'init', protocol: PROTOCOL_VERSION, settings, sources: {}, replayLog: [] });
    run({ type: 'step', unit: 'batch', count: 7 });
    run({ type: 'patch', changes: { l2Enabled: true, l2: 0.01 } });
    run({ type: 'step', unit: 'epoch', count: 1 });
    run({ type: 'step', unit: 'epoch', count: 1 });
    run({ type: 'patch', changes: { dropoutEnabled: true, dropoutRate: 0.2, earlyStopping: true, patience: 500, optimizer: 'momentum' } });
    run({ type: 'step', unit: 'batch', count: 13 });
    run({ type: 'patch', changes: { batchNorm: true, clipMode: 'norm', clipValue: 0.5 } });
    run({ type: 'step', unit: 'epoch', count: 1 });
    run({ type: 'step', unit: 'epoch', count: 1 });
    run({ type: 'restoreBest' });
    run({ type: 'step', unit: 'batch', count: 4 });
    const metrics = events.filter((event) => event.type === 'metrics');
    const recorded: EpochMetrics[] = metrics.flatMap((event) => event.epochs);
    const phases = events.filter((event) => event.type === 'phase');
    const steps = phases.at(-1)!.step;
    const log = session.log();
    expect(log.map((entry) => ('action' in entry ? entry.action : Object.keys(entry.changes).join('+')))).toEqual([
      'l2Enabled+l2',
      'dropoutEnabled+dropoutRate+earlyStopping+patience+optimizer',
      'batchNorm+clipMode+clipValue',
      'restoreBest',
    ]);
    expect(recorded.length).toBeGreaterThanOrEqual(5);

    const text = replayToJson(settings, steps, log);
    const read = parseReplayJson(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.notes).toEqual([]);
    expect(read.replay.settings).toEqual(settings);
    expect(read.replay.seed).toBe(17);
    expect(read.replay.steps).toBe(steps);
    const replayed = replayRun(read.replay.settings, {}, read.replay.runLog, read.replay.steps);
    expect(replayed.steps).toBe(steps);
    // Exactly: the same numbers, bit for bit.
    expect(replayed.epochs).toEqual(recorded);
    expect(replayFileName(settings, steps)).toBe(`playground-replay-spirals-seed-17-step-${steps}.json`);
  });

  it('refuses broken or hostile files with a sentence and never throws', () => {
    const good = JSON.parse(replayToJson(SMALL, 10, [{ step: 2, epoch: 0, changes: { l2Enabled: true }, label: 'L2 on' }]));
    const variants: [unknown, RegExp][] = [
      ['not json', /not JSON/],
      [{ ...good, format: 'regularization-playground/settings' }, /not a playground replay file/],
      [{ ...good, version: 9 }, /version 9, newer/],
      [{ ...good, settings: { ...good.settings, noise: 5 } }, /settings are not valid: Noise must be from 0 to 1/],
      [{ ...good, settings: { ...good.settings, bogus: 1 } }, /Unknown setting "bogus"/],
      [{ ...good, seed: 99 }, /seed \(99\) differs/],
      [{ ...good, steps: -1 }, /whole number of steps/],
      [{ ...good, steps: 1e12 }, /whole number of steps/],
      [{ ...good, runLog: 'nope' }, /no "runLog" list/],
      [{ ...good, runLog: [{ step: 1, epoch: 0, action: 'format disk', label: '' }] }, /unknown action/],
      [{ ...good, runLog: [{ step: 1.5, epoch: 0, changes: {}, label: '' }] }, /whole, non-negative "step"/],
      [{ ...good, runLog: [{ step: 1, epoch: 0, changes: { hiddenLayers: [4] , dropoutRate: 3 }, label: '' }] }, /Run log entry 1: Dropout rate must be from 0 to 0.9/],
      [{ ...good, runLog: [null] }, /Run log entry 1 is not an object/],
    ];
    for (const [content, message] of variants) {
      const read = parseReplayJson(typeof content === 'string' ? content : JSON.stringify(content));
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.message).toMatch(message);
    }
  });

  it('fills settings missing from an older file with defaults, and says so', () => {
    const partial = { format: REPLAY_FORMAT, version: 1, settings: { dataset: 'moons', seed: 5 }, steps: 0, runLog: [] };
    const read = parseReplayJson(JSON.stringify(partial));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.replay.settings).toEqual({ ...DEFAULT_SETTINGS, dataset: 'moons', seed: 5 });
    expect(read.replay.seed).toBe(5);
    expect(read.notes).toContain('Noise was not in the file: using the default.');
  });
});
