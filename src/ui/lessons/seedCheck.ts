/**
 * "Check on 10 seeds": a lesson's experiment and its negative control on seeds 1-10, trained in
 * the run pool's background workers (metrics and the end of each run only), judged on the main
 * thread by the same `judgeLessonSeed` as the tests and `npm run lessons:check`. A seed's dot
 * appears as soon as its runs are in; the whole check can be cancelled.
 *
 * Runs that train exactly alike are trained once: the dropout lesson's control (no dropout in A
 * or B) is its own run B, so a seed costs two runs there, not four.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Settings } from '../../settings/settingsTable';
import { checkPreset, DEFAULT_SETTINGS_CHECKED } from '../../settings/settingsValidation';
import type { DataSources } from '../../state/viewTypes';
import type { RunPool } from '../../run/runPool';
import type { RunResult } from '../../run/trainHeadless';
import { judgeLessonSeed, lessonSeedPlan, type LessonSeedResult, type LessonVariant, type SeedRunOutcome } from './seedRun';
import type { Lesson } from './types';

/** The seeds a check runs (the lesson tests use the same ten). */
export const CHECK_SEEDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** One seed's verdicts: the lesson's and its control's. */
export interface SeedVerdict {
  seed: number;
  lesson: LessonSeedResult;
  control: LessonSeedResult;
}

/** Where a check is. */
export interface SeedCheckState {
  lessonId: string | null;
  phase: 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'failed';
  /** Finished seeds, in seed order. */
  verdicts: SeedVerdict[];
  /** Runs finished and runs needed (for the progress bar). */
  runsDone: number;
  runsTotal: number;
  /** Why it failed (data could not load, a run was refused). */
  error: string | null;
}

const IDLE: SeedCheckState = { lessonId: null, phase: 'idle', verdicts: [], runsDone: 0, runsTotal: 0, error: null };

/** The vanilla store of the check in progress (one at a time). */
export const seedCheckStore = createStore<SeedCheckState>(() => IDLE);

/** React hook over the seed check. */
export function useSeedCheck<T>(select: (state: SeedCheckState) => T): T {
  return useStore(seedCheckStore, select);
}

/** What a check needs from its surroundings (the browser's worker pool and data, or Node's in tests). */
export interface SeedCheckDeps {
  /** A pool for this check; it is disposed when the check ends. */
  createPool(): RunPool;
  /** The data sources the lesson's runs need (digits are downloaded once). */
  sourcesFor(settings: Settings): Promise<{ ok: true; sources: DataSources } | { ok: false; message: string }>;
}

let current: { pool: RunPool | null; cancelled: boolean } | null = null;

/** Cancels the check in progress: its runs stop, the dots so far stay. */
export function cancelSeedCheck(): void {
  if (!current) return;
  current.cancelled = true;
  current.pool?.dispose();
  current = null;
  if (seedCheckStore.getState().phase === 'running' || seedCheckStore.getState().phase === 'loading') seedCheckStore.setState({ phase: 'cancelled' });
}

/** Forgets a finished check (another lesson was chosen). */
export function clearSeedCheck(): void {
  cancelSeedCheck();
  seedCheckStore.setState(IDLE);
}

function outcomeOf(result: RunResult): SeedRunOutcome {
  if (!result.final) throw new Error('A pooled run ended without its final report.');
  return { epochs: result.epochs, steps: result.steps, stoppedEarly: result.stoppedEarly, diverged: result.diverged, final: result.final };
}

/**
 * Runs `lesson` and its control on `seeds` in a pool; resolves when every seed is judged, the
 * check is cancelled, or a run fails. Progress lands in `seedCheckStore`.
 */
export async function runSeedCheck(lesson: Lesson, deps: SeedCheckDeps, seeds: readonly number[] = CHECK_SEEDS): Promise<void> {
  cancelSeedCheck();
  const me = { pool: null as RunPool | null, cancelled: false };
  current = me;
  seedCheckStore.setState({ ...IDLE, lessonId: lesson.id, phase: 'loading' });
  const variants: LessonVariant[] = ['lesson', 'control'];
  const plans = seeds.map((seed) => ({ seed, plans: variants.map((variant) => ({ variant, plan: lessonSeedPlan(lesson, seed, variant) })) }));
  const loaded = await deps.sourcesFor(plans[0].plans[0].plan.settingsA);
  if (me.cancelled) return;
  if (!loaded.ok) {
    current = null;
    seedCheckStore.setState({ phase: 'failed', error: loaded.message });
    return;
  }
  const pool = deps.createPool();
  me.pool = pool;
  // One pooled run per distinct settings of a seed (B may equal A, and a control may equal a lesson run).
  const runs = new Map<string, Promise<SeedRunOutcome>>();
  const runOf = (settings: Settings): Promise<SeedRunOutcome> => {
    const key = JSON.stringify(settings);
    let run = runs.get(key);
    if (!run) {
      run = pool.run({ settings: { ...DEFAULT_SETTINGS_CHECKED, ...checkPreset(settings) }, sources: loaded.sources, limit: { steps: lesson.steps }, final: true }).then((result) => {
        if (!me.cancelled) seedCheckStore.setState({ runsDone: seedCheckStore.getState().runsDone + 1 });
        return outcomeOf(result);
      });
      runs.set(key, run);
    }
    return run;
  };
  const judged = plans.map(({ seed, plans: both }) =>
    Promise.all(
      both.map(async ({ variant, plan }) => {
        const a = await runOf(plan.settingsA);
        const b = plan.settingsB === null ? null : await runOf(plan.settingsB);
        return judgeLessonSeed(lesson, seed, variant, plan, a, b);
      }),
    ).then(([lessonResult, controlResult]) => {
      if (me.cancelled) return;
      const verdicts = [...seedCheckStore.getState().verdicts, { seed, lesson: lessonResult, control: controlResult }].sort((x, y) => x.seed - y.seed);
      seedCheckStore.setState({ verdicts });
    }),
  );
  seedCheckStore.setState({ phase: 'running', runsTotal: runs.size });
  try {
    await Promise.all(judged);
    if (me.cancelled) return;
    seedCheckStore.setState({ phase: 'done' });
  } catch (error) {
    if (me.cancelled) return;
    seedCheckStore.setState({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
  } finally {
    if (current === me) {
      pool.dispose();
      current = null;
    }
  }
}

/** The median of finite values (null when there are none). */
export function median(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (finite.length === 0) return null;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** "Held on 9 of 10 seeds (its control on 0 of 10); median speed-up with batch norm 2.1×." */
export function seedCheckSummary(lesson: Lesson, verdicts: readonly SeedVerdict[]): string {
  const n = verdicts.length;
  const held = verdicts.filter((verdict) => verdict.lesson.status === 'holds').length;
  const controlHeld = verdicts.filter((verdict) => verdict.control.status === 'holds').length;
  const undecided = verdicts.filter((verdict) => verdict.lesson.status === 'waiting').length;
  const parts = [`Held on ${held} of ${n} ${n === 1 ? 'seed' : 'seeds'} (the control, without the technique, on ${controlHeld} of ${n})`];
  if (undecided > 0) parts.push(`${undecided} undecided at the end`);
  const effect = lesson.seedEffect;
  const middle = effect ? median(verdicts.map((verdict) => verdict.lesson.numbers[effect.number] ?? NaN)) : null;
  return `${parts.join('; ')}${effect && middle !== null ? `; ${effect.describe(middle)}` : ''}.`;
}
