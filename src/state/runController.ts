/**
 * The run controller: the one place the UI asks the main training run to do something, and the
 * one place its worker's events land in the stores. The worker, its data, snapshot
 * acknowledgements and crash restarts are the run handle's (runHandle.ts). Module-level functions,
 * no React.
 */
import { runStore, updateRun, INITIAL_RUN_STATE } from './runStore';
import { SETTING_BY_KEY, type SettingKey, type Settings } from '../settings/settingsTable';
import { checkPreset, checkValue, DEFAULT_SETTINGS_CHECKED, echoedByWorker, patchOf, pickChecked, type CheckedPatch, type CheckedSettings } from '../settings/settingsValidation';
import { replaceSettings, setSetting, settingsStore } from './settingsStore';
import { appendEarlyStopping, appendEpochs, appendRunLog, setSnapshot, startRun, telemetryStore } from './telemetryStore';
import type { ClientMode } from '../worker/client';
import type { DataSources, RunActionEntry, RunLogEntry, WorkerEvent } from '../worker/protocol';
import type { CsvOptions, CsvTable } from '../data';
import { RunHandle } from './runHandle';
import { adoptCsvSource, loadedSources } from './dataSources';
import { toRunSnapshot } from './viewTypes';
import { missingCsvNotice } from './missingCsv';
import { uiStore, setUi } from './uiStore';
import { DEFAULT_STEPS_PER_SECOND, choosePace, chosenPace, onPaceChosen } from './pace';
import { exposeTestFaults } from '../worker/testFaults';
import { discardEarlyWorker } from '../worker/earlyWorker';

export { DEFAULT_STEPS_PER_SECOND };

let handle: RunHandle | null = null;
/** Play as soon as the first run is built (embed autoplay). */
let autoplayPending = false;
const unitActivationListeners = new Map<number, (values: Float32Array, size: number) => void>();
let nextRequestId = 1;

/** The loaded digits and CSV (for exports that rebuild the dataset). */
export function currentSources(): DataSources {
  return loadedSources();
}

/** Whether the run controls can act. */
export function canControl(): boolean {
  return runStore.getState().connection === 'ready' && handle !== null && handle.active;
}

/** Which kind of client is running (for tests and the status line). */
export function clientMode(): ClientMode | null {
  return handle?.mode ?? null;
}

/** Starts the training worker and builds the first run from the current settings. */
export function connectTraining(options: { inline?: boolean; autoplay?: boolean } = {}): void {
  autoplayPending = options.autoplay ?? false;
  handle?.stop();
  handle = new RunHandle(
    {
      onEvent: handleEvent,
      settingsForRestart: () => settingsStore.getState().settings,
      onRestart: (reason, next) =>
        updateRun({
          connection: 'starting',
          phase: 'idle',
          banner: { kind: 'error', title: 'The training worker was replaced by a new one.', detail: `${reason} ${next}` },
        }),
      onFailed: (reason, cause) =>
        updateRun({
          connection: 'failed',
          phase: 'idle',
          banner: cause === 'protocol'
            ? { kind: 'error', title: 'This page and its training worker are from different versions.', detail: reason, fixes: ['Reload the page.'] }
            : { kind: 'error', title: 'The training worker keeps crashing.', detail: reason, fixes: ['Reload the page.', 'Try smaller settings (fewer units or examples).'] },
        }),
      onSourcesMissing: (outcome) => {
        if (outcome.reason === 'noCsv') updateRun({ notice: 'Choose a CSV file first (Data section).' });
        else
          updateRun({
            connection: runStore.getState().runId > 0 ? 'ready' : 'failed',
            dataProgress: null,
            banner: { kind: 'error', title: 'The handwritten digits could not be loaded.', detail: outcome.message, fixes: ['Check your connection and choose the dataset again.'] },
          });
      },
      onLoading: (share) => updateRun(share === 0 ? { connection: 'loadingData', dataProgress: 0 } : { dataProgress: share }),
      onStarted: (started) => {
        const speed = chosenPace();
        if (speed.stepsPerSecond !== null) started.send({ type: 'speed', speed });
      },
    },
    { name: 'training', inline: options.inline },
  );
  handle.start();
  exposeTestFaults((kind) => handle?.injectFault(kind));
  const settings = settingsStore.getState().settings;
  void initRun(settings, []).then((sent) => {
    // A remembered or linked CSV that this browser does not hold: never leave the page without a run.
    if (!sent && settings.dataset === 'csv' && handle?.active) fallBackFromMissingCsv();
  });
}

