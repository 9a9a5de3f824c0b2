import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { replayRun } from '../../src/worker/replay';
import { runStore, INITIAL_RUN_STATE } from '../../src/state/runStore';
import { settingsStore } from '../../src/state/settingsStore';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import { appendEpochs, startRun } from '../../src/state/telemetryStore';
import { ExportMenu } from '../../src/ui/export/ExportMenu';
import { checked } from '../checkedSettings';

/** Files the page offered for download: name and text. */
let downloads: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  downloads = [];
  settingsStore.setState({ settings: checked({ ...DEFAULT_SETTINGS }) });
  runStore.setState({ ...INITIAL_RUN_STATE });
  startRun(0);
  const blobs = new Map<string, Blob>();
  let next = 0;
  // jsdom has no object URLs: remember each blob under a fake URL.
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:test/${next++}`;
    blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = () => {};
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});

const originalUrl = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };

afterEach(() => {
  vi.restoreAllMocks();
  URL.createObjectURL = originalUrl.create;
  URL.revokeObjectURL = originalUrl.revoke;
});

const jsonFile = (text: string, name = 'settings.json') => new File([text], name, { type: 'application/json' });

describe('ExportMenu', () => {
  it('offers every export as a button with a visible label, and the import as a labelled file input', () => {
    render(<ExportMenu />);
    const menu = screen.getByRole('group', { name: 'Export' });
    for (const name of [
      'Download metrics CSV',
      'Download metrics JSON',
      'Download settings JSON',
      'Download replay file',
      'Download PyTorch script',
      'Download Keras script',
      'Download notebook',
      'Download dataset CSV',
    ]) {
      const button = within(menu).getByRole('button', { name });
      expect(button).toHaveTextContent(name);
    }
    expect(within(menu).getByLabelText('Import settings JSON')).toHaveAttribute('type', 'file');
    expect(within(menu).getByRole('checkbox', { name: 'Use our exact initial weights' })).toBeChecked();
    expect(within(menu).getByRole('checkbox', { name: 'Also download the dataset CSV' })).toBeChecked();
  });

  it('importing a file that is not JSON shows its message and changes nothing', async () => {
    const user = userEvent.setup();
    render(<ExportMenu />);
    const before = settingsStore.getState().settings;
    await user.upload(screen.getByLabelText('Import settings JSON'), jsonFile('this is { not json'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This file is not JSON');
    expect(alert).toHaveTextContent('Nothing was changed.');
    expect(settingsStore.getState().settings).toBe(before);
  });

  it('importing a file of another format shows its message and changes nothing', async () => {
    const user = userEvent.setup();
    render(<ExportMenu />);
    const before = settingsStore.getState().settings;
    await user.upload(screen.getByLabelText('Import settings JSON'), jsonFile(JSON.stringify({ format: 'something/else', settings: { noise: 0.5 } })));
    expect(await screen.findByRole('alert')).toHaveTextContent('not a playground settings file');
    expect(settingsStore.getState().settings).toBe(before);
  });

  it('imports a settings file, clamping and listing what it dropped', async () => {
    const user = userEvent.setup();
    render(<ExportMenu />);
    const text = JSON.stringify({ format: 'regularization-playground/settings', version: 1, settings: { dataset: 'moons', noise: 3, l2Enabled: true, bogus: 1 } });
    await user.upload(screen.getByLabelText('Import settings JSON'), jsonFile(text, 'lesson.json'));
    expect(await screen.findByRole('status')).toHaveTextContent('Imported 3 settings from "lesson.json".');
    const problems = within(screen.getByRole('alert')).getByRole('list', { name: 'Problems in the imported file' });
    expect(within(problems).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Noise was out of range and set to 1.', 'Unknown setting "bogus" ignored.']);
    expect(settingsStore.getState().settings).toMatchObject({ dataset: 'moons', noise: 1, l2Enabled: true });
  });

  it('downloads the settings as a settings file', async () => {
    settingsStore.setState({ settings: checked({ ...DEFAULT_SETTINGS, seed: 42 }) });
    render(<ExportMenu />);
    fireEvent.click(screen.getByRole('button', { name: 'Download settings JSON' }));
    expect(downloads.map((file) => file.name)).toEqual(['playground-settings-spirals-seed-42.json']);
    expect(JSON.parse(await downloads[0].blob.text())).toMatchObject({ format: 'regularization-playground/settings', version: 1, settings: { seed: 42 } });
  });

  it('says there is nothing to export before the first epoch, then exports the metric history', async () => {
    render(<ExportMenu />);
    fireEvent.click(screen.getByRole('button', { name: 'Download metrics CSV' }));
    expect(screen.getByRole('alert')).toHaveTextContent('No epoch has finished yet');
    expect(downloads).toHaveLength(0);
    const { epochs } = replayRun({ ...DEFAULT_SETTINGS, trainCount: 40, hiddenLayers: [4] }, {}, [], 6);
    act(() => appendEpochs(epochs));
    fireEvent.click(screen.getByRole('button', { name: 'Download metrics CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download metrics JSON' }));
    expect(downloads.map((file) => file.name)).toEqual(['playground-metrics-spirals-seed-1.csv', 'playground-metrics-spirals-seed-1.json']);
    expect((await downloads[0].blob.text()).split('\n')[0]).toMatch(/^epoch,step,trainLossTrainingMode,/);
  });

  it('downloads a replay file of the current run', async () => {
    render(<ExportMenu />);
    fireEvent.click(screen.getByRole('button', { name: 'Download replay file' }));
    expect(screen.getByRole('alert')).toHaveTextContent('There is no run to save yet.');
    act(() => {
      startRun(1);
      runStore.setState({ runId: 1, step: 12 });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Download replay file' }));
    expect(downloads.map((file) => file.name)).toEqual(['playground-replay-spirals-seed-1-step-12.json']);
    expect(JSON.parse(await downloads[0].blob.text())).toMatchObject({ format: 'regularization-playground/replay', steps: 12, runLog: [], settings: DEFAULT_SETTINGS });
  });

  it('downloads the PyTorch script with our exact weights and its dataset CSV', async () => {
    settingsStore.setState({ settings: checked({ ...DEFAULT_SETTINGS, trainCount: 40, hiddenLayers: [3] }) });
    render(<ExportMenu />);
    fireEvent.click(screen.getByRole('button', { name: 'Download PyTorch script' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved the PyTorch script and its dataset spirals-seed-1.csv.'));
    expect(downloads.map((file) => file.name)).toEqual(['playground-spirals-seed-1-pytorch.py', 'spirals-seed-1.csv']);
    const script = await downloads[0].blob.text();
    expect(script).toContain('INITIAL_WEIGHTS = {');
    expect(script).toContain('DATA_FILE = "spirals-seed-1.csv"');
    expect((await downloads[1].blob.text()).split('\n')[0]).toBe('split,x,y,label');
  });

  it('downloads the Keras script alone, initialized by the scheme, when asked', async () => {
    const user = userEvent.setup();
    render(<ExportMenu />);
    await user.click(screen.getByRole('checkbox', { name: 'Use our exact initial weights' }));
    await user.click(screen.getByRole('checkbox', { name: 'Also download the dataset CSV' }));
    await user.click(screen.getByRole('button', { name: 'Download Keras script' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved the Keras script (it reads spirals-seed-1.csv).'));
    expect(downloads.map((file) => file.name)).toEqual(['playground-spirals-seed-1-keras.py']);
    expect(await downloads[0].blob.text()).not.toContain('INITIAL_WEIGHTS');
  });

  it('downloads a notebook (nbformat 4) with the dataset inside and the loss plot at the end', async () => {
    const user = userEvent.setup();
    render(<ExportMenu />);
    await user.click(screen.getByRole('checkbox', { name: 'Also download the dataset CSV' }));
    await user.click(screen.getByRole('button', { name: 'Download notebook' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved the notebook playground-spirals-seed-1.ipynb with its dataset inside.'));
    expect(downloads.map((file) => file.name)).toEqual(['playground-spirals-seed-1.ipynb']);
    const notebook = JSON.parse(await downloads[0].blob.text());
    expect(notebook).toMatchObject({ nbformat: 4, nbformat_minor: 5 });
    const code = notebook.cells.filter((cell: { cell_type: string }) => cell.cell_type === 'code').map((cell: { source: string[] }) => cell.source.join(''));
    expect(code.some((text: string) => text.startsWith('# The dataset CSV') && text.includes('split,x,y,label'))).toBe(true);
    expect(code.at(-1)).toContain('import matplotlib.pyplot as plt');
  });

  it('explains that a CSV dataset cannot be exported without its file', async () => {
    settingsStore.setState({ settings: checked({ ...DEFAULT_SETTINGS, dataset: 'csv' }) });
    render(<ExportMenu />);
    fireEvent.click(screen.getByRole('button', { name: 'Download dataset CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your CSV file is not available to the export here');
    expect(downloads).toHaveLength(0);
  });
});
