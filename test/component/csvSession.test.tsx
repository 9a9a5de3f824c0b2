// Issue 17, failures 2 and 3 through the run controller (jsdom: the session runs inline), and the
// stuck-at-chance warning's wiring into the run banner.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { adoptCsvTable, connectTraining, disconnectTraining } from '../../src/state/runController';
import { replaceSettings, settingsStore } from '../../src/state/settingsStore';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import { runStore } from '../../src/state/runStore';
import { setUi, uiStore } from '../../src/state/uiStore';
import { DEFAULT_VIEW } from '../../src/state/urlState';
import { setCsvVaultBackend, type StoredCsvRecord } from '../../src/state/csvVault';
import { defaultCsvOptions, parseCsv } from '../../src/data';
import { ExportMenu } from '../../src/ui/export/ExportMenu';
import { watchForStuckRuns } from '../../src/state/stuckWatch';
import { loadIntoStores, runEvents } from './seededRun';
import { checked } from '../checkedSettings';

const CSV = `x,y,label\n${Array.from({ length: 30 }, (_, i) => `${Math.sin(i).toFixed(3)},${Math.cos(i * 0.7).toFixed(3)},${i % 2}`).join('\n')}\n`;

function memoryBackend(initial?: StoredCsvRecord) {
  let record = initial;
  return { get: async () => record, put: async (next: StoredCsvRecord) => void (record = next), remove: async () => void (record = undefined) };
}

describe('failure 2 in the page: data=csv without its file', () => {
  beforeEach(() => {
    setUi({ view: DEFAULT_VIEW, linkProblems: [] });
    replaceSettings(checked({ ...DEFAULT_SETTINGS, dataset: 'csv' }));
  });
  afterEach(() => {
    disconnectTraining();
    setCsvVaultBackend(null);
  });

  it('falls back to the default dataset with a notice, and the run can be controlled', async () => {
    setCsvVaultBackend(memoryBackend());
    connectTraining({ inline: true });
    await waitFor(() => expect(runStore.getState().connection).toBe('ready'), { timeout: 10_000 });
    expect(settingsStore.getState().settings.dataset).toBe(DEFAULT_SETTINGS.dataset);
    expect(uiStore.getState().linkProblems.at(-1)).toMatch(/not stored in this browser/);
  });

  it('restores the file kept in this browser', async () => {
    const file = new Blob([CSV], { type: 'text/csv' });
    setCsvVaultBackend(memoryBackend({ name: 'kept.csv', file, options: { labelColumn: 'label', task: 'auto' } }));
    connectTraining({ inline: true });
    await waitFor(() => expect(runStore.getState().connection).toBe('ready'), { timeout: 10_000 });
    expect(settingsStore.getState().settings.dataset).toBe('csv');
    expect(runStore.getState().dataset?.trainCount).toBeGreaterThan(0);
    expect(uiStore.getState().linkProblems).toEqual([]);
  });
});

describe('failure 3 in the page: export with a loaded CSV', () => {
  afterEach(() => disconnectTraining());

  it('the export menu drawn before the CSV was loaded exports its dataset', async () => {
    setUi({ view: DEFAULT_VIEW, linkProblems: [] });
    replaceSettings(checked({ ...DEFAULT_SETTINGS, dataset: 'spirals', trainCount: 40 }));
    connectTraining({ inline: true });
    await waitFor(() => expect(runStore.getState().connection).toBe('ready'), { timeout: 10_000 });
    render(<ExportMenu />);
    const parsed = parseCsv(CSV);
    if (!parsed.ok) throw new Error(parsed.message);
    adoptCsvTable(parsed.table, defaultCsvOptions(parsed.table));
    await waitFor(() => expect(runStore.getState().dataset?.name).toBe('csv'), { timeout: 10_000 });
    const downloads: string[] = [];
    const originalCreate = URL.createObjectURL;
    URL.createObjectURL = () => 'blob:test';
    const originalClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      downloads.push(this.download);
    };
    try {
      await userEvent.click(screen.getByRole('button', { name: 'Download dataset CSV' }));
      await waitFor(() => expect(within(screen.getByRole('group', { name: 'Export' })).getByRole('status')).toHaveTextContent(/Saved the dataset/));
      expect(downloads).toEqual([`csv-seed-${DEFAULT_SETTINGS.seed}.csv`]);
    } finally {
      URL.createObjectURL = originalCreate;
      HTMLAnchorElement.prototype.click = originalClick;
    }
  });
});

describe('failure 7b in the page: the stuck warning reaches the banner', () => {
  it('a run at learning rate 10 stuck at chance gets a warning banner naming the learning rate; the usual rate gets none', () => {
    for (const [learningRate, warned] of [
      [10, true],
      [DEFAULT_SETTINGS.learningRate, false],
    ] as const) {
      // A fresh watcher per run: both runs have run id 1.
      const stop = watchForStuckRuns();
      try {
        const run = runEvents({ learningRate, seed: 1 }, [{ train: 13 * 40 }]);
        loadIntoStores(run.settings, run.events);
        if (warned) expect(runStore.getState().banner?.title).toBe('The run has stayed at chance level for 20 epochs at learning rate 10.');
        else expect(runStore.getState().banner).toBeNull();
      } finally {
        stop();
      }
    }
  });
});
