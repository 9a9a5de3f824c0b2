/**
 * Compare mode: run A (the current settings) and run B (A plus the changes the user picked) train
 * at once, each in its own worker. Both use the same seed, so the named random streams give them
 * the same data, initial weights and batch order; only the picked changes differ.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { DivergenceInfo, EpochMetrics, LayerParameters } from '../engine/contract';
import type { Settings } from './settingsTable';
import { BoundedHistory } from './boundedHistory';
import { TrainingClient } from '../worker/client';
import { PROTOCOL_VERSION, type DatasetInfo, type PredictionGrid, type RunPhase, type WorkerEvent } from '../worker/protocol';
import { describeChange } from './describeChange';
import type { DigitsSet } from '../data';
import type { TestFigures } from '../worker/testFigures';

/** One side of the comparison, as the view reads it. */
export interface CompareSideState {
  phase: RunPhase;
  step: number;
  epoch: number;
  latest: EpochMetrics | null;
  dataset: DatasetInfo | null;
  grid: PredictionGrid | null;
  settings: Settings | null;
  /** The latest weights (for lesson checks that read them). */
  parameters: LayerParameters[] | null;
  diverged: DivergenceInfo | null;
  error: string | null;
  /** The held-out test figures of this side's weights, once revealed. */
  test: TestFigures | null;
}

/** The compare store's state. */
export interface CompareState {
  active: boolean;
  /** B's changes relative to A. */
  changes: Partial<Settings>;
  /** e.g. "+ Dropout on; Dropout rate 0.5". */
  label: string;
  /** The lesson whose claim this comparison measures, if it was opened from one. */
  lessonId: string | null;
  a: CompareSideState;
  b: CompareSideState;
  /** Bumped when either history changes. */
  historyVersion: number;
}

const EMPTY_SIDE: CompareSideState = { phase: 'idle', step: 0, epoch: 0, latest: null, dataset: null, grid: null, settings: null, parameters: null, diverged: null, error: null, test: null };

/** The vanilla compare store. */
export const compareStore = createStore<CompareState>(() => ({
  active: false,
  changes: {},
  label: '',
  lessonId: null,
  a: EMPTY_SIDE,
  b: EMPTY_SIDE,
  historyVersion: 0,
}));

/** React hook over the compare store. */
export function useCompare<T>(select: (state: CompareState) => T): T {
  return useStore(compareStore, select);
}

/** Per-side metric histories (bounded, like the main run's). */
export const compareHistories = { a: new BoundedHistory<EpochMetrics>(1000), b: new BoundedHistory<EpochMetrics>(1000) };

type Side = 'a' | 'b';
const clients: Partial<Record<Side, TrainingClient>> = {};

function updateSide(side: Side, change: Partial<CompareSideState>): void {
  const state = compareStore.getState();
  compareStore.setState({ [side]: { ...state[side], ...change } } as Partial<CompareState>);
}

function handle(side: Side, event: WorkerEvent): void {
  switch (event.type) {
    case 'ready':
      compareHistories[side].clear();
      updateSide(side, { dataset: event.dataset, settings: event.settings, phase: 'idle', step: 0, epoch: 0, latest: null, grid: null, parameters: null, diverged: null, error: null, test: null });
      compareStore.setState({ historyVersion: compareStore.getState().historyVersion + 1 });
      return;
    case 'metrics':
      for (const epoch of event.epochs) compareHistories[side].push(epoch);
      updateSide(side, { step: event.step, epoch: event.epoch, latest: event.epochs.at(-1) ?? compareStore.getState()[side].latest });
      if (event.epochs.length > 0) compareStore.setState({ historyVersion: compareStore.getState().historyVersion + 1 });
      return;
    case 'snapshot': {
      updateSide(side, { grid: event.grid, parameters: event.parameters });
      const ack = () => clients[side]?.send({ type: 'ackSnapshot', id: event.id });
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(ack);
      else setTimeout(ack, 16);
      return;
    }
    case 'phase':
      updateSide(side, { phase: event.phase, step: event.step, epoch: event.epoch });
      return;
    case 'diverged':
      updateSide(side, { diverged: event.info, error: `Run ${side.toUpperCase()} diverged at step ${event.info.step}: ${event.info.where} became NaN or infinite.` });
      return;
    case 'error':
      updateSide(side, { error: event.message });
      return;
    case 'testFigures':
      updateSide(side, { test: event.figures });
      return;
    default:
      return;
  }
}

let digitsCache: DigitsSet | null = null;

