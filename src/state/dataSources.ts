/**
 * The data a run needs besides its settings (the digits, a CSV file), loaded once per page and
 * shared by every run handle: the main run, both compare runs and the run pool.
 */
import type { CsvOptions, CsvTable } from '../data';
import { digitsResolutionOf } from '../settings/digitsResolution';
import type { Settings } from '../settings/settingsTable';
import type { DataSources } from '../run/runLog';

const loaded: DataSources = {};
/** A digits download in flight, shared by the runs that ask meanwhile (both compare runs, say). */
let pendingDigits: { resolution: 14 | 28; promise: Promise<void> } | null = null;

/** Everything loaded so far (for exports that rebuild the dataset). */
export function loadedSources(): DataSources {
  return { ...loaded };
}

/** A CSV file was parsed: runs on the CSV dataset use it from now on. */
export function adoptCsvSource(table: CsvTable, options: CsvOptions): void {
  loaded.csv = { table, options };
}

/** Whether `settings` can be built without loading anything more. */
export function sourcesReady(settings: Settings): boolean {
  if (settings.dataset === 'digits') return loaded.digits?.resolution === digitsResolutionOf(settings);
  if (settings.dataset === 'csv') return loaded.csv !== undefined;
  return true;
}

/** What `sourcesFor` found: the sources to send with the run, or why there are none. */
export type SourcesOutcome = { ok: true; sources: DataSources } | { ok: false; reason: 'noCsv' } | { ok: false; reason: 'digitsFailed'; message: string };

/**
 * The sources a run of `settings` needs (only those: a run on a toy set carries no digits),
 * loading the digits first when they are not here yet; `onProgress` sees the download's share.
 */
export async function sourcesFor(settings: Settings, onProgress?: (share: number | null) => void): Promise<SourcesOutcome> {
  if (settings.dataset === 'digits') {
    const resolution = digitsResolutionOf(settings);
    if (loaded.digits?.resolution !== resolution) {
      if (pendingDigits?.resolution !== resolution) {
        const promise = import('../data/digits')
          .then(({ loadDigits }) => loadDigits(resolution, fetch.bind(globalThis), (done, total) => onProgress?.(total > 0 ? done / total : null)))
          .then((digits) => {
            loaded.digits = digits;
          })
          .finally(() => {
            if (pendingDigits?.promise === promise) pendingDigits = null;
          });
        pendingDigits = { resolution, promise };
      }
      try {
        await pendingDigits!.promise;
      } catch (error) {
        return { ok: false, reason: 'digitsFailed', message: error instanceof Error ? error.message : String(error) };
      }
      if (loaded.digits?.resolution !== resolution) return { ok: false, reason: 'digitsFailed', message: 'Another resolution was chosen while the digits loaded.' };
    }
    return { ok: true, sources: { digits: loaded.digits } };
  }
  if (settings.dataset === 'csv') return loaded.csv ? { ok: true, sources: { csv: loaded.csv } } : { ok: false, reason: 'noCsv' };
  return { ok: true, sources: {} };
}
