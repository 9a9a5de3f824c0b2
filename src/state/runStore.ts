/**
 * Run status for the header, status line and banners: low-frequency state only (phase, step,
 * epoch, the latest epoch's metrics). Per-step data lives in the telemetry store.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { EpochMetrics, EarlyStoppingEvent, DivergenceInfo } from '../engine/contract';
import type { DatasetInfo, RunPhase } from '../worker/protocol';
import type { Dataset } from '../data';
import type { TestFigures } from '../run/testFigures';

/** Where the connection to the worker is. */
export type ConnectionState = 'starting' | 'loadingData' | 'ready' | 'failed';

/** A message shown in a banner above the panels until dismissed or replaced. */
export interface Banner {
  kind: 'info' | 'warning' | 'error';
  title: string;
  detail: string;
  /** Ways to fix it, shown as a list (e.g. for divergence). */
  fixes?: string[];
}

/** The run store's state. */
export interface RunState {
  connection: ConnectionState;
  phase: RunPhase;
  runId: number;
  step: number;
  epoch: number;
  latest: EpochMetrics | null;
  batchLoss: number | null;
  stepsPerSecond: number;
  dataset: DatasetInfo | null;
  /** A light copy of the dataset for the data preview. */
  previewDataset: Dataset | null;
  /** Why the run was last (re)built: the visible cue after a reset. */
  resetCue: string | null;
  bestEpoch: number | null;
  lastEarlyStopping: EarlyStoppingEvent | null;
  diverged: DivergenceInfo | null;
  banner: Banner | null;
  /** Short-lived message for refused changes; shown next to the controls. */
  notice: string | null;
  /** Digits download progress in [0, 1], or null when not loading. */
  dataProgress: number | null;
  /**
   * The page showed "paused" at once (Pause answers within a second, whatever the worker does) and
   * the worker has not yet confirmed: figures of steps it trained before it read the Pause may
   * still arrive. False once its phase event says where it stopped.
   */
  pauseUnconfirmed: boolean;
  /** The held-out test figures of the kept weights, once revealed for this run (never per epoch). */
  testFigures: TestFigures | null;
}

/** The initial run state (nothing built yet). */
export const INITIAL_RUN_STATE: RunState = {
  connection: 'starting',
  phase: 'idle',
  runId: 0,
  step: 0,
  epoch: 0,
  latest: null,
  batchLoss: null,
  stepsPerSecond: 0,
  dataset: null,
  previewDataset: null,
  resetCue: null,
  bestEpoch: null,
  lastEarlyStopping: null,
  diverged: null,
  banner: null,
  notice: null,
  dataProgress: null,
  pauseUnconfirmed: false,
  testFigures: null,
};

/** The vanilla run store. */
export const runStore = createStore<RunState>(() => ({ ...INITIAL_RUN_STATE }));

/** React hook over the run store. */
export function useRun<T>(select: (state: RunState) => T): T {
  return useStore(runStore, select);
}

/** Merges a change into the run store. */
export function updateRun(change: Partial<RunState>): void {
  runStore.setState(change);
}
