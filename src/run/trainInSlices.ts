/**
 * A headless run that gives the event loop back every few milliseconds, so a cancel (or any other
 * message) gets in between slices. The run pool's lanes train through it, in a worker and in Node
 * alike: the same build, replay and step loop as every other run (run.ts, advance.ts).
 */
import type { EpochMetrics } from '../engine';
import { advanceRun, reached, type RunLimit } from './advance';
import { buildRun, type Run } from './run';
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

/**
 * Resolves after one trip through the event loop, behind whatever messages already wait. A
 * MessageChannel message is not throttled; a chain of zero-delay timers is clamped to 4 ms after
 * five nested calls (HTML timers), which cost a 20 ms slice a sixth of its time.
 */
function messageLoopYield(): () => Promise<void> {
  if (typeof MessageChannel === 'undefined') return () => new Promise((resolve) => setTimeout(resolve, 0));
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  // In Node a listening port keeps the process alive: hold it only while a yield is under way,
  // so a script neither exits mid-run nor hangs once its runs are done (browsers have neither method).
  const port = channel.port1 as MessagePort & { ref?: () => void; unref?: () => void };
  port.onmessage = () => {
    waiting.shift()?.();
    if (waiting.length === 0) port.unref?.();
  };
  port.unref?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      port.ref?.();
      channel.port2.postMessage(null);
    });
}

/** The default host: performance.now() and an unthrottled trip through the event loop. */
export const TIMER_HOST: SliceHost = {
  now: () => performance.now(),
  yield: messageLoopYield(),
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
  const result = await advanceInSlices(run, request.limit, { ...options, host, token });
  return request.final && !result.cancelled ? { ...result, final: finalReportOf(run) } : result;
}

/**
 * Trains an already built `run` to `limit` in slices (the loop of trainInSlices, for jobs that
 * build their run themselves and read it afterwards: a sweep's final figures and picture).
 */
export async function advanceInSlices(
  run: Run,
  limit: RunLimit,
  options: { onEpoch?: (metrics: EpochMetrics) => void; token?: CancelToken; host?: SliceHost; tick?: () => void } = {},
): Promise<RunResult> {
  const host = options.host ?? TIMER_HOST;
  const token = options.token ?? { cancelled: false };
  const epochs: EpochMetrics[] = [];
  for (;;) {
    const sliceStart = host.now();
    const slice = advanceRun(run, limit, {
      onEpoch: options.onEpoch,
      shouldContinue: () => !token.cancelled && host.now() - sliceStart < POOL_SLICE_MS,
    });
    epochs.push(...slice.epochs);
    options.tick?.();
    const finished = slice.stoppedEarly || slice.diverged || reached(run, limit);
    if (finished || token.cancelled) {
      return { epochs, steps: run.trainer.stepCount, stoppedEarly: slice.stoppedEarly, diverged: slice.diverged, cancelled: !finished };
    }
    await host.yield();
  }
}
