/**
 * The held-out test figures: computed for the weights a run keeps, on request only, and the same
 * in the worker session and the headless replay.
 */
import { describe, expect, it } from 'vitest';
import { createFakeSession } from './fakeHost';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION } from '../../../src/worker/protocol';
import { replayRun } from '../../../src/worker/replay';

const SMALL: Settings = { ...DEFAULT_SETTINGS, dataset: 'moons', trainCount: 60, noise: 0.4, validationFraction: 0.5, hiddenLayers: [8, 8], batchSize: 10, seed: 3 };

describe('held-out test figures', () => {
  it('the worker reports them only when asked, for the current weights, as the replay does', () => {
    const fake = createFakeSession();
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: SMALL, sources: {}, replayLog: [] });
    fake.session.handle({ type: 'step', unit: 'batch', count: 30 });
    fake.pump();
    expect(fake.ofType('testFigures')).toHaveLength(0);
    fake.session.handle({ type: 'revealTest' });
    const [event] = fake.ofType('testFigures');
    expect(event.figures.step).toBe(30);
    expect(event.figures.count).toBe(60);
    const replay = replayRun(SMALL, {}, [], 30);
    expect(replay.test).toEqual(event.figures);
    expect(replay.test.accuracy).toBeGreaterThan(0.5);
    expect(Number.isFinite(replay.test.loss)).toBe(true);
    // Test figures are not validation figures: another set of points.
    expect(replay.test.loss).not.toBe(replay.trainer.evaluate().validationLoss);
  });

  it('after an early stop with restore-best, the replay scores the restored weights', () => {
    const settings: Settings = { ...SMALL, earlyStopping: true, patience: 2, restoreBest: true, learningRate: 0.05, hiddenLayers: [32, 32], trainCount: 40 };
    const replay = replayRun(settings, {}, [], 3000);
    expect(replay.stoppedEarly).toBe(true);
    const kept = replay.trainer.score(replay.dataset.test);
    expect(replay.test.loss).toBe(kept.loss);
    expect(replay.test.accuracy).toBe(kept.accuracy);
  });
});
