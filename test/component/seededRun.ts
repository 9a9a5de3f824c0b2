/**
 * Panels under test get their data the way the page does: a real training session (the worker's
 * logic, driven by a fake clock, no Worker) runs a seeded run for a fixed number of steps, and its
 * events land in the stores as the run controller would put them there.
 */
import { TrainingSession } from '../../src/worker/session';
import { PROTOCOL_VERSION, type DataSources, type WorkerEvent, type SnapshotEvent } from '../../src/worker/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings/settingsTable';
import { appendEarlyStopping, appendEpochs, appendRunLog, setSnapshot, startRun } from '../../src/state/telemetryStore';
import { INITIAL_RUN_STATE, runStore, updateRun } from '../../src/state/runStore';
import { replaceSettings } from '../../src/state/settingsStore';
import { checkedPatch } from '../checkedSettings';

/** One step of the script: train some minibatches, or change settings live. */
export type RunStep = { train: number } | { patch: Partial<Settings> };

/** A session with a fake clock (each read advances 0.5 ms) and a queue of scheduled callbacks. */
function fakeSession() {
  let time = 0;
  const events: WorkerEvent[] = [];
  const queue: { callback: () => void; at: number }[] = [];
  const session = new TrainingSession(
    {
      post: (event) => events.push(event),
      now: () => (time += 0.5),
      schedule: (callback, delayMs) => queue.push({ callback, at: time + delayMs }),
    },
    { sliceMs: 10, metricsIntervalMs: 100, snapshotIntervalMs: 66, maxEpochsPerEvent: 100_000 },
  );
  const pump = () => {
    for (let ran = 0; queue.length > 0 && ran < 100_000; ran++) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue.shift()!;
      time = Math.max(time, next.at);
      next.callback();
    }
  };
  return { session, events, pump };
}

/** The events of a seeded run: `init`, then each step in order (train = minibatches, then pause). */
export function runEvents(changes: Partial<Settings>, script: RunStep[], sources: DataSources = {}): { settings: Settings; events: WorkerEvent[] } {
  // The former defaults these seeded runs were written against (200 points, batches of 16, dropout 0.5).
  const settings: Settings = { ...DEFAULT_SETTINGS, trainCount: 200, batchSize: 16, dropoutRate: 0.5, ...changes };
  const { session, events, pump } = fakeSession();
  session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings, sources, replayLog: [] });
  for (const step of script) {
    if ('train' in step) {
      session.handle({ type: 'step', unit: 'batch', count: step.train });
      pump();
    } else {
      session.handle({ type: 'patch', changes: step.patch });
      pump();
    }
  }
  return { settings, events };
}

/** Puts a run's events into the stores, as the run controller does (the last snapshot wins). */
export function loadIntoStores(settings: Settings, events: readonly WorkerEvent[]): { snapshot: SnapshotEvent | null } {
  runStore.setState({ ...INITIAL_RUN_STATE });
  replaceSettings(checkedPatch(settings));
  let snapshot: SnapshotEvent | null = null;
  for (const event of events) {
    switch (event.type) {
      case 'ready':
        startRun(event.runId);
        updateRun({ connection: 'ready', runId: event.runId, dataset: event.dataset, phase: 'idle' });
        break;
      case 'metrics':
        appendEpochs(event.epochs);
        updateRun({ step: event.step, epoch: event.epoch, latest: event.epochs.at(-1) ?? runStore.getState().latest });
        break;
      case 'snapshot':
        snapshot = event;
        setSnapshot(event);
        break;
      case 'patched':
        appendRunLog(event.entry);
        break;
      case 'earlyStopping':
        appendEarlyStopping(event.step, event.event);
        break;
      case 'phase':
        updateRun({ phase: event.phase });
        break;
      default:
        break;
    }
  }
  return { snapshot };
}

/**
 * jsdom has no layout and no ResizeObserver: recharts' ResponsiveContainer would measure 0 x 0
 * and draw nothing. This ResizeObserver reports every observed element as `width` x `height`.
 */
export function stubResizeObserver(width = 600, height = 240): void {
  globalThis.ResizeObserver = class {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element): void {
      const entry = { target, contentRect: { width, height, top: 0, left: 0, right: width, bottom: height, x: 0, y: 0 } } as unknown as ResizeObserverEntry;
      this.callback([entry], this as unknown as ResizeObserver);
    }
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
}
