import { createWorkerPool } from '../../worker/poolLane';
import { defaultPoolSize } from '../../run/runPool';
import { sourcesFor } from '../../state/dataSources';
import { runStore } from '../../state/runStore';
import { cancelSeedCheck, CHECK_SEEDS, runSeedCheck, seedCheckSummary, useSeedCheck, type SeedCheckDeps, type SeedVerdict } from './seedCheck';
import type { Lesson, LessonStatus } from './types';

/** The check's lanes: the cores less one for the page, and one more while the main run trains. */
export function seedCheckPoolSize(cores: number | undefined, mainRunTraining: boolean): number {
  return Math.max(1, defaultPoolSize(cores) - (mainRunTraining ? 1 : 0));
}

const BROWSER_DEPS: SeedCheckDeps = {
  createPool: () => createWorkerPool({ size: seedCheckPoolSize(navigator.hardwareConcurrency, runStore.getState().phase === 'running') }),
  sourcesFor: async (settings) => {
    const outcome = await sourcesFor(settings);
    if (outcome.ok) return outcome;
    return { ok: false, message: outcome.reason === 'digitsFailed' ? `The digits could not be loaded: ${outcome.message}` : 'This lesson needs a CSV file.' };
  },
};

/** A dot's symbol and words: the shape says it as well as the colour. */
const DOT: Readonly<Record<LessonStatus, { symbol: string; words: string }>> = {
  holds: { symbol: '●', words: 'holds' },
  'does-not-hold': { symbol: '○', words: 'does not hold' },
  waiting: { symbol: '◌', words: 'undecided' },
};

function SeedDot({ verdict }: { verdict: SeedVerdict }) {
  const dot = DOT[verdict.lesson.status];
  const label = `Seed ${verdict.seed}: ${dot.words}. ${verdict.lesson.headline}`;
  return (
    <li className={`seed-dot ${verdict.lesson.status}`} title={label} aria-label={label}>
      <span aria-hidden="true">{dot.symbol}</span>
      <span className="seed-dot-number" aria-hidden="true">
        {verdict.seed}
      </span>
    </li>
  );
}

/**
 * "Check on 10 seeds": the lesson's claim measured on ten seeds in background workers, one dot
 * per seed (filled: holds, hollow: does not hold), then a summary with the median effect.
 */
export function SeedCheck({ lesson }: { lesson: Lesson }) {
  const state = useSeedCheck((check) => check);
  const mine = state.lessonId === lesson.id;
  const busy = mine && (state.phase === 'loading' || state.phase === 'running');
  const verdicts = mine ? state.verdicts : [];
  return (
    <div className="seed-check" role="group" aria-label="Check on 10 seeds">
      <p className="seed-check-intro">Is this claim true beyond your run? Train the lesson and its control (the same runs without the technique) on seeds 1 to 10 in the background.</p>
      <div className="seed-check-actions">
        {busy ? (
          <button type="button" className="small" onClick={() => cancelSeedCheck()}>
            Cancel the seed check
          </button>
        ) : (
          <button type="button" className="small" onClick={() => void runSeedCheck(lesson, BROWSER_DEPS)}>
            Check on {CHECK_SEEDS.length} seeds
          </button>
        )}
        {busy ? (
          <progress max={Math.max(1, state.runsTotal)} value={state.runsDone} aria-label="Seed check progress">
            {state.runsDone} of {state.runsTotal} runs
          </progress>
        ) : null}
      </div>
      {verdicts.length > 0 ? (
        <ol className="seed-dots" aria-label="Verdict per seed">
          {verdicts.map((verdict) => (
            <SeedDot key={verdict.seed} verdict={verdict} />
          ))}
        </ol>
      ) : null}
      <p role="status" aria-label="Seed check result" className="seed-check-result">
        {!mine
          ? ''
          : state.phase === 'loading'
            ? 'Loading the data…'
            : state.phase === 'running'
              ? `${verdicts.length} of ${CHECK_SEEDS.length} seeds judged (${state.runsDone} of ${state.runsTotal} runs)…`
              : state.phase === 'done'
                ? seedCheckSummary(lesson, verdicts)
                : state.phase === 'cancelled'
                  ? `Cancelled after ${verdicts.length} of ${CHECK_SEEDS.length} seeds${verdicts.length > 0 ? `: ${seedCheckSummary(lesson, verdicts)}` : '.'}`
                  : state.phase === 'failed'
                    ? `The seed check stopped: ${state.error ?? 'unknown reason'}`
                    : ''}
      </p>
    </div>
  );
}
