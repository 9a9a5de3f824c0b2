/**
 * Telemetry from the worker. High-frequency data (snapshots, the metric history) is kept outside
 * React state; the store holds version counters, and canvases subscribe to it directly instead of
 * re-rendering the tree (zustand's transient updates).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { EarlyStoppingEvent, EpochMetrics, RunActionEntry, RunLogEntry, RunSnapshot } from './viewTypes';
import { BoundedHistory } from './boundedHistory';
import { epochDeviation } from './epochDecimation';

/** Epochs kept at full resolution; older ones are thinned to an even grid that keeps spikes. */
export const HISTORY_RECENT_EPOCHS = 1000;
/** Stretches of older epochs; each keeps at most 2, so the whole history stays under 2 x HISTORY_RECENT_EPOCHS. */
const HISTORY_OLDER_STRETCHES = HISTORY_RECENT_EPOCHS / 2 - 1;

/** An early-stopping event with the step it happened at, for chart markers. */
export interface StampedEarlyStoppingEvent {
  step: number;
  event: EarlyStoppingEvent;
}

/** The telemetry store's state. */
export interface TelemetryState {
  runId: number;
  /** Bumped whenever `history` changes. */
  historyVersion: number;
  runLog: (RunLogEntry | RunActionEntry)[];
  /** Stops and restores (improvements are many; only the best epoch is kept, below). */
  earlyStopping: StampedEarlyStoppingEvent[];
  /** The epoch early stopping last saw improve, or null. */
  bestEpoch: number | null;
  /** The latest snapshot, as views read it (not the worker's message). */
  snapshot: RunSnapshot | null;
}

/** Per-epoch metrics of the current run (bounded). */
export const history = new BoundedHistory<EpochMetrics>(HISTORY_RECENT_EPOCHS, { olderBuckets: HISTORY_OLDER_STRETCHES, deviation: epochDeviation });

/** The vanilla telemetry store. */
export const telemetryStore = createStore<TelemetryState>(() => ({
  runId: 0,
  historyVersion: 0,
  runLog: [],
  earlyStopping: [],
  bestEpoch: null,
  snapshot: null,
}));

/** React hook over the telemetry store (select narrowly: snapshots change ~15 times a second). */
export function useTelemetry<T>(select: (state: TelemetryState) => T): T {
  return useStore(telemetryStore, select);
}

/** A new run: forget the previous run's telemetry. */
export function startRun(runId: number): void {
  history.clear();
  telemetryStore.setState({ runId, historyVersion: telemetryStore.getState().historyVersion + 1, runLog: [], earlyStopping: [], bestEpoch: null, snapshot: null });
}

/** Appends finished epochs. */
export function appendEpochs(epochs: readonly EpochMetrics[]): void {
  if (epochs.length === 0) return;
  for (const epoch of epochs) history.push(epoch);
  telemetryStore.setState({ historyVersion: telemetryStore.getState().historyVersion + 1 });
}

/** Records a live change or action. */
export function appendRunLog(entry: RunLogEntry | RunActionEntry): void {
  telemetryStore.setState({ runLog: [...telemetryStore.getState().runLog, entry] });
}

/** Records an early-stopping event. */
export function appendEarlyStopping(step: number, event: EarlyStoppingEvent): void {
  if (event.type === 'improved') {
    telemetryStore.setState({ bestEpoch: event.epoch });
    return;
  }
  telemetryStore.setState({ earlyStopping: [...telemetryStore.getState().earlyStopping, { step, event }], bestEpoch: event.bestEpoch });
}

/** Replaces the latest snapshot. */
export function setSnapshot(snapshot: RunSnapshot): void {
  telemetryStore.setState({ snapshot });
}
