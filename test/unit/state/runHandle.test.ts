import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunHandle, type RunHandleOwner } from '../../../src/state/runHandle';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION, type DatasetInfo, type InitCommand, type WorkerEvent } from '../../../src/worker/protocol';
import { SILENCE_BOUND_MS, URGENT_ANSWER_MS, type WatchClock } from '../../../src/worker/silenceWatch';
import { FakeWorker } from './fakeWorker';
import { checked, checkedPatch } from '../../checkedSettings';


/** The watchdog on vitest's fake timers. */
const FAKE_CLOCK: WatchClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

function setup() {
  const workers: FakeWorker[] = [];
  const owner: RunHandleOwner & { failed: [string, string][]; restarts: string[]; events: WorkerEvent[] } = {
    failed: [],
    restarts: [],
    events: [],
    onEvent: (event) => owner.events.push(event),
    settingsForRestart: () => checked({ seed: 42 }),
    onRestart: (reason) => owner.restarts.push(reason),
    onFailed: (reason, cause) => owner.failed.push([cause, reason]),
  };
  const handle = new RunHandle(owner, {
    name: 'test',
    watch: { clock: FAKE_CLOCK },
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { handle, owner, workers };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('run handle', () => {
  beforeEach(() => vi.stubGlobal('Worker', FakeWorker));
  afterEach(() => vi.unstubAllGlobals());

  it('refuses a worker that speaks another protocol, and says to reload', async () => {
    const { handle, owner, workers } = setup();
    handle.start();
    expect(await handle.init(checked(DEFAULT_SETTINGS))).toBe(true);
    expect(workers[0].sent[0]).toMatchObject({ type: 'init', protocol: PROTOCOL_VERSION });
    workers[0].speak({ type: 'error', message: 'The page speaks protocol 1, the worker 0: reload the page.', recoverable: false, workerProtocol: PROTOCOL_VERSION + 1, step: 0, epoch: 0 });
    expect(owner.failed).toHaveLength(1);
    expect(owner.failed[0][0]).toBe('protocol');
    expect(owner.failed[0][1]).toContain(`protocol ${PROTOCOL_VERSION + 1}, this page ${PROTOCOL_VERSION}`);
    expect(owner.failed[0][1]).toContain('Reload the page');
    expect(workers[0].terminated).toBe(true);
    expect(handle.active).toBe(false);
    expect(owner.restarts).toEqual([]);
  });

  it('records when its worker last spoke and acknowledges snapshots after a frame', async () => {
    const { handle, owner, workers } = setup();
    handle.start();
    expect(handle.lastHeardAt).toBeNull();
    workers[0].speak({ type: 'phase', runId: 1, phase: 'idle', step: 0, epoch: 0 });
    expect(handle.lastHeardAt).not.toBeNull();
    workers[0].speak({ type: 'snapshot', runId: 1, id: 7, weightHistograms: [], dropoutMasks: [], batchNorm: [], grid: null, gradientNorms: new Float32Array(0), parameters: [], samplePredictions: null, confusion: null, step: 0, epoch: 0 });
    expect(owner.events.map((event) => event.type)).toEqual(['phase', 'snapshot']);
    await flush();
    expect(workers[0].sent).toContainEqual({ type: 'ackSnapshot', id: 7 });
  });

  it('restarts a crashed worker with the owner settings through one path, and gives up on a crash loop', async () => {
    const { handle, owner, workers } = setup();
    handle.start();
    workers[0].crash('boom');
    await flush();
    expect(owner.restarts).toEqual(['boom']);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].sent.find((command) => command.type === 'init')).toMatchObject({ settings: { seed: 42 } });
    workers[1].speak({ type: 'error', message: 'fatal', recoverable: false, step: 0, epoch: 0 });
    handle.restart('silent for too long');
    expect(owner.restarts).toEqual(['boom', 'fatal', 'silent for too long']);
    workers[3].crash('again');
    expect(owner.failed).toEqual([['crashLoop', 'again']]);
    expect(handle.active).toBe(false);
  });
});

/** A worker that answers as the real one does: a heartbeat per command, then what it did. */
function answer(worker: FakeWorker, handled: number, step: number, extra: WorkerEvent[] = []) {
  for (const event of extra) worker.speak(event);
  worker.speak({ type: 'heartbeat', handled, step, epoch: 0 });
}

const START = checked({ seed: 9 });
const L2_AT_12 = { step: 12, epoch: 1, changes: { l2Enabled: true }, label: 'L2 on' };

/** Builds a run in worker 0 and trains it to step 40 with one live change at step 12. */
async function trainedTo40(playing: boolean) {
  const context = setup();
  const { handle, workers } = context;
  handle.start();
  await handle.init(START);
  const worker = workers[0];
  answer(worker, 1, 0, [{ type: 'ready', protocol: PROTOCOL_VERSION, runId: 1, dataset: {} as DatasetInfo, settings: START, reason: 'New run', preview: {} as never, step: 0, epoch: 0 }]);
  handle.send({ type: 'play' });
  answer(worker, 2, 0, [{ type: 'phase', runId: 1, phase: 'running', step: 0, epoch: 0 }]);
  worker.speak({ type: 'patched', runId: 1, entry: L2_AT_12, step: 12, epoch: 1 });
  worker.speak({ type: 'metrics', runId: 1, phase: 'running', epochs: [], batchLoss: 0.5, stepsPerSecond: 100, step: 40, epoch: 2 });
  if (!playing) {
    handle.send({ type: 'pause' });
    answer(worker, 3, 40, [{ type: 'phase', runId: 1, phase: 'paused', step: 40, epoch: 2 }]);
  }
  return context;
}

const initOf = (worker: FakeWorker) => worker.sent.find((command): command is InitCommand => command.type === 'init')!;

describe('failure 1 (issue 17): the run handle watchdog notices a dead or hung worker (fake timers)', () => {
  beforeEach(() => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('replaces a worker that falls silent while training, and replays the run to its step, playing on', async () => {
    const { owner, workers } = await trainedTo40(true);
    await vi.advanceTimersByTimeAsync(SILENCE_BOUND_MS - 1);
    expect(workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(workers[0].terminated).toBe(true);
    expect(owner.restarts).toEqual([`The test worker said nothing for ${SILENCE_BOUND_MS / 1000} s while training: it had stopped or hung.`]);
    expect(initOf(workers[1])).toMatchObject({ settings: START, replayLog: [L2_AT_12], resume: { steps: 40, play: true } });
  });

  it('a change made while the worker hung reaches the new worker after its replay; one the old worker answered is not sent twice', async () => {
    const { handle, workers } = await trainedTo40(true);
    handle.patch(checkedPatch({ dropoutRate: 0.4 }));
    answer(workers[0], 3, 40);
    // Then the worker hangs: this change is never answered.
    handle.patch(checkedPatch({ dropoutEnabled: true }));
    await vi.advanceTimersByTimeAsync(SILENCE_BOUND_MS);
    expect(workers).toHaveLength(2);
    const sent = workers[1].sent.filter((command) => command.type === 'init' || command.type === 'patch');
    expect(sent.map((command) => command.type)).toEqual(['init', 'patch']);
    expect(sent[0]).toMatchObject({ replayLog: [L2_AT_12], resume: { steps: 40, play: true } });
    expect(sent[1]).toMatchObject({ type: 'patch', changes: { dropoutEnabled: true } });
  });

  it('leaves a paused, quiet worker alone; after a command it must answer within the bound', async () => {
    const { handle, owner, workers } = await trainedTo40(false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(owner.restarts).toEqual([]);
    handle.send({ type: 'step', unit: 'batch', count: 1 });
    await vi.advanceTimersByTimeAsync(SILENCE_BOUND_MS);
    expect(owner.restarts).toHaveLength(1);
    expect(initOf(workers[1])).toMatchObject({ replayLog: [L2_AT_12], resume: { steps: 40, play: false } });
  });

  it('a Pause is not raced: a busy worker that keeps beating is left alone; a silent one is replaced and the new one stays paused', async () => {
    const { handle, owner, workers } = await trainedTo40(true);
    handle.send({ type: 'pause' });
    // A long step (an epoch-end evaluation): heartbeats, but the pause is not handled yet.
    for (let beat = 0; beat < 50; beat++) {
      await vi.advanceTimersByTimeAsync(200);
      workers[0].speak({ type: 'heartbeat', handled: 2, step: 40, epoch: 2 });
    }
    expect(owner.restarts).toEqual([]);
    await vi.advanceTimersByTimeAsync(SILENCE_BOUND_MS);
    expect(owner.restarts).toEqual([`The test worker said nothing for ${SILENCE_BOUND_MS / 1000} s while training: it had stopped or hung.`]);
    expect(initOf(workers[1])).toMatchObject({ replayLog: [L2_AT_12], resume: { steps: 40, play: false } });
  });

  it('a Reset the worker does not answer within a second is built by a new worker: the run over, with its live changes and the new seed', async () => {
    const { handle, owner, workers } = await trainedTo40(true);
    handle.send({ type: 'reset', seed: 77 });
    await vi.advanceTimersByTimeAsync(URGENT_ANSWER_MS - 1);
    expect(owner.restarts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(owner.restarts).toEqual([`The test worker did not answer Reset within ${URGENT_ANSWER_MS / 1000} s: it was busy or hung.`]);
    expect(initOf(workers[1])).toMatchObject({ settings: { ...START, l2Enabled: true, seed: 77 }, replayLog: [], resume: { steps: 0, play: true } });
    // Resets are the user's doing: many in a row never count as a crash loop.
    for (let index = 2; index < 7; index++) {
      handle.send({ type: 'reset' });
      await vi.advanceTimersByTimeAsync(URGENT_ANSWER_MS);
    }
    expect(owner.failed).toEqual([]);
  });

  it('a healthy worker that answers and beats is never replaced', async () => {
    const { handle, owner, workers } = await trainedTo40(true);
    let handled = 2;
    for (let beat = 0; beat < 600; beat++) {
      await vi.advanceTimersByTimeAsync(200);
      if (beat % 50 === 0) handle.send({ type: 'speed', speed: { stepsPerSecond: null } });
      if (beat % 50 === 0) handled += 1;
      workers[0].speak({ type: 'heartbeat', handled, step: 40 + beat, epoch: 2 });
    }
    expect(owner.restarts).toEqual([]);
    expect(workers).toHaveLength(1);
  });

  it('replays entries of a replayed log that had not come due yet', async () => {
    const { handle, workers } = setup();
    handle.start();
    const later = { step: 500, epoch: 30, changes: { l2Enabled: false }, label: 'L2 off' };
    await handle.init(START, [L2_AT_12, later]);
    answer(workers[0], 1, 0, [{ type: 'ready', protocol: PROTOCOL_VERSION, runId: 1, dataset: {} as DatasetInfo, settings: START, reason: 'New run', preview: {} as never, step: 0, epoch: 0 }]);
    handle.send({ type: 'play' });
    answer(workers[0], 2, 0, [{ type: 'phase', runId: 1, phase: 'running', step: 0, epoch: 0 }]);
    workers[0].speak({ type: 'patched', runId: 1, entry: L2_AT_12, step: 12, epoch: 1 });
    workers[0].speak({ type: 'metrics', runId: 1, phase: 'running', epochs: [], batchLoss: 0.5, stepsPerSecond: 100, step: 40, epoch: 2 });
    await vi.advanceTimersByTimeAsync(SILENCE_BOUND_MS);
    expect(initOf(workers[1])).toMatchObject({ replayLog: [L2_AT_12, later], resume: { steps: 40, play: true } });
  });
});