function fallBackFromMissingCsv(): void {
  const embed = uiStore.getState().view.embed;
  replaceSettings(pickChecked(DEFAULT_SETTINGS_CHECKED, ['dataset']));
  updateRun({ notice: null });
  setUi({ linkProblems: [...uiStore.getState().linkProblems, missingCsvNotice(DEFAULT_SETTINGS_CHECKED.dataset, embed)] });
  void initRun(settingsStore.getState().settings, []);
}

/** Stops the worker (tests, page teardown). */
/** A connection made before the first render (boot), waiting for the app to adopt it. */
let earlyConnection: { autoplay: boolean } | null = null;

/**
 * Starts the training worker before React renders the first screen, so the worker's download and
 * the first run's build overlap the render instead of following it (time to ready). The app adopts
 * this connection on mount (`adoptEarlyConnection`) rather than making a second one.
 */
export function connectTrainingEarly(options: { autoplay?: boolean } = {}): void {
  connectTraining(options);
  earlyConnection = { autoplay: options.autoplay ?? false };
}

/** For a page that will not connect early (a refused frame, an embed): ends the worker its first script may have started. */
export function skipEarlyConnection(): void {
  discardEarlyWorker();
}

/** True (once) when the boot's early connection, made with the same autoplay, is there to use. */
export function adoptEarlyConnection(autoplay: boolean): boolean {
  const early = earlyConnection;
  earlyConnection = null;
  return early !== null && early.autoplay === autoplay && handle !== null;
}

export function disconnectTraining(): void {
  earlyConnection = null;
  handle?.stop();
  handle = null;
  runStore.setState({ ...INITIAL_RUN_STATE });
}

/** Loads what the settings need (digits, CSV), then builds a run in the worker. */
async function initRun(settings: CheckedSettings, replayLog: (RunLogEntry | RunActionEntry)[]): Promise<boolean> {
  if (!handle) return false;
  if (settings.dataset === 'csv' && loadedSources().csv === undefined) {
    // The file kept in this browser, if any (never in an embed: a reader's own files stay out of it).
    const restored = uiStore.getState().view.embed ? null : await restoreCsv();
    if (restored) adoptCsvSource(restored.table, restored.options);
  }
  return handle ? handle.init(settings, replayLog) : false;
}

/** The CSV kept in this browser, parsed again (loaded on demand: most visits never need it). */
async function restoreCsv(): Promise<{ table: CsvTable; options: CsvOptions } | null> {
  const [{ restoreStoredCsv }, { parseCsvFile }] = await Promise.all([import('./csvVault'), import('../worker/csvClient')]);
  return restoreStoredCsv(parseCsvFile);
}

// ------------------------------------------------------------------ actions

/** Start or resume training. */
export function play(): void {
  if (canControl()) handle!.send({ type: 'play' });
}

/**
 * Pause training after the current minibatch. The page shows "paused" at once: a busy worker
 * (a minibatch that ends an epoch evaluates the whole data set first, seconds on big digits runs)
 * pauses when it gets to the command, and a hung one is replaced by the watchdog, paused.
 */
export function pause(): void {
  if (!canControl()) return;
  handle!.send({ type: 'pause' });
  if (runStore.getState().phase === 'running') updateRun({ phase: 'paused', pauseUnconfirmed: true });
}

/** Toggle between play and pause. */
export function togglePlay(): void {
  if (runStore.getState().phase === 'running') pause();
  else play();
}

/** One minibatch step, or the rest of the current epoch. */
export function step(unit: 'batch' | 'epoch' = 'batch', count = 1): void {
  if (canControl()) handle!.send({ type: 'step', unit, count });
}

/**
 * Trains on to minibatch step `target` at the chosen pace and pauses there ("Play to step 1,000"
 * in a lesson). Nothing happens when the run is already there.
 */
