/**
 * The "every seed" rule of the lesson tests: a lesson's claim holds on at least 80% of the seeds,
 * its negative control does not hold on at least 80% (a check still waiting counts against both),
 * and no lesson says "Holds" where its headline metric on the held-out test set got worse.
 */
import { expect } from 'vitest';
import { LESSON_BY_ID } from '../../../src/ui/lessons/lessons';
import { runLessonSeed, type LessonSeedResult } from '../../../src/ui/lessons/seedRun';
import { loadDigits14 } from './replayLessons';

/** Share of seeds on which the claim must hold (and the control must not). */
export const REQUIRED_SHARE = 0.8;

/**
 * Lessons judged on the test set: whether run A (with the technique) did at least as well as run B
 * on the headline metric, read from the raw figures rather than from the check's own numbers.
 */
const TEST_HEADLINE: Readonly<Record<string, (result: LessonSeedResult) => boolean>> = {
  dropout: (result) => result.a.testAccuracy! >= result.b!.testAccuracy!,
  'early-stopping': (result) => result.a.testAccuracy! >= result.b!.testAccuracy! && result.a.testLoss < result.b!.testLoss,
  'best-practices': (result) => result.a.testAccuracy! >= result.b!.testAccuracy!,
};

/** Runs a lesson and its control on the seeds and checks the rule; returns the results. */
export function expectTruthfulOnSeeds(lessonId: string, seeds: readonly number[]): LessonSeedResult[] {
  const lesson = LESSON_BY_ID[lessonId];
  const sources = lesson.preset.dataset === 'digits' ? { digits: loadDigits14() } : {};
  const results = seeds.flatMap((seed) => [runLessonSeed(lesson, seed, 'lesson', sources), runLessonSeed(lesson, seed, 'control', sources)]);
  const lessonRuns = results.filter((result) => result.variant === 'lesson');
  const controlRuns = results.filter((result) => result.variant === 'control');
  const report = (runs: LessonSeedResult[]) => runs.map((result) => `seed ${result.seed}: ${result.status}: ${result.headline}`).join('\n');
  const needed = Math.ceil(REQUIRED_SHARE * seeds.length);
  expect(lessonRuns.filter((result) => result.status === 'holds').length, report(lessonRuns)).toBeGreaterThanOrEqual(needed);
  expect(controlRuns.filter((result) => result.status === 'does-not-hold').length, report(controlRuns)).toBeGreaterThanOrEqual(needed);
  const headline = TEST_HEADLINE[lessonId];
  for (const result of results) {
    expect(result.a.diverged, `${lessonId} seed ${result.seed}`).toBe(false);
    expect(result.headline).toMatch(/\d/);
    if (headline && result.status === 'holds') expect(headline(result), `${lessonId} seed ${result.seed} says Holds: ${result.headline}`).toBe(true);
  }
  return results;
}
