/**
 * Applies the stuck-at-chance rule (stuckAtChance.ts) to the live run: after each new epoch, a
 * run at a high learning rate that has trained no better than chance for STUCK_EPOCHS epochs gets
 * a warning banner, once per run (a reset or rebuild may warn again).
 */
import { runStore, updateRun } from './runStore';
import { settingsStore } from './settingsStore';
import { history } from './telemetryStore';
import { chanceLevel, isHighLearningRate, isStuckAtChance, STUCK_EPOCHS, stuckWarning, type ChanceLevel } from './stuckAtChance';

/** Starts watching; returns the function that stops it. */
export function watchForStuckRuns(): () => void {
  let warnedRunId = -1;
  let chance: { runId: number; level: ChanceLevel | null } = { runId: -1, level: null };
  return runStore.subscribe((state, previous) => {
    if (state.latest === previous.latest || state.latest === null || state.dataset === null) return;
    if (state.runId === warnedRunId || state.phase === 'diverged') return;
    const settings = settingsStore.getState().settings;
    if (!isHighLearningRate(settings)) return;
    if (chance.runId !== state.runId) chance = { runId: state.runId, level: chanceLevel(state.dataset.task, state.dataset.trainTargets) };
    if (!chance.level) return;
    const kept = history.values();
    if (!isStuckAtChance(kept.slice(Math.max(0, kept.length - STUCK_EPOCHS)), chance.level)) return;
    warnedRunId = state.runId;
    // An error already on show (a crash, a divergence) says more than this warning.
    if (state.banner?.kind === 'error') return;
    updateRun({ banner: stuckWarning(settings, chance.level) });
  });
}
