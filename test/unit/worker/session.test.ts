import { describe, expect, it } from 'vitest';
import { createFakeSession } from './fakeHost';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION } from '../../../src/worker/protocol';
import { replayRun } from '../../../src/worker/replay';

const SMALL: Settings = { ...DEFAULT_SETTINGS, dataset: 'spirals', trainCount: 60, validationFraction: 0.5, hiddenLayers: [8, 8], batchSize: 10, seed: 7 };

function init(fake: ReturnType<typeof createFakeSession>, settings: Settings = SMALL) {
  fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings, sources: {}, replayLog: [] });
}

describe('training session (fake clock, no Worker)', () => {
  it('builds a run and reports ready with the dataset, then an initial snapshot', () => {
    const fake = createFakeSession();
    init(fake);
    const ready = fake.ofType('ready');
    expect(ready).toHaveLength(1);
    expect(ready[0].dataset.trainCount).toBe(60);
    expect(ready[0].step).toBe(0);
    expect(fake.ofType('snapshot')).toHaveLength(1);
  });

  it('steps exactly n minibatches, then pauses', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'step', unit: 'batch', count: 3 });
    fake.pump();
    const phases = fake.ofType('phase').map((event) => event.phase);
    expect(phases.slice(-2)).toEqual(['running', 'paused']);
    expect(fake.ofType('phase').at(-1)!.step).toBe(3);
  });

  it('steps to the end of the epoch with unit "epoch"', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'step', unit: 'epoch', count: 1 });
    fake.pump();
    const epochs = fake.ofType('metrics').flatMap((event) => event.epochs);
    expect(epochs).toHaveLength(1);
    expect(epochs[0].epoch).toBe(1);
    // 60 training examples in batches of 10.
    expect(fake.ofType('phase').at(-1)!.step).toBe(6);
  });

  it('applies a live patch at the next minibatch boundary and logs it with that step', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'step', unit: 'batch', count: 4 });
    fake.pump();
    fake.session.handle({ type: 'patch', changes: { l2Enabled: true, l2: 0.01 } });
    const patched = fake.ofType('patched');
    expect(patched).toHaveLength(1);
    expect(patched[0].entry.step).toBe(4);
    expect(patched[0].entry.label).toContain('L2 on');
    fake.session.handle({ type: 'step', unit: 'epoch', count: 1 });
    fake.pump();
    const epochs = fake.ofType('metrics').flatMap((event) => event.epochs);
    expect(epochs.at(-1)!.penalty).toBeGreaterThan(0);
  });

  it('checks the shape of a patch, not its ranges: unknown names and non-objects are refused with a message', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'patch', changes: { bogus: 3, l2Enabled: true } as unknown as Partial<Settings> });
    expect(fake.ofType('refused').map((event) => event.message)).toEqual(['Unknown setting "bogus" ignored.']);
    // The known name in the same message still applies: the page checked its value.
    expect(fake.ofType('patched').map((event) => event.entry.label)).toEqual(['L2 on']);
    fake.session.handle({ type: 'patch', changes: 'dropout please' as unknown as Partial<Settings> });
    expect(fake.ofType('refused').at(-1)!.message).toBe('A settings change must be an object of name: value pairs.');
    expect(fake.ofType('error')).toEqual([]);
  });

  it('a value the page should never send (dropout rate 1, a bug) ends as a refusal, and training goes on with the old settings', () => {
    const fake = createFakeSession();
    init(fake, { ...SMALL, dropoutEnabled: true, dropoutRate: 0.5 });
    fake.session.handle({ type: 'patch', changes: { dropoutRate: 1 } });
    // The dropout layer's own invariant, not a second range check of the table's.
    expect(fake.ofType('refused').map((event) => event.message)).toEqual(['Dropout rate must be at least 0 and below 1 (got 1).']);
    expect(fake.ofType('patched')).toHaveLength(0);
    expect(fake.ofType('error')).toEqual([]);
    fake.session.handle({ type: 'step', unit: 'epoch', count: 1 });
    fake.pump();
    const epochs = fake.ofType('metrics').flatMap((event) => event.epochs);
    expect(epochs.length).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(epochs.at(-1)!.trainLoss)).toBe(true);
    expect(fake.session.log()).toEqual([]);
  });

  it('a value that makes the numbers blow up (a learning rate of 1e30, past the table) ends as a divergence, not a dead worker', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'patch', changes: { learningRate: 1e30 } });
    fake.session.handle({ type: 'step', unit: 'epoch', count: 1 });
    fake.pump();
    expect(fake.ofType('diverged')).toHaveLength(1);
    expect(fake.ofType('error')).toEqual([]);
    expect(fake.ofType('phase').at(-1)!.phase).toBe('diverged');
  });

  it('rebuilds (a new ready event with a reason) when the architecture changes', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'patch', changes: { hiddenLayers: [4] } });
    const ready = fake.ofType('ready');
    expect(ready).toHaveLength(2);
    expect(ready[1].reason).toBe('Network rebuilt: Hidden layers 4');
    expect(ready[1].runId).toBe(ready[0].runId + 1);
  });

  it('pauses at once: no minibatch runs after a pause', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'play' });
    fake.pump(3);
    fake.session.handle({ type: 'pause' });
    const pausedAt = fake.ofType('phase').at(-1)!;
    expect(pausedAt.phase).toBe('paused');
    fake.pump();
    expect(fake.pending()).toBe(0);
    const lastMetrics = fake.ofType('metrics').at(-1)!;
    expect(lastMetrics.step).toBe(pausedAt.step);
  });

  it('keeps at most one unacknowledged snapshot in flight', () => {
    const fake = createFakeSession({}, 5);
    init(fake);
    fake.session.handle({ type: 'play' });
    fake.pump(200);
    // Only the initial snapshot was posted: it was never acknowledged.
    expect(fake.ofType('snapshot')).toHaveLength(1);
    fake.session.handle({ type: 'ackSnapshot', id: fake.ofType('snapshot')[0].id });
    fake.pump(50);
    expect(fake.ofType('snapshot')).toHaveLength(2);
    fake.pump(200);
    expect(fake.ofType('snapshot')).toHaveLength(2);
    fake.session.handle({ type: 'pause' });
  });

  it('a change sent while a replacement worker catches up applies where the catch-up ends, not partway through it', () => {
    const fake = createFakeSession();
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: SMALL, sources: {}, replayLog: [], resume: { steps: 30, play: false } });
    fake.session.handle({ type: 'patch', changes: { dropoutEnabled: true } });
    fake.pump();
    const patched = fake.ofType('patched');
    expect(patched).toHaveLength(1);
    expect(patched[0].entry).toMatchObject({ step: 30, changes: { dropoutEnabled: true } });
    expect(fake.ofType('phase').at(-1)).toMatchObject({ phase: 'paused', step: 30 });
  });

  it('bounds the epochs carried by one metrics event, and drops none: every epoch arrives, in order', () => {
    const fake = createFakeSession({ maxEpochsPerEvent: 5, metricsIntervalMs: 1e9 }, 0.01);
    init(fake, { ...SMALL, trainCount: 10, batchSize: 10 });
    fake.session.handle({ type: 'step', unit: 'batch', count: 40 });
    fake.pump();
    const metrics = fake.ofType('metrics');
    for (const event of metrics) expect(event.epochs.length).toBeLessThanOrEqual(5);
    expect(metrics.flatMap((event) => event.epochs.map((epoch) => epoch.epoch))).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  });

  it('reports a diverged run, pauses it, and refuses to play until reset', () => {
    const fake = createFakeSession();
    init(fake, { ...SMALL, learningRate: 10, optimizer: 'sgd', initializer: 'normal1', hiddenLayers: [32, 32, 32], activation: 'relu', standardize: false });
    fake.session.handle({ type: 'step', unit: 'batch', count: 500 });
    fake.pump();
    const diverged = fake.ofType('diverged');
    expect(diverged).toHaveLength(1);
    expect(diverged[0].info.where).toMatch(/loss|gradient|weights|activations/);
    expect(fake.ofType('phase').at(-1)!.phase).toBe('diverged');
    fake.session.handle({ type: 'play' });
    expect(fake.ofType('refused').at(-1)!.message).toContain('diverged');
    fake.session.handle({ type: 'reset' });
    expect(fake.ofType('ready').at(-1)!.reason).toBe('Reset: same seed');
  });

  it('produces exactly the metrics of a headless replay given the same seed, settings and run log', () => {
    const fake = createFakeSession();
    init(fake);
    fake.session.handle({ type: 'step', unit: 'batch', count: 13 });
    fake.pump();
    fake.session.handle({ type: 'patch', changes: { dropoutEnabled: true, dropoutRate: 0.3 } });
    fake.session.handle({ type: 'step', unit: 'batch', count: 17 });
    fake.pump();
    fake.session.handle({ type: 'patch', changes: { l1Enabled: true, batchNorm: true, learningRate: 0.003 } });
    fake.session.handle({ type: 'step', unit: 'batch', count: 30 });
    fake.pump();
    const workerEpochs = fake.ofType('metrics').flatMap((event) => event.epochs);
    const replay = replayRun(SMALL, {}, fake.session.log(), 60);
    expect(workerEpochs.length).toBe(10);
    expect(replay.epochs).toEqual(workerEpochs);
  });
});
