/**
 * The messages between the run pool and its workers (src/run/runPool.ts): metrics only, no
 * snapshots. Bump POOL_PROTOCOL_VERSION on any incompatible change.
 */
import type { EpochMetrics } from '../engine/contract';
import type { RunRequest, RunResult } from '../run/trainHeadless';

/** The version both sides must speak. */
export const POOL_PROTOCOL_VERSION = 1;

/** Main thread -> pool worker. */
export type PoolCommand = { type: 'run'; protocol: number; id: number; request: RunRequest } | { type: 'cancel'; id: number };

/** Pool worker -> main thread. */
export type PoolEvent =
  | { type: 'epoch'; id: number; metrics: EpochMetrics }
  | { type: 'done'; id: number; result: RunResult }
  | { type: 'failed'; id: number; message: string };
