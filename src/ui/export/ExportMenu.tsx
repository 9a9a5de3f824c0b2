import { useId, useState, type ReactNode } from 'react';
import { loadDigits, type Dataset, type DigitsSet } from '../../data';
import { applySettings, currentSources } from '../../state/runController';
import { runStore } from '../../state/runStore';
import { settingsStore } from '../../state/settingsStore';
import { digitsResolutionOf } from '../../settings/digitsResolution';
import type { Settings } from '../../settings/settingsTable';
import { history, telemetryStore } from '../../state/telemetryStore';
import type { DataSources } from '../../state/viewTypes';
import { datasetFileName, datasetToCsv } from './datasetCsv';
import { downloadText } from './download';
import { regenerateDataset, regenerateInitialWeights } from './headlessRun';
import { toKerasScript } from './kerasScript';
import { metricsFileName, metricsToCsv, metricsToJson } from './metricsExport';
import { MAX_EMBEDDED_CSV_CHARACTERS, notebookFileName, toNotebook } from './notebook';
import { toPytorchScript } from './pytorchScript';
import { replayFileName, replayToJson } from './replayFile';
import { runStartSettings, trackRunStarts } from './runStart';
import { MAX_SETTINGS_FILE_BYTES, parseSettingsJson, settingsFileName, settingsToJson, tooLargeMessage } from './settingsFile';

// Record each run's starting settings from the moment this module is loaded (replay files need them).
trackRunStarts();

/** Props of the export menu. */
export interface ExportMenuProps {
  /**
   * The loaded data the current dataset needs: digits and the user's CSV. Without it, the run
   * controller's sources at the moment of the export are used (a CSV loaded after this menu was
   * drawn included); digits missing there are fetched again.
   */
  sources?: DataSources;
}

const JSON_TYPE = 'application/json';

let digitsCache: DigitsSet | null = null;

/** The dataset of `settings`, loading what it needs (digits) when the caller has not. */
async function datasetFor(settings: Settings, sources: DataSources | undefined): Promise<Dataset> {
  const available: DataSources = { ...sources };
  if (settings.dataset === 'digits') {
    const resolution = digitsResolutionOf(settings);
    if (available.digits?.resolution !== resolution) {
      if (digitsCache?.resolution !== resolution) digitsCache = await loadDigits(resolution, fetch.bind(globalThis), () => {});
      available.digits = digitsCache;
    }
  }
  if (settings.dataset === 'csv' && available.csv === undefined) {
    throw new Error('Your CSV file is not available to the export here: load it again in the Data section, or export another dataset.');
  }
  return regenerateDataset(settings, available);
}

/** Reads a file as text (File.text where available). */
function readText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.readAsText(file);
  });
}

/** Lets the browser paint a status message before a long synchronous export. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="setting export-group">
      <legend className="setting-label">{legend}</legend>
      <div className="button-row">{children}</div>
    </fieldset>
  );
}

/**
 * Export what the playground shows: the metric history (CSV, JSON), the settings (JSON, and
 * import them back), the run as a replay file, and the model as PyTorch or Keras code with its
 * dataset. Reads the stores directly; keeps only its own form state.
 */
