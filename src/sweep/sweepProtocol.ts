/** Messages between the page and a sweep pool worker: one job in, heartbeats and one result out. */
import type { DataSources } from '../worker/protocol';
import type { SweepJob, SweepProgress, SweepRunResult } from './sweepTypes';

/** Version of these messages (a stale cached worker answers with an error instead of garbage). */
export const SWEEP_PROTOCOL_VERSION = 1;

/** Page to worker: train this job (sources only with a worker's first job, or when they changed). */
export interface SweepRunCommand {
  type: 'run';
  protocol: number;
  job: SweepJob;
  sources?: DataSources;
}

/** Worker to page, at most every HEARTBEAT_MS while a job trains: it is alive, and how far. */
export interface SweepHeartbeatEvent extends SweepProgress {
  type: 'heartbeat';
}

/** Worker to page: the job's result. */
export interface SweepResultEvent {
  type: 'result';
  result: SweepRunResult;
}

/** Worker to page: the job failed (bad settings, missing data). */
export interface SweepErrorEvent {
  type: 'error';
  jobId: number;
  message: string;
}

/** Everything a sweep worker sends. */
export type SweepWorkerEvent = SweepHeartbeatEvent | SweepResultEvent | SweepErrorEvent;

/** Heartbeat period: well under the 250 ms the pool's watchdog expects. */
export const HEARTBEAT_MS = 200;
