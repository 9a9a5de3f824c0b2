/**
 * Every lesson on several seeds, headless through the worker's own code path (runLessonSeed ->
 * replayRun): the claim holds on at least 8 of 10 seeds, its negative control (the same preset
 * without the technique, judged by the same check) does not hold on at least 8 of 10, and no
 * lesson says "Holds" where its headline test metric got worse. The quick lessons run seeds 1-10
 * here; the two slow ones (digits CNN, fitting's long run) run a subset in lessonsSlow.test.ts, and
 * `npm run lessons:check -- --seeds 1-10` runs everything on all ten.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS, LESSON_BY_ID } from '../../../src/ui/lessons/lessons';
import { lessonRunSettings, replaySettings, viewOf } from './replayLessons';
import { expectTruthfulOnSeeds } from './seedVerdicts';

/** Lessons cheap enough to run on all ten seeds on every push. */
export const QUICK_LESSONS = ['generalization', 'l1-l2', 'early-stopping', 'gradients', 'batch-norm', 'best-practices'];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Generous: a busy CI machine shares its cores. */
const TIMEOUT_MS = 240_000;

describe('lessons on ten seeds', () => {
  it('every lesson is covered here or in the slow subset', () => {
    expect(LESSONS.map((lesson) => lesson.id).filter((id) => !QUICK_LESSONS.includes(id)).sort()).toEqual(['dropout', 'fitting']);
  });

  for (const lessonId of QUICK_LESSONS) {
    it(`${lessonId}: holds on at least 8 of seeds 1-10, its control does not`, () => expectTruthfulOnSeeds(lessonId, SEEDS), TIMEOUT_MS);
  }

  it('batch norm reaches most target losses at least 1.5 times sooner, as measured', () => {
    const lesson = LESSON_BY_ID['batch-norm'];
    const a = replaySettings(lessonRunSettings(lesson, 'A'), lesson.steps);
    const b = replaySettings(lessonRunSettings(lesson, 'B'), lesson.steps);
    const check = lesson.check(viewOf(a, b));
    expect(check.numbers!.medianSpeedup).toBeGreaterThanOrEqual(1.5);
    expect(check.numbers!.fasterTargets).toBeGreaterThan(check.numbers!.decidedTargets / 2);
    // The same two runs in the other order give the same verdict: roles come from the settings.
    expect(lesson.check(viewOf(b, a)).numbers).toEqual(check.numbers);
  });

  it('L1 against L2 on the features set: most noise features pruned by L1, hardly any by L2', () => {
    const lesson = LESSON_BY_ID['l1-l2'];
    const a = replaySettings(lessonRunSettings(lesson, 'A'), lesson.steps);
    const b = replaySettings(lessonRunSettings(lesson, 'B'), lesson.steps);
    const { prunedA, prunedB, noiseFeatures } = lesson.check(viewOf(a, b)).numbers!;
    expect(noiseFeatures).toBe(17);
    expect(prunedA).toBeGreaterThanOrEqual(14);
    expect(prunedB).toBeLessThanOrEqual(2);
  });

  it('early stopping restores the weights of the epoch it reports as best', () => {
    const lesson = LESSON_BY_ID['early-stopping'];
    const a = replaySettings(lessonRunSettings(lesson, 'A'), lesson.steps);
    const check = lesson.check(viewOf(a));
    expect(a.replay.stoppedEarly).toBe(true);
    expect(a.run.epochs[a.run.epochs.length - 1].epoch).toBe(check.numbers!.stopEpoch);
    // After the stop the trainer holds the best epoch's weights: evaluating them gives its validation loss.
    const best = a.run.epochs.find((metrics) => metrics.epoch === check.numbers!.bestEpoch)!;
    expect(a.replay.trainer.evaluate().validationLoss).toBeCloseTo(best.validationLoss, 6);
  });
});