export function ExportMenu({ sources }: ExportMenuProps) {
  const id = useId();
  const [exactWeights, setExactWeights] = useState(true);
  const [withDataset, setWithDataset] = useState(true);
  const [epochs, setEpochs] = useState(100);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  const report = (message: string) => {
    setError(null);
    setProblems([]);
    setStatus(message);
  };
  const fail = (message: string) => {
    setStatus(null);
    setProblems([]);
    setError(message);
  };

  const downloadMetrics = (kind: 'csv' | 'json') => {
    const epochsKept = history.values();
    const settings = settingsStore.getState().settings;
    if (epochsKept.length === 0) return fail('No epoch has finished yet: train at least one epoch, then export the metrics.');
    if (kind === 'csv') downloadText(metricsToCsv(epochsKept), metricsFileName(settings, 'csv'), 'text/csv');
    else downloadText(metricsToJson(epochsKept, { settings, totalEpochs: history.totalPushed, test: runStore.getState().testFigures }), metricsFileName(settings, 'json'), JSON_TYPE);
    report(`Saved the metrics of ${epochsKept.length} epochs as ${kind.toUpperCase()}.`);
  };

  const downloadSettings = () => {
    const settings = settingsStore.getState().settings;
    downloadText(settingsToJson(settings), settingsFileName(settings), JSON_TYPE);
    report('Saved the settings as JSON.');
  };

  const importSettings = async (file: File) => {
    if (file.size > MAX_SETTINGS_FILE_BYTES) return fail(tooLargeMessage(file.name, file.size, 'settings file', MAX_SETTINGS_FILE_BYTES));
    let text: string;
    try {
      text = await readText(file);
    } catch {
      return fail(`"${file.name}" could not be read: nothing was changed.`);
    }
    const result = parseSettingsJson(text);
    if (!result.ok) return fail(`${result.message} Nothing was changed.`);
    const count = Object.keys(result.settings).length;
    if (count === 0) {
      setStatus(null);
      setError('The file holds no valid setting: nothing was changed.');
      setProblems(result.problems);
      return;
    }
    applySettings(result.settings);
    setError(null);
    setStatus(`Imported ${count} setting${count === 1 ? '' : 's'} from "${file.name}".`);
    setProblems(result.problems);
  };

  const downloadReplay = () => {
    const run = runStore.getState();
    if (run.runId === 0) return fail('There is no run to save yet.');
    const settings = runStartSettings();
    if (settings === null) return fail('The settings this run started from were not recorded: press Reset, train, then save the replay.');
    const runLog = telemetryStore.getState().runLog;
    downloadText(replayToJson(settings, run.step, runLog), replayFileName(settings, run.step), JSON_TYPE);
    report(`Saved a replay of ${run.step} steps with ${runLog.length} live change${runLog.length === 1 ? '' : 's'}.`);
  };

  const downloadCode = async (framework: 'pytorch' | 'keras' | 'notebook' | 'dataset') => {
    const settings = settingsStore.getState().settings;
    setBusy(true);
    report(framework === 'dataset' ? 'Preparing the dataset…' : 'Preparing the script…');
    await nextFrame();
    try {
      // Read the sources when asked, not when drawn: a CSV loaded since must count.
      const dataset = await datasetFor(settings, sources ?? currentSources());
      const dataFile = datasetFileName(dataset, settings.seed);
      const initialWeights = exactWeights && framework !== 'dataset' ? regenerateInitialWeights(settings, dataset) : null;
      const options = { initialWeights, epochs, dataFile };
      if (framework === 'notebook') {
        // The dataset CSV travels inside the notebook (unless it is too large: the notebook then says what to upload).
        const datasetCsv = datasetToCsv(dataset);
        downloadText(toNotebook(settings, dataset, { ...options, datasetCsv }), notebookFileName(settings), 'application/x-ipynb+json');
        if (withDataset || datasetCsv.length > MAX_EMBEDDED_CSV_CHARACTERS) downloadText(datasetCsv, dataFile, 'text/csv');
        report(`Saved the notebook ${notebookFileName(settings)}${datasetCsv.length > MAX_EMBEDDED_CSV_CHARACTERS ? ` and its dataset ${dataFile} (too large to embed: upload it next to the notebook)` : ' with its dataset inside'}.`);
        return;
      }
      if (framework !== 'dataset') {
        const script = framework === 'pytorch' ? toPytorchScript(settings, dataset, options) : toKerasScript(settings, dataset, options);
        downloadText(script, `playground-${settings.dataset}-seed-${settings.seed}-${framework}.py`, 'text/x-python');
      }
      if (framework === 'dataset' || withDataset) downloadText(datasetToCsv(dataset), dataFile, 'text/csv');
      const what = framework === 'dataset' ? `the dataset as ${dataFile}` : `the ${framework === 'pytorch' ? 'PyTorch' : 'Keras'} script${withDataset ? ` and its dataset ${dataFile}` : ` (it reads ${dataFile})`}`;
      report(`Saved ${what}.`);
    } catch (failure) {
      fail(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export-menu" role="group" aria-label="Export">
      <Group legend="Metric history">
        <button type="button" onClick={() => downloadMetrics('csv')}>
          Download metrics CSV
        </button>
        <button type="button" onClick={() => downloadMetrics('json')}>
          Download metrics JSON
        </button>
      </Group>
      <Group legend="Settings">
        <button type="button" onClick={downloadSettings}>
          Download settings JSON
        </button>
        <label htmlFor={`${id}-import`} className="setting-label">
          Import settings JSON
        </label>
        <input
          id={`${id}-import`}
          type="file"
          accept=".json,application/json"
          aria-describedby={`${id}-import-help`}
          onChange={async (event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            if (file) await importSettings(file);
            // Allow choosing the same file again.
            input.value = '';
          }}
        />
        <p id={`${id}-import-help`} className="setting-help">
          A settings file saved here. Unknown settings are ignored and out-of-range values are clamped, each with a message.
        </p>
      </Group>
      <Group legend="Run">
        <button type="button" onClick={downloadReplay}>
          Download replay file
        </button>
      </Group>
      <Group legend="Code for PyTorch and Keras">
        <button type="button" disabled={busy} onClick={() => downloadCode('pytorch')}>
          Download PyTorch script
        </button>
        <button type="button" disabled={busy} onClick={() => downloadCode('keras')}>
          Download Keras script
        </button>
        <button type="button" disabled={busy} onClick={() => downloadCode('notebook')}>
          Download notebook
        </button>
        <button type="button" disabled={busy} onClick={() => downloadCode('dataset')}>
          Download dataset CSV
        </button>
        <label>
          <input type="checkbox" checked={exactWeights} onChange={(event) => setExactWeights(event.target.checked)} /> Use our exact initial weights
        </label>
        <label>
          <input type="checkbox" checked={withDataset} onChange={(event) => setWithDataset(event.target.checked)} /> Also download the dataset CSV
        </label>
        <label>
          Epochs in the script{' '}
          <input
            type="number"
            min={1}
            max={100000}
            step={1}
            value={epochs}
            onChange={(event) => {
              const value = Math.round(Number(event.target.value));
              if (Number.isFinite(value)) setEpochs(Math.min(100000, Math.max(1, value)));
            }}
          />
        </label>
      </Group>
      {status ? (
        <p role="status" className="notice">
          {status}
        </p>
      ) : null}
      {error || problems.length > 0 ? (
        <div role="alert" className="setting-error">
          {error ? <p>{error}</p> : null}
          {problems.length > 0 ? (
            <ul aria-label="Problems in the imported file">
              {problems.map((problem, index) => (
                <li key={index}>{problem}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
