/**
 * "Check on 10 seeds" trains through the run pool and judges on the main thread: its verdicts must
 * be those of runLessonSeed (the tests' and lessons:check's path), bit for bit, and it must train
 * a run that two verdicts share only once.
 */
import { describe, expect, it } from 'vitest';
import { createInProcessPool } from '../../../src/run/runPool';
import type { RunRequest } from '../../../src/run/trainHeadless';
import { LESSON_BY_ID } from '../../../src/ui/lessons/lessons';
import { cancelSeedCheck, clearSeedCheck, median, runSeedCheck, seedCheckStore, seedCheckSummary, type SeedCheckDeps } from '../../../src/ui/lessons/seedCheck';
import { runLessonSeed } from '../../../src/ui/lessons/seedRun';

function nodeDeps(requests: RunRequest[] = []): SeedCheckDeps {
  return {
    createPool: () => createInProcessPool({ onResult: (_result, request) => requests.push(request) }),
    sourcesFor: async () => ({ ok: true, sources: {} }),
  };
}

describe('check on 10 seeds', () => {
  it('gives the verdicts of runLessonSeed, seed by seed, with its control', async () => {
    const lesson = LESSON_BY_ID.gradients;
    const seeds = [1, 2, 3];
    await runSeedCheck(lesson, nodeDeps(), seeds);
    const state = seedCheckStore.getState();
    expect(state.phase).toBe('done');
    expect(state.verdicts.map((verdict) => verdict.seed)).toEqual(seeds);
    for (const verdict of state.verdicts) {
      const expected = { lesson: runLessonSeed(lesson, verdict.seed, 'lesson'), control: runLessonSeed(lesson, verdict.seed, 'control') };
      expect(verdict.lesson).toEqual(expected.lesson);
      expect(verdict.control).toEqual(expected.control);
    }
    clearSeedCheck();
  }, 120_000);

  it('trains each distinct run once: the dropout-style control (no technique in A or B) reuses run B', async () => {
    const lesson = LESSON_BY_ID['generalization'];
    const requests: RunRequest[] = [];
    await runSeedCheck(lesson, nodeDeps(requests), [4]);
    // Lesson: A (small set) and B (500 examples); control: both 500 examples = lesson B.
    expect(requests).toHaveLength(2);
    expect(seedCheckStore.getState().runsTotal).toBe(2);
    expect(seedCheckStore.getState().runsDone).toBe(2);
    clearSeedCheck();
  }, 120_000);

  it('cancels: the phase says so and no later seed is added', async () => {
    const lesson = LESSON_BY_ID['l1-l2'];
    // Cancel as soon as the first seed is judged (the store says so), whatever the machine's speed.
    const unsubscribe = seedCheckStore.subscribe((state) => {
      if (state.verdicts.length === 1) cancelSeedCheck();
    });
    await runSeedCheck(lesson, nodeDeps(), [1, 2, 3, 4, 5]);
    unsubscribe();
    const state = seedCheckStore.getState();
    expect(state.phase).toBe('cancelled');
    expect(state.verdicts.length).toBeLessThan(5);
    clearSeedCheck();
  }, 120_000);

  it('a missing data source stops it with the reason', async () => {
    await runSeedCheck(LESSON_BY_ID.dropout, { createPool: () => createInProcessPool(), sourcesFor: async () => ({ ok: false, message: 'The digits could not be loaded: offline.' }) }, [1]);
    expect(seedCheckStore.getState()).toMatchObject({ phase: 'failed', error: 'The digits could not be loaded: offline.' });
    clearSeedCheck();
  });

  it('summarizes counts and the median effect in words', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN])).toBeNull();
    const lesson = LESSON_BY_ID['batch-norm'];
    const result = (status: 'holds' | 'does-not-hold', speedup: number) => ({ lessonId: 'batch-norm', seed: 1, variant: 'lesson' as const, status, headline: '', details: [], numbers: { medianSpeedup: speedup }, a: null as never, b: null });
    const verdicts = [1, 2, 3].map((seed) => ({ seed, lesson: result(seed === 3 ? 'does-not-hold' : 'holds', seed), control: result('does-not-hold', 1) }));
    expect(seedCheckSummary(lesson, verdicts)).toBe('Held on 2 of 3 seeds (the control, without the technique, on 0 of 3); median speed-up with batch norm 2×.');
  });
});
