/**
 * A seeded headless run put into the stores the way the worker session does it (ready event,
 * metrics, one snapshot), for component tests of the Network, Weight histograms, Gradient norms
 * and Batch normalization statistics panels. Also silences jsdom's missing canvas.
 */
import { datasetInfo } from '../../src/worker/datasetInfo';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings/settingsTable';
import { replaceSettings } from '../../src/state/settingsStore';
import { INITIAL_RUN_STATE, runStore, updateRun } from '../../src/state/runStore';
import { appendEpochs, setSnapshot, startRun } from '../../src/state/telemetryStore';
import type { DatasetInfo, SnapshotEvent } from '../../src/worker/protocol';
import { replayRun, type ReplayResult } from '../../src/worker/replay';
import { checkedPatch } from '../checkedSettings';

/** What a test gets back: the replay (trainer, epochs), the settings and the snapshot in the store. */
export interface SeededRun extends ReplayResult {
  settings: Settings;
  snapshot: SnapshotEvent;
  info: DatasetInfo;
}

/** The dataset facts the worker sends in its ready event. */
export { datasetInfo };

let nextRunId = 1;

/** Trains `steps` minibatches of the default settings with `changes`, then fills the stores. */
export function loadSeededRun(changes: Partial<Settings>, steps: number): SeededRun {
  // The former defaults these seeded runs were written against (200 points, batches of 16, dropout 0.5).
  const settings: Settings = { ...DEFAULT_SETTINGS, trainCount: 200, batchSize: 16, dropoutRate: 0.5, ...changes };
  const result = replayRun(settings, {}, [], steps);
  const { trainer, dataset, epochs } = result;
  const runId = nextRunId++;
  const info = datasetInfo(dataset, settings);
  runStore.setState({ ...INITIAL_RUN_STATE });
  startRun(runId);
  replaceSettings(checkedPatch(settings));
  updateRun({ connection: 'ready', runId, dataset: info, phase: 'paused', step: trainer.stepCount, epoch: trainer.epochCount, latest: epochs[epochs.length - 1] ?? null });
  appendEpochs(epochs);
  const lastLayers = epochs.length > 0 ? epochs[epochs.length - 1].layers : [];
  const snapshot: SnapshotEvent = {
    type: 'snapshot',
    runId,
    id: 1,
    step: trainer.stepCount,
    epoch: trainer.epochCount,
    weightHistograms: trainer.weightHistograms(),
    dropoutMasks: trainer.dropoutMasks(),
    batchNorm: trainer.batchNormStats(),
    grid: null,
    gradientNorms: Float32Array.from(lastLayers.map((layer) => layer.gradientNorm)),
    parameters: trainer.parameters(),
    samplePredictions: null,
    confusion: null,
  };
  setSnapshot(snapshot);
  return { ...result, settings, snapshot, info };
}

/** jsdom has no canvas: make getContext return null quietly (putPixels then draws nothing). */
export function silenceCanvas(): void {
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { configurable: true, value: () => null });
}

/** A matchMedia that matches exactly the given queries. */
export function fakeMatchMedia(matching: readonly string[]): void {
  const matchMedia = (query: string) => ({
    matches: matching.includes(query),
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  });
  for (const target of [window, globalThis]) Object.defineProperty(target, 'matchMedia', { configurable: true, writable: true, value: matchMedia });
}

/** Removes the fake matchMedia again. */
export function clearMatchMedia(): void {
  for (const target of [window, globalThis]) Object.defineProperty(target, 'matchMedia', { configurable: true, writable: true, value: undefined });
}
