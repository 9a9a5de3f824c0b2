/**
 * What the views read: plain data (histories of epoch figures, snapshots of typed arrays), owned
 * here so panels know neither the worker protocol nor the engine's modules. The run handle turns
 * worker messages into these.
 */
import type { SnapshotEvent } from '../worker/protocol';

export type {
  ActivationName,
  BatchNormProbe,
  DivergenceInfo,
  DropoutMaskProbe,
  EarlyStoppingEvent,
  EpochMetrics,
  Histogram,
  LayerMetrics,
  LayerParameters,
  TaskKind,
  WeightHistogramProbe,
} from '../engine';
export { SPARSITY_THRESHOLD } from '../engine/contract';
export type { DatasetInfo, PredictionGrid, RunPhase } from '../worker/protocol';
export type { DataSources, RunActionEntry, RunLogEntry, RunLogItem } from '../run/runLog';
export type { TestFigures } from '../run/testFigures';

/** The latest look inside the network: probes and predictions at one step, as typed arrays. */
export type RunSnapshot = Omit<SnapshotEvent, 'type'>;

/** A snapshot message as the views keep it (without its message type). */
export function toRunSnapshot(event: SnapshotEvent): RunSnapshot {
  const { type: _type, ...snapshot } = event;
  return snapshot;
}
