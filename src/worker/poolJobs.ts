/** The job kinds a pool worker trains, by the name their requests travel under (poolProtocol.ts). */
import { RUN_REQUEST_JOB, type PoolJobKind } from '../run/runPool';
import { SUMMARY_JOB } from './summaryJob';
import type { PoolJob } from './poolProtocol';

/** Each kind's trainer, for the pool session. */
export const POOL_JOB_KINDS: Record<PoolJob['kind'], PoolJobKind<never, unknown, never>> = {
  run: RUN_REQUEST_JOB as PoolJobKind<never, unknown, never>,
  summary: SUMMARY_JOB as PoolJobKind<never, unknown, never>,
};
