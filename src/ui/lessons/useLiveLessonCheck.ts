import type { EpochMetrics } from '../../state/viewTypes';
import { useEffect, useMemo, useState } from 'react';
import { runStore } from '../../state/runStore';
import { settingsStore } from '../../state/settingsStore';
import { history, telemetryStore } from '../../state/telemetryStore';
import { evaluateLesson, type Lesson, type LessonCheck, type LessonRun, type LessonRunView } from './lessons';

/** The live check re-evaluates at most this often (snapshots arrive ~15 times a second). */
export const LIVE_CHECK_INTERVAL_MS = 250;

/**
 * The epochs as trained: when early stopping (or the user) restores the best weights, the worker
 * appends the restored weights' figures under the same epoch number; a check reasons about the
 * trained epochs, so such a repeat is left out.
 */
export function trainedEpochs(epochs: readonly EpochMetrics[]): readonly EpochMetrics[] {
  if (!epochs.some((epoch, index) => index > 0 && epoch.epoch === epochs[index - 1].epoch)) return epochs;
  return epochs.filter((epoch, index) => index === 0 || epoch.epoch !== epochs[index - 1].epoch);
}

/** The current run as a lesson check reads it, straight from the stores. */
export function liveLessonView(compare: LessonRun | null = null): LessonRunView {
  const telemetry = telemetryStore.getState();
  const run = runStore.getState();
  const dataset = run.dataset;
  return {
    settings: settingsStore.getState().settings,
    epochs: trainedEpochs(history.values()),
    parameters: telemetry.snapshot?.parameters ?? null,
    diverged: run.diverged,
    test: run.testFigures,
    informativeFeatures: dataset?.informativeFeatures ?? null,
    featureNames: dataset?.featureNames ?? [],
    task: dataset?.task ?? 'classification',
    compare: compare ?? undefined,
  };
}

/** A counter bumped at most every `intervalMs` while the run's telemetry, data or settings change. */
function useThrottledRunVersion(intervalMs: number): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastUpdate = 0;
    const bump = () => {
      if (timer !== null) return;
      const wait = Math.max(0, intervalMs - (Date.now() - lastUpdate));
      timer = setTimeout(() => {
        timer = null;
        lastUpdate = Date.now();
        setVersion((value) => value + 1);
      }, wait);
    };
    const unsubscribers = [
      telemetryStore.subscribe((state, previous) => {
        if (state.historyVersion !== previous.historyVersion || state.snapshot !== previous.snapshot || state.runId !== previous.runId) bump();
      }),
      runStore.subscribe((state, previous) => {
        if (state.dataset !== previous.dataset || state.diverged !== previous.diverged || state.step !== previous.step || state.testFigures !== previous.testFigures) bump();
      }),
      settingsStore.subscribe(bump),
    ];
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [intervalMs]);
  return version;
}

/** What the lesson panel shows about the live run. */
export interface LiveLessonState {
  check: LessonCheck;
  /** Minibatch steps of the current run. */
  step: number;
}

/** The lesson's check on the live run (and on run B when given), refreshed at most 4 times a second. */
export function useLiveLessonCheck(lesson: Lesson, compare: LessonRun | null): LiveLessonState {
  const version = useThrottledRunVersion(LIVE_CHECK_INTERVAL_MS);
  return useMemo(() => {
    void version; // Recompute whenever the stores changed (read below, outside React state).
    return { check: evaluateLesson(lesson, liveLessonView(compare)), step: runStore.getState().step };
  }, [lesson, compare, version]);
}
