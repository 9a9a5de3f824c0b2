/** Early stopping: Keras 3 semantics (semantics.md section 4), as a state machine and in the trainer. */
import { describe, expect, it } from 'vitest';
import type { EarlyStoppingSettings } from '../../../src/engine/contract.ts';
import { EarlyStopping } from '../../../src/engine/earlyStopping.ts';
import { defaultEarlyStopping } from './fixtures.ts';
import { Trainer } from '../../../src/engine/trainer.ts';
import { mlp, settingsWith, spiralData } from './helpers.ts';

function settings(overrides: Partial<EarlyStoppingSettings>): EarlyStoppingSettings {
  return { ...defaultEarlyStopping(), enabled: true, patience: 0, restoreBestWeights: false, ...overrides };
}

/** Feeds values epoch by epoch; returns the 1-based epoch at which it stopped, or null. */
function stopEpoch(values: (number | null)[], overrides: Partial<EarlyStoppingSettings>): number | null {
  const es = new EarlyStopping(settings(overrides));
  for (let i = 0; i < values.length; i++) {
    if (es.onEpochEnd(i + 1, values[i]).stop) return i + 1;
  }
  return null;
}

describe('EarlyStopping (Keras 3)', () => {
  const kerasLosses = [10, 9, 8, 9, 8.9, 8.8, 8.7, 8.6, 8.5];

  it("Keras's own case: patience 0/1/2/3 stop at epochs 4/4/5/6 (1-based)", () => {
    expect([0, 1, 2, 3].map((patience) => stopEpoch(kerasLosses, { patience }))).toEqual([4, 4, 5, 6]);
  });

  it('never stops at the first epoch, even with patience 0', () => {
    expect(stopEpoch([5], { patience: 0 })).toBeNull();
  });

  it('a tie is no improvement (strict)', () => {
    expect(stopEpoch([1, 1], { patience: 1 })).toBe(2);
    expect(stopEpoch([1, 0.999], { patience: 1 })).toBeNull();
  });

  it('a change of exactly min_delta is no improvement; more than min_delta is', () => {
    // 0.5 and 0.25 are exact in binary, so "exactly min_delta" is exact.
    expect(stopEpoch([1, 0.75], { patience: 1, minDelta: 0.25 })).toBe(2);
    expect(stopEpoch([1, 0.7], { patience: 1, minDelta: 0.25 })).toBeNull();
  });

  it('max mode for accuracies ("auto" picks it from the monitor)', () => {
    expect(stopEpoch([0.5, 0.6, 0.55], { monitor: 'validationAccuracy', patience: 1 })).toBe(3);
    expect(stopEpoch([0.5, 0.4], { monitor: 'validationAccuracy', mode: 'min', patience: 1 })).toBeNull();
  });

  it('baseline: improvements that do not beat it do not reset the wait', () => {
    // Without a baseline the improvements reset the wait and 8.5 is only the first bad epoch.
    expect(stopEpoch([10, 9, 8, 8.5], { patience: 3 })).toBeNull();
    // With baseline 5 nothing beats it: wait reaches 4 at the first non-improving epoch.
    expect(stopEpoch([10, 9, 8, 8.5], { patience: 3, baseline: 5 })).toBe(4);
    // Beating the baseline resets the wait as usual.
    expect(stopEpoch([10, 4, 3, 3.5], { patience: 3, baseline: 5 })).toBeNull();
  });

  it('start_from_epoch: the first epochs are not counted', () => {
    expect(stopEpoch([1, 2, 3, 4, 5, 6], { patience: 1 })).toBe(2);
    expect(stopEpoch([1, 2, 3, 4, 5, 6], { patience: 1, startFromEpoch: 2 })).toBe(4);
  });

  it('skips epochs whose monitored value does not exist (accuracy in regression)', () => {
    expect(stopEpoch([null, null, null], { monitor: 'validationAccuracy' })).toBeNull();
  });

  it('emits improved and stopped events with the best epoch and value', () => {
    const es = new EarlyStopping(settings({ patience: 1 }));
    expect(es.onEpochEnd(1, 3).events).toEqual([{ type: 'improved', epoch: 1, value: 3 }]);
    expect(es.onEpochEnd(2, 2).events).toEqual([{ type: 'improved', epoch: 2, value: 2 }]);
    expect(es.onEpochEnd(3, 2.5).events).toEqual([{ type: 'stopped', epoch: 3, bestEpoch: 2, bestValue: 2 }]);
  });

  it('asks to save on the first counted epoch and on every improvement when restoring', () => {
    const es = new EarlyStopping(settings({ patience: 5, restoreBestWeights: true }));
    expect([3, 4, 2, 2.5, 1].map((value, i) => es.onEpochEnd(i + 1, value).save)).toEqual([true, false, true, false, true]);
  });
});

