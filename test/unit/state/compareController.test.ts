import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION, type DatasetInfo, type WorkerCommand } from '../../../src/worker/protocol';
import { compareStore, startCompare, stopCompare } from '../../../src/state/compareController';
import { resetShown, stepShown, togglePlayShown } from '../../../src/state/shownRun';
import { choosePace, DEFAULT_STEPS_PER_SECOND } from '../../../src/state/pace';
import { FakeWorker } from './fakeWorker';
import { checked, checkedPatch } from '../../checkedSettings';


/** The live worker of one side (the latest one of that name). */
function workerOf(side: 'a' | 'b'): FakeWorker {
  return FakeWorker.all.filter((worker) => worker.name === `compare-${side}` && !worker.terminated).at(-1)!;
}

const dataset = { name: 'spirals', task: 'classification', outputSize: 2 } as unknown as DatasetInfo;

function ready(side: 'a' | 'b') {
  const worker = workerOf(side);
  const init = worker.sent.find((command) => command.type === 'init');
  if (init?.type !== 'init') throw new Error('no init sent');
  worker.speak({ type: 'ready', protocol: PROTOCOL_VERSION, runId: 1, dataset, settings: init.settings, reason: 'New run', preview: null as never, step: 0, epoch: 0 });
}

const commandsOf = (side: 'a' | 'b', type: WorkerCommand['type']) => workerOf(side).sent.filter((command) => command.type === type);

describe('compare mode drives two run handles', () => {
  beforeEach(async () => {
    FakeWorker.all = [];
    vi.stubGlobal('Worker', FakeWorker);
    choosePace(DEFAULT_STEPS_PER_SECOND);
    await startCompare(checked({ seed: 7 }), checkedPatch({ dropoutEnabled: true }));
    ready('a');
    ready('b');
  });
  afterEach(() => {
    stopCompare();
    vi.unstubAllGlobals();
  });

  it('builds A with the settings and B with the change, both at the chosen pace', () => {
    expect(commandsOf('a', 'init')[0]).toMatchObject({ settings: { seed: 7, dropoutEnabled: DEFAULT_SETTINGS.dropoutEnabled } });
    expect(commandsOf('b', 'init')[0]).toMatchObject({ settings: { seed: 7, dropoutEnabled: true } });
    for (const side of ['a', 'b'] as const) expect(commandsOf(side, 'speed')).toEqual([{ type: 'speed', speed: { stepsPerSecond: DEFAULT_STEPS_PER_SECOND } }]);
  });

  it('sends the header controls and a new pace to both runs', () => {
    togglePlayShown();
    for (const side of ['a', 'b'] as const) expect(commandsOf(side, 'play')).toHaveLength(1);
    workerOf('a').speak({ type: 'phase', runId: 1, phase: 'running', step: 5, epoch: 0 });
    togglePlayShown();
    for (const side of ['a', 'b'] as const) expect(commandsOf(side, 'pause')).toHaveLength(1);
    stepShown();
    resetShown();
    choosePace(10);
    for (const side of ['a', 'b'] as const) {
      expect(commandsOf(side, 'step')).toEqual([{ type: 'step', unit: 'batch', count: 1 }]);
      expect(commandsOf(side, 'reset')).toHaveLength(1);
      expect(commandsOf(side, 'speed').at(-1)).toEqual({ type: 'speed', speed: { stepsPerSecond: 10 } });
    }
  });

  it('restarts a crashed compare worker with its own settings and pace, and says so', async () => {
    choosePace(100);
    const crashed = workerOf('b');
    crashed.crash('out of memory');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(crashed.terminated).toBe(true);
    const fresh = workerOf('b');
    expect(fresh).not.toBe(crashed);
    expect(fresh.sent[0]).toEqual({ type: 'speed', speed: { stepsPerSecond: 100 } });
    expect(fresh.sent.find((command) => command.type === 'init')).toMatchObject({ settings: { seed: 7, dropoutEnabled: true } });
    expect(compareStore.getState().b.restartNotice).toMatch(/^The worker of run B was replaced by a new one \(out of memory\)\. A new one replays your run/);
    expect(compareStore.getState().a.restartNotice).toBeNull();
    // A keeps its worker: only the crashed side was rebuilt.
    expect(FakeWorker.all.filter((worker) => worker.name === 'compare-a')).toHaveLength(1);
  });

  it('reports a diverged run by name, with where it happened', () => {
    workerOf('a').speak({ type: 'diverged', runId: 1, info: { step: 412, epoch: 51, where: 'loss' }, step: 412, epoch: 51 });
    expect(compareStore.getState().a.error).toBe('Run A diverged at step 412: loss became NaN or infinite.');
    expect(compareStore.getState().a.diverged).toEqual({ step: 412, epoch: 51, where: 'loss' });
    expect(compareStore.getState().b.error).toBeNull();
  });
});
