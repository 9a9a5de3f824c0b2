/**
 * The messages between the run pool and its workers (src/run/runPool.ts): metrics only, no
 * snapshots. Bump POOL_PROTOCOL_VERSION on any incompatible change.
 */
import type { EpochMetrics } from '../engine/contract';
import type { RunRequest, RunResult } from '../run/trainHeadless';

/** The version both sides must speak (2: heartbeats). */
export const POOL_PROTOCOL_VERSION = 2;

/** Main thread -> pool worker. */
export type PoolCommand = { type: 'run'; protocol: number; id: number; request: RunRequest } | { type: 'cancel'; id: number };

/** Pool worker -> main thread. */
export type PoolEvent =
  /** "Still here": at least every HEARTBEAT_MS while run `id` trains (the lane's watchdog listens). */
  | { type: 'heartbeat'; id: number }
  | { type: 'epoch'; id: number; metrics: EpochMetrics }
  | { type: 'done'; id: number; result: RunResult }
  | { type: 'failed'; id: number; message: string };
