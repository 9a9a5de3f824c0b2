/**
 * The run's dataset and initial weights, regenerated without the worker: the same settings and
 * seed give the same data (named streams "data/...") and the same initial kernels ("init/<layer>"),
 * because the worker builds its run through the same translate.ts functions.
 */
import { Trainer, type LayerParameters } from '../../engine';
import { generateDataset, type Dataset } from '../../data';
import type { Settings } from '../../settings/settingsTable';
import type { DataSources } from '../../worker/protocol';
import { toDataSettings, toLiveSettings, toModelSpec } from '../../settings/translate';

/** The dataset of `settings` (digits and CSV sets need their sources, as in the worker). */
export function regenerateDataset(settings: Settings, sources: DataSources = {}): Dataset {
  return generateDataset(toDataSettings(settings), { digits: sources.digits, csv: sources.csv?.table, csvOptions: sources.csv?.options });
}

/** The initial parameters the worker's run of `settings` started from (a fresh headless Trainer, same seed). */
export function regenerateInitialWeights(settings: Settings, dataset: Dataset): LayerParameters[] {
  const trainer = new Trainer({ model: toModelSpec(settings, dataset), settings: toLiveSettings(settings), data: dataset, seed: settings.seed });
  return trainer.initialParameters();
}
