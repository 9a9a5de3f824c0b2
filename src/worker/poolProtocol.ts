/**
 * The messages between the run pool and its workers (src/run/runPool.ts): metrics only, no
 * snapshots. Bump POOL_PROTOCOL_VERSION on any incompatible change.
 */
import type { DataSources } from '../run/runLog';
import type { RunRequest } from '../run/trainHeadless';
import type { SummaryRequest } from './summaryJob';

/** The version both sides must speak (2: job kinds, sources sent once per worker, heartbeats). */
export const POOL_PROTOCOL_VERSION = 2;

/**
 * The kinds of job a pool worker trains: a run with every epoch's figures (checks, tests), or a
 * summary job with its final figures only (sweeps). Their requests travel without their sources.
 */
export type PoolJob = { kind: 'run'; request: RunRequest } | { kind: 'summary'; request: SummaryRequest };

/**
 * Main thread -> pool worker. `sources` comes only when they differ from what this worker last
 * got (the digits are megabytes: sent once per worker, not once per run).
 */
export type PoolCommand = { type: 'run'; protocol: number; id: number; job: PoolJob; sources?: DataSources } | { type: 'cancel'; id: number };

/** Pool worker -> main thread: progress as the job's kind reports it, then its result or why it failed. */
export type PoolEvent =
  /** "Still here": at least every HEARTBEAT_MS while job `id` trains (the lane's watchdog listens). */
  | { type: 'heartbeat'; id: number }
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; message: string };
