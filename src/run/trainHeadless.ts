/**
 * One headless run from a request: build, replay its log, train to its limit. The run pool's
 * workers and its Node equivalent both call this, so a check or a sweep trains exactly as the
 * worker session and a replay do.
 */
import type { EpochMetrics } from '../engine';
import type { CheckedSettings } from '../settings/settingsValidation';
import { advanceRun, type RunLimit } from './advance';
import { buildRun } from './run';
import type { DataSources, RunLogItem } from './runLog';
import { finalReportOf, type FinalReport } from './finalReport';

/** What to train: settings checked where they entered (the brand), their data sources, a limit and optionally live changes at their steps. */
export interface RunRequest {
  settings: CheckedSettings;
  sources?: DataSources;
  limit: RunLimit;
  log?: readonly RunLogItem[];
  /** Also report the end of the run (test figures, kept weights, data facts): lesson checks read it. */
  final?: boolean;
}

/** A finished (or cancelled) headless run: metrics only. */
export interface RunResult {
  epochs: EpochMetrics[];
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
  /** True when it was cancelled before its limit. */
  cancelled: boolean;
  /** The end of the run, when the request asked for it and the run was not cancelled. */
  final?: FinalReport;
}

/** Trains `request` to its limit; `onEpoch` streams each epoch's figures; `shouldContinue` returning false cancels. */
export function trainHeadless(
  request: RunRequest,
  options: { onEpoch?: (metrics: EpochMetrics) => void; shouldContinue?: () => boolean } = {},
): RunResult {
  const run = buildRun(request.settings, request.sources ?? {});
  if (request.log) run.queueReplay(request.log);
  let cancelled = false;
  const shouldContinue = options.shouldContinue
    ? () => {
        cancelled = !options.shouldContinue!();
        return !cancelled;
      }
    : undefined;
  const result = advanceRun(run, request.limit, { onEpoch: options.onEpoch, shouldContinue });
  return { ...result, cancelled, ...(request.final && !cancelled ? { final: finalReportOf(run) } : {}) };
}
