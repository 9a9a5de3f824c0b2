/**
 * One training run: its settings, dataset and trainer, its run log, and the one step loop. Every
 * run of the app is built here and stepped here (the worker session, headless replay, the exports'
 * initial weights, the run pool), so the same settings, sources and log give the same metrics bit
 * for bit wherever they run. The session adds only scheduling and telemetry.
 */
import { Trainer, type EarlyStoppingEvent, type EpochMetrics, type StepResult } from '../engine';
import { generateDataset, type Dataset } from '../data';
import type { Settings } from '../settings/settingsTable';
import { describeChange } from '../settings/describeChange';
import { toDataSettings, toLiveSettings, toModelSpec } from '../settings/translate';
import type { DataSources, RunActionEntry, RunLogEntry, RunLogItem } from './runLog';
import { EPOCH_EVALUATION_SUBSAMPLE } from './evaluationSubsample';

/** A run-log entry applied to the run, with what it did. */
export type AppliedEntry =
  | { kind: 'live'; entry: RunLogEntry }
  | { kind: 'restore'; entry: RunActionEntry; event: EarlyStoppingEvent; metrics: EpochMetrics }
  /** The engine refused a logged change (a hand-edited replay file, say): the run goes on without it. */
  | { kind: 'refused'; message: string };

/** What one minibatch step did. */
export interface RunStep {
  result: StepResult;
  /** Epoch figures to record: the finished epoch's, then the restored weights' after an early stop. */
  epochs: EpochMetrics[];
}

const NOTHING_DUE: readonly AppliedEntry[] = Object.freeze([]);

/** The data the settings need, from the loaded sources; throws a sentence when one is missing. */
function dataSourcesFor(settings: Settings, sources: DataSources) {
  if (settings.dataset === 'digits') {
    if (!sources.digits) throw new Error('The digits have not been loaded yet.');
    return { digits: sources.digits };
  }
  if (settings.dataset === 'csv') {
    if (!sources.csv) throw new Error('No CSV file has been loaded yet.');
    return { csv: sources.csv.table, csvOptions: sources.csv.options };
  }
  return undefined;
}

/** The dataset of `settings` (digits and CSV sets need their sources). */
export function buildDataset(settings: Settings, sources: DataSources = {}): Dataset {
  return generateDataset(toDataSettings(settings), dataSourcesFor(settings, sources));
}

/** A training run built from validated settings and the data sources. */
export class Run {
  /** The settings now in force (the start settings plus the live changes applied so far). */
  private current: Settings;
  private readonly entries: RunLogItem[] = [];
  private replayQueue: RunLogItem[] = [];
  /** Reused by every step (its result is set before anyone reads it). */
  private readonly lastStep: RunStep = { result: null as unknown as StepResult, epochs: [] };

  constructor(
    settings: Settings,
    readonly dataset: Dataset,
    readonly trainer: Trainer,
  ) {
    this.current = settings;
  }

  /** The settings now in force. */
  get settings(): Settings {
    return this.current;
  }

  /** The run log so far (copies). */
  log(): RunLogItem[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  /** Entries to apply again at their steps (replaying a saved run), sorted by step. */
  queueReplay(log: readonly RunLogItem[]): void {
    this.replayQueue = [...log].map((entry) => ({ ...entry })).sort((a, b) => a.step - b.step);
  }

  /**
   * Applies validated live changes at the next minibatch and logs them. Throws (changing nothing)
   * when the engine refuses them.
   */
  applyLive(changes: Partial<Settings>): RunLogEntry {
    const next = { ...this.current, ...changes } as Settings;
    this.trainer.patch(toLiveSettings(next));
    this.current = next;
    const entry: RunLogEntry = { step: this.trainer.stepCount, epoch: this.trainer.epochCount, changes, label: describeChange(changes) };
    this.entries.push(entry);
    return entry;
  }

  /** Brings back the best epoch's weights; null when early stopping kept none. */
  restoreBest(): Extract<AppliedEntry, { kind: 'restore' }> | null {
    const event = this.trainer.restoreBestWeights();
    if (!event) return null;
    const bestEpoch = event.type === 'restored' ? event.bestEpoch : event.epoch;
    const entry: RunActionEntry = { step: this.trainer.stepCount, epoch: this.trainer.epochCount, action: 'restoreBest', label: `Restored the weights of epoch ${bestEpoch}` };
    this.entries.push(entry);
    return { kind: 'restore', entry, event, metrics: this.trainer.evaluate() };
  }

  /** Applies the queued replay entries whose step has come (the one place run logs are replayed). */
  applyDueReplay(): readonly AppliedEntry[] {
    // The common case, every step: nothing due, nothing allocated.
    if (this.replayQueue.length === 0 || this.replayQueue[0].step > this.trainer.stepCount) return NOTHING_DUE;
    const applied: AppliedEntry[] = [];
    while (this.replayQueue.length > 0 && this.replayQueue[0].step <= this.trainer.stepCount) {
      const entry = this.replayQueue.shift()!;
      if ('action' in entry) {
        const restored = this.restoreBest();
        if (restored) applied.push(restored);
      } else {
        try {
          applied.push({ kind: 'live', entry: this.applyLive(entry.changes) });
        } catch (error) {
          applied.push({ kind: 'refused', message: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return applied;
  }

  /**
   * One minibatch: the only place outside the engine that calls the trainer's training step. The
   * returned object is reused by the next step (a step allocates nothing): read it at once.
   */
  step(): RunStep {
    const result = this.trainer.trainStep();
    const step = this.lastStep;
    step.result = result;
    step.epochs.length = 0;
    if (result.epochMetrics) step.epochs.push(result.epochMetrics);
    // A stop that restored the best weights: record their figures, not the last epoch's.
    if (result.stopped && result.events.some((event) => event.type === 'restored')) step.epochs.push(this.trainer.evaluate());
    return step;
  }
}

/** How a run is hosted and measured (nothing here changes the weights it trains). */
export interface RunBuildOptions {
  /** Called during long inference passes (a worker's heartbeat); see TrainerOptions.tick. */
  tick?: () => void;
  /** Per-epoch figures of larger sets on a fixed subsample of this many examples (default EPOCH_EVALUATION_SUBSAMPLE). */
  evaluationSubsample?: number;
}
/** The hosting part of the options (the worker session's heartbeat). */
export type RunHooks = RunBuildOptions;

/** Builds a run on a dataset already built from the same settings (a seeded trainer on it). */
export function buildRunOn(settings: Settings, dataset: Dataset, options: RunBuildOptions = {}): Run {
  const trainer = new Trainer({ model: toModelSpec(settings, dataset), settings: toLiveSettings(settings), data: dataset, seed: settings.seed, tick: options.tick, evaluationSubsample: options.evaluationSubsample ?? EPOCH_EVALUATION_SUBSAMPLE });
  return new Run(settings, dataset, trainer);
}

/** Builds a run: the dataset from the settings and sources, then a seeded trainer on it. */
export function buildRun(settings: Settings, sources: DataSources = {}, options: RunBuildOptions = {}): Run {
  return buildRunOn(settings, buildDataset(settings, sources), options);
}
