/**
 * The lessons: one per topic of the guide, one file each in topics/. Each sets up an experiment
 * (a preset with its seed), says in a few sentences what to look for, and carries a check: a pure
 * function that measures the guide's claim on the student's own run and reports the numbers, also
 * when the claim does not hold (with the technique switched off, say). The same check runs on the
 * live history in the page and on a headless replay in the tests and in `npm run lessons:check`.
 */
import { DEFAULT_SETTINGS, type Settings } from '../../settings/settingsTable';
import { batchNormLesson } from './topics/batch-norm';
import { bestPracticesLesson } from './topics/best-practices';
import { dropoutLesson } from './topics/dropout';
import { earlyStoppingLesson } from './topics/early-stopping';
import { fittingLesson } from './topics/fitting';
import { generalizationLesson } from './topics/generalization';
import { gradientsLesson } from './topics/gradients';
import { l1L2Lesson } from './topics/l1-l2';
import type { Lesson, LessonCheck, LessonRunView } from './types';

export type { Lesson, LessonCheck, LessonRun, LessonRunView, LessonStatus, LessonTopic } from './types';

/** Every lesson, in teaching order (the guide's). */
export const LESSONS: readonly Lesson[] = [
  generalizationLesson,
  fittingLesson,
  l1L2Lesson,
  dropoutLesson,
  earlyStoppingLesson,
  gradientsLesson,
  batchNormLesson,
  bestPracticesLesson,
];

/** Lessons by id. */
export const LESSON_BY_ID: Readonly<Record<string, Lesson>> = Object.fromEntries(LESSONS.map((lesson) => [lesson.id, lesson]));

/** The complete settings of a lesson's run A (the preset) or run B (the preset with `compare`). */
export function lessonSettings(lesson: Lesson, run: 'A' | 'B' = 'A'): Settings {
  const settings = { ...DEFAULT_SETTINGS, ...lesson.preset };
  return run === 'B' ? { ...settings, ...(lesson.compare ?? {}) } : settings;
}

/** Runs a lesson's check; a check that throws reports the error instead of breaking the page. */
export function evaluateLesson(lesson: Lesson, view: LessonRunView): LessonCheck {
  try {
    return lesson.check(view);
  } catch (error) {
    return { status: 'waiting', headline: `The check could not run: ${error instanceof Error ? error.message : String(error)}` };
  }
}
