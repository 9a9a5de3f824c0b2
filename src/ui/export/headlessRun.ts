/**
 * The run's dataset and initial weights, regenerated without the worker: the same settings and
 * seed give the same data (named streams "data/...") and the same initial kernels ("init/<layer>"),
 * because the worker builds its run with the same run builder (src/run).
 */
import type { LayerParameters } from '../../engine';
import type { Dataset } from '../../data';
import type { Settings } from '../../settings/settingsTable';
import { buildDataset, buildRunOn } from '../../run/run';
import type { DataSources } from '../../run/runLog';

/** The dataset of `settings` (digits and CSV sets need their sources, as in the worker). */
export function regenerateDataset(settings: Settings, sources: DataSources = {}): Dataset {
  return buildDataset(settings, sources);
}

/** The initial parameters the worker's run of `settings` started from (a fresh headless run, same seed). */
export function regenerateInitialWeights(settings: Settings, dataset: Dataset): LayerParameters[] {
  return buildRunOn(settings, dataset).trainer.initialParameters();
}
