/**
 * One lesson on one seed, headless, through the worker's own code path (replayRun): the unit of
 * `npm run lessons:check`, of the lesson tests and of the page's "Check on 10 seeds" (a run-pool
 * worker calls `runLessonSeed` with the lesson id, the seed and the variant, and posts the result
 * back). Pure apart from the training itself: the same inputs give the same result, bit for bit.
 */
import type { Settings } from '../../settings/settingsTable';
import type { DataSources } from '../../state/viewTypes';
import { replayRun, type ReplayResult } from '../../worker/replay';
import { evaluateLesson, lessonSettings } from './lessons';
import type { Lesson, LessonRun, LessonRunView, LessonStatus } from './types';

/** The lesson's own experiment, or its negative control (the same preset without the technique). */
export type LessonVariant = 'lesson' | 'control';

/** The raw final figures of one run: the kept weights' training, validation and test figures. */
export interface RunFigures {
  trainLoss: number;
  validationLoss: number;
  testLoss: number;
  trainAccuracy: number | null;
  validationAccuracy: number | null;
  testAccuracy: number | null;
  trainRmse: number | null;
  validationRmse: number | null;
  testRmse: number | null;
  epochs: number;
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
}

/** A lesson's verdict on one seed and variant, with both runs' figures. */
export interface LessonSeedResult {
  lessonId: string;
  seed: number;
  variant: LessonVariant;
  status: LessonStatus;
  headline: string;
  details: string[];
  numbers: Readonly<Record<string, number>>;
  a: RunFigures;
  /** Run B of a comparison lesson, else null. */
  b: RunFigures | null;
}

/** The settings of run A or B of a lesson on a seed, for the lesson or its control. */
export function lessonSeedSettings(lesson: Lesson, seed: number, variant: LessonVariant, run: 'A' | 'B', patch: Partial<Settings> = {}): Settings {
  return { ...lessonSettings(lesson, run), ...patch, ...(run === 'B' ? (lesson.compare ?? {}) : {}), ...(variant === 'control' ? lesson.control : {}), seed };
}

/** What a check reads of a replayed run. */
export function lessonRunOf(settings: Settings, replay: ReplayResult): LessonRun {
  return { settings, epochs: replay.epochs, parameters: replay.trainer.parameters(), diverged: replay.trainer.diverged, test: replay.test };
}

/** The raw final figures of a replay (its last epoch holds the kept weights' figures). */
export function runFigures(replay: ReplayResult): RunFigures {
  const last = replay.epochs[replay.epochs.length - 1];
  return {
    trainLoss: last?.trainLoss ?? NaN,
    validationLoss: last?.validationLoss ?? NaN,
    testLoss: replay.test.loss,
    trainAccuracy: last?.trainAccuracy ?? null,
    validationAccuracy: last?.validationAccuracy ?? null,
    testAccuracy: replay.test.accuracy,
    trainRmse: last?.trainRmse ?? null,
    validationRmse: last?.validationRmse ?? null,
    testRmse: replay.test.rmse,
    epochs: last?.epoch ?? 0,
    steps: replay.steps,
    stoppedEarly: replay.stoppedEarly,
    diverged: replay.diverged,
  };
}

/**
 * Trains run A (and run B of a comparison) for the lesson's steps and judges them with its check.
 * `patch` changes the preset of both runs (for exploring a variant: `lessons:check --patch`).
 */
export function runLessonSeed(lesson: Lesson, seed: number, variant: LessonVariant, sources: DataSources = {}, patch: Partial<Settings> = {}, steps = lesson.steps): LessonSeedResult {
  const settingsA = lessonSeedSettings(lesson, seed, variant, 'A', patch);
  const replayA = replayRun(settingsA, sources, [], steps);
  let replayB: ReplayResult | null = null;
  let runB: LessonRun | undefined;
  if (lesson.compare) {
    const settingsB = lessonSeedSettings(lesson, seed, variant, 'B', patch);
    // A control that makes run B the same as run A (both without the technique) trains once: replays are deterministic.
    replayB = JSON.stringify(settingsB) === JSON.stringify(settingsA) ? replayA : replayRun(settingsB, sources, [], steps);
    runB = lessonRunOf(settingsB, replayB);
  }
  const view: LessonRunView = {
    ...lessonRunOf(settingsA, replayA),
    informativeFeatures: replayA.dataset.informativeFeatures,
    featureNames: replayA.dataset.featureNames,
    task: replayA.dataset.task,
    compare: runB,
  };
  const check = evaluateLesson(lesson, view);
  return {
    lessonId: lesson.id,
    seed,
    variant,
    status: check.status,
    headline: check.headline,
    details: check.details ?? [],
    numbers: check.numbers ?? {},
    a: runFigures(replayA),
    b: replayB ? runFigures(replayB) : null,
  };
}
