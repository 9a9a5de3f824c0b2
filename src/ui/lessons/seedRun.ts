/**
 * One lesson on one seed, headless, through the worker's own code path (replayRun): the unit of
 * `npm run lessons:check`, of the lesson tests and of the page's "Check on 10 seeds" (a run-pool
 * worker calls `runLessonSeed` with the lesson id, the seed and the variant, and posts the result
 * back). Pure apart from the training itself: the same inputs give the same result, bit for bit.
 */
import type { Settings } from '../../settings/settingsTable';
import type { DataSources, EpochMetrics } from '../../state/viewTypes';
import { replayRun, type ReplayResult } from '../../worker/replay';
import { finalReportOf, type FinalReport } from '../../run/finalReport';
import { splitFigures, type SplitFigures } from '../../run/splitFigures';
import { evaluateLesson, lessonSettings } from './lessons';
import type { Lesson, LessonRun, LessonRunView, LessonStatus } from './types';

/** The lesson's own experiment, or its negative control (the same preset without the technique). */
export type LessonVariant = 'lesson' | 'control';

/** The raw final figures of one run: the kept weights' training, validation and test figures. */
export interface RunFigures extends SplitFigures {
  /** A lesson's runs always have a held-out test set. */
  testLoss: number;
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

/** A finished headless run as a check reads it: its epochs and how it ended (replay or run pool alike). */
export interface SeedRunOutcome {
  epochs: readonly EpochMetrics[];
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
  final: FinalReport;
}

/** A replay's outcome in the run pool's shape (the same figures: the same build and step loop). */
export function outcomeOfReplay(replay: ReplayResult): SeedRunOutcome {
  return { epochs: replay.epochs, steps: replay.steps, stoppedEarly: replay.stoppedEarly, diverged: replay.diverged, final: finalReportOf(replay) };
}

/** What a check reads of a finished run. */
export function lessonRunOf(settings: Settings, outcome: SeedRunOutcome): LessonRun {
  return { settings, epochs: outcome.epochs, parameters: outcome.final.parameters, diverged: outcome.final.divergence, test: outcome.final.test };
}

/** The raw final figures of a run (its last epoch holds the kept weights' figures). */
export function runFigures(outcome: SeedRunOutcome): RunFigures {
  const last = outcome.epochs[outcome.epochs.length - 1];
  return { ...splitFigures(last, outcome.final.test), testLoss: outcome.final.test.loss, epochs: last?.epoch ?? 0, steps: outcome.steps, stoppedEarly: outcome.stoppedEarly, diverged: outcome.diverged };
}

/** The runs one (lesson, seed, variant) needs: run A, and run B of a comparison (null when B is A). */
export interface LessonSeedPlan {
  settingsA: Settings;
  /** Run B's settings, or null for a single-run lesson. */
  settingsB: Settings | null;
  /** Run B trains exactly as run A (a control without the technique on both sides): train it once. */
  bIsA: boolean;
}

/** The settings of the runs a lesson on a seed needs. */
export function lessonSeedPlan(lesson: Lesson, seed: number, variant: LessonVariant, patch: Partial<Settings> = {}): LessonSeedPlan {
  const settingsA = lessonSeedSettings(lesson, seed, variant, 'A', patch);
  const settingsB = lesson.compare ? lessonSeedSettings(lesson, seed, variant, 'B', patch) : null;
  return { settingsA, settingsB, bIsA: settingsB !== null && JSON.stringify(settingsB) === JSON.stringify(settingsA) };
}

/** Judges a lesson on one seed from its finished runs: the one verdict of the tests, lessons:check and the page. */
export function judgeLessonSeed(lesson: Lesson, seed: number, variant: LessonVariant, plan: LessonSeedPlan, a: SeedRunOutcome, b: SeedRunOutcome | null): LessonSeedResult {
  const runB = plan.settingsB && b ? lessonRunOf(plan.settingsB, b) : undefined;
  const view: LessonRunView = {
    ...lessonRunOf(plan.settingsA, a),
    informativeFeatures: a.final.informativeFeatures,
    featureNames: a.final.featureNames,
    task: a.final.task,
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
    a: runFigures(a),
    b: b ? runFigures(b) : null,
  };
}

/**
 * Trains run A (and run B of a comparison) for the lesson's steps and judges them with its check.
 * `patch` changes the preset of both runs (for exploring a variant: `lessons:check --patch`).
 */
export function runLessonSeed(lesson: Lesson, seed: number, variant: LessonVariant, sources: DataSources = {}, patch: Partial<Settings> = {}, steps = lesson.steps): LessonSeedResult {
  const plan = lessonSeedPlan(lesson, seed, variant, patch);
  const a = outcomeOfReplay(replayRun(plan.settingsA, sources, [], steps));
  // A control that makes run B the same as run A (both without the technique) trains once: replays are deterministic.
  const b = plan.settingsB === null ? null : plan.bIsA ? a : outcomeOfReplay(replayRun(plan.settingsB, sources, [], steps));
  return judgeLessonSeed(lesson, seed, variant, plan, a, b);
}
