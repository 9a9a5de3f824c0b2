/**
 * Sweep mode's state: whether the sweep view is open, the spec being edited, and the running or
 * finished sweep's results. Plain zustand; the actions live in sweepController.ts.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { DEFAULT_SWEEP, type SweepSpec } from './sweepSpec';
import type { SweepPlan } from './sweepJobs';
import type { SweepRunResult } from './sweepTypes';

/** Where a sweep is. */
export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled';

/** The sweep store's state. */
export interface SweepState {
  /** The sweep view is shown instead of the panels. */
  open: boolean;
  spec: SweepSpec;
  /** Workers to train with (null = the default: cores - 1, at least 1). */
  poolSize: number | null;
  status: SweepStatus;
  /** The sweep being run or last run (its spec may differ from `spec` once edited). */
  plan: SweepPlan | null;
  /** Results by job id (null: not finished). */
  results: (SweepRunResult | null)[];
  /** Runs that failed, with why. */
  failures: { jobId: number; message: string }[];
  /** Finished runs, and the fraction of the whole sweep done (finished runs plus running ones' epochs). */
  completed: number;
  progress: number;
  /** Milliseconds since the start, and the estimate of what is left (null until a run reported). */
  elapsedMs: number;
  timeLeftMs: number | null;
  /** Workers the running sweep uses. */
  workers: number;
}

/** The state before any sweep. */
export const INITIAL_SWEEP_STATE: SweepState = {
  open: false,
  spec: DEFAULT_SWEEP,
  poolSize: null,
  status: 'idle',
  plan: null,
  results: [],
  failures: [],
  completed: 0,
  progress: 0,
  elapsedMs: 0,
  timeLeftMs: null,
  workers: 0,
};

/** The vanilla sweep store. */
export const sweepStore = createStore<SweepState>(() => ({ ...INITIAL_SWEEP_STATE }));

/** React hook over the sweep store. */
export function useSweep<T>(select: (state: SweepState) => T): T {
  return useStore(sweepStore, select);
}