/** Opens compare mode: A = `settings`, B = `settings` + `changes`. */
export async function startCompare(settings: Settings, changes: Partial<Settings>, lessonId: string | null = null, label?: string): Promise<void> {
  stopCompare();
  compareStore.setState({ active: true, changes, label: label ?? `+ ${describeChange(changes)}`, lessonId, a: EMPTY_SIDE, b: EMPTY_SIDE });
  let digits: DigitsSet | undefined;
  if (settings.dataset === 'digits') {
    const resolution = settings.digitsResolution === '28' ? 28 : 14;
    if (digitsCache?.resolution !== resolution) digitsCache = await (await import('../data/digits')).loadDigits(resolution, fetch.bind(globalThis), () => undefined);
    digits = digitsCache;
  }
  if (settings.dataset === 'csv') {
    updateSide('a', { error: 'Compare mode works with the built-in datasets.' });
    return;
  }
  for (const side of ['a', 'b'] as const) {
    const client = new TrainingClient({
      onEvent: (event) => handle(side, event),
      onCrash: (message) => updateSide(side, { error: `The worker of run ${side.toUpperCase()} crashed: ${message}` }),
    });
    clients[side] = client;
    const sideSettings = side === 'a' ? settings : { ...settings, ...changes };
    client.send({ type: 'init', protocol: PROTOCOL_VERSION, settings: sideSettings, sources: digits ? { digits } : {}, replayLog: [] });
  }
}

/** Scores both runs' current weights on the held-out test set (once; answered per side). */
export function revealTestBoth(): void {
  both((client) => client.send({ type: 'revealTest' }));
}

/** Closes compare mode and ends both workers. */
export function stopCompare(): void {
  for (const side of ['a', 'b'] as const) {
    clients[side]?.terminate();
    delete clients[side];
    compareHistories[side].clear();
  }
  compareStore.setState({ active: false, lessonId: null, a: EMPTY_SIDE, b: EMPTY_SIDE });
}

function both(send: (client: TrainingClient) => void): void {
  for (const side of ['a', 'b'] as const) {
    const client = clients[side];
    if (client) send(client);
  }
}

/** Play both runs. */
export function playBoth(): void {
  both((client) => client.send({ type: 'play' }));
}

/** Pause both runs. */
export function pauseBoth(): void {
  both((client) => client.send({ type: 'pause' }));
}

/** One epoch on both runs. */
export function stepBoth(): void {
  both((client) => client.send({ type: 'step', unit: 'epoch', count: 1 }));
}

/** Both runs back to step 0 (same seed). */
export function resetBoth(): void {
  both((client) => client.send({ type: 'reset' }));
}

/** The one-line verdict: how B's validation loss and generalization gap compare with A's, at the latest epoch both reached. */
export function compareVerdict(a: readonly EpochMetrics[], b: readonly EpochMetrics[], label: string): string | null {
  // Histories may be thinned differently and the runs may be at different epochs: compare at the
  // latest epoch number present in both.
  const byEpochB = new Map(b.map((epoch) => [epoch.epoch, epoch]));
  let index = a.length - 1;
  while (index >= 0 && !byEpochB.has(a[index].epoch)) index -= 1;
  if (index < 2) return null;
  const lastA = a[index];
  const lastB = byEpochB.get(lastA.epoch)!;
  const upTo = lastA.epoch;
  const bestA = Math.min(...a.filter((epoch) => epoch.epoch <= upTo).map((epoch) => epoch.validationLoss));
  const bestB = Math.min(...b.filter((epoch) => epoch.epoch <= upTo).map((epoch) => epoch.validationLoss));
  const change = (lastB.validationLoss - lastA.validationLoss) / lastA.validationLoss;
  const gapA = lastA.validationLoss - lastA.trainLoss;
  const gapB = lastB.validationLoss - lastB.trainLoss;
  const better = lastB.validationLoss < lastA.validationLoss;
  const percent = `${Math.abs(change * 100).toFixed(0)}%`;
  return (
    `At epoch ${upTo}, B (${label}) has validation loss ${lastB.validationLoss.toFixed(3)} against A's ${lastA.validationLoss.toFixed(3)} ` +
    `(${better ? `${percent} lower` : `${percent} higher`}); gap between validation and training ${gapB.toFixed(3)} vs ${gapA.toFixed(3)}; ` +
    `best validation loss so far ${bestB.toFixed(3)} vs ${bestA.toFixed(3)}.`
  );
}
