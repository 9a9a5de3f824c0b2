/**
 * Compare mode: run A (the current settings) and run B (A plus the changes the user picked) train
 * at once, each in its own worker. Both use the same seed, so the named random streams give them
 * the same data, initial weights and batch order; only the picked changes differ. Each side is a
 * run handle (runHandle.ts), so a crashed compare worker restarts like the main run's.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { DivergenceInfo, EpochMetrics, LayerParameters } from '../engine/contract';
import type { Settings } from '../settings/settingsTable';
import { BoundedHistory } from './boundedHistory';
import { epochDeviation } from './epochDecimation';
import type { DatasetInfo, PredictionGrid, RunPhase, WorkerEvent } from '../worker/protocol';
import { describeChange } from '../settings/describeChange';
import type { CheckedPatch, CheckedSettings } from '../settings/settingsValidation';
import { RunHandle } from './runHandle';
import type { TestFigures } from '../run/testFigures';
import { chosenPace, onPaceChosen } from './pace';
import { pause as pauseMainRun } from './runController';

/** One side of the comparison, as the view reads it. */
export interface CompareSideState {
  phase: RunPhase;
  step: number;
  epoch: number;
  latest: EpochMetrics | null;
  dataset: DatasetInfo | null;
  grid: PredictionGrid | null;
  settings: Settings | null;
  /** The latest weights (for lesson checks that read them). */
  parameters: LayerParameters[] | null;
  diverged: DivergenceInfo | null;
  error: string | null;
  /** Why this side's worker was restarted, if it was (kept across the rebuilt run). */
  restartNotice: string | null;
  /** The held-out test figures of this side's weights, once revealed. */
  test: TestFigures | null;
  /** Shown paused at once on Pause; true until the worker's own phase event says where it stopped. */
  pauseUnconfirmed: boolean;
}

/** The compare store's state. */
export interface CompareState {
  active: boolean;
  /** B's changes relative to A. */
  changes: Partial<Settings>;
  /** e.g. "+ Dropout on; Dropout rate 0.5". */
  label: string;
  /** The lesson whose claim this comparison measures, if it was opened from one. */
  lessonId: string | null;
  a: CompareSideState;
  b: CompareSideState;
  /** Bumped when either history changes. */
  historyVersion: number;
}

const EMPTY_SIDE: CompareSideState = { phase: 'idle', step: 0, epoch: 0, latest: null, dataset: null, grid: null, settings: null, parameters: null, diverged: null, error: null, restartNotice: null, test: null, pauseUnconfirmed: false };

/** The vanilla compare store. */
export const compareStore = createStore<CompareState>(() => ({
  active: false,
  changes: {},
  label: '',
  lessonId: null,
  a: EMPTY_SIDE,
  b: EMPTY_SIDE,
  historyVersion: 0,
}));

/** React hook over the compare store. */
export function useCompare<T>(select: (state: CompareState) => T): T {
  return useStore(compareStore, select);
}

/** Per-side metric histories (bounded, like the main run's). */
/** Compare keeps a short full-resolution tail (the verdict reads the latest epochs) and an even grid before it. */
const compareHistory = () => new BoundedHistory<EpochMetrics>(50, { olderBuckets: 1000, deviation: epochDeviation });
export const compareHistories = { a: compareHistory(), b: compareHistory() };

type Side = 'a' | 'b';
const handles: Partial<Record<Side, RunHandle>> = {};
/** Each side's settings (what a restart rebuilds). */
const sideSettings: Partial<Record<Side, CheckedSettings>> = {};

function updateSide(side: Side, change: Partial<CompareSideState>): void {
  const state = compareStore.getState();
  compareStore.setState({ [side]: { ...state[side], ...change } } as Partial<CompareState>);
}

function receive(side: Side, event: WorkerEvent): void {
  switch (event.type) {
    case 'ready':
      compareHistories[side].clear();
      updateSide(side, { dataset: event.dataset, settings: event.settings, phase: 'idle', step: 0, epoch: 0, latest: null, grid: null, parameters: null, diverged: null, error: null, test: null, pauseUnconfirmed: false });
      compareStore.setState({ historyVersion: compareStore.getState().historyVersion + 1 });
      return;
    case 'metrics':
      for (const epoch of event.epochs) compareHistories[side].push(epoch);
      updateSide(side, { step: event.step, epoch: event.epoch, latest: event.epochs.at(-1) ?? compareStore.getState()[side].latest });
      if (event.epochs.length > 0) compareStore.setState({ historyVersion: compareStore.getState().historyVersion + 1 });
      return;
    case 'snapshot':
      updateSide(side, { grid: event.grid, parameters: event.parameters });
      return;
    case 'phase':
      updateSide(side, { phase: event.phase, step: event.step, epoch: event.epoch, pauseUnconfirmed: false });
      return;
    case 'diverged':
      updateSide(side, { diverged: event.info, error: `Run ${side.toUpperCase()} diverged at step ${event.info.step}: ${event.info.where} became NaN or infinite.` });
      return;
    case 'error':
      updateSide(side, { error: event.message });
      return;
    case 'testFigures':
      updateSide(side, { test: event.figures });
      return;
    default:
      return;
  }
}

