/**
 * Headless replay: the same run the worker session trains, without time slices, messages or a
 * Worker. Given settings (with the seed), data sources and a run log, it yields the same metrics
 * bit for bit: the basis of replay files and of the determinism test.
 */
import { Trainer, type EpochMetrics } from '../engine';
import { generateDataset, type Dataset } from '../data';
import type { Settings } from '../state/settingsTable';
import type { DataSources, RunActionEntry, RunLogEntry } from './protocol';
import { scoreTestSet, type TestFigures } from './testFigures';
import { toDataSettings, toLiveSettings, toModelSpec } from './translate';

/** The outcome of a replay. */
export interface ReplayResult {
  epochs: EpochMetrics[];
  /** The trainer after the replay (for probes: parameters, histograms, masks). */
  trainer: Trainer;
  /** The dataset it trained on. */
  dataset: Dataset;
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
  /** The held-out test set's figures for the weights the run ends with (restored ones after an early stop). */
  test: TestFigures;
}

/** Trains `steps` minibatches (or until a stop or divergence), applying the log's entries at their steps. */
export function replayRun(settings: Settings, sources: DataSources, log: readonly (RunLogEntry | RunActionEntry)[], steps: number): ReplayResult {
  const dataset = generateDataset(toDataSettings(settings), {
    digits: sources.digits,
    csv: sources.csv?.table,
    csvOptions: sources.csv?.options,
  });
  const trainer = new Trainer({ model: toModelSpec(settings, dataset), settings: toLiveSettings(settings), data: dataset, seed: settings.seed });
  const queue = [...log].sort((a, b) => a.step - b.step);
  let current = settings;
  const epochs: EpochMetrics[] = [];
  while (trainer.stepCount < steps) {
    while (queue.length > 0 && queue[0].step <= trainer.stepCount) {
      const entry = queue.shift()!;
      if ('action' in entry) {
        trainer.restoreBestWeights();
        epochs.push(trainer.evaluate());
      } else {
        current = { ...current, ...entry.changes };
        trainer.patch(toLiveSettings(current));
      }
    }
    const result = trainer.trainStep();
    if (result.epochMetrics) epochs.push(result.epochMetrics);
    if (result.diverged) return { epochs, trainer, dataset, steps: trainer.stepCount, stoppedEarly: false, diverged: true, test: scoreTestSet(trainer, dataset) };
    if (result.stopped && result.events.some((event) => event.type === 'restored')) epochs.push(trainer.evaluate());
    if (result.stopped) return { epochs, trainer, dataset, steps: trainer.stepCount, stoppedEarly: true, diverged: false, test: scoreTestSet(trainer, dataset) };
  }
  return { epochs, trainer, dataset, steps: trainer.stepCount, stoppedEarly: false, diverged: false, test: scoreTestSet(trainer, dataset) };
}