export function runToStep(target: number): void {
  const remaining = target - runStore.getState().step;
  if (remaining > 0) step('batch', remaining);
}

/** Back to step 0 with the same seed (or a new one). */
export function reset(seed?: number): void {
  if (!canControl()) return;
  handle!.send(seed === undefined ? { type: 'reset' } : { type: 'reset', seed });
}

/** Bring back the best epoch's weights (early stopping's memory). */
export function restoreBestWeights(): void {
  if (canControl()) handle!.send({ type: 'restoreBest' });
}

/** Score the current (kept) weights on the held-out test set, once; the answer lands in runStore.testFigures. */
export function revealTest(): void {
  if (canControl()) handle!.send({ type: 'revealTest' });
}

/** Training pace: null = as fast as possible. One pace for every run on screen (pace.ts). */
export function setSpeed(stepsPerSecond: number | null): void {
  choosePace(stepsPerSecond);
}

onPaceChosen((speed) => handle?.send({ type: 'speed', speed }));

/** Dismiss the banner. */
export function dismissBanner(): void {
  updateRun({ banner: null });
}

/** Ask for a hidden unit's activation over the plane; the callback gets size*size values. */
export function requestUnitActivation(layer: number, unit: number, onValues: (values: Float32Array, size: number) => void): void {
  if (!canControl()) return;
  const requestId = nextRequestId++;
  unitActivationListeners.set(requestId, onValues);
  handle!.send({ type: 'unitActivation', requestId, layer, unit });
}

/**
 * A user changed one setting. Validated against the settings table; a refused value returns a
 * sentence and changes nothing. Accepted values go to the store and to the running network (live
 * settings at the next minibatch; architecture and data changes rebuild, with a visible cue).
 */
export function changeSetting<K extends SettingKey>(key: K, value: Settings[K]): string | null {
  const row = SETTING_BY_KEY[key];
  const checked = checkValue(row, value, false);
  if (!checked.ok) return checked.message;
  const change = patchOf(row, checked);
  const previous = settingsStore.getState().settings;
  if (!setSetting(change)) return null;
  sendChanges(previous, settingsStore.getState().settings, change);
  return null;
}

/** Applies several settings at once (a lesson preset, an import, a link), checked where they entered, as one change. */
export function applySettings(patch: CheckedPatch): void {
  const previous = settingsStore.getState().settings;
  replaceSettings(patch);
  sendChanges(previous, settingsStore.getState().settings, patch);
}

function sendChanges(previous: CheckedSettings, next: CheckedSettings, changes: CheckedPatch): void {
  if (!handle) return;
  const needsSources =
    (next.dataset === 'digits' && (previous.dataset !== 'digits' || previous.digitsResolution !== next.digitsResolution)) ||
    (next.dataset === 'csv' && previous.dataset !== 'csv');
  if (needsSources || runStore.getState().runId === 0) {
    void initRun(next, []).then((sent) => {
      // Could not load what the dataset needs: go back to the dataset that works.
      if (!sent && previous.dataset !== next.dataset) replaceSettings(pickChecked(previous, ['dataset']));
    });
    return;
  }
  handle.patch(changes);
}

/**
 * Replays a saved run: the settings it started from, its live changes at their steps, trained to
 * the step it was saved at. Same seed and log give the same metrics, bit for bit.
 */
export async function replayRunFile(settings: CheckedSettings, runLog: (RunLogEntry | RunActionEntry)[], steps: number): Promise<boolean> {
  replaceSettings(settings);
  const sent = await initRun(settings, runLog);
  if (sent && steps > 0) handle?.send({ type: 'step', unit: 'batch', count: steps });
  return sent;
}

/**
 * A CSV file was parsed: use it as the dataset, and keep the file in this browser (when given) so a
 * reload restores it. The caller shows errors; nothing changes on error.
 */
