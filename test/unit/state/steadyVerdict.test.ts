import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine/rng';
import { steadyVerdict, type HoldRule, type VerdictSample } from '../../../src/state/steadyVerdict';

type V = 'none' | 'a' | 'b' | 'broken';
const HOLD: HoldRule = { epochs: 5, steps: 100 };

/** Epochs 1..n, `stepsPerEpoch` steps each, verdicts from a function of the epoch. */
function samples(n: number, stepsPerEpoch: number, verdict: (epoch: number) => V): VerdictSample<V>[] {
  return Array.from({ length: n }, (_, index) => ({ epoch: index + 1, step: (index + 1) * stepsPerEpoch, verdict: verdict(index + 1) }));
}

/** The shown verdict after each prefix of the history. */
function shownSeries(history: VerdictSample<V>[]): V[] {
  return history.map((_, index) => steadyVerdict<V>(history.slice(0, index + 1), HOLD, { initial: 'none', immediate: (v) => v === 'broken' }).shown);
}

describe('steady verdict (hysteresis)', () => {
  it('shows the first verdict once it has held the epochs part alone', () => {
    const history = samples(10, 1, () => 'a');
    const shown = shownSeries(history);
    expect(shown.slice(0, 4)).toEqual(['none', 'none', 'none', 'none']);
    expect(shown[4]).toBe('a');
  });

  it('changes a shown verdict only after max(epochs, steps): steps decide with few steps an epoch', () => {
    // 10 steps an epoch: 100 steps = 10 epochs > 5 epochs.
    const history = samples(40, 10, (epoch) => (epoch <= 10 ? 'a' : 'b'));
    const shown = shownSeries(history);
    expect(shown[10 + 10 - 2]).toBe('a'); // epoch 19: b has held 9 epochs = 90 steps
    expect(shown[10 + 10 - 1]).toBe('b'); // epoch 20: 10 epochs = 100 steps
  });

  it('changes a shown verdict only after max(epochs, steps): epochs decide with many steps an epoch', () => {
    const history = samples(40, 500, (epoch) => (epoch <= 10 ? 'a' : 'b'));
    const shown = shownSeries(history);
    expect(shown[13]).toBe('a'); // b has held 4 epochs (2,000 steps)
    expect(shown[14]).toBe('b'); // 5 epochs
  });

  it('shows an immediate verdict at once', () => {
    const history = samples(30, 10, (epoch) => (epoch < 25 ? 'a' : 'broken'));
    expect(shownSeries(history)[24]).toBe('broken');
  });

  it('counts epochs by their numbers, so a thinned history holds as long', () => {
    // Every other epoch kept (as a long run's bounded history does), 10 steps an epoch.
    const history = samples(60, 10, (epoch) => (epoch <= 20 ? 'a' : 'b')).filter((sample) => sample.epoch % 2 === 0);
    const at = (epoch: number) => steadyVerdict<V>(history.filter((s) => s.epoch <= epoch), HOLD, { initial: 'none' }).shown;
    expect(at(28)).toBe('a'); // b since epoch 21: 8 epochs, 80 steps
    expect(at(30)).toBe('b'); // 10 epochs, 100 steps
  });

  it('never flips faster than the hold on seeded noisy verdicts (seeds 1-10)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rng = createStream(seed, 'test/verdicts');
      // The raw verdict flickers: each epoch it is "b" with a probability that rises from 0.05 to
      // 1 (reached at epoch 500), as a validation loss drifting up through a threshold does.
      const history = samples(600, 4, (epoch) => (rng.uniform() < Math.min(1, 0.05 + (0.95 * epoch) / 500) ? 'b' : 'a'));
      const shown = shownSeries(history);
      let changes = 0;
      let lastChange = -Infinity;
      for (let index = 1; index < shown.length; index++) {
        if (shown[index] === shown[index - 1]) continue;
        changes += 1;
        if (shown[index - 1] !== 'none') {
          // The new verdict was the raw verdict for the whole hold: 25 epochs (100 steps at 4 an epoch).
          for (let back = index - 24; back <= index; back++) expect(history[back].verdict).toBe(shown[index]);
          expect(index - lastChange).toBeGreaterThanOrEqual(25);
        }
        lastChange = index;
      }
      // The raw series flips hundreds of times; the shown one a handful.
      const rawChanges = history.filter((sample, index) => index > 0 && sample.verdict !== history[index - 1].verdict).length;
      expect(rawChanges).toBeGreaterThan(100);
      expect(changes).toBeLessThanOrEqual(6);
      expect(shown[shown.length - 1]).toBe('b');
    }
  });
});
