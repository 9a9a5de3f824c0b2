/**
 * Opens one run of a sweep in the main view: the run's own settings and seed, trained by the
 * training worker to the same step, so its curves, boundary and figures are the table row's.
 */
import { currentSources, pause, replayRunFile } from '../../state/runController';
import type { Settings } from '../../settings/settingsTable';
import type { DataSources } from '../../state/viewTypes';
import { closeSweepMode } from '../../sweep/sweepMode';
import { sweepStore } from '../../sweep/sweepStore';

/** Opens the run with this job id (a finished one); false when there is none. Its settings were checked when the sweep was planned. */
export async function openSweepRun(jobId: number): Promise<boolean> {
  const { plan, results } = sweepStore.getState();
  const job = plan?.jobs[jobId];
  const result = results[jobId];
  if (!job || !result) return false;
  closeSweepMode();
  return replayRunFile(job.settings, [], result.steps);
}

/** The data the sweep's runs need (the digits are loaded when the settings use them and the page has not yet). */
export async function sweepSources(settings: Settings): Promise<DataSources> {
  const sources = currentSources();
  if (settings.dataset === 'digits') {
    const resolution = settings.digitsResolution === '28' ? 28 : 14;
    if (sources.digits?.resolution !== resolution) {
      const { loadDigits } = await import('../../data/digits');
      sources.digits = await loadDigits(resolution, fetch.bind(globalThis), () => undefined);
    }
  }
  if (settings.dataset === 'csv' && !sources.csv) throw new Error('Choose a CSV file first (Data section): the sweep trains on it.');
  // The main run would compete with the sweep's workers for the cores.
  pause();
  return sources;
}
