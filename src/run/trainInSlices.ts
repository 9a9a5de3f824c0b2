/**
 * A headless run that gives the event loop back every few milliseconds, so a cancel (or any other
 * message) gets in between slices. The run pool's lanes train through it, in a worker and in Node
 * alike: the same build, replay and step loop as every other run (run.ts, advance.ts).
 */
import type { EpochMetrics } from '../engine';
import { advanceRun, reached } from './advance';
import { buildRun } from './run';
import type { RunRequest, RunResult } from './trainHeadless';
import { finalReportOf } from './finalReport';

/** Training time per slice before yielding to the event loop. */
export const POOL_SLICE_MS = 20;

/** A cancel flag the caller sets; the run stops at the next minibatch. */
export interface CancelToken {
  cancelled: boolean;
}

/** What trainInSlices needs from its host: a clock and a way to yield. */
export interface SliceHost {
  now(): number;
  /** Resolves once other queued work (messages) had a chance to run. */
  yield(): Promise<void>;
}

/** The default host: performance.now() and a zero-delay timer. */
export const TIMER_HOST: SliceHost = {
  now: () => performance.now(),
  yield: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

/** Trains `request` to its limit in slices; `onEpoch` streams each epoch's figures; a set `token` cancels. */
export async function trainInSlices(
  request: RunRequest,
  options: {
    onEpoch?: (metrics: EpochMetrics) => void;
    token?: CancelToken;
    host?: SliceHost;
    /** Called after every slice and during long inference passes (the worker's heartbeat; keep it cheap). */
    tick?: () => void;
  } = {},
): Promise<RunResult> {
  const host = options.host ?? TIMER_HOST;
  const token = options.token ?? { cancelled: false };
  // Start after the caller has its handle on this run (a cancel from the first epoch's callback must reach it).
  await host.yield();
  if (token.cancelled) return { epochs: [], steps: 0, stoppedEarly: false, diverged: false, cancelled: true };
  const run = buildRun(request.settings, request.sources ?? {}, { tick: options.tick });
  if (request.log) run.queueReplay(request.log);
  const epochs: EpochMetrics[] = [];
  for (;;) {
    const sliceStart = host.now();
    const slice = advanceRun(run, request.limit, {
      onEpoch: options.onEpoch,
      shouldContinue: () => !token.cancelled && host.now() - sliceStart < POOL_SLICE_MS,
    });
    epochs.push(...slice.epochs);
    options.tick?.();
    const finished = slice.stoppedEarly || slice.diverged || reached(run, request.limit);
    if (finished || token.cancelled) {
      const report = request.final && finished ? { final: finalReportOf(run) } : {};
      return { epochs, steps: run.trainer.stepCount, stoppedEarly: slice.stoppedEarly, diverged: slice.diverged, cancelled: !finished, ...report };
    }
    await host.yield();
  }
}