export function adoptCsvTable(table: CsvTable, options: CsvOptions, file?: { name: string; blob: Blob }): void {
  adoptCsvSource(table, options);
  if (file) void import('./csvVault').then(({ storeCsv }) => storeCsv({ name: file.name, file: file.blob, options }));
  const previous = settingsStore.getState().settings;
  replaceSettings(checkPreset({ dataset: 'csv' }));
  void initRun(settingsStore.getState().settings, []).then((sent) => {
    if (!sent) replaceSettings(pickChecked(previous, ['dataset']));
  });
}

// ------------------------------------------------------------------ events

function handleEvent(event: WorkerEvent): void {
  const state = runStore.getState();
  switch (event.type) {
    case 'ready':
      startRun(event.runId);
      replaceSettings(echoedByWorker(event.settings));
      updateRun({
        connection: 'ready',
        runId: event.runId,
        dataset: event.dataset,
        previewDataset: event.preview,
        phase: 'idle',
        step: 0,
        epoch: 0,
        latest: null,
        batchLoss: null,
        resetCue: event.reason,
        bestEpoch: null,
        lastEarlyStopping: null,
        diverged: null,
        testFigures: null,
        banner: state.banner?.kind === 'error' && state.banner.title.startsWith('The training worker') ? state.banner : null,
      });
      if (autoplayPending) {
        autoplayPending = false;
        play();
      }
      return;
    case 'metrics': {
      if (event.runId !== state.runId) return;
      appendEpochs(event.epochs);
      const latest = event.epochs.length > 0 ? event.epochs[event.epochs.length - 1] : state.latest;
      updateRun({ step: event.step, epoch: event.epoch, latest, batchLoss: event.batchLoss, stepsPerSecond: event.stepsPerSecond });
      return;
    }
    case 'snapshot':
      if (event.runId === state.runId) setSnapshot(toRunSnapshot(event));
      return;
    case 'earlyStopping':
      if (event.runId !== state.runId) return;
      appendEarlyStopping(event.step, event.event);
      updateRun({ lastEarlyStopping: event.event, bestEpoch: telemetryStore.getState().bestEpoch });
      if (event.event.type === 'stopped') {
        const restored = settingsStore.getState().settings.restoreBest;
        updateRun({
          banner: {
            kind: 'info',
            title: `Early stopping stopped the run at epoch ${event.event.epoch}.`,
            detail: `The validation loss was best at epoch ${event.event.bestEpoch} (${event.event.bestValue.toPrecision(4)}) and did not improve for ${settingsStore.getState().settings.patience} epochs.${restored ? ' The weights of that epoch are restored.' : ''} Press Play to continue training anyway.`,
          },
        });
      }
      return;
    case 'diverged':
      if (event.runId !== state.runId) return;
      updateRun({
        diverged: event.info,
        banner: {
          kind: 'error',
          title: `Training diverged at step ${event.info.step} (epoch ${event.info.epoch}): ${event.info.where} became NaN or infinite.`,
          detail: 'The run is paused. The numbers grew until they no longer fit in floating point.',
          fixes: ['Lower the learning rate (try 10 times smaller).', 'Turn on gradient clipping (global norm 1).', 'Turn on batch normalization.', 'Then press Reset.'],
        },
      });
      return;
    case 'patched':
      if (event.runId !== state.runId) return;
      appendRunLog(event.entry);
      // A replayed change (a replay file, a replaced worker) is in force now: the controls show it.
      if ('changes' in event.entry) replaceSettings(echoedByWorker(event.entry.changes));
      return;
    case 'refused':
      updateRun({ notice: event.message });
      return;
    case 'phase':
      if (event.runId !== state.runId) return;
      updateRun({ phase: event.phase, step: event.step, epoch: event.epoch, pauseUnconfirmed: false });
      return;
    case 'testFigures':
      if (event.runId === state.runId) updateRun({ testFigures: event.figures });
      return;
    case 'unitActivation': {
      const listener = unitActivationListeners.get(event.requestId);
      unitActivationListeners.delete(event.requestId);
      listener?.(event.values, event.size);
      return;
    }
    case 'error':
      updateRun({ banner: { kind: 'error', title: 'Something went wrong in the training worker.', detail: event.message } });
      return;
  }
}

/** For tests: simulate a worker crash. */
export function simulateCrashForTests(message: string): void {
  handle?.restart(message);
}