describe('early stopping in the trainer', () => {
  // A wide net on 60 noisy points overfits quickly: validation loss rises after a minimum.
  const data = spiralData(60, 200, 5, 0.25);
  const model = mlp([64, 64]);

  it('stops, restores the best epoch weights, refuses steps until resumed', () => {
    const trainer = new Trainer({
      model,
      data,
      seed: 3,
      settings: settingsWith({ learningRate: 0.02, batchSize: 20, earlyStopping: { ...defaultEarlyStopping(), enabled: true, patience: 5 } }),
      dtype: 'float64',
    });
    const snapshots = new Map<number, string>();
    const validationLoss = new Map<number, number>();
    let stoppedResult = null;
    for (let step = 0; step < 3000 && stoppedResult === null; step++) {
      const result = trainer.trainStep();
      if (result.epochMetrics) validationLoss.set(result.epochMetrics.epoch, result.epochMetrics.validationLoss);
      if (result.stopped) stoppedResult = result;
      else if (result.epochMetrics) snapshots.set(result.epochMetrics.epoch, JSON.stringify(trainer.parameters().map((p) => Array.from(p.kernel))));
    }
    expect(stoppedResult).not.toBeNull();
    const stopped = stoppedResult!.events.find((event) => event.type === 'stopped');
    const restored = stoppedResult!.events.find((event) => event.type === 'restored');
    expect(stopped).toBeDefined();
    expect(restored).toBeDefined();
    if (stopped?.type !== 'stopped' || restored?.type !== 'restored') return;
    expect(stopped.epoch).toBe(trainer.epochCount);
    // The best epoch is the one with the lowest validation loss so far, and its weights are back.
    const best = [...validationLoss.entries()].reduce((a, b) => (b[1] < a[1] ? b : a));
    expect(stopped.bestEpoch).toBe(best[0]);
    expect(restored.bestEpoch).toBe(best[0]);
    expect(JSON.stringify(trainer.parameters().map((p) => Array.from(p.kernel)))).toBe(snapshots.get(best[0]));
    expect(trainer.evaluate().validationLoss).toBeCloseTo(best[1], 12);
    expect(trainer.stoppedEarly).toBe(true);
    expect(() => trainer.trainStep()).toThrow(/resumeAfterStop/);
    // "Restore best" as an action returns the event again.
    expect(trainer.restoreBestWeights()).toEqual({ type: 'restored', epoch: trainer.epochCount, bestEpoch: best[0] });
    trainer.resumeAfterStop();
    expect(trainer.stoppedEarly).toBe(false);
    expect(() => trainer.trainStep()).not.toThrow();
  });

  it('switched on mid-run counts from that epoch (no stop on its first epoch, even with patience 0)', () => {
    const trainer = new Trainer({ model, data, seed: 3, settings: settingsWith({ learningRate: 0.02, batchSize: 20 }) });
    while (trainer.epochCount < 40) trainer.trainStep();
    trainer.patch({ earlyStopping: { ...defaultEarlyStopping(), enabled: true, patience: 0, monitor: 'validationLoss' } });
    let result;
    do result = trainer.trainStep();
    while (!result.epochMetrics);
    expect(result.stopped).toBe(false);
    expect(result.events).toEqual([{ type: 'improved', epoch: 41, value: result.epochMetrics.validationLoss }]);
  });

  it('switching batch norm drops the saved weights and restarts the count (they belong to another network)', () => {
    const trainer = new Trainer({
      model,
      data,
      seed: 3,
      settings: settingsWith({ batchSize: 20, earlyStopping: { ...defaultEarlyStopping(), enabled: true } }),
    });
    while (trainer.epochCount < 3) trainer.trainStep();
    expect(trainer.restoreBestWeights()).not.toBeNull();
    trainer.patch({ batchNorm: true });
    expect(trainer.restoreBestWeights()).toBeNull();
    let result;
    do result = trainer.trainStep();
    while (!result.epochMetrics);
    expect(result.events.map((event) => event.type)).toEqual(['improved']);
    expect(trainer.restoreBestWeights()).toEqual({ type: 'restored', epoch: 4, bestEpoch: 4 });
  });

  it('restoreBestWeights() returns null when nothing was saved', () => {
    const trainer = new Trainer({ model, data, seed: 3, settings: settingsWith() });
    trainer.trainStep();
    expect(trainer.restoreBestWeights()).toBeNull();
  });
});
