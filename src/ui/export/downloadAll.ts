/**
 * "Download all": every panel on screen as a PNG plus the run's data files, packed into one zip
 * (browsers ask before the 11th separate download in a row). Zipping is fflate's, not ours.
 */
import { zipSync, strToU8 } from 'fflate';
import { runStore } from '../../state/runStore';
import { settingsStore } from '../../state/settingsStore';
import { history, telemetryStore } from '../../state/telemetryStore';
import { downloadBlob, fileSlug } from './download';
import { metricsFileName, metricsToCsv, metricsToJson } from './metricsExport';
import { replayFileName, replayToJson } from './replayFile';
import { runStartSettings } from './runStart';
import { settingsFileName, settingsToJson } from './settingsFile';

/** One file of the archive. */
export interface ArchiveFile {
  name: string;
  bytes: Uint8Array;
}

/** The run's data files as they are now: metrics (CSV, JSON), settings, and a replay when one can be made. */
export function dataFiles(): ArchiveFile[] {
  const settings = settingsStore.getState().settings;
  const files: ArchiveFile[] = [{ name: settingsFileName(settings), bytes: strToU8(settingsToJson(settings)) }];
  const epochs = history.values();
  if (epochs.length > 0) {
    files.push({ name: metricsFileName(settings, 'csv'), bytes: strToU8(metricsToCsv(epochs)) });
    files.push({ name: metricsFileName(settings, 'json'), bytes: strToU8(metricsToJson(epochs, { settings, totalEpochs: history.totalPushed })) });
  }
  const start = runStartSettings();
  const step = runStore.getState().step;
  if (start !== null && step > 0) files.push({ name: replayFileName(start, step), bytes: strToU8(replayToJson(start, step, telemetryStore.getState().runLog)) });
  return files;
}

/** Gives every name in `files` once ("a.png", "a-2.png"), keeping the order. */
export function uniqueNames(files: readonly ArchiveFile[]): ArchiveFile[] {
  const seen = new Map<string, number>();
  return files.map((file) => {
    const count = (seen.get(file.name) ?? 0) + 1;
    seen.set(file.name, count);
    if (count === 1) return file;
    const dot = file.name.lastIndexOf('.');
    const name = dot > 0 ? `${file.name.slice(0, dot)}-${count}${file.name.slice(dot)}` : `${file.name}-${count}`;
    return { ...file, name };
  });
}

/** The zip archive of `files` (PNGs are stored, text is deflated). */
export function zipFiles(files: readonly ArchiveFile[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const file of uniqueNames(files)) entries[file.name] = [file.bytes, { level: file.name.endsWith('.png') ? 0 : 6 }];
  return zipSync(entries);
}

/** PNGs of the panels shown in `root` (the ones with something drawn), one per panel. */
async function panelPngs(root: ParentNode): Promise<ArchiveFile[]> {
  const { renderPanelCanvas } = await import('./pngExport');
  const files: ArchiveFile[] = [];
  for (const panel of root.querySelectorAll<HTMLElement>('section[data-panel]')) {
    const rect = panel.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const name = panel.getAttribute('aria-label') ?? panel.dataset.panel ?? 'panel';
    const canvas = await renderPanelCanvas(panel, name);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob === null) continue;
    files.push({ name: `${fileSlug(name)}.png`, bytes: new Uint8Array(await blob.arrayBuffer()) });
  }
  return files;
}

/** Packs the shown panels' PNGs and the data files into one zip and downloads it; returns the file count. */
export async function downloadAll(root: ParentNode = document): Promise<number> {
  const files = [...(await panelPngs(root)), ...dataFiles()];
  const settings = settingsStore.getState().settings;
  const archive = zipFiles(files);
  downloadBlob(new Blob([archive as BlobPart], { type: 'application/zip' }), `playground-${settings.dataset}-seed-${settings.seed}-step-${runStore.getState().step}.zip`);
  return files.length;
}