/**
 * Opens compare mode: A = `settings`, B = `settings` + `changes`. The main run pauses: while
 * comparing, the header and the keyboard drive the two compare runs (shownRun.ts), and a hidden run
 * that kept training would only take the machine from them.
 */
export async function startCompare(settings: CheckedSettings, changes: CheckedPatch, lessonId: string | null = null, label?: string): Promise<void> {
  stopCompare();
  pauseMainRun();
  compareStore.setState({ active: true, changes, label: label ?? `+ ${describeChange(changes)}`, lessonId, a: EMPTY_SIDE, b: EMPTY_SIDE });
  if (settings.dataset === 'csv') {
    updateSide('a', { error: 'Compare mode works with the built-in datasets.' });
    return;
  }
  const built: Promise<boolean>[] = [];
  for (const side of ['a', 'b'] as const) {
    const name = side.toUpperCase();
    sideSettings[side] = side === 'a' ? settings : { ...settings, ...changes };
    const handle = new RunHandle(
      {
        onEvent: (event) => receive(side, event),
        settingsForRestart: () => sideSettings[side]!,
        onRestart: (reason, next) => updateSide(side, { restartNotice: `The worker of run ${name} was replaced by a new one (${reason}). ${next}` }),
        onFailed: (reason) => updateSide(side, { error: `The worker of run ${name} stopped: ${reason}` }),
        onSourcesMissing: (outcome) => updateSide(side, { error: outcome.reason === 'digitsFailed' ? `The digits could not be loaded: ${outcome.message}` : 'Compare mode works with the built-in datasets.' }),
        // Both runs train at the pace the user chose (a fresh worker after a crash too).
        onStarted: (started) => started.send({ type: 'speed', speed: chosenPace() }),
      },
      { name: `compare-${side}`, described: `worker of run ${name}` },
    );
    handles[side] = handle;
    handle.start();
    built.push(handle.init(sideSettings[side]!));
  }
  await Promise.all(built);
}

/** Scores both runs' current weights on the held-out test set (once; answered per side). */
export function revealTestBoth(): void {
  both((handle) => handle.send({ type: 'revealTest' }));
}

/** Closes compare mode and ends both workers. */
export function stopCompare(): void {
  for (const side of ['a', 'b'] as const) {
    handles[side]?.stop();
    delete handles[side];
    delete sideSettings[side];
    compareHistories[side].clear();
  }
  compareStore.setState({ active: false, lessonId: null, a: EMPTY_SIDE, b: EMPTY_SIDE });
}

function both(send: (handle: RunHandle) => void): void {
  for (const side of ['a', 'b'] as const) {
    const handle = handles[side];
    if (handle) send(handle);
  }
}

// A new pace applies to both runs at once.
onPaceChosen((speed) => both((handle) => handle.send({ type: 'speed', speed })));

/** Whether either compare run is training. */
export function compareRunning(state: CompareState = compareStore.getState()): boolean {
  return state.a.phase === 'running' || state.b.phase === 'running';
}

/** Whether compare mode is open with at least one run built (the controls can act). */
export function compareReady(state: CompareState = compareStore.getState()): boolean {
  return state.active && (handles.a !== undefined || handles.b !== undefined) && (state.a.dataset !== null || state.b.dataset !== null);
}

/** Play both runs. */
export function playBoth(): void {
  both((handle) => handle.send({ type: 'play' }));
}

/** Pause both runs (shown at once, as the main run's Pause: runController.ts). */
export function pauseBoth(): void {
  both((handle) => handle.send({ type: 'pause' }));
  for (const side of ['a', 'b'] as const) if (handles[side] && compareStore.getState()[side].phase === 'running') updateSide(side, { phase: 'paused', pauseUnconfirmed: true });
}

/** Pause both runs if either trains, else play both. */
export function togglePlayBoth(): void {
  if (compareRunning()) pauseBoth();
  else playBoth();
}

/** One epoch (or one minibatch) on both runs. */
export function stepBoth(unit: 'batch' | 'epoch' = 'epoch'): void {
  both((handle) => handle.send({ type: 'step', unit, count: 1 }));
}

/** Both runs back to step 0 (same seed). */
export function resetBoth(): void {
  both((handle) => handle.send({ type: 'reset' }));
}
